// The live view of `mfakit code` on a terminal: the current code, a bar of the seconds it has left
// and the next code, redrawn in place every second until Ctrl-C.
import { timedCode } from './codes.js';
import type { KeyParams } from './key.js';
import { escapeControls, groupCode } from './output.js';

/** What one frame shows. */
export interface FrameState {
  /** "Issuer: account", when known. */
  readonly label: string | undefined;
  readonly code: string;
  readonly next: string;
  readonly secondsRemaining: number;
  readonly period: number;
}

/** Cells in the progress bar. */
export const BAR_WIDTH = 20;

/**
 * Renders one frame as lines of text (no escape codes), ending with a newline.
 */
export function renderFrame(state: FrameState): string {
  const filled = Math.round((state.secondsRemaining / state.period) * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  const lines = [
    ...(state.label === undefined ? [] : [escapeControls(state.label)]),
    `  ${groupCode(state.code)}   ${bar} ${String(state.secondsRemaining).padStart(3)} s`,
    `  next: ${groupCode(state.next)}`,
    'Press Ctrl-C to quit.',
  ];
  return `${lines.join('\n')}\n`;
}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Runs the live view until SIGINT or SIGTERM, then restores the cursor.
 *
 * @returns a promise of the exit status, 0: Ctrl-C is the normal way to close the view
 */
export function runLiveView(key: KeyParams, now: () => number = Date.now): Promise<number> {
  const out = process.stdout;
  let lineCount = 0;
  let timer: NodeJS.Timeout | undefined;

  const draw = (): void => {
    const time = now();
    const { code, next, secondsRemaining } = timedCode(key, time);
    const frame = renderFrame({ label: key.label, code, next, secondsRemaining, period: key.period });
    // Move back to the first line of the previous frame and clear it before drawing over it.
    const rewind = lineCount > 0 ? `\x1b[${lineCount}A\r\x1b[J` : '';
    out.write(rewind + frame);
    lineCount = frame.split('\n').length - 1;
    // Wake just after the next whole second, when the seconds left change.
    timer = setTimeout(draw, 1000 - (time % 1000) + 20);
  };

  return new Promise((resolve) => {
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      out.write(SHOW_CURSOR);
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    out.write(HIDE_CURSOR);
    draw();
  });
}
