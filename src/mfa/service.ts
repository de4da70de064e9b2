/**
 * The MFA service: `createMfa` loads an account's record, lets the state machine decide, and
 * commits the decision with one compare-and-set. A lost race means another request changed the
 * record first; the service reads it again and decides again, so a code is accepted at most once
 * and no failure goes uncounted, whatever the concurrency.
 *
 * @module
 */
import { buildUri, checkLabelPart, decodeBase32, generateSecret } from '../otp/index.js';
import {
  checkCodeArgument,
  checkOptions,
  checkText,
  checkUserId,
  fail,
  MAX_DEVICE_TOKEN,
  MFA_DEFAULTS,
} from '../shared/index.js';
import { createSecretBox, type SecretBox } from './crypto.js';
import { newDeviceToken, newId } from './devices.js';
import { type GuardedStore, guardStore } from './guarded-store.js';
import {
  authenticatorsInfo,
  type DecideContext,
  type Decision,
  decideBeginAddAuthenticator,
  decideBeginEnable,
  decideCancelAuthenticator,
  decideCancelEnable,
  decideCheckDevice,
  decideConfirmAuthenticator,
  decideConfirmEnable,
  decideDisable,
  decideForgetDevices,
  decideImport,
  decideRegenerate,
  decideRemoveAuthenticator,
  decideRenameAuthenticator,
  decideReset,
  decideUseRecoveryCode,
  decideVerify,
  devicesOf,
  type NewAuthenticator,
  type NewDevice,
  statusOf,
  upgradeRecord,
} from './machine/index.js';
import {
  checkDisplayLabel,
  checkImportOptions,
  checkSignInOptions,
  readClock,
  resolvePolicy,
} from './options.js';
import { generateRecoveryCodes } from './recovery.js';
import type { MfaRecord } from './store.js';
import type { Mfa, MfaEvent, MfaOptions, MfaPolicy, SignInOptions } from './types/index.js';

// Each lost race means another request's write landed, so a request only loses as many times as
// there are writers ahead of it; with the default throttle a burst stops writing after five
// failures, and successes that write are bounded by what an account holds (20 devices, 10
// authenticators, its recovery codes). Thirty-two rounds leave room for that and still bound a
// pathological store.
const MAX_ATTEMPTS = 32;

/**
 * Creates the MFA service over a store.
 *
 * Expected outcomes (a wrong, replayed or late code, a locked account) are results. Misuse (a bad
 * option, a user id that is not a non-empty string of at most 255 characters, a code that is not a
 * string, beginEnable on an enabled account) and store failures throw {@link MfaError}.
 *
 * @param options - the store, the issuer name and optional policy; see {@link MfaOptions}
 * @returns the service
 * @throws {MfaError} INVALID_OPTION for a bad option or keyring
 * @example
 * ```ts
 * import { createMfa, totp } from 'mfakit';
 * import { memoryStore } from 'mfakit/stores/memory';
 *
 * declare const codeFromForm: string; // what the user types at sign-in
 * const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Acme', keyring });
 * const { secret, uri } = await mfa.beginEnable('user-42', { accountName: 'ada@example.com' });
 * // show uri as a QR code; the user types the code their app shows:
 * const confirmed = await mfa.confirmEnable('user-42', totp(secret));
 * if (confirmed.ok) console.log(confirmed.recoveryCodes); // show them once
 * // at every sign-in:
 * const { ok } = await mfa.verify('user-42', codeFromForm);
 * ```
 */
