// The guides state the defaults in tables: getting-started.md as the object literals of the
// createMfa options table, security.md in words ("5 consecutive failures", "15 minutes") and in
// the figures derived from them (the failure budget's "20 + 8 a day"). Both must show the values
// of DEFAULTS, the one table the code reads, so that a changed default cannot leave a page behind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/shared/index.js';

const DAY_MS = 86_400_000;
const { otp, mfa } = DEFAULTS;
const { throttle } = mfa;

function page(name: string): string {
  return readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
}

/** The cells of a Markdown table row, trimmed, without the outer pipes. */
function cellsOf(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/**
 * The rows of the first table whose header row has `header` as its first two cells, as a map from
 * the first cell's text (backticks removed) to the row's cells.
 */
function tableRows(text: string, header: readonly [string, string]): Map<string, string[]> {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => {
    const [first, second] = line.trimStart().startsWith('|') ? cellsOf(line) : [];
    return first === header[0] && second === header[1];
  });
  if (start === -1) throw new Error(`no table with the header "${header.join(' | ')}"`);
  const rows = new Map<string, string[]>();
  // Skip the header and the delimiter row; the table ends at the first line that is not a row.
  for (const line of lines.slice(start + 2)) {
    if (!line.trimStart().startsWith('|')) break;
    const cells = cellsOf(line);
    rows.set(cells[0]!.replace(/`/g, ''), cells);
  }
  return rows;
}

/**
 * Reads the flat object literal of a table cell, such as
 * `` `{ period: 30, algorithm: 'SHA1', baseLockMs: 30_000 }` ``: numbers (with `_` separators)
 * and single-quoted strings. Anything else in the braces fails, so a value the parser cannot
 * read is never silently dropped.
 */
function objectLiteral(cell: string): Record<string, number | string> {
  const body = /`\{(.*)\}`/.exec(cell)?.[1];
  if (body === undefined) throw new Error(`no object literal in: ${cell}`);
  const entries = body
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): [string, number | string] => {
      const match = /^(\w+):\s*(?:'([^']*)'|(\d[\d_]*))$/.exec(entry);
      if (match === null) throw new Error(`cannot read "${entry}" in: ${cell}`);
      return [match[1]!, match[2] ?? Number(match[3]!.replaceAll('_', ''))];
    });
  return Object.fromEntries(entries);
}

/** The first number of a cell, written in code (`600_000`). */
function codeNumber(cell: string): number {
  const match = /`(\d[\d_]*)`/.exec(cell);
  if (match === null) throw new Error(`no number in: ${cell}`);
  return Number(match[1]!.replaceAll('_', ''));
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  second: 1000,
  seconds: 1000,
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: DAY_MS,
  days: DAY_MS,
};

/** Every number that `pattern` captures in `text` (its first group), with `,` separators read. */
function numbersAt(text: string, pattern: RegExp): number[] {
  const found = [...text.matchAll(new RegExp(pattern, 'g'))].map((match) =>
    Number(match[1]!.replace(/,/g, '')),
  );
  if (found.length === 0) throw new Error(`the page no longer says ${pattern}`);
  return found;
}

/** Every duration that `pattern` captures (a number, then a unit), in milliseconds. */
function durationsAt(text: string, pattern: RegExp): number[] {
  const found = [...text.matchAll(new RegExp(pattern, 'g'))].map((match) => {
    const unit = UNIT_MS[match[2]!];
    if (unit === undefined) throw new Error(`unknown unit "${match[2]}" in "${match[0]}"`);
    return Number(match[1]!) * unit;
  });
  if (found.length === 0) throw new Error(`the page no longer says ${pattern}`);
  return found;
}

const DURATION = String.raw`(\d+) (s|seconds?|minutes?|hours?|days?)\b`;

/** The failures the budget regains in a day. */
const refillsPerDay = DAY_MS / throttle.failureBudgetRefillMs;

describe('docs/getting-started.md: the createMfa options table shows DEFAULTS', () => {
  const rows = tableRows(page('getting-started.md'), ['Option', 'Default']);
  const defaultOf = (option: string): string => {
    const row = rows.get(option);
    if (row === undefined) throw new Error(`the options table has no row for ${option}`);
    return row[1]!;
  };

  it('totp: the TOTP parameters of DEFAULTS.otp, and the clock-drift bound of the service', () => {
    expect(objectLiteral(defaultOf('totp'))).toEqual({
      period: otp.period,
      digits: otp.digits,
      algorithm: otp.algorithm,
      window: otp.window,
      secretBytes: otp.secretBytes,
      maxDriftSteps: mfa.totp.maxDriftSteps,
    });
  });

  it('authenticators and devices', () => {
    expect(objectLiteral(defaultOf('authenticators'))).toEqual({ max: mfa.authenticators.max });
    expect(rows.get('authenticators')![2]).toContain(`'${mfa.authenticators.defaultLabel}'`);
    expect(objectLiteral(defaultOf('devices'))).toEqual({ ...mfa.devices });
    expect(durationsAt(rows.get('devices')![2]!, new RegExp(`remembered for ${DURATION}`))).toEqual([
      mfa.devices.ttlMs,
    ]);
  });

  it('throttle: every field of DEFAULTS.mfa.throttle, the failure budget included', () => {
    expect(objectLiteral(defaultOf('throttle'))).toEqual({ ...throttle });
  });

  it('recoveryCodes, pendingTtlMs and storeTimeoutMs', () => {
    expect(objectLiteral(defaultOf('recoveryCodes'))).toEqual({ ...mfa.recoveryCodes });
    expect(codeNumber(defaultOf('pendingTtlMs'))).toBe(mfa.pendingTtlMs);
    expect(codeNumber(defaultOf('storeTimeoutMs'))).toBe(mfa.storeTimeoutMs);
  });

  it('the words beside them say the same', () => {
    expect(durationsAt(defaultOf('pendingTtlMs'), new RegExp(`\\(${DURATION}\\)`))).toEqual([
      mfa.pendingTtlMs,
    ]);
    const words = rows.get('throttle')![2]!;
    expect(numbersAt(words, /(\d+) failures in a row lock/)).toEqual([throttle.maxFailures]);
    expect(durationsAt(words, new RegExp(`lock the account for ${DURATION}`))).toEqual([throttle.baseLockMs]);
    expect(durationsAt(words, new RegExp(`up to ${DURATION}`))).toEqual([throttle.maxLockMs]);
    expect(numbersAt(words, /at most (\d+) failures in a burst/)).toEqual([throttle.failureBudget]);
    expect(durationsAt(words, new RegExp(`one per ${DURATION}`))).toEqual([throttle.failureBudgetRefillMs]);
    expect(numbersAt(words, /after (\d+) failures in a row/)).toEqual([throttle.maxConsecutiveFailures]);
  });
});

describe('docs/security.md: the defaults it quotes are those of DEFAULTS', () => {
  const text = page('security.md');
  const rows = tableRows(text, ['Default', 'Option']);
  // The prose, with its line breaks read as spaces.
  const flat = text.replace(/\s+/g, ' ');
  /** The Default cell of the row whose Option cell is `option`. */
  const defaultFor = (option: string): string => {
    const row = [...rows.values()].find((cells) => cells[1]!.replace(/`/g, '') === option);
    if (row === undefined) throw new Error(`the defaults table has no row for ${option}`);
    return row[0]!;
  };

  it('back-off: failures before a lock, the first lock, the longest lock', () => {
    const cell = defaultFor('throttle: { maxFailures, baseLockMs, maxLockMs }');
    expect(numbersAt(cell, /(\d+) consecutive failures lock/)).toEqual([throttle.maxFailures]);
    expect(durationsAt(cell, new RegExp(`lock the account for ${DURATION}`))).toEqual([throttle.baseLockMs]);
    expect(durationsAt(cell, new RegExp(`capped at ${DURATION}`))).toEqual([throttle.maxLockMs]);
  });

  it('the failure budget: its size, its refill, and the year it allows', () => {
    const cell = defaultFor('throttle: { failureBudget, failureBudgetRefillMs }');
    expect(numbersAt(cell, /at most (\d+) failed codes in a burst/)).toEqual([throttle.failureBudget]);
    expect(durationsAt(cell, new RegExp(`one per ${DURATION}`))).toEqual([throttle.failureBudgetRefillMs]);
    // Every "N guesses judged in a year (B + R a day)" of the page, in the table and in the prose.
    const years = [...flat.matchAll(/([\d,]+) guesses judged in a year \((\d+) \+ (\d+) a day\)/g)];
    expect(years.length).toBeGreaterThanOrEqual(2);
    for (const [, judged, burst, perDay] of years) {
      expect(Number(burst)).toBe(throttle.failureBudget);
      expect(Number(perDay)).toBe(refillsPerDay);
      // test/mfa/failure-budget.test.ts measures the year; it cannot exceed the budget's bound.
      const bound = throttle.failureBudget + 365 * refillsPerDay;
      const count = Number(judged!.replace(/,/g, ''));
      expect(count).toBeLessThanOrEqual(bound);
      expect(count).toBeGreaterThanOrEqual(bound - 1);
    }
    expect(numbersAt(flat, /(\d+) failures in a burst/)).toEqual([throttle.failureBudget]);
    expect(numbersAt(flat, /one more for every (\d+) hours/)).toEqual([
      throttle.failureBudgetRefillMs / 3_600_000,
    ]);
  });

  it('the hard stop', () => {
    const cell = defaultFor('throttle: { maxConsecutiveFailures }');
    expect(numbersAt(cell, /after (\d+) consecutive failures/)).toEqual([throttle.maxConsecutiveFailures]);
    expect(numbersAt(flat, /After (\d+) consecutive failures with no success/)).toEqual([
      throttle.maxConsecutiveFailures,
    ]);
  });

  it('the TOTP parameters and the size of new secrets', () => {
    const cell = defaultFor('totp: { window, period, algorithm, digits }');
    expect(numbersAt(cell, /Window ±(\d+) step/)).toEqual([otp.window]);
    expect(durationsAt(cell, /(\d+) (s) steps/)).toEqual([otp.period * 1000]);
    expect(cell).toContain(otp.algorithm.replace('SHA', 'SHA-'));
    expect(numbersAt(cell, /(\d+) digits/)).toEqual([otp.digits]);
    const secret = defaultFor('totp: { secretBytes }');
    expect(numbersAt(secret, /New secrets of (\d+) bytes/)).toEqual([otp.secretBytes]);
    expect(numbersAt(secret, /New secrets of \d+ bytes \((\d+) bits\)/)).toEqual([otp.secretBytes * 8]);
  });

  it('clock drift: the bound, and how far from true time a code can be', () => {
    const cell = defaultFor('totp: { maxDriftSteps }');
    expect(numbersAt(cell, /by at most (\d+) steps? either way/)).toEqual([mfa.totp.maxDriftSteps]);
    expect(numbersAt(flat, /D = `maxDriftSteps` \((\d+) by default\)/)).toEqual([mfa.totp.maxDriftSteps]);
    const farthest = mfa.totp.maxDriftSteps + otp.window;
    expect(numbersAt(flat, /(\d+) steps, \d+ s either way, by default/)).toEqual([farthest]);
    expect(numbersAt(flat, /\d+ steps, (\d+) s either way, by default/)).toEqual([farthest * otp.period]);
  });

  it('authenticators and remembered devices', () => {
    expect(
      numbersAt(defaultFor('authenticators: { max }'), /At most (\d+) authenticators per account/),
    ).toEqual([mfa.authenticators.max]);
    const devices = defaultFor('devices: { ttlMs, max }');
    expect(durationsAt(devices, new RegExp(`remembered for ${DURATION}`))).toEqual([mfa.devices.ttlMs]);
    expect(numbersAt(devices, /at most (\d+) per account/)).toEqual([mfa.devices.max]);
    expect(numbersAt(flat, /up to `authenticators.max` authenticators \((\d+) by default/)).toEqual([
      mfa.authenticators.max,
    ]);
    expect(durationsAt(flat, new RegExp(`bounded in time.\\*\\* ${DURATION} by default`))).toEqual([
      mfa.devices.ttlMs,
    ]);
  });

  it('the enrolment expiry, the recovery codes and the store timeout', () => {
    expect(durationsAt(defaultFor('pendingTtlMs'), new RegExp(`expires after ${DURATION}`))).toEqual([
      mfa.pendingTtlMs,
    ]);
    expect(numbersAt(defaultFor('recoveryCodes: { count }'), /^(\d+) recovery codes/)).toEqual([
      mfa.recoveryCodes.count,
    ]);
    expect(numbersAt(defaultFor('storeTimeoutMs'), /`storeTimeoutMs` (\d+)/)).toEqual([mfa.storeTimeoutMs]);
  });
});
