// `mfakit code` on a terminal: a live view, run here under a real pseudo-terminal with util-linux
// `script`, read one frame, then Ctrl-C. The frame renderer is also checked as a function.
import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFrame } from '../../src/cli/live.js';
import { totp } from '../../src/otp/index.js';
import { CLI, ROOT, requireBuiltCli } from './run.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

// Removes the cursor and erase sequences the live view writes between frames.
const ANSI_SEQUENCE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const stripAnsi = (text: string): string => text.replace(ANSI_SEQUENCE, '').replace(/\r/g, '');

// What a terminal acts on rather than shows, apart from the line feed: C0, DEL, C1, bidi controls.
const CONTROLS_BUT_NEWLINE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
  /[\u{0}-\u{9}\u{b}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{2028}-\u{202e}\u{2066}-\u{2069}]/u;

interface PtyRun {
  readonly output: string;
  readonly status: number | null;
}

/** Runs the command under a pseudo-terminal until `until` matches its output, then types Ctrl-C. */
function runUnderPty(args: string, until: RegExp): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    // -e: exit with the command's status; exec: no shell in between to catch the signal.
    const child = spawn('script', ['-qefc', `exec "${process.execPath}" "${CLI}" ${args}`, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let interrupted = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no frame within 10 s; output so far: ${JSON.stringify(output)}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!interrupted && until.test(stripAnsi(output))) {
        interrupted = true;
        child.stdin.write('\x03');
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(deadline);
      resolve({ output, status });
    });
  });
}

beforeAll(requireBuiltCli);

describe.runIf(hasScript)('on a terminal', () => {
  it('shows the current code, a bar of the seconds left and the next code, until Ctrl-C', async () => {
    const before = Date.now();
    const run = await runUnderPty(`code ${SECRET}`, /Press Ctrl-C to quit\./);
    const after = Date.now();
    expect(run.status).toBe(0);
    const frame = stripAnsi(run.output);
    const match = /^ {2}(\d{3}) (\d{3}) {3}([█░]{20}) +(\d+) s\n {2}next: (\d{3}) (\d{3})$/m.exec(frame);
    expect(match, frame).not.toBeNull();
    const [, a, b, bar, seconds, c, d] = match as unknown as string[];
    // The frame was drawn between `before` and `after`: its code is the code of one of those steps.
    const candidates = new Set([before, after].map((time) => totp(SECRET, { time })));
    expect(candidates).toContain(`${a}${b}`);
    const shownAt = totp(SECRET, { time: before }) === `${a}${b}` ? before : after;
    expect(`${c}${d}`).toBe(totp(SECRET, { time: shownAt + 30_000 }));
    expect(Number(seconds)).toBeGreaterThanOrEqual(1);
    expect(Number(seconds)).toBeLessThanOrEqual(30);
    expect(bar?.replace(/░/g, '')).toHaveLength(Math.round((Number(seconds) / 30) * 20));
    // The cursor is hidden during the view and shown again after Ctrl-C.
    expect(run.output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(run.output.indexOf('\x1b[?25l'));
  });

  it('shows the issuer and account of a URI', async () => {
    const uri = `'otpauth://totp/Acme:ada%40example.com?secret=${SECRET}&issuer=Acme'`;
    const run = await runUnderPty(`code ${uri}`, /Press Ctrl-C to quit\./);
    expect(stripAnsi(run.output)).toMatch(/^Acme: ada@example\.com$/m);
  });

  it('shows control characters in a hostile issuer as escapes, so they cannot steer the terminal', async () => {
    // ESC ] 0 ; … BEL retitles the window, ESC [ 2 J clears the screen, U+009B is a one-byte CSI,
    // ESC ] 52 writes the clipboard, U+202E reverses the text that follows.
    const issuer = '%1B%5D0%3Bpwned%07%1B%5B2J%C2%9B2J%1B%5D52%3Bc%3BZXZpbA%3D%3D%07%E2%80%AEemcA';
    const uri = `'otpauth://totp/${issuer}:ada?secret=${SECRET}&issuer=${issuer}'`;
    const run = await runUnderPty(`code ${uri}`, /Press Ctrl-C to quit\./);
    expect(run.status).toBe(0);
    // Take out the live view's own cursor sequences; nothing a terminal acts on may remain.
    const own = new RegExp(`${String.fromCharCode(27)}\\[(?:\\?25[lh]|\\d+A|J)`, 'g');
    const rest = run.output.replace(own, '').replace(/\r/g, '');
    expect(rest).not.toMatch(CONTROLS_BUT_NEWLINE);
    expect(rest).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J\\x1b]52;c;ZXZpbA==\\x07\\u{202e}emcA: ada');
  });

  it('prints the code once with --once, --time or --json, even on a terminal', async () => {
    const run = await runUnderPty(`code ${SECRET} --time @59`, /never/);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.output).trim()).toBe('287082');
    const once = await runUnderPty(`code ${SECRET} --once`, /never/);
    expect(stripAnsi(once.output).trim()).toMatch(/^\d{6}$/);
  });
});

describe('renderFrame', () => {
  it('groups the codes and fills the bar in proportion to the seconds left', () => {
    const frame = renderFrame({
      label: undefined,
      code: '287082',
      next: '359152',
      secondsRemaining: 15,
      period: 30,
    });
    expect(frame).toBe(
      `  287 082   ${'█'.repeat(10)}${'░'.repeat(10)}  15 s\n  next: 359 152\nPress Ctrl-C to quit.\n`,
    );
  });

  it('shows a full bar at the start of a step and puts the label first', () => {
    const frame = renderFrame({
      label: 'Acme: ada',
      code: '94287082',
      next: '00000000',
      secondsRemaining: 30,
      period: 30,
    });
    expect(frame.split('\n')[0]).toBe('Acme: ada');
    expect(frame).toContain(`9428 7082   ${'█'.repeat(20)}  30 s`);
  });

  it('shows the control characters of a label as escapes', () => {
    const frame = renderFrame({
      label: 'Ev\x1b]0;x\x07il\u009b\u202e: ada\nnext',
      code: '123456',
      next: '654321',
      secondsRemaining: 1,
      period: 30,
    });
    expect(frame.split('\n')[0]).toBe('Ev\\x1b]0;x\\x07il\\x9b\\u{202e}: ada\\x0anext');
    expect(frame).not.toMatch(CONTROLS_BUT_NEWLINE);
  });

  it('shows an empty bar when the step is almost spent', () => {
    const frame = renderFrame({
      label: undefined,
      code: '123456',
      next: '654321',
      secondsRemaining: 1,
      period: 60,
    });
    expect(frame).toContain(`${'░'.repeat(20)}   1 s`);
  });
});
