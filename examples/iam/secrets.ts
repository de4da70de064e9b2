/**
 * The server's own secrets: the session signing key and mfakit's keyring (which encrypts TOTP
 * secrets at rest). Generated on first run into `secrets.json` in the data folder, readable by the
 * owner only (0600), and read back on every start so sessions and stored secrets survive restarts.
 *
 * In production these come from a secret manager or the environment, never from the database that
 * they protect: a stolen database copy without the keyring reveals no TOTP secret.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Keyring } from 'mfakit';

/** What the server needs at start. */
export interface ServerSecrets {
  /** HMAC key of the session cookie. */
  sessionKey: Uint8Array;
  /** mfakit's keyring: AES-256 keys by id, `current` encrypting new writes. */
  keyring: Keyring;
}

interface SecretsFile {
  sessionKey: string;
  keyring: { current: string; keys: Record<string, string> };
}

function generate(): SecretsFile {
  return {
    sessionKey: randomBytes(32).toString('base64'),
    keyring: { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } },
  };
}

/**
 * Reads the secrets of the data folder, creating them on first run.
 *
 * To rotate the MFA key, add `k2` to `keyring.keys` and set `current` to `k2`: records under `k1`
 * still verify and move to `k2` at their next write.
 *
 * @param dataDir - the data folder (it exists)
 * @returns the decoded secrets
 */
export function loadSecrets(dataDir: string): ServerSecrets {
  const path = join(dataDir, 'secrets.json');
  try {
    // 'wx' fails when the file exists, so two servers starting at once cannot overwrite each other's keys.
    writeFileSync(path, `${JSON.stringify(generate(), null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const file = JSON.parse(readFileSync(path, 'utf8')) as SecretsFile;
  const keys = Object.fromEntries(
    Object.entries(file.keyring.keys).map(([id, key]) => [id, new Uint8Array(Buffer.from(key, 'base64'))]),
  );
  return {
    sessionKey: new Uint8Array(Buffer.from(file.sessionKey, 'base64')),
    keyring: { current: file.keyring.current, keys },
  };
}
