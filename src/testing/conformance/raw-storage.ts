/**
 * What the database really holds, read with its own queries through the harness's `readRaw`:
 * the record is there after a write and gone after a delete; written through `createMfa` with a
 * keyring, it reveals neither the TOTP secret nor a recovery code; and the largest record, sealed
 * from plaintexts the test knows, shows none of its secrets, device tokens or recovery codes, yet
 * still opens in the service when the store gives it back.
 *
 * @module
 */

import type { MfaStore } from '../../mfa/index.js';
import { createMfa, normaliseRecoveryCode } from '../../mfa/index.js';
import { decodeBase32, encodeBase32, totp } from '../../otp/index.js';
import { check, checkEqual } from './assert.js';
import { sampleRecord, uniqueUserId } from './records.js';
import { plaintextForms, type SealedSample, sealedLargestRecord } from './sealed.js';
import type { ConformanceTest, StoreHarness } from './types.js';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const TEST_KEYRING = { current: 'conformance', keys: { conformance: new Uint8Array(32).fill(9) } };

/** The raw stored text of a user: through readRaw when the harness has it, else through get. */
async function rawOf({ store, readRaw }: StoreHarness, userId: string): Promise<string> {
  if (readRaw !== undefined) return readRaw(userId);
  return JSON.stringify(await store.get(userId));
}

/** One TOTP step. */
const STEP_MS = 30_000;

/**
 * An account brought to its largest through the service alone: seven active authenticators, 20
 * remembered devices, three pending authenticators, ten unused recovery codes. Returns the
 * plaintexts the service handed out on the way (shape of a {@link SealedSample}).
 */
async function largestAccount(store: MfaStore, userId: string): Promise<SealedSample> {
  let now = T0;
  const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => now });
  const first = await mfa.beginEnable(userId, { accountName: 'ada@example.com' });
  const enabled = await mfa.confirmEnable(userId, totp(first.secret, { time: now }));
  if (!enabled.ok) throw new Error(`confirmEnable refused the current code: ${enabled.reason}`);
  const secrets = [first.secret];
  const add = async (label: string, confirm: boolean) => {
    now += STEP_MS;
    const added = await mfa.beginAddAuthenticator(userId, { label, code: totp(first.secret, { time: now }) });
    if (!added.ok) throw new Error(`beginAddAuthenticator refused a code: ${added.reason}`);
    secrets.push(added.secret);
    if (!confirm) return;
    const confirmed = await mfa.confirmAuthenticator(
      userId,
      added.authenticatorId,
      totp(added.secret, { time: now }),
    );
    if (!confirmed.ok) throw new Error(`confirmAuthenticator refused a code: ${confirmed.reason}`);
  };
  for (let i = 1; i <= 6; i++) await add(`active ${i}`, true);
  // 20 sign-ins that remember a device: the seven active authenticators, three steps.
  const deviceTokens: string[] = [];
  for (let i = 0; deviceTokens.length < 20; i++) {
    if (i % 7 === 0) now += STEP_MS;
    const code = totp(secrets[i % 7]!, { time: now });
    const verified = await mfa.verify(userId, code, { rememberDevice: { label: `browser ${i}` } });
    if (!verified.ok || verified.deviceToken === undefined) throw new Error('verify remembered no device');
    deviceTokens.push(verified.deviceToken);
  }
  for (let i = 1; i <= 3; i++) await add(`pending ${i}`, false);
  const record = await store.get(userId);
  if (record === null) throw new Error('the account has no record');
  return {
    record,
    secrets: secrets.map((secret) => decodeBase32(secret)),
    deviceTokens,
    recoveryCodes: enabled.recoveryCodes,
  };
}

