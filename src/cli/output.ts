// Output helpers: every command writes through these, so JSON, tables and codes look the same
// everywhere, and text from outside (a URI's issuer, account or image, a file name) cannot steer
// the terminal that shows it.

/**
 * Characters a terminal may act on instead of showing: the C0 controls (tab and newline too: the
 * fields printed through {@link escapeControls} are single-line), DEL, the C1 controls (U+0080 to
 * U+009F, which some terminals read as ESC sequences), the bidi controls that reorder what is shown
 * (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), the Unicode line and paragraph
 * separators, and lone surrogates. With these gone, a crafted URI cannot retitle the window, clear the
 * screen, write to the clipboard (OSC 52) or make one name read as another.
 */
const TERMINAL_CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
  /[\u{0}-\u{1f}\u{7f}-\u{9f}\u{61c}\u{200e}\u{200f}\u{2028}-\u{202e}\u{2066}-\u{2069}\u{d800}-\u{dfff}]/gu;

function hexEscape(char: string): string {
  const code = char.codePointAt(0) as number;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Makes untrusted text safe to print on a terminal as one line: every control character (see above)
 * becomes a visible escape, `\x1b` or `\u{202e}`, and everything else is left as it is. Use it for
 * every piece of text that did not come from mfakit itself, in every output that is not JSON.
 *
 * @param text - text from outside: a URI's issuer, account name or image, a file name
 * @returns the same text on one line, with nothing in it that a terminal acts on
 */
export function escapeControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, hexEscape);
}

/** Writes one line (or several) to standard output. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

// JSON.stringify escapes C0 controls and lone surrogates but leaves C1 and bidi controls raw. Outside
// a string they cannot occur, and inside one a \u escape reads back as the same character.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * Serialises a value as pretty JSON that is also safe on a terminal: the characters that JSON leaves
 * raw but a terminal acts on are written as `\u` escapes, which parse back to the same value.
 *
 * @param value - what to serialise
 * @returns JSON text indented by two spaces, without a trailing newline
 */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (char) => `\\u${(char.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
}

/** Writes a value as pretty JSON (see {@link formatJson}) with a trailing newline. */
export function printJson(value: unknown): void {
  printLine(formatJson(value));
}

/**
 * Formats rows of [name, value] as two aligned columns. The names are mfakit's own; each value is
 * passed through {@link escapeControls}, since it may come from a URI.
 */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${escapeControls(value)}`).join('\n');
}

/** Groups a code for reading aloud or typing: '123456' → '123 456', '12345678' → '1234 5678'. */
export function groupCode(code: string): string {
  if (code.length < 6) return code;
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

/** A counter for JSON: a number while it is exact, else its decimal text. */
export function jsonCounter(counter: number | bigint): number | string {
  return typeof counter === 'bigint' && counter > BigInt(Number.MAX_SAFE_INTEGER)
    ? counter.toString()
    : Number(counter);
}