export function createMfa(options: MfaOptions): Mfa {
  const policy = resolvePolicy(options);
  const store = guardStore(options.store, policy.storeTimeoutMs);
  const box = createSecretBox(options.keyring);
  const clock = options.clock ?? Date.now;
  const { onEvent } = options;
  if (options.keyring === undefined) {
    console.warn('mfakit: createMfa has no keyring, so TOTP secrets are stored unencrypted');
  }

  const emit = (events: MfaEvent[]): void => {
    // Stryker disable next-line ConditionalExpression: equivalent; calling an absent listener throws inside the try below, which swallows it
    if (onEvent === undefined) return;
    for (const event of events) {
      // The decision is already stored: a failing listener must not turn it into an error.
      try {
        const pending = onEvent(event);
        // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent; calling then on a value without it throws inside this try, which swallows it
        if (pending && typeof pending.then === 'function') pending.then(undefined, () => {});
      } catch {}
    }
  };

  const now = (): number => readClock(clock);

  /** A read that decides nothing: the record in the shape of format 3, never written back. */
  const read = async (userId: string): Promise<MfaRecord | null> => {
    const stored = await store.get(userId);
    return stored && upgradeRecord(stored);
  };

  const decide = <Result>(
    userId: string,
    transition: (record: MfaRecord | null, ctx: DecideContext) => Decision<Result>,
  ): Promise<Result> => commit(store, userId, policy, now, box, emit, transition);

  /** A method that takes a code: both arguments checked, then one decision. */
  const takingCode =
    <Result>(transition: (record: MfaRecord | null, code: string, ctx: DecideContext) => Decision<Result>) =>
    async (userId: string, code: string): Promise<Result> => {
      checkUserId(userId);
      checkCodeArgument(code);
      return decide(userId, (record, ctx) => transition(record, code, ctx));
    };

  /** A sign-in method: the code, and the device to remember (made now, stored only on success). */
  const signingIn =
    <Result>(
      transition: (
        record: MfaRecord | null,
        action: { code: string; device: NewDevice | null },
        ctx: DecideContext,
      ) => Decision<Result>,
    ) =>
    async (userId: string, code: string, signInOptions?: SignInOptions): Promise<Result> => {
      checkUserId(userId);
      checkCodeArgument(code);
      const remember = checkSignInOptions(signInOptions, policy);
      let device: NewDevice | null = null;
      if (remember !== null) {
        const token = newDeviceToken();
        const hasher = box.deviceHasher;
        device = {
          id: newId('dv'),
          token,
          tokenHash: hasher.hash(userId, token),
          keyId: hasher.keyId,
          ...remember,
        };
      }
      return decide(userId, (record, ctx) => transition(record, { code, device }, ctx));
    };

  /** A new authenticator with a fresh secret: the Base32 text to show once, and the sealed form to store. */
  const newAuthenticator = (
    userId: string,
    label: string,
  ): { secret: string; authenticator: NewAuthenticator } => {
    const secret = generateSecret({ bytes: policy.totp.secretBytes });
    const bytes = decodeBase32(secret);
    try {
      return { secret, authenticator: { id: newId('au'), label, secret: box.seal(userId, bytes) } };
    } finally {
      bytes.fill(0);
    }
  };

  const keyUri = (secret: string, accountName: string): string => {
    const { period, digits, algorithm } = policy.totp;
    return buildUri({ type: 'totp', secret, accountName, issuer: policy.issuer, algorithm, digits, period });
  };

  const labelOr = (value: unknown, name: string): string =>
    value === undefined ? MFA_DEFAULTS.authenticators.defaultLabel : checkDisplayLabel(value, name);

  const checkId = (value: unknown, name: string): string => checkText(value, name, { max: 64 });

  return {
    async status(userId) {
      checkUserId(userId);
      return statusOf(await read(userId), now(), policy);
    },
    async beginEnable(userId, enableOptions) {
      checkUserId(userId);
      // Null reads as no options, as it did in 0.1.
      const given = checkOptions(enableOptions ?? undefined, 'options', 'INVALID_ARGUMENT');
      const accountName = checkLabelPart(given['accountName'] ?? userId, 'accountName', 'INVALID_ARGUMENT');
      const { secret, authenticator } = newAuthenticator(userId, labelOr(given['label'], 'label'));
      const uri = keyUri(secret, accountName);
      const { expiresAt } = await decide(userId, (record, ctx) =>
        decideBeginEnable(record, { accountName, authenticator }, ctx),
      );
      return { secret, uri, expiresAt, authenticatorId: authenticator.id };
    },
    async confirmEnable(userId, code) {
      checkUserId(userId);
      checkCodeArgument(code);
      const recovery = generateRecoveryCodes(userId, policy.recoveryCodeCount, box.recoveryHasher);
      return decide(userId, (record, ctx) => decideConfirmEnable(record, { code, recovery }, ctx));
    },
    async importEnrolment(userId, importOptions) {
      checkUserId(userId);
      const currentStep = Math.floor(now() / 1000 / policy.totp.period);
      const { secret, accountName, lastUsedStep } = checkImportOptions(importOptions, userId, currentStep);
      let authenticator: NewAuthenticator;
      try {
        const label = labelOr((importOptions as { label?: unknown }).label, 'label');
        authenticator = { id: newId('au'), label, secret: box.seal(userId, secret) };
      } finally {
        secret.fill(0);
      }
      const recovery = generateRecoveryCodes(userId, policy.recoveryCodeCount, box.recoveryHasher);
      return decide(userId, (record, ctx) =>
        decideImport(record, { authenticator, accountName, lastUsedStep, recovery }, ctx),
      );
    },
    async cancelEnable(userId) {
      checkUserId(userId);
      return decide(userId, decideCancelEnable);
    },
    verify: signingIn(decideVerify),
    useRecoveryCode: signingIn(decideUseRecoveryCode),
    disable: takingCode(decideDisable),
    async regenerateRecoveryCodes(userId, code) {
      checkUserId(userId);
      checkCodeArgument(code);
      const recovery = generateRecoveryCodes(userId, policy.recoveryCodeCount, box.recoveryHasher);
      return decide(userId, (record, ctx) => decideRegenerate(record, { code, recovery }, ctx));
    },
    async reset(userId) {
      checkUserId(userId);
      return decide(userId, decideReset);
    },
    async checkDevice(userId, deviceToken) {
      checkUserId(userId);
      if (typeof deviceToken !== 'string') fail('INVALID_ARGUMENT', 'deviceToken must be a string');
      // Longer input cannot be a token: refused unread, like an overlong code.
      const token = deviceToken.length > MAX_DEVICE_TOKEN ? '' : deviceToken;
      return decide(userId, (record, ctx) => decideCheckDevice(record, token, ctx));
    },
    async listDevices(userId) {
      checkUserId(userId);
      return devicesOf(await read(userId), now());
    },
    async forgetDevice(userId, deviceId) {
      checkUserId(userId);
      const id = checkId(deviceId, 'deviceId');
      return decide(userId, (record, ctx) => decideForgetDevices(record, id, ctx));
    },
    async forgetAllDevices(userId) {
      checkUserId(userId);
      return decide(userId, (record, ctx) => decideForgetDevices(record, null, ctx));
    },
    async listAuthenticators(userId) {
      checkUserId(userId);
      return authenticatorsInfo(await read(userId), now());
    },
    async beginAddAuthenticator(userId, addOptions) {
      checkUserId(userId);
      const given = checkOptions(addOptions, 'options', 'INVALID_ARGUMENT');
      const label = checkDisplayLabel(given['label'], 'label');
      const accountName =
        given['accountName'] === undefined
          ? undefined
          : checkLabelPart(given['accountName'], 'accountName', 'INVALID_ARGUMENT');
      const code = checkCodeArgument(given['code']);
      const { secret, authenticator } = newAuthenticator(userId, label);
      const result = await decide(userId, (record, ctx) =>
        decideBeginAddAuthenticator(record, { authenticator, accountName, code }, ctx),
      );
      if (!result.ok) return result;
      const { accountName: name, ...started } = result;
      return { ...started, secret, uri: keyUri(secret, name) };
    },
    async confirmAuthenticator(userId, authenticatorId, code) {
      checkUserId(userId);
      const id = checkId(authenticatorId, 'authenticatorId');
      checkCodeArgument(code);
      return decide(userId, (record, ctx) =>
        decideConfirmAuthenticator(record, { authenticatorId: id, code }, ctx),
      );
    },
    async cancelAuthenticator(userId, authenticatorId) {
      checkUserId(userId);
      const id = checkId(authenticatorId, 'authenticatorId');
      return decide(userId, (record, ctx) => decideCancelAuthenticator(record, id, ctx));
    },
    async renameAuthenticator(userId, authenticatorId, label) {
      checkUserId(userId);
      const id = checkId(authenticatorId, 'authenticatorId');
      const name = checkDisplayLabel(label, 'label');
      return decide(userId, (record, ctx) =>
        decideRenameAuthenticator(record, { authenticatorId: id, label: name }, ctx),
      );
    },
    async removeAuthenticator(userId, authenticatorId, code) {
      checkUserId(userId);
      const id = checkId(authenticatorId, 'authenticatorId');
      checkCodeArgument(code);
      return decide(userId, (record, ctx) =>
        decideRemoveAuthenticator(record, { authenticatorId: id, code }, ctx),
      );
    },
    async deleteUser(userId) {
      checkUserId(userId);
      await store.delete(userId);
    },
  };
}

