/**
 * The largest record (see records.ts) made real: from plaintexts only the test knows (TOTP
 * secrets, remembered-device tokens, recovery codes), sealed and hashed the way the service does
 * it under a keyring, so that the raw-storage tests can look for every plaintext in what the
 * database holds, and the service can still open the record after the store gave it back.
 * Built with WebCrypto (AES-GCM, HMAC, SHA-256), which every runtime the suite runs on has.
 *
 * Internal: not exported from `mfakit/testing`.
 *
 * @module
 */
import type { Keyring, MfaRecord } from '../../mfa/index.js';
import { encodeBase32 } from '../../otp/index.js';
import { largestRecord } from './records.js';

const utf8 = new TextEncoder();

/** The labels the service derives its HMAC keys with from a keyring key (src/mfa). */
const RECOVERY_HASH_LABEL = 'mfakit recovery-code hash key v1';
const DEVICE_HASH_LABEL = 'mfakit device-token hash key v1';

/** The largest record sealed under a keyring, with the plaintexts it was built from. */
export interface SealedSample {
  /** The record, every secret sealed and every token and code hashed under the keyring's current key. */
  record: MfaRecord;
  /** The TOTP secret of each authenticator, in the order of `record.authenticators`. */
  secrets: Uint8Array[];
  /** The token of each remembered device (base64url, 43 characters), in the order of `record.devices`. */
  deviceTokens: string[];
  /** The unused recovery codes as shown to the user (`XXXX-XXXX-XXXX-XXXX`), in the order of the hashes. */
  recoveryCodes: string[];
}

/** Bytes in a buffer of their own, which is what WebCrypto's types ask for. */
type Bytes = Uint8Array<ArrayBuffer>;

function randomBytes(length: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(length));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function hmacSha256(key: Bytes, message: Bytes): Promise<Bytes> {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, message));
}

/** AES-256-GCM of `secret` with the user id as associated data: the service's SealedSecret. */
async function seal(key: Bytes, keyId: string, userId: string, secret: Bytes) {
  const iv = randomBytes(12);
  const imported = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(userId) },
    imported,
    secret,
  );
  return { keyId, iv: toBase64(iv), data: toBase64(new Uint8Array(sealed)) };
}

/** The stored form of a recovery code under a keyring: HMAC of the SHA-256 of user id, NUL, code. */
async function recoveryCodeHash(hashKey: Bytes, userId: string, normalised: string): Promise<string> {
  const inner = new Uint8Array(
    await crypto.subtle.digest('SHA-256', utf8.encode(`${userId}\u0000${normalised}`)),
  );
  return toHex(await hmacSha256(hashKey, utf8.encode(toHex(inner))));
}

/**
 * The largest record of `userId`, sealed under `keyring`'s current key from fresh random
 * plaintexts. Unlocked (no failures, no lock), so that the service can sign in with it.
 *
 * @param userId - the account
 * @param keyring - the keyring the service under test uses
 * @returns the record and its plaintexts
 */
export async function sealedLargestRecord(userId: string, keyring: Keyring): Promise<SealedSample> {
  const keyId = keyring.current;
  const key = new Uint8Array(keyring.keys[keyId]!);
  const template = largestRecord(userId, 1, {
    failedAttempts: 0,
    lockouts: 0,
    lockedUntil: null,
    failureBudgetClearsAt: null,
    recoveryCodeKeyId: keyId,
  });
  const secrets = template.authenticators!.map(() => randomBytes(20));
  const deviceTokens = template.devices!.map(() => toBase64Url(randomBytes(32)));
  const normalisedCodes = template.recoveryCodeHashes.map(() => encodeBase32(randomBytes(10)));
  const recoveryKey = await hmacSha256(key, utf8.encode(RECOVERY_HASH_LABEL));
  const deviceKey = await hmacSha256(key, utf8.encode(DEVICE_HASH_LABEL));

  const record: MfaRecord = {
    ...template,
    authenticators: await Promise.all(
      template.authenticators!.map(async (authenticator, i) => ({
        ...authenticator,
        secret: await seal(key, keyId, userId, secrets[i]!),
      })),
    ),
    devices: await Promise.all(
      template.devices!.map(async (device, i) => ({
        ...device,
        keyId,
        tokenHash: toHex(await hmacSha256(deviceKey, utf8.encode(`${userId}\u0000${deviceTokens[i]}`))),
      })),
    ),
    recoveryCodeHashes: await Promise.all(
      normalisedCodes.map((code) => recoveryCodeHash(recoveryKey, userId, code)),
    ),
  };
  const recoveryCodes = normalisedCodes.map((code) => code.match(/.{4}/g)!.join('-'));
  return { record, secrets, deviceTokens, recoveryCodes };
}

/**
 * Every way a plaintext might show up in stored text, for the raw-storage checks: each TOTP
 * secret as Base32 (as shown to users), hex, base64 and base64url; each device token as issued
 * and in hex; each recovery code as shown and normalised.
 *
 * @param sample - from {@link sealedLargestRecord}
 * @returns `[what it is, the text]` pairs; the text is for searching, never for a message
 */
export function plaintextForms(sample: SealedSample): [string, string][] {
  const forms: [string, string][] = [];
  for (const secret of sample.secrets) {
    forms.push(
      ['a TOTP secret in Base32', encodeBase32(secret)],
      ['a TOTP secret in hex', toHex(secret)],
      ['a TOTP secret in base64', toBase64(secret).replace(/=+$/, '')],
      ['a TOTP secret in base64url', toBase64Url(secret)],
    );
  }
  for (const token of sample.deviceTokens) {
    const bytes = Uint8Array.from(atob(token.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    forms.push(
      ['a device token', token],
      ['a device token in hex', toHex(bytes)],
      ['a device token in base64', toBase64(bytes).replace(/=+$/, '')],
    );
  }
  for (const code of sample.recoveryCodes) {
    forms.push(['a recovery code', code], ['a normalised recovery code', code.replace(/-/g, '')]);
  }
  return forms;
}
