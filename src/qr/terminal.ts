// Terminal rendering with half blocks: each character cell shows two module rows (▀ top, ▄ bottom,
// █ both), so the code is about square on screen and half as tall as one row per line.
import type { QrMatrix } from './matrix.js';

const CELLS = [' ', '▄', '▀', '█'] as const;

/**
 * Renders the matrix as lines of half-block characters.
 *
 * The characters are drawn in the terminal's text colour. By default they draw the *light* modules
 * and the quiet zone, which suits the usual light text on a dark background; `invert` draws the dark
 * modules instead, for dark text on a light background.
 */
export function renderHalfBlocks(matrix: QrMatrix, margin: number, invert: boolean): string {
  const { size, modules } = matrix;
  const total = size + margin * 2;
  const inked = (row: number, col: number): boolean => {
    const r = row - margin;
    const c = col - margin;
    const dark = r >= 0 && r < size && c >= 0 && c < size && modules[r * size + c] === 1;
    return dark === invert;
  };
  const lines: string[] = [];
  for (let row = 0; row < total; row += 2) {
    let line = '';
    for (let col = 0; col < total; col++) {
      // The row below the last one is outside the code: never inked, whatever the mode.
      const bottom = row + 1 < total && inked(row + 1, col);
      line += CELLS[(inked(row, col) ? 2 : 0) + (bottom ? 1 : 0)];
    }
    lines.push(line);
  }
  return lines.join('\n');
}