/**
 * Read → decide → compare-and-set, again on a lost race. Events are reported only for the
 * decision that was stored (or that needed no write).
 */
async function commit<Result>(
  store: GuardedStore,
  userId: string,
  policy: MfaPolicy,
  now: () => number,
  box: ReturnType<typeof createSecretBox>,
  emit: (events: MfaEvent[]) => void,
  transition: (record: MfaRecord | null, ctx: DecideContext) => Decision<Result>,
): Promise<Result> {
  // Every secret opened for a decision is wiped as soon as the decision is made, whatever its outcome.
  const opened: Uint8Array[] = [];
  const openSecret = (sealed: NonNullable<MfaRecord['secret']>): Uint8Array => {
    const secret = box.open(userId, sealed);
    opened.push(secret);
    return secret;
  };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await store.get(userId);
    // Whatever format was stored, the machine reads the shape of format 3 (and writes format 3).
    const record = stored && upgradeRecord(stored);
    let decision: Decision<Result>;
    let next: MfaRecord | null;
    try {
      decision = transition(record, {
        userId,
        now: now(),
        policy,
        openSecret,
        recoveryHasherOf: box.recoveryHasherOf,
        deviceHasherOf: box.deviceHasherOf,
      });
      next = decision.next;
      // Key rotation: a secret under an old key (or none) is sealed under the current key as it is written.
      if (next?.authenticators?.some((a) => box.isStale(a.secret))) {
        const authenticators = next.authenticators.map((a) =>
          box.isStale(a.secret) ? { ...a, secret: box.seal(userId, openSecret(a.secret)) } : a,
        );
        next = { ...next, authenticators };
      }
      if (next !== null && record !== null) next = keyRecoveryCodes(box, record, next);
      // A record's first version is random, so that a write delayed from before a deleteUser can
      // never land on the record created after it.
      if (next !== null && record === null) next = { ...next, version: randomFirstVersion() };
    } finally {
      for (const secret of opened.splice(0)) secret.fill(0);
    }
    if (next !== null && !(await store.compareAndSet(userId, record?.version ?? 0, next))) continue;
    emit(decision.events);
    return decision.result;
  }
  return fail('STORE_CONFLICT', `Lost ${MAX_ATTEMPTS} compare-and-set races in a row`);
}

