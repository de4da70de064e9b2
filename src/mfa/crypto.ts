/**
 * Encryption of TOTP secrets at rest: AES-256-GCM (./gcm.ts) under a keyring, a random 96-bit nonce
 * per write, the user id (UTF-8) bound in as associated data so that a sealed secret copied into
 * another account fails to open. Each keyring key is set up once, when the keyring is checked, so a
 * verify pays only the decrypt.
 *
 * What this deliberately does not do: derive per-record keys, or hide which key id sealed a record
 * (the id is needed to rotate). Keys are the application's to generate and keep.
 *
 * @module
 */
import { base64 } from '@scure/base';
import { decodeBase32, encodeBase32 } from '../otp/index.js';
import { MfaError } from '../shared/index.js';
import { type DeviceHasher, keyedDeviceHasher, UNKEYED_DEVICE_HASHER } from './devices.js';
import { type GcmBackend, type GcmKey, KEY_BYTES, NONCE_BYTES, platformGcm } from './gcm.js';
import { keyedHasher, type RecoveryHasher, UNKEYED_HASHER } from './recovery.js';
import type { MfaRecord, SealedSecret } from './store.js';
import type { Keyring } from './types/index.js';

const utf8 = new TextEncoder();

/** A validated, private copy of a keyring (null when secrets are stored unencrypted). */
export interface SecretBox {
  /** Seals the raw secret bytes of `userId` under the current key. */
  seal(userId: string, secret: Uint8Array): SealedSecret;
  /** Opens a sealed secret of `userId` into its raw bytes (the caller wipes them after use). */
  open(userId: string, sealed: SealedSecret): Uint8Array;
  /** True when `sealed` is not under the current key and should be sealed again at its next write. */
  isStale(sealed: SealedSecret): boolean;
  /** How new recovery codes are hashed: keyed under the current key (unkeyed without a keyring). */
  readonly recoveryHasher: RecoveryHasher;
  /**
   * How a record's recovery codes were hashed. Unkeyed hashes under a keyring are accepted only from
   * a 0.1 record (format 1) or while `acceptUnsealedSecrets` is set: else a database writer could
   * plant a code.
   */
  recoveryHasherOf(record: Pick<MfaRecord, 'format' | 'recoveryCodeKeyId'>): RecoveryHasher;
  /** How new device tokens are hashed: keyed under the current key (unkeyed without a keyring). */
  readonly deviceHasher: DeviceHasher;
  /**
   * The hasher of a stored device's key id, or null when this box cannot check it (its key left the
   * keyring, or a keyed hash without a keyring, or an unkeyed one under a keyring): such a device is
   * simply not recognised.
   */
  deviceHasherOf(keyId: string | null): DeviceHasher | null;
}

const UNKEYED_REFUSED =
  'Stored recovery codes are not keyed although a keyring is set (keyring.acceptUnsealedSecrets allows it while migrating)';

/**
 * Checks a keyring and returns a box that seals and opens secrets with it; with no keyring, a box
 * that stores the Base32 text as is.
 *
 * @param keyring - `{ current, keys }`, every key 32 bytes; or undefined for no encryption
 * @param backend - the AES-GCM implementation; the runtime's unless a test asks for one
 * @returns the box
 * @throws {MfaError} INVALID_OPTION when a key is not 32 bytes or `current` names no key
 */
export function createSecretBox(
  keyring: Keyring | undefined,
  backend: GcmBackend = platformGcm(),
): SecretBox {
  if (keyring === undefined) return plainBox;
  const keys = importKeys(keyring, backend);
  const current = keyring.current;
  const acceptUnsealed = keyring.acceptUnsealedSecrets === true;
  if (typeof current !== 'string' || !keys.has(current)) {
    throw new MfaError('INVALID_OPTION', 'keyring.current must name one of keyring.keys');
  }
  const hashers = new Map(Object.entries(keyring.keys).map(([id, key]) => [id, keyedHasher(id, key)]));
  const deviceHashers = new Map(
    Object.entries(keyring.keys).map(([id, key]) => [id, keyedDeviceHasher(id, key)]),
  );
  return {
    recoveryHasher: hashers.get(current)!,
    deviceHasher: deviceHashers.get(current)!,
    deviceHasherOf: (keyId) => (keyId === null ? null : (deviceHashers.get(keyId) ?? null)),
    recoveryHasherOf(record) {
      const keyId = record.recoveryCodeKeyId ?? null;
      if (keyId === null) {
        if (record.format >= 2 && !acceptUnsealed) throw new MfaError('CORRUPT_RECORD', UNKEYED_REFUSED);
        return UNKEYED_HASHER;
      }
      const hasher = hashers.get(keyId);
      if (hasher === undefined) throw decryptFailed('the key id of its recovery codes is not in the keyring');
      return hasher;
    },
    seal(userId, secret) {
      const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const data = keys.get(current)!.seal(iv, utf8.encode(userId), secret);
      return { keyId: current, iv: base64.encode(iv), data: base64.encode(data) };
    },
    open(userId, sealed) {
      // A record written before the keyring existed: readable only while the application says it is
      // migrating (else anyone who can write to the database could plant a secret), and sealed at
      // its next write.
      if (sealed.keyId === null) {
        if (!acceptUnsealed) {
          throw new MfaError(
            'CORRUPT_RECORD',
            'A stored secret is not encrypted although a keyring is set (keyring.acceptUnsealedSecrets allows it while migrating)',
          );
        }
        return plainBox.open(userId, sealed);
      }
      const key = keys.get(sealed.keyId);
      if (key === undefined) throw decryptFailed('the key id that sealed it is not in the keyring');
      try {
        return key.open(base64.decode(sealed.iv ?? ''), utf8.encode(userId), base64.decode(sealed.data));
      } catch (cause) {
        throw decryptFailed('wrong key, tampered data or another account', cause);
      }
    },
    isStale: (sealed) => sealed.keyId !== current,
  };
}

const plainBox: SecretBox = {
  recoveryHasher: UNKEYED_HASHER,
  deviceHasher: UNKEYED_DEVICE_HASHER,
  deviceHasherOf: (keyId) => (keyId === null ? UNKEYED_DEVICE_HASHER : null),
  recoveryHasherOf(record) {
    if ((record.recoveryCodeKeyId ?? null) !== null)
      throw decryptFailed('its recovery codes are keyed and no keyring was given');
    return UNKEYED_HASHER;
  },
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

function importKeys(keyring: Keyring, backend: GcmBackend): Map<string, GcmKey> {
  if (typeof keyring !== 'object' || keyring === null || typeof keyring.keys !== 'object' || !keyring.keys) {
    throw new MfaError('INVALID_OPTION', 'keyring must be { current, keys }');
  }
  const keys = new Map<string, GcmKey>();
  for (const [id, key] of Object.entries(keyring.keys)) {
    if (id.length === 0) throw new MfaError('INVALID_OPTION', 'keyring key ids must be non-empty');
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new MfaError('INVALID_OPTION', `keyring key '${id}' must be a Uint8Array of ${KEY_BYTES} bytes`);
    }
    // Set up once per key, and a private copy: the application may wipe or reuse its array
    // without changing ours.
    keys.set(id, backend.importKey(key));
  }
  return keys;
}

function decryptFailed(why: string, cause?: unknown): MfaError {
  return new MfaError('DECRYPT_FAILED', `A stored secret could not be decrypted: ${why}`, { cause });
}
