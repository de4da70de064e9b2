/**
 * Encryption of TOTP secrets at rest: AES-256-GCM under a keyring, the user id bound in as
 * associated data so that a sealed secret copied into another account fails to open.
 *
 * Why not WebCrypto: the decrypt runs on every verify, so its cost is part of the library's CPU per
 * verify. Measured with bench/aead.bench.ts (Node 20, this project's 2-core machine) for one 20-byte
 * secret, process CPU per decrypt: @noble/ciphers' `gcm(...).decrypt` 21.9 µs (50 700 ops/s one at
 * a time); `crypto.subtle.decrypt` with the key already imported 52 µs one at a time (16 100 ops/s)
 * and 24 µs with 64 in flight (the work moves to libuv's thread pool); with an importKey per call,
 * about twice that. A synchronous implementation never costs more CPU, has a third of the latency,
 * and keeps opening a secret a plain function call inside the state machine's decision, with
 * nothing depending on a runtime's WebCrypto. Most of noble's 21.9 µs is per-key setup (the AES key
 * schedule and GHASH tables) redone on every call, so aead.ts does that setup once per keyring key
 * and uses @noble/ciphers' AES block function for the rest: 5.5–6 µs per decrypt against noble's
 * 16–19 µs in the same bench run (and 28–48 µs for WebCrypto).
 *
 * What this deliberately does not do: derive per-record keys, or hide which key id sealed a record
 * (the id is needed to rotate). Keys are the application's to generate and keep.
 *
 * @module
 */
import { base64 } from '@scure/base';
import { MfaError } from '../otp/errors.js';
import { decodeBase32, encodeBase32 } from '../otp/index.js';
import { type GcmKey, gcmKey, gcmOpen, gcmSeal } from './aead.js';
import type { SealedSecret } from './store.js';
import type { Keyring } from './types.js';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const utf8 = new TextEncoder();

/** A validated, private copy of a keyring (null when secrets are stored unencrypted). */
export interface SecretBox {
  /** Seals the raw secret bytes of `userId` under the current key. */
  seal(userId: string, secret: Uint8Array): SealedSecret;
  /** Opens a sealed secret of `userId` into its raw bytes. */
  open(userId: string, sealed: SealedSecret): Uint8Array;
  /** True when `sealed` is not under the current key and should be sealed again at its next write. */
  isStale(sealed: SealedSecret): boolean;
}

/**
 * Checks a keyring and returns a box that seals and opens secrets with it; with no keyring, a box
 * that stores the Base32 text as is.
 *
 * @param keyring - `{ current, keys }`, every key 32 bytes; or undefined for no encryption
 * @returns the box
 * @throws {MfaError} INVALID_OPTION when a key is not 32 bytes or `current` names no key
 */
export function createSecretBox(keyring: Keyring | undefined): SecretBox {
  if (keyring === undefined) return plainBox;
  const keys = copyKeys(keyring);
  const current = keyring.current;
  if (typeof current !== 'string' || !keys.has(current)) {
    throw new MfaError('INVALID_OPTION', 'keyring.current must name one of keyring.keys');
  }
  return {
    seal(userId, secret) {
      const key = keys.get(current)!;
      const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const data = gcmSeal(key, iv, utf8.encode(userId), secret);
      return { keyId: current, iv: base64.encode(iv), data: base64.encode(data) };
    },
    open(userId, sealed) {
      // A record written before the keyring existed: readable, and sealed at its next write.
      if (sealed.keyId === null) return plainBox.open(userId, sealed);
      const key = keys.get(sealed.keyId);
      if (key === undefined) throw decryptFailed('the key id that sealed it is not in the keyring');
      try {
        return gcmOpen(key, base64.decode(sealed.iv ?? ''), utf8.encode(userId), base64.decode(sealed.data));
      } catch (cause) {
        throw decryptFailed('wrong key, tampered data or another account', cause);
      }
    },
    isStale: (sealed) => sealed.keyId !== current,
  };
}

const plainBox: SecretBox = {
  seal: (_userId, secret) => ({ keyId: null, iv: null, data: encodeBase32(secret) }),
  open(_userId, sealed) {
    if (sealed.keyId !== null) throw decryptFailed('it is encrypted and no keyring was given');
    try {
      return decodeBase32(sealed.data);
    } catch (cause) {
      throw new MfaError('CORRUPT_RECORD', 'A stored secret is not Base32 text', { cause });
    }
  },
  isStale: () => false,
};

function copyKeys(keyring: Keyring): Map<string, GcmKey> {
  if (typeof keyring !== 'object' || keyring === null || typeof keyring.keys !== 'object' || !keyring.keys) {
    throw new MfaError('INVALID_OPTION', 'keyring must be { current, keys }');
  }
  const keys = new Map<string, GcmKey>();
  for (const [id, key] of Object.entries(keyring.keys)) {
    if (id.length === 0) throw new MfaError('INVALID_OPTION', 'keyring key ids must be non-empty');
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new MfaError('INVALID_OPTION', `keyring key '${id}' must be a Uint8Array of ${KEY_BYTES} bytes`);
    }
    // Derived once per key, and a private copy: the application may wipe or reuse its array
    // without changing ours.
    keys.set(id, gcmKey(key));
  }
  return keys;
}

function decryptFailed(why: string, cause?: unknown): MfaError {
  return new MfaError('DECRYPT_FAILED', `A stored secret could not be decrypted: ${why}`, { cause });
}