/** A random first version in [1, 2^48]: far from any count of writes, with room to count up. */
function randomFirstVersion(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2)) as unknown as [number, number];
  return (high & 0xffff) * 2 ** 32 + low + 1;
}

/**
 * Keys a record's unkeyed (0.1) recovery-code hashes under the current key as it is written, once
 * the box has accepted them (a format-1 record, or while migrating). Hashes under an older key stay
 * as they are: a hash cannot be re-keyed without its code, so that key must stay in the keyring
 * until the codes are regenerated.
 */
function keyRecoveryCodes(box: SecretBox, read: MfaRecord, next: MfaRecord): MfaRecord {
  const hasher = box.recoveryHasher;
  const spent = next.spentRecoveryCodeHashes ?? [];
  if (hasher.keyId === null || (next.recoveryCodeKeyId ?? null) !== null) return next;
  if (next.recoveryCodeHashes.length === 0 && spent.length === 0) return next;
  // The unkeyed hashes come from the record read: throws unless the box accepts them from it.
  box.recoveryHasherOf(read);
  return {
    ...next,
    recoveryCodeHashes: next.recoveryCodeHashes.map(hasher.upgrade),
    spentRecoveryCodeHashes: spent.map(hasher.upgrade),
    recoveryCodeKeyId: hasher.keyId,
  };
}
