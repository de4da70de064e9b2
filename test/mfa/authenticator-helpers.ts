// Fixtures of the tests of issue 11 (several authenticators, remembered devices): accounts with
// their authenticator ids, a second authenticator added and confirmed, raw records, and stores
// that log their writes or settle in a random order.
import { expect } from 'vitest';
import type { MfaRecord, MfaStore } from '../../src/mfa/store.js';
import { memoryStore } from '../../src/stores/memory.js';
import { enabled, type Fixture, pending } from './helpers.js';

export interface EnabledWithId {
  secret: string;
  recoveryCodes: string[];
  authenticatorId: string;
}

/** The record as stored (never null: fails the test instead). */
export async function stored(f: Fixture, userId: string): Promise<MfaRecord> {
  const record = await f.store.get(userId);
  if (record === null) throw new Error(`no record for ${userId}`);
  return record;
}

/** Enables MFA (as `enabled` does) and returns the first authenticator's id too. */
export async function enabledWithId(f: Fixture, userId: string): Promise<EnabledWithId> {
  const account = await enabled(f, userId);
  const [first] = await f.mfa.listAuthenticators(userId);
  if (first === undefined) throw new Error('no authenticator listed');
  return { ...account, authenticatorId: first.id };
}

/** Begins an enrolment and returns the pending authenticator's id with the secret. */
export async function pendingWithId(f: Fixture, userId: string): Promise<{ secret: string; id: string }> {
  const secret = await pending(f, userId);
  const [first] = await f.mfa.listAuthenticators(userId);
  return { secret, id: first!.id };
}

/** Starts another authenticator with `proof`; fails the test on a refusal. */
export async function beginAdd(
  f: Fixture,
  userId: string,
  proof: string,
  label = 'Backup phone',
): Promise<{ id: string; secret: string }> {
  const started = await f.mfa.beginAddAuthenticator(userId, { label, code: proof });
  if (!started.ok) throw new Error(`beginAddAuthenticator refused: ${started.reason}`);
  return { id: started.authenticatorId, secret: started.secret };
}

/**
 * Adds and confirms another authenticator (proof `proof`, confirmed with its own code now), then
 * moves the clock to the next step so that every authenticator has a fresh code.
 */
export async function addActive(
  f: Fixture,
  userId: string,
  proof: string,
  label = 'Backup phone',
): Promise<{ id: string; secret: string }> {
  const added = await beginAdd(f, userId, proof, label);
  const confirmed = await f.mfa.confirmAuthenticator(userId, added.id, f.code(added.secret));
  if (!confirmed.ok) throw new Error(`confirmAuthenticator refused: ${confirmed.reason}`);
  f.advance(30_000);
  return added;
}

/** A six-digit code that is none of `secrets`' codes within two steps of now. */
export function wrongCodeForAll(f: Fixture, secrets: string[]): string {
  const near = new Set(secrets.flatMap((secret) => [-2, -1, 0, 1, 2].map((o) => f.code(secret, o))));
  for (let n = 7; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** A string of 43 base64url characters that no service issued. */
export const FOREIGN_TOKEN = 'Q'.repeat(43);

/** Expects a value's JSON not to contain any of `needles` (as JSON strings, so numbers never match by chance). */
export function expectNoneQuoted(value: unknown, needles: string[]): void {
  const json = JSON.stringify(value);
  for (const needle of needles) expect(json).not.toContain(JSON.stringify(needle));
}

/** A memory store that keeps a copy of every record it accepted, in the order written. */
export function recordingStore(inner: MfaStore = memoryStore()): MfaStore & { writes: MfaRecord[] } {
  const writes: MfaRecord[] = [];
  return {
    writes,
    get: (userId) => inner.get(userId),
    async compareAndSet(userId, expected, record) {
      const written = await inner.compareAndSet(userId, expected, record);
      if (written) writes.push(structuredClone(record));
      return written;
    },
    delete: (userId) => inner.delete(userId),
  };
}

/** A store whose calls settle in a random order (up to 3 ms late), to shake out interleavings. */
export function jitteryStore(inner: MfaStore = memoryStore()): MfaStore {
  const later = <T>(run: () => Promise<T>): Promise<T> =>
    new Promise((resolve, reject) => setTimeout(() => run().then(resolve, reject), Math.random() * 3));
  return {
    get: (userId) => later(() => inner.get(userId)),
    compareAndSet: (userId, expected, record) => later(() => inner.compareAndSet(userId, expected, record)),
    delete: (userId) => inner.delete(userId),
  };
}
