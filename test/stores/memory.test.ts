// The memory store's own copies: what the conformance suite checks for every store (a record read
// or written cannot be changed from outside), here at every depth and for the values a hand-made
// copy could get wrong.
import { describe, expect, it } from 'vitest';
import { type MfaRecord, RECORD_FORMAT } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';

function record(userId: string, version: number): MfaRecord {
  return {
    format: RECORD_FORMAT,
    userId,
    version,
    state: 'enabled',
    secret: { keyId: 'k1', iv: 'AAECAwQFBgcICQoL', data: 'c2VhbGVk' },
    accountName: 'ada@example.com',
    pendingExpiresAt: null,
    enabledAt: 1_700_000_000_000,
    lastUsedStep: 56_666_666,
    failedAttempts: 0,
    lockouts: 0,
    lockedUntil: null,
    recoveryCodeHashes: ['a'.repeat(64), 'b'.repeat(64)],
    updatedAt: 1_700_000_000_001,
  };
}

/** [1, <hole>, 3]: an array with an empty slot, which structuredClone keeps. */
function holey(): number[] {
  const array = new Array<number>(3);
  array[0] = 1;
  array[2] = 3;
  return array;
}

/** A record as a later format might grow it: nested arrays of objects. */
function grownRecord(userId: string, version: number) {
  return {
    ...record(userId, version),
    passkeys: [{ name: 'phone', secret: { keyId: 'k1', iv: 'iv', data: 'd' }, steps: [1, 2, [3]] }],
  };
}

describe('memoryStore copies', () => {
  it('a record written or read cannot change the stored one, at any depth', async () => {
    const store = memoryStore();
    const written = grownRecord('u1', 1);
    await store.compareAndSet('u1', 0, written);
    written.passkeys[0]!.secret.data = 'changed';
    (written.passkeys[0]!.steps[2] as number[]).push(4);
    written.secret!.iv = 'changed';
    const read = (await store.get('u1')) as unknown as ReturnType<typeof grownRecord>;
    expect(read).toStrictEqual(grownRecord('u1', 1));
    read.passkeys[0]!.name = 'changed';
    read.passkeys.push(read.passkeys[0]!);
    read.recoveryCodeHashes[0] = 'changed';
    expect(await store.get('u1')).toStrictEqual(grownRecord('u1', 1));
  });

  it('two reads are two separate copies', async () => {
    const store = memoryStore();
    await store.compareAndSet('u1', 0, record('u1', 1));
    const [first, second] = [await store.get('u1'), await store.get('u1')];
    expect(first).toStrictEqual(second);
    expect(first).not.toBe(second);
    expect(first!.secret).not.toBe(second!.secret);
    expect(first!.recoveryCodeHashes).not.toBe(second!.recoveryCodeHashes);
  });

  it('an own "__proto__" field stays a field and never becomes a prototype', async () => {
    const store = memoryStore();
    const parsed = JSON.parse(
      JSON.stringify({ ...record('u1', 1), extra: { nested: true } }).replace('"extra"', '"__proto__"'),
    ) as MfaRecord;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    await store.compareAndSet('u1', 0, parsed);
    const read = (await store.get('u1'))!;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(read, '__proto__')?.value).toStrictEqual({ nested: true });
    expect((read as unknown as { nested?: unknown }).nested).toBeUndefined();
  });

  it('values that are not plain data come back as structuredClone returns them, as copies', async () => {
    const store = memoryStore();
    const stamp = new Date(1_700_000_000_000);
    const bytes = new Uint8Array([1, 2, 3]);
    const written = { ...record('u1', 1), extra: { stamp, bytes, holes: holey() } };
    await store.compareAndSet('u1', 0, written);
    bytes[0] = 9;
    stamp.setTime(0);
    const read = (await store.get('u1')) as unknown as typeof written;
    expect(read.extra).toStrictEqual(
      structuredClone({
        stamp: new Date(1_700_000_000_000),
        bytes: new Uint8Array([1, 2, 3]),
        holes: holey(),
      }),
    );
    expect(read.extra.stamp).toBeInstanceOf(Date);
    expect(1 in read.extra.holes).toBe(false);
  });

  it('frozen records (as the service builds from frozen defaults) are stored and read back mutable', async () => {
    const store = memoryStore();
    const frozen = Object.freeze({
      ...record('u1', 1),
      recoveryCodeHashes: Object.freeze([]) as unknown as string[],
    });
    await store.compareAndSet('u1', 0, frozen);
    const read = (await store.get('u1'))!;
    read.recoveryCodeHashes.push('x');
    read.failedAttempts = 1;
    expect(await store.get('u1')).toStrictEqual({ ...record('u1', 1), recoveryCodeHashes: [] });
  });
});
