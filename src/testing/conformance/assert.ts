/**
 * The conformance suite's own assertions. They throw plain `Error`s with a message that says what
 * the store did wrong, so that every test runner (vitest, jest, node:test, mocha…) reports them
 * the same way and the suite depends on no assertion library.
 *
 * Internal: not exported from `mfakit/testing`.
 *
 * @module
 */

/** The longest rendering of a value in a failure message. */
const SHOWN_LENGTH = 80;

/** Renders a value for a failure message, shortened. */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text;
}

/** What kind of value this is, for comparing shapes: 'null', 'array', 'object' or the typeof. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * The first place where two JSON-like values differ, or null when they are equal. Objects must
 * have the same own keys (a key holding undefined is not the same as a missing key).
 */
function firstDifference(actual: unknown, expected: unknown, path: string): string | null {
  const kind = kindOf(expected);
  if (kindOf(actual) !== kind) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (kind !== 'array' && kind !== 'object') {
    return Object.is(actual, expected) ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  const actualKeys = Object.keys(actualRecord).sort();
  const expectedKeys = Object.keys(expectedRecord).sort();
  if (actualKeys.join('\u0000') !== expectedKeys.join('\u0000')) {
    return `${path}: expected the keys ${show(expectedKeys)}, got ${show(actualKeys)}`;
  }
  for (const key of expectedKeys) {
    const difference = firstDifference(actualRecord[key], expectedRecord[key], `${path}.${key}`);
    if (difference !== null) return difference;
  }
  return null;
}

/**
 * Fails unless `condition` holds.
 *
 * @param condition - what must be true
 * @param message - what the store did wrong when it is not
 * @throws Error with `message`
 */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * Fails unless two JSON-like values (records, arrays, strings, numbers, null) are equal in every
 * field, recursively.
 *
 * @param actual - what the store gave
 * @param expected - what it should have given
 * @param what - what was compared, for the message
 * @throws Error naming the first field that differs
 */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const difference = firstDifference(actual, expected, 'value');
  if (difference !== null) throw new Error(`${what}: ${difference}`);
}

/**
 * Fails unless `call` throws or rejects with an `MfaError` of `code`. Recognised by its name and
 * code rather than by `instanceof`, so that a store built against another copy of mfakit (ESM
 * beside CJS) is judged by what it throws, not by which copy it imported.
 *
 * @param call - the store call; a synchronous throw counts like a rejection
 * @param code - the expected `MfaError` code
 * @param what - the call, for the message
 * @throws Error when the call succeeds or fails differently
 */
export async function checkRejects(call: () => Promise<unknown>, code: string, what: string): Promise<void> {
  let outcome: unknown;
  try {
    outcome = { resolved: await call() };
  } catch (error) {
    const { name, code: actualCode } = (error ?? {}) as { name?: unknown; code?: unknown };
    if (error instanceof Error && name === 'MfaError' && actualCode === code) return;
    const got = error instanceof Error ? `${String(name)} ${show(actualCode)}` : show(error);
    throw new Error(`${what}: expected a rejection with MfaError ${code}, got ${got}`);
  }
  throw new Error(`${what}: expected a rejection with MfaError ${code}, but it resolved to ${show(outcome)}`);
}
