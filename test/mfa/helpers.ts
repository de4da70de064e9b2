// Shared fixtures of the MFA tests: a service over the memory store with a hand-driven clock,
// a keyring, collected events, and accounts brought into each state.
import { expect } from 'vitest';
import { createMfa } from '../../src/mfa/service.js';
import type { MfaRecord, MfaStore, SealedSecret } from '../../src/mfa/store.js';
import type { Keyring, Mfa, MfaEvent, MfaOptions } from '../../src/mfa/types/index.js';
import { totp } from '../../src/otp/index.js';
import { MfaError } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';

/** A fixed start time, on a 30 s step boundary plus a little. */
export const T0 = Date.UTC(2030, 0, 1, 12, 0, 5);

export function testKeyring(current = 'k1'): Keyring {
  return {
    current,
    keys: { k1: new Uint8Array(32).fill(1), k2: new Uint8Array(32).fill(2) },
  };
}

export interface Fixture {
  mfa: Mfa;
  store: MfaStore;
  events: MfaEvent[];
  clock: { now: number };
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** The code of `secret` at the current time (or `offsetSteps` steps away). */
  code(secret: string, offsetSteps?: number): string;
}

/** Options to override; `keyring: undefined` means no keyring. */
export type Overrides = { [K in keyof MfaOptions]?: MfaOptions[K] | undefined };

export function setup(overrides: Overrides = {}): Fixture {
  const clock = { now: T0 };
  const events: MfaEvent[] = [];
  const store = overrides.store ?? memoryStore();
  const mfa = createMfa({
    store,
    issuer: 'Acme',
    keyring: testKeyring(),
    clock: () => clock.now,
    onEvent: (event) => {
      events.push(event);
    },
    ...overrides,
  } as MfaOptions);
  return {
    mfa,
    store,
    events,
    clock,
    advance: (ms) => {
      clock.now += ms;
    },
    code: (secret, offsetSteps = 0) => totp(secret, { time: clock.now + offsetSteps * 30_000 }),
  };
}

export interface Enrolled {
  secret: string;
  recoveryCodes: string[];
}

/** Begins an enrolment; returns the secret. */
export async function pending(f: Fixture, userId: string): Promise<string> {
  const { secret } = await f.mfa.beginEnable(userId, { accountName: `${userId}@example.com` });
  return secret;
}

/** Enables MFA and moves the clock to the next step, so that a fresh code is available. */
export async function enabled(f: Fixture, userId: string): Promise<Enrolled> {
  const secret = await pending(f, userId);
  const confirmed = await f.mfa.confirmEnable(userId, f.code(secret));
  if (!confirmed.ok) throw new Error(`confirm refused: ${confirmed.reason}`);
  f.advance(30_000);
  return { secret, recoveryCodes: confirmed.recoveryCodes };
}

/** A six-digit code that is not `secret`'s code at any step of the window around now. */
export function wrongCode(f: Fixture, secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => f.code(secret, offset)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

export async function expectMfaError(promise: Promise<unknown>, code: string): Promise<MfaError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MfaError);
  expect((error as MfaError).code).toBe(code);
  return error as MfaError;
}

/** The retryAfterMs of any result, or undefined. */
export const retryAfter = (result: object): number | undefined =>
  (result as { retryAfterMs?: number }).retryAfterMs;

let counter = 0;
export const newUser = (label = 'user'): string => `${label}-${++counter}`;

/** The sealed secret of a record's first authenticator (format 3 keeps secrets there). */
export function sealedOf(record: MfaRecord): SealedSecret {
  const first = record.authenticators?.[0];
  if (first === undefined) throw new Error('the record has no authenticator');
  return first.secret;
}

/** The record with its first authenticator's sealed secret replaced (to tamper with it in a test). */
export function withSealed(record: MfaRecord, secret: SealedSecret): MfaRecord {
  const [first, ...rest] = record.authenticators ?? [];
  if (first === undefined) throw new Error('the record has no authenticator');
  return { ...record, authenticators: [{ ...first, secret }, ...rest] };
}