/** The raw-storage tests. */
export const RAW_STORAGE_TESTS: readonly ConformanceTest[] = [
  {
    name: 'the stored data (read with readRaw) holds the record after a write and nothing of it after delete',
    run: async (harness) => {
      const userId = uniqueUserId('raw');
      const record = sampleRecord(userId);
      await harness.store.compareAndSet(userId, 0, record);
      const raw = await rawOf(harness, userId);
      for (const [field, value] of [
        ['secret.data', record.secret!.data],
        ['a recovery-code hash', record.recoveryCodeHashes[3]!],
        ['lastUsedStep', String(record.lastUsedStep)],
      ] as const) {
        check(raw.includes(value), `the stored data of a written record does not contain its ${field}`);
      }
      await harness.store.delete(userId);
      const afterDelete = await rawOf(harness, userId);
      check(
        !afterDelete.includes(record.secret!.data),
        'the stored data still holds the record after delete',
      );
    },
  },
  {
    name: 'through createMfa with a keyring, the stored data holds neither the secret nor a recovery code, only hashes',
    run: async (harness) => {
      const { store } = harness;
      const userId = uniqueUserId('at-rest');
      const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => T0 });
      const { secret } = await mfa.beginEnable(userId, { accountName: 'ada@example.com' });
      const confirmed = await mfa.confirmEnable(userId, totp(secret, { time: T0 }));
      if (!confirmed.ok) throw new Error(`confirmEnable refused the current code: ${confirmed.reason}`);
      check(confirmed.recoveryCodes.length > 0, 'confirmEnable returned no recovery codes');

      const raw = (await rawOf(harness, userId)).toUpperCase();
      check(raw.length > 2, 'the stored data of an enabled account is empty');
      check(!raw.includes(secret.replace(/=+$/, '')), 'the stored data contains the TOTP secret in Base32');
      for (const code of confirmed.recoveryCodes) {
        const normalised = normaliseRecoveryCode(code)!;
        check(!raw.includes(code.toUpperCase()), 'the stored data contains a recovery code');
        check(!raw.includes(normalised.toUpperCase()), 'the stored data contains a recovery code');
      }
      const record = await store.get(userId);
      for (const hash of record?.recoveryCodeHashes ?? []) {
        check(raw.includes(hash.toUpperCase()), 'the stored data lacks the hash of a recovery code');
      }
      const sealed = record?.authenticators?.[0]?.secret ?? record?.secret;
      check(sealed?.keyId === 'conformance', 'the stored secret is not sealed with the keyring key');
    },
  },
  {
    name: 'through createMfa, an account at its largest (10 authenticators, 20 devices) stores none of the secrets, tokens or codes it handed out',
    run: async (harness) => {
      const userId = uniqueUserId('largest-account');
      const account = await largestAccount(harness.store, userId);
      const { authenticators = [], devices = [] } = account.record;
      checkEqual(authenticators.length, 10, 'the authenticators stored');
      checkEqual(devices.length, 20, 'the devices stored');
      checkEqual(
        authenticators.map(({ state }) => state).join(),
        `${'active,'.repeat(7)}pending,pending,pending`,
        'the states stored',
      );
      const raw = await rawOf(harness, userId);
      for (const { tokenHash } of devices)
        check(raw.includes(tokenHash), 'the stored data lacks a device hash');
      const upper = raw.toUpperCase();
      for (const [what, text] of plaintextForms(account)) {
        check(!upper.includes(text.toUpperCase()), `the stored data contains ${what}`);
      }
      // The record as the service wrote it goes back exactly, written again as the next version.
      const next = { ...account.record, version: account.record.version + 1 };
      check(await harness.store.compareAndSet(userId, account.record.version, next), 'rewriting it failed');
      checkEqual(await harness.store.get(userId), next, 'get of the largest account rewritten');
    },
  },
  {
    name: 'the largest record, sealed from known secrets, tokens and codes, round-trips exactly and its stored data shows none of them',
    run: async (harness) => {
      const userId = uniqueUserId('largest-sealed');
      const sample = await sealedLargestRecord(userId, TEST_KEYRING);
      const { record } = sample;
      check(
        await harness.store.compareAndSet(userId, 0, record),
        'compareAndSet of the largest record returned false',
      );
      checkEqual(await harness.store.get(userId), record, 'get of the largest sealed record');

      // The stored data is the whole record (so the search below looks at everything) ...
      const raw = await rawOf(harness, userId);
      for (const { secret } of record.authenticators!) {
        check(raw.includes(secret.data), 'the stored data lacks the sealed secret of an authenticator');
      }
      for (const { tokenHash } of record.devices!) {
        check(raw.includes(tokenHash), 'the stored data lacks the token hash of a remembered device');
      }
      for (const hash of record.recoveryCodeHashes) {
        check(raw.includes(hash), 'the stored data lacks the hash of a recovery code');
      }
      // ... and none of the plaintexts, in any case or encoding.
      const upper = raw.toUpperCase();
      for (const [what, text] of plaintextForms(sample)) {
        check(!upper.includes(text.toUpperCase()), `the stored data contains ${what}`);
      }
    },
  },
  {
    name: 'through createMfa, the largest sealed record read back from the store signs in with a code, a device and a recovery code',
    run: async ({ store }) => {
      const userId = uniqueUserId('largest-service');
      const sample = await sealedLargestRecord(userId, TEST_KEYRING);
      const { authenticators = [], devices = [] } = sample.record;
      check(
        await store.compareAndSet(userId, 0, sample.record),
        'compareAndSet of the largest record returned false',
      );
      // After every authenticator's floor and every device's creation, before any device expires.
      const now =
        Math.max(
          ...authenticators.map(({ lastUsedStep }) => (lastUsedStep ?? 0) * 30_000),
          ...devices.map(({ createdAt }) => createdAt),
        ) + 3_600_000;
      const mfa = createMfa({ store, issuer: 'Conformance', keyring: TEST_KEYRING, clock: () => now });

      // An active authenticator never used so far (no drift): its current code is in the window.
      const index = authenticators.findIndex(
        ({ state, lastUsedAt }) => state === 'active' && lastUsedAt === null,
      );
      const code = totp(encodeBase32(sample.secrets[index]!), { time: now });
      const verified = await mfa.verify(userId, code);
      check(
        verified.ok,
        `verify refused a code of a sealed authenticator: ${verified.ok || verified.reason}`,
      );
      checkEqual(verified.authenticatorId, authenticators[index]!.id, 'the authenticatorId of the verify');

      const last = devices.length - 1;
      const device = await mfa.checkDevice(userId, sample.deviceTokens[last]!);
      check(device.ok, `checkDevice refused the token of a remembered device: ${device.ok || device.reason}`);
      checkEqual(device.deviceId, devices[last]!.id, 'the deviceId of the check');

      const recovered = await mfa.useRecoveryCode(userId, sample.recoveryCodes[4]!);
      check(recovered.ok, `useRecoveryCode refused a sealed code: ${recovered.ok || recovered.reason}`);
      checkEqual(recovered.remaining, sample.recoveryCodes.length - 1, 'the codes remaining');
    },
  },
];
