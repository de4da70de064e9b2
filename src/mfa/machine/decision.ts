/**
 * The shape of a transition: what it reads besides the record and the action, and what it returns.
 *
 * Transitions are pure: given the record, the action, the time and the policy, they return the next
 * record (or none) with the result and events. The one outside input, opening the sealed secret, is
 * passed in as a function so that a decision that never needs the secret never decrypts it.
 *
 * @module
 */
import type { DeviceHasher } from '../devices.js';
import type { RecoveryHasher } from '../recovery.js';
import type { MfaRecord, SealedSecret } from '../store.js';
import type { MfaEvent, MfaPolicy } from '../types/index.js';

/** What a transition reads besides the record and the action. */
export interface DecideContext {
  userId: string;
  /** Whole ms since the epoch, read once per decision. */
  now: number;
  policy: MfaPolicy;
  /** Opens the record's sealed secret (wiped by the service after the decision); throws MfaError DECRYPT_FAILED. */
  openSecret: (sealed: SealedSecret) => Uint8Array;
  /** How the record's recovery codes are hashed; throws MfaError when its hashes cannot be trusted. */
  recoveryHasherOf: (record: MfaRecord) => RecoveryHasher;
  /** How the tokens of devices stored under a key id are hashed, or null when they cannot be checked. */
  deviceHasherOf: (keyId: string | null) => DeviceHasher | null;
}

/** A transition's outcome: the record to write (null: write nothing), the caller's result, the events. */
export interface Decision<Result> {
  next: MfaRecord | null;
  result: Result;
  events: MfaEvent[];
}

/**
 * A decision that writes nothing.
 *
 * @param result - the caller's result
 * @param events - the events to report
 * @returns the decision
 */
export function noWrite<Result>(result: Result, events: MfaEvent[] = []): Decision<Result> {
  return { next: null, result, events };
}
