// The shared argument checks at their bounds: each accepts the last value in range and refuses the
// first one out, with the code it was given; text checks tell a lone surrogate from a pair.
import { describe, expect, it } from 'vitest';
import {
  checkCodeArgument,
  checkFunction,
  checkInteger,
  checkOptions,
  checkSecretBytes,
  checkText,
  checkUserId,
  integerOr,
  isPlainObject,
  MAX_SECRET_BYTES,
  MAX_USER_ID_LENGTH,
} from '../../src/shared/index.js';

const error = (code: string) => expect.objectContaining({ name: 'MfaError', code });

describe('isPlainObject and checkOptions', () => {
  it('tells a plain object from null, arrays, functions and primitives', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, undefined, [], () => {}, 'x', 1, true])
      expect(isPlainObject(value)).toBe(false);
  });

  it('reads undefined as no options and refuses anything but an object, with the code given', () => {
    expect(checkOptions(undefined)).toEqual({});
    const options = { a: 1 };
    expect(checkOptions(options)).toBe(options);
    expect(() => checkOptions(5 as unknown as object)).toThrow(error('INVALID_OPTION'));
    expect(() => checkOptions(5 as unknown as object)).toThrow(/^options /);
    expect(() => checkOptions(null as unknown as object)).toThrow(error('INVALID_OPTION'));
    expect(() => checkOptions([] as unknown as object, 'args', 'INVALID_ARGUMENT')).toThrow(
      error('INVALID_ARGUMENT'),
    );
  });
});

describe('checkInteger and integerOr', () => {
  it('accepts min and max, refuses one past each, fractions, non-numbers and unsafe integers', () => {
    expect(checkInteger(3, 'n', 3, 9)).toBe(3);
    expect(checkInteger(9, 'n', 3, 9)).toBe(9);
    for (const bad of [2, 10, 3.5, Number.NaN, Number.POSITIVE_INFINITY, '5', 5n, null]) {
      expect(() => checkInteger(bad, 'n', 3, 9)).toThrow(error('INVALID_OPTION'));
    }
    expect(() => checkInteger(2 ** 53, 'n', 0, 2 ** 60)).toThrow(error('INVALID_OPTION'));
    expect(() => checkInteger(10, 'n', 3, 9, 'INVALID_ARGUMENT')).toThrow(error('INVALID_ARGUMENT'));
  });

  it('integerOr gives the fallback for undefined only, and checks anything else', () => {
    expect(integerOr(undefined, 'n', [3, 9], 4)).toBe(4);
    expect(integerOr(9, 'n', [3, 9], 4)).toBe(9);
    expect(() => integerOr(null, 'n', [3, 9], 4)).toThrow(error('INVALID_OPTION'));
    expect(() => integerOr(2, 'n', [3, 9], 4, 'INVALID_ARGUMENT')).toThrow(error('INVALID_ARGUMENT'));
  });
});

describe('checkText and checkUserId', () => {
  it('accepts 1 to max characters and refuses empty, longer and non-string values', () => {
    expect(checkText('a', 'name', { max: 3 })).toBe('a');
    expect(checkText('abc', 'name', { max: 3 })).toBe('abc');
    for (const bad of ['', 'abcd', 5, null, undefined, ['a']]) {
      expect(() => checkText(bad, 'name', { max: 3 })).toThrow(error('INVALID_ARGUMENT'));
    }
    expect(() => checkText('', 'name', { max: 3, code: 'INVALID_OPTION' })).toThrow(error('INVALID_OPTION'));
    expect(checkUserId('u'.repeat(MAX_USER_ID_LENGTH))).toHaveLength(MAX_USER_ID_LENGTH);
    expect(() => checkUserId('u'.repeat(MAX_USER_ID_LENGTH + 1))).toThrow(error('INVALID_ARGUMENT'));
    expect(() => checkUserId('')).toThrow(/^userId /);
  });

  it('refuses a lone surrogate anywhere and accepts surrogate pairs', () => {
    for (const good of ['😀', 'a😀b', '😀😀', '\uD83D\uDE00x']) expect(checkUserId(good)).toBe(good);
    for (const bad of [
      '\uD800',
      'a\uD800',
      '\uD800a',
      'a\uDC00',
      '\uDC00a',
      '\uDE00\uD83D',
      '😀\uD800',
      '\uDC00😀',
    ]) {
      expect(() => checkUserId(bad)).toThrow(error('INVALID_ARGUMENT'));
    }
  });

  it('refuses a colon only when asked to, with the code given', () => {
    expect(checkText('a:b', 'name', { max: 9 })).toBe('a:b');
    expect(checkText('ab', 'name', { max: 9, noColon: true })).toBe('ab');
    expect(() => checkText('a:b', 'name', { max: 9, noColon: true, code: 'INVALID_OPTION' })).toThrow(
      error('INVALID_OPTION'),
    );
  });
});

describe('checkCodeArgument, checkFunction and checkSecretBytes', () => {
  it('a code must be a string, any string', () => {
    expect(checkCodeArgument('')).toBe('');
    for (const bad of [123456, null, undefined, ['123456']]) {
      expect(() => checkCodeArgument(bad)).toThrow(error('INVALID_ARGUMENT'));
    }
  });

  it('a function option may be absent or a function, nothing else', () => {
    expect(checkFunction(undefined, 'clock')).toBeUndefined();
    expect(checkFunction(() => 1, 'clock')).toBeUndefined();
    for (const bad of [null, 5, 'f', {}])
      expect(() => checkFunction(bad, 'clock')).toThrow(error('INVALID_OPTION'));
  });

  it('secret bytes: a Uint8Array of 1 to MAX_SECRET_BYTES bytes', () => {
    expect(() => checkSecretBytes(new Uint8Array(1))).not.toThrow();
    expect(() => checkSecretBytes(new Uint8Array(MAX_SECRET_BYTES))).not.toThrow();
    for (const bad of [
      new Uint8Array(0),
      new Uint8Array(MAX_SECRET_BYTES + 1),
      [1, 2],
      'JBSWY3DP',
      new Uint16Array(4),
    ]) {
      expect(() => checkSecretBytes(bad)).toThrow(error('INVALID_SECRET'));
    }
  });
});
