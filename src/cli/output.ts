// Output helpers: every command writes through these, so JSON, tables and codes look the same
// everywhere.

/** Writes one line (or several) to standard output. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a value as pretty JSON with a trailing newline. */
export function printJson(value: unknown): void {
  printLine(JSON.stringify(value, null, 2));
}

/** Formats rows of [name, value] as two aligned columns. */
export function formatTable(rows: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
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
