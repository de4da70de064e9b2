/**
 * What the database really holds, read with its own queries through the harness's `readRaw`:
 * the record is there after a write and gone after a delete, and, written through `createMfa`
 * with a keyring, it reveals neither the TOTP secret nor a recovery code.
 *
 * @module
 */
import { createMfa, normaliseRecoveryCode } from '../../mfa/index.js';
import { totp } from '../../otp/index.js';
import { check } from './assert.js';
import { sampleRecord, uniqueUserId } from './records.js';
import type { ConformanceTest, StoreHarness } from './types.js';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const TEST_KEYRING = { current: 'conformance', keys: { conformance: new Uint8Array(32).fill(9) } };

/** The raw stored text of a user: through readRaw when the harness has it, else through get. */
async function rawOf({ store, readRaw }: StoreHarness, userId: string): Promise<string> {
  if (readRaw !== undefined) return readRaw(userId);
  return JSON.stringify(await store.get(userId));
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
      check(record?.secret?.keyId === 'conformance', 'the stored secret is not sealed with the keyring key');
    },
  },
];
