// Recovery-code input as people type it: spaces and dashes anywhere, any case; at most 64
// characters are looked at, whatever they hold.
import { describe, expect, it } from 'vitest';
import {
  equalConstantTime,
  findRecoveryCode,
  hashRecoveryCode,
  normaliseRecoveryCode,
  recoveryCodeCandidate,
  UNKEYED_HASHER,
} from '../../src/mfa/recovery.js';

describe('normaliseRecoveryCode', () => {
  it('removes spaces and dashes, upper-cases, and wants 16 Base32 characters', () => {
    expect(normaliseRecoveryCode('abcd-efgh ijkl\tmn23')).toBe('ABCDEFGHIJKLMN23');
    expect(normaliseRecoveryCode('ABCD-EFGH-IJKL-MN2')).toBeNull();
    expect(normaliseRecoveryCode('ABCD-EFGH-IJKL-MN234')).toBeNull();
    expect(normaliseRecoveryCode('ABCD-EFGH-IJKL-MN01')).toBeNull();
  });

  it('looks at 64 characters at most', () => {
    const code = 'ABCD-EFGH-IJKL-MN23';
    expect(normaliseRecoveryCode(code + ' '.repeat(64 - code.length))).toBe('ABCDEFGHIJKLMN23');
    expect(normaliseRecoveryCode(code + ' '.repeat(65 - code.length))).toBeNull();
  });
});

describe('equalConstantTime', () => {
  it('is true only for equal strings', () => {
    expect(equalConstantTime('abc', 'abc')).toBe(true);
    expect(equalConstantTime('', '')).toBe(true);
    expect(equalConstantTime('abc', 'abd')).toBe(false);
    expect(equalConstantTime('abc', 'xbc')).toBe(false);
    expect(equalConstantTime('abc', 'ab')).toBe(false);
    expect(equalConstantTime('ab', 'abc')).toBe(false);
  });
});

describe('findRecoveryCode', () => {
  it('gives the index of the first stored hash that matches, or -1', () => {
    const code = 'ABCD-EFGH-IJKL-MN23';
    const hash = hashRecoveryCode('u', 'ABCDEFGHIJKLMN23');
    const other = hashRecoveryCode('u', 'ABCDEFGHIJKLMN22');
    expect(findRecoveryCode(recoveryCodeCandidate('u', code, UNKEYED_HASHER), [other, hash, hash])).toBe(1);
    expect(findRecoveryCode(recoveryCodeCandidate('u', code, UNKEYED_HASHER), [other])).toBe(-1);
    expect(findRecoveryCode(recoveryCodeCandidate('v', code, UNKEYED_HASHER), [hash])).toBe(-1);
    expect(findRecoveryCode(recoveryCodeCandidate('u', 'not a code', UNKEYED_HASHER), [hash])).toBe(-1);
  });
});
