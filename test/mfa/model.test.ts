// Model-based test: random sequences of actions and clock moves run against the service and
// against a small reference model written from the rules (not from the implementation); every
// result, every event, every status, and the lists of authenticators and devices must agree, and
// no event may hold anything secret the service returned.
//
// The model covers enrolment, sign-in with codes from several authenticators, recovery codes,
// adding, confirming, renaming and removing authenticators, remembering, checking and forgetting
// devices, disable, reset and deleteUser, and the throttle (back-off, failure budget, hard stop).
// Clock drift is modelled exactly: two runs use totp.maxDriftSteps 0 (the window stays T-1..T+1
// on true time), one the default of 1; drift.test.ts has the detailed cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totp } from '../../src/otp/index.js';
import { MfaError } from '../../src/shared/index.js';
import { expectNoneQuoted, FOREIGN_TOKEN } from './authenticator-helpers.js';
import { setup } from './helpers.js';

type State = 'disabled' | 'pending' | 'enabled';
type CodeKind =
  | 'current'
  | 'previous'
  | 'next'
  | 'previous2'
  | 'next2'
  | 'replay'
  | 'wrong'
  | 'far'
  | 'removed';
type RecoveryKind = 'unused' | 'used' | 'wrong';
type Remember = 'no' | 'default' | 'short';
interface Proof {
  kind: CodeKind | RecoveryKind;
  from: number;
}

type Action =
  | { type: 'begin'; labelled: boolean }
  | { type: 'confirm'; code: CodeKind }
  | { type: 'cancel' }
  | { type: 'verify'; code: CodeKind; from: number; times: number; remember: Remember }
  | { type: 'recovery'; code: RecoveryKind; pick: number; remember: Remember }
  | { type: 'disable'; proof: Proof }
  | { type: 'regenerate'; proof: Proof }
  | { type: 'reset' }
  | { type: 'deleteUser' }
  | { type: 'add'; proof: Proof }
  | { type: 'confirmAdd'; target: number; code: CodeKind; own: boolean; from: number }
  | { type: 'remove'; target: number; proof: Proof }
  | { type: 'rename'; target: number }
  | { type: 'check'; pick: number }
  | { type: 'forget'; pick: number }
  | { type: 'forgetAll' }
  | { type: 'advance'; ms: number };

interface ModelAuthenticator {
  id: string;
  secret: string;
  label: string;
  state: 'pending' | 'active';
  createdAt: number;
  lastUsedAt: number | null;
  pendingExpiresAt: number | null;
  floor: number | null;
  /** The offset in steps of its last accepted code (always 0 when drift is off). */
  drift: number;
}

interface ModelDevice {
  id: string;
  token: string;
  label: string | null;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number | null;
}

// The policy the model follows: the defaults, with maxDriftSteps 0 and small limits so that random
// sequences reach them.
const PERIOD = 30_000;
const PENDING_TTL = 600_000;
const MAX_AUTHENTICATORS = 3;
const MAX_DEVICES = 2;
const DEVICE_TTL = 2_592_000_000;
const SHORT_TTL = 60_000;

/** A throttle policy, as the options name it. */
interface Throttle {
  maxFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  maxConsecutiveFailures: number;
  failureBudget: number;
  failureBudgetRefillMs: number;
}
const THROTTLES: [string, Throttle][] = [
  [
    'the default throttle',
    {
      maxFailures: 5,
      baseLockMs: 30_000,
      maxLockMs: 900_000,
      maxConsecutiveFailures: 100,
      failureBudget: 20,
      failureBudgetRefillMs: 10_800_000,
    },
  ],
  // Small enough that random sequences reach the failure budget and the hard stop.
  [
    'a tight throttle',
    {
      maxFailures: 3,
      baseLockMs: 10_000,
      maxLockMs: 40_000,
      maxConsecutiveFailures: 9,
      failureBudget: 12,
      failureBudgetRefillMs: 120_000,
    },
  ],
];
const UNTIL_RESET = Number.MAX_SAFE_INTEGER;
const DEFAULT_LABEL = 'Authenticator app';
const UNKNOWN_AUTHENTICATOR = 'au_ffffffffffffffff';
const UNKNOWN_DEVICE = 'dv_ffffffffffffffff';
const LABELS = ['Phone', 'Tablet', 'Backup', 'x'.repeat(64)];

const codeKind = fc.constantFrom<CodeKind>(
  'current',
  'previous',
  'next',
  'previous2',
  'next2',
  'replay',
  'wrong',
  'far',
  'removed',
);
const recoveryKind = fc.constantFrom<RecoveryKind>('unused', 'used', 'wrong');
const remember = fc.constantFrom<Remember>('no', 'default', 'short');
const pick = fc.nat(20);
const proof: fc.Arbitrary<Proof> = fc.record({ kind: fc.oneof(codeKind, recoveryKind), from: pick });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('begin' as const), labelled: fc.boolean() }), weight: 2 },
  {
    arbitrary: fc.record({
      type: fc.constant('confirm' as const),
      code: fc.oneof({ arbitrary: fc.constant<CodeKind>('current'), weight: 3 }, codeKind),
    }),
    weight: 3,
  },
  fc.constant({ type: 'cancel' as const }),
  // times > 1 repeats the same kind of code: bursts of wrong ones reach the lockout thresholds.
  {
    arbitrary: fc.record({
      type: fc.constant('verify' as const),
      code: codeKind,
      from: pick,
      times: fc.integer({ min: 1, max: 6 }),
      remember,
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({ type: fc.constant('recovery' as const), code: recoveryKind, pick, remember }),
    weight: 2,
  },
  fc.record({ type: fc.constant('disable' as const), proof }),
  fc.record({ type: fc.constant('regenerate' as const), proof }),
  fc.constant({ type: 'reset' as const }),
  fc.constant({ type: 'deleteUser' as const }),
  { arbitrary: fc.record({ type: fc.constant('add' as const), proof }), weight: 4 },
  {
    arbitrary: fc.record({
      type: fc.constant('confirmAdd' as const),
      target: pick,
      code: codeKind,
      own: fc.boolean(),
      from: pick,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ type: fc.constant('remove' as const), target: pick, proof }), weight: 2 },
  fc.record({ type: fc.constant('rename' as const), target: pick }),
  { arbitrary: fc.record({ type: fc.constant('check' as const), pick }), weight: 3 },
  fc.record({ type: fc.constant('forget' as const), pick }),
  fc.constant({ type: 'forgetAll' as const }),
  {
    arbitrary: fc.record({
      type: fc.constant('advance' as const),
      ms: fc.oneof(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 25_000, max: 35_000 }),
        fc.nat(1_200_000),
      ),
    }),
    weight: 6,
  },
);

// Where a sequence starts: most start enabled (with a second authenticator, or a remembered
// device), since that is where most of the actions do something. The preludes go through the
// model like any other action.
const PRELUDES: Record<string, Action[]> = {
  disabled: [],
  enabled: [
    { type: 'begin', labelled: false },
    { type: 'confirm', code: 'current' },
  ],
  twoAuthenticators: [
    { type: 'begin', labelled: true },
    { type: 'confirm', code: 'current' },
    { type: 'add', proof: { kind: 'unused', from: 0 } },
    { type: 'confirmAdd', target: 1, code: 'current', own: true, from: 0 },
  ],
  device: [
    { type: 'begin', labelled: false },
    { type: 'confirm', code: 'previous' },
    { type: 'verify', code: 'current', from: 0, times: 1, remember: 'short' },
  ],
};
const startArb = fc.constantFrom(
  'disabled',
  'enabled',
  'enabled',
  'twoAuthenticators',
  'twoAuthenticators',
  'device',
);

const RECOVERY_KINDS = new Set<string>(['unused', 'used', 'wrong']);
const at = <T>(list: readonly T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

describe('model-based', () => {
  const RUNS: [string, Throttle, number][] = [
    [THROTTLES[0]![0], THROTTLES[0]![1], 0],
    [THROTTLES[1]![0], THROTTLES[1]![1], 0],
    [`${THROTTLES[0]![0]}, drift on`, THROTTLES[0]![1], 1],
  ];
  it.each(RUNS)(
    'random action sequences agree with the reference model (%s)',
    async (_, throttle, maxDriftSteps) => {
      const {
        maxFailures: MAX_FAILURES,
        baseLockMs: BASE_LOCK,
        maxLockMs: MAX_LOCK,
        maxConsecutiveFailures: MAX_CONSECUTIVE,
        failureBudget: BUDGET,
        failureBudgetRefillMs: REFILL,
      } = throttle;
      await fc.assert(
        fc.asyncProperty(
          startArb,
          fc.array(actionArb, { minLength: 20, maxLength: 50 }),
          async (start, rest) => {
            const actions = [...(PRELUDES[start] ?? []), ...rest];
            const f = setup({
              totp: { maxDriftSteps },
              throttle,
              authenticators: { max: MAX_AUTHENTICATORS },
              devices: { max: MAX_DEVICES },
            });
            const userId = 'model-user';
            const m = {
              state: 'disabled' as State,
              pendingExpiresAt: 0,
              enabledAt: null as number | null,
              authenticators: [] as ModelAuthenticator[],
              devices: [] as ModelDevice[],
              failed: 0,
              lockouts: 0,
              lockedUntil: null as number | null,
              budgetClearsAt: null as number | null,
              recovery: [] as string[],
              spent: [] as string[],
              oldRecovery: [] as string[],
              lastAccepted: null as string | null,
              // What the account no longer holds: secrets, ids and tokens to try again.
              deadSecrets: [] as string[],
              deadIds: [] as string[],
              expiredIds: [] as string[],
              deadTokens: [] as string[],
              expiredTokens: [] as string[],
            };
            // Everything secret the service returned: no event may contain any of it.
            const secrets: string[] = [];
            const now = () => f.clock.now;
            const effective = (): State =>
              m.state === 'pending' && now() >= m.pendingExpiresAt ? 'disabled' : m.state;
            const active = () => m.authenticators.filter((a) => a.state === 'active');

            // Pending authenticators and devices past their expiry are gone from the model's view.
            const prune = () => {
              for (const a of m.authenticators) {
                if (a.state === 'pending' && a.pendingExpiresAt! <= now()) {
                  m.expiredIds.push(a.id);
                  m.deadSecrets.push(a.secret);
                }
              }
              m.authenticators = m.authenticators.filter(
                (a) => a.state === 'active' || a.pendingExpiresAt! > now(),
              );
              for (const d of m.devices) if (d.expiresAt <= now()) m.expiredTokens.push(d.token);
              m.devices = m.devices.filter((d) => d.expiresAt > now());
            };
            const forgetDevices = (devices: ModelDevice[]) => {
              m.deadTokens.push(...devices.map((d) => d.token));
              m.devices = m.devices.filter((d) => !devices.includes(d));
            };
            const dropAuthenticators = (authenticators: ModelAuthenticator[]) => {
              m.deadIds.push(...authenticators.map((a) => a.id));
              m.deadSecrets.push(...authenticators.map((a) => a.secret));
              m.authenticators = m.authenticators.filter((a) => !authenticators.includes(a));
            };
            // MFA off: every authenticator, recovery code and device gone.
            const wipe = () => {
              m.state = 'disabled';
              m.enabledAt = null;
              dropAuthenticators([...m.authenticators]);
              m.deadIds.push(...m.expiredIds.splice(0));
              forgetDevices([...m.devices]);
              m.deadTokens.push(...m.expiredTokens.splice(0));
              m.oldRecovery.push(...m.recovery.splice(0), ...m.spent.splice(0));
            };

            // The throttle: back-off after MAX_FAILURES, the failure budget, the hard stop.
            const lockLeft = () =>
              m.lockedUntil !== null && m.lockedUntil !== UNTIL_RESET && m.lockedUntil > now()
                ? m.lockedUntil - now()
                : 0;
            const budgetLeft = () =>
              m.budgetClearsAt === null ? 0 : Math.max(0, m.budgetClearsAt - now() - (BUDGET - 1) * REFILL);
            const wait = () => Math.max(lockLeft(), budgetLeft());
            const untilReset = () => m.lockedUntil === UNTIL_RESET;
            // The events an action should report, and the action named in its 'verify_failed' events.
            let expectedEvents: object[] = [];
            let codeAction = 'verify';
            const event = (type: string, fields: object = {}) => {
              expectedEvents.push({ type, userId, at: now(), ...fields });
            };
            /** A refusal that counts nothing, reported as 'verify_failed'. */
            const refused = (reason: string) => {
              event('verify_failed', { action: codeAction, reason, failedAttempts: m.failed });
              return { ok: false, reason };
            };
            /** The refusal of a code while locked, or null when the code is judged. */
            const lockedResult = (recoveryCode: boolean) => {
              const hardStop = untilReset() && !recoveryCode;
              if (wait() === 0 && !hardStop) return null;
              event('verify_failed', { action: codeAction, reason: 'locked', failedAttempts: m.failed });
              return wait() === 0
                ? { ok: false, reason: 'locked' }
                : { ok: false, reason: 'locked', retryAfterMs: wait() };
            };
            const fail = () => {
              const wasUntilReset = untilReset();
              const before = m.failed;
              m.budgetClearsAt = Math.max(m.budgetClearsAt ?? now(), now()) + REFILL;
              m.failed += 1;
              if (untilReset() || m.lockouts * MAX_FAILURES + m.failed >= MAX_CONSECUTIVE) {
                m.failed = 0;
                m.lockouts += 1;
                m.lockedUntil = UNTIL_RESET;
              } else if (m.failed >= MAX_FAILURES) {
                m.failed = 0;
                m.lockouts += 1;
                m.lockedUntil = now() + Math.min(BASE_LOCK * 2 ** (m.lockouts - 1), MAX_LOCK);
              }
              // The failure is reported with the count it reached (0 once in the hard stop), and a lock
              // it started (back-off, budget or hard stop) with its own event.
              event('verify_failed', {
                action: codeAction,
                reason: 'invalid',
                failedAttempts: wasUntilReset ? 0 : before + 1,
              });
              const startedHardStop = !wasUntilReset && untilReset();
              if (wait() > 0 || startedHardStop) {
                event('locked', {
                  lockedUntil: startedHardStop ? null : now() + wait(),
                  retryAfterMs: startedHardStop ? null : wait(),
                  lockouts: m.lockouts,
                });
              }
              return wait() > 0
                ? { ok: false, reason: 'invalid', retryAfterMs: wait() }
                : { ok: false, reason: 'invalid' };
            };
            const clearThrottle = () => {
              m.failed = 0;
              m.lockouts = 0;
              m.lockedUntil = null;
            };

            // A TOTP of the given kind from an authenticator the account holds (the `from`-th).
            const codeOf = (secret: string, step: number) => totp(secret, { time: step * PERIOD });
            const makeCode = (kind: CodeKind, source: ModelAuthenticator | undefined): string => {
              const current = Math.floor(now() / PERIOD);
              if (kind === 'replay' && m.lastAccepted !== null) return m.lastAccepted;
              if (kind === 'removed' && m.deadSecrets.length > 0)
                return codeOf(m.deadSecrets.at(-1)!, current);
              if (source !== undefined && kind !== 'replay' && kind !== 'removed' && kind !== 'wrong') {
                return codeOf(
                  source.secret,
                  current + { current: 0, previous: -1, next: 1, previous2: -2, next2: 2, far: 5 }[kind],
                );
              }
              const near = new Set(
                m.authenticators.flatMap((a) => [-2, -1, 0, 1, 2].map((o) => codeOf(a.secret, current + o))),
              );
              let n = 13;
              while (near.has(String(n).padStart(6, '0'))) n += 1;
              return String(n).padStart(6, '0');
            };
            // The rule: each candidate has a drift d (the offset of its last accepted code, within
            // ±maxDriftSteps and within -future..past, so that T stays in the window; 0 when drift is
            // off), and a code is accepted when it is the code of a candidate at a step of
            // T+d-1..T+d+1 above that candidate's floor; the first candidate listed wins, and within
            // one, the step nearest T+d (T+d, then T+d-1, then T+d+1). The accepted step minus T,
            // bounded the same way, is its new drift. A code whose first match in the drifted window
            // or in the true window is at or below a floor is a replay; anything else is invalid.
            const bounded = (drift: number) =>
              Math.min(maxDriftSteps, 1, Math.max(-maxDriftSteps, -1, drift));
            const judgeTotp = (
              input: string,
              candidates: ModelAuthenticator[],
            ): 'replayed' | 'invalid' | ModelAuthenticator => {
              const current = Math.floor(now() / PERIOD);
              for (const a of candidates) {
                for (const delta of [0, -1, 1]) {
                  const step = current + a.drift + delta;
                  if ((a.floor === null || step > a.floor) && codeOf(a.secret, step) === input) {
                    a.floor = step;
                    a.drift = bounded(step - current);
                    a.lastUsedAt = now();
                    m.lastAccepted = input;
                    return a;
                  }
                }
              }
              const replay = candidates.some((a) => {
                if (a.floor === null) return false;
                return [current + a.drift, current].some((base) => {
                  const delta = [0, -1, 1].find((d) => codeOf(a.secret, base + d) === input);
                  return delta !== undefined && base + delta <= a.floor!;
                });
              });
              return replay ? 'replayed' : 'invalid';
            };
            const recoveryInput = (kind: RecoveryKind, index: number): string => {
              const used = [...m.spent, ...m.oldRecovery];
              if (kind === 'unused' && m.recovery.length > 0) return at(m.recovery, index)!;
              if (kind === 'used' && used.length > 0) return at(used, index)!;
              return 'ZZZZ-ZZZZ-ZZZZ-ZZ22';
            };
            const judgeRecovery = (input: string): 'ok' | 'replayed' | 'invalid' => {
              const index = m.recovery.indexOf(input);
              if (index !== -1) {
                m.recovery.splice(index, 1);
                m.spent.push(input);
                return 'ok';
              }
              return m.spent.includes(input) ? 'replayed' : 'invalid';
            };
            // A proof (disable, regenerate, add, remove): a TOTP of an active authenticator or a recovery code.
            const proofInput = (p: Proof) =>
              RECOVERY_KINDS.has(p.kind)
                ? { input: recoveryInput(p.kind as RecoveryKind, p.from), recovery: true }
                : { input: makeCode(p.kind as CodeKind, at(m.authenticators, p.from)), recovery: false };
            const judgeProof = (p: { input: string; recovery: boolean }): 'ok' | 'replayed' | 'invalid' => {
              if (p.recovery) return judgeRecovery(p.input);
              const verdict = judgeTotp(p.input, active());
              return typeof verdict === 'string' ? verdict : 'ok';
            };
            /**
             * The common path of a code: refused while locked, else judged; a wrong code is counted.
             * Returns the refusal expected, or null when accepted (the throttle is then cleared).
             */
            const judged = (recoveryCode: boolean, judge: () => 'ok' | 'replayed' | 'invalid') => {
              const locked = lockedResult(recoveryCode);
              if (locked !== null) return locked;
              const verdict = judge();
              if (verdict === 'invalid') return fail();
              if (verdict === 'replayed') return refused('replayed');
              clearThrottle();
              return null;
            };
            const rememberOptions = (choice: Remember) =>
              choice === 'no'
                ? undefined
                : { rememberDevice: choice === 'short' ? { ttlMs: SHORT_TTL, label: 'Tab' } : {} };
            /** Adds the device a successful sign-in remembered; returns the fields its result carries. */
            const remembered = (choice: Remember, result: object) => {
              if (choice === 'no') return {};
              const { deviceToken, deviceId } = result as { deviceToken: string; deviceId: string };
              const ttl = choice === 'short' ? SHORT_TTL : DEVICE_TTL;
              secrets.push(deviceToken);
              m.devices.push({
                id: deviceId,
                token: deviceToken,
                label: choice === 'short' ? 'Tab' : null,
                createdAt: now(),
                expiresAt: now() + ttl,
                lastUsedAt: null,
              });
              event('device_remembered', { deviceId, expiresAt: now() + ttl });
              if (m.devices.length > MAX_DEVICES) {
                const oldest = m.devices.slice(0, m.devices.length - MAX_DEVICES);
                event('device_forgotten', { deviceIds: oldest.map((d) => d.id), reason: 'limit' });
                forgetDevices(oldest);
              }
              return {
                deviceToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
                deviceId: expect.stringMatching(/^dv_[0-9a-f]{16}$/),
                deviceExpiresAt: now() + ttl,
              };
            };
            const authenticatorTargets = () => [
              ...m.authenticators.map((a) => a.id),
              ...m.expiredIds,
              ...m.deadIds,
              UNKNOWN_AUTHENTICATOR,
            ];

            for (const action of actions) {
              prune();
              expectedEvents = [];
              const eventsBefore = f.events.length;
              switch (action.type) {
                case 'advance': {
                  f.advance(action.ms);
                  break;
                }
                case 'begin': {
                  const options = action.labelled ? { label: 'Main' } : undefined;
                  if (effective() === 'enabled') {
                    await expect(f.mfa.beginEnable(userId, options)).rejects.toBeInstanceOf(MfaError);
                    break;
                  }
                  const begun = await f.mfa.beginEnable(userId, options);
                  secrets.push(begun.secret);
                  dropAuthenticators([...m.authenticators]);
                  m.deadIds.push(...m.expiredIds.splice(0));
                  m.oldRecovery.push(...m.recovery.splice(0), ...m.spent.splice(0));
                  m.state = 'pending';
                  m.pendingExpiresAt = now() + PENDING_TTL;
                  m.enabledAt = null;
                  m.authenticators = [
                    {
                      id: begun.authenticatorId,
                      secret: begun.secret,
                      label: action.labelled ? 'Main' : DEFAULT_LABEL,
                      state: 'pending',
                      createdAt: now(),
                      lastUsedAt: null,
                      pendingExpiresAt: m.pendingExpiresAt,
                      floor: null,
                      drift: 0,
                    },
                  ];
                  expect(begun.expiresAt).toBe(m.pendingExpiresAt);
                  expect(begun.authenticatorId).toMatch(/^au_[0-9a-f]{16}$/);
                  event('enable_started', {
                    expiresAt: m.pendingExpiresAt,
                    authenticatorId: begun.authenticatorId,
                  });
                  break;
                }
                case 'confirm': {
                  const code = makeCode(action.code, m.authenticators[0]);
                  const result = await f.mfa.confirmEnable(userId, code);
                  codeAction = 'confirmEnable';
                  if (m.state !== 'pending') expect(result).toEqual(refused('not_pending'));
                  else if (effective() !== 'pending') expect(result).toEqual(refused('expired'));
                  else {
                    let accepted: ModelAuthenticator | null = null;
                    const refusal = judged(false, () => {
                      const verdict = judgeTotp(code, m.authenticators);
                      if (typeof verdict === 'string') return verdict;
                      accepted = verdict;
                      return 'ok';
                    });
                    if (refusal !== null) expect(result).toEqual(refusal);
                    else {
                      if (!result.ok) throw new Error(`model expected ok, got ${result.reason}`);
                      const first = accepted! as ModelAuthenticator;
                      expect(result).toEqual({
                        ok: true,
                        recoveryCodes: expect.any(Array),
                        authenticatorId: first.id,
                        method: 'totp',
                        verifiedAt: now(),
                      });
                      m.state = 'enabled';
                      m.enabledAt = now();
                      first.state = 'active';
                      first.pendingExpiresAt = null;
                      m.recovery = [...result.recoveryCodes];
                      secrets.push(...result.recoveryCodes);
                      event('enabled', { recoveryCodes: 10, authenticatorId: first.id });
                    }
                  }
                  break;
                }
                case 'cancel': {
                  const state = effective();
                  if (state === 'enabled') {
                    await expect(f.mfa.cancelEnable(userId)).rejects.toBeInstanceOf(MfaError);
                    break;
                  }
                  expect(await f.mfa.cancelEnable(userId)).toEqual({ cancelled: state === 'pending' });
                  if (state === 'pending') {
                    wipe();
                    event('enable_cancelled');
                  }
                  break;
                }
                case 'verify': {
                  for (let i = 0; i < action.times; i++) {
                    const code = makeCode(action.code, at(m.authenticators, action.from));
                    const result = await f.mfa.verify(userId, code, rememberOptions(action.remember));
                    codeAction = 'verify';
                    if (effective() !== 'enabled') {
                      expect(result).toEqual(refused('not_enabled'));
                      continue;
                    }
                    let accepted: ModelAuthenticator | null = null;
                    const refusal = judged(false, () => {
                      const verdict = judgeTotp(code, active());
                      if (typeof verdict === 'string') return verdict;
                      accepted = verdict;
                      return 'ok';
                    });
                    if (refusal !== null) expect(result).toEqual(refusal);
                    else {
                      const authenticatorId = (accepted! as ModelAuthenticator).id;
                      event('verified', { method: 'totp', authenticatorId });
                      expect(result).toEqual({
                        ok: true,
                        method: 'totp',
                        verifiedAt: now(),
                        authenticatorId,
                        ...remembered(action.remember, result),
                      });
                    }
                  }
                  break;
                }
                case 'recovery': {
                  const input = recoveryInput(action.code, action.pick);
                  const result = await f.mfa.useRecoveryCode(userId, input, rememberOptions(action.remember));
                  codeAction = 'useRecoveryCode';
                  if (effective() !== 'enabled') {
                    expect(result).toEqual(refused('not_enabled'));
                    break;
                  }
                  // A recovery code is judged even in the hard stop (and its success ends it).
                  const refusal = judged(true, () => judgeRecovery(input));
                  if (refusal !== null) expect(result).toEqual(refusal);
                  else {
                    event('recovery_code_used', { remaining: m.recovery.length });
                    expect(result).toEqual({
                      ok: true,
                      remaining: m.recovery.length,
                      method: 'recovery_code',
                      verifiedAt: now(),
                      ...remembered(action.remember, result),
                    });
                  }
                  break;
                }
                case 'disable':
                case 'regenerate': {
                  const p = proofInput(action.proof);
                  const result =
                    action.type === 'disable'
                      ? await f.mfa.disable(userId, p.input)
                      : await f.mfa.regenerateRecoveryCodes(userId, p.input);
                  codeAction = action.type === 'disable' ? 'disable' : 'regenerateRecoveryCodes';
                  if (effective() !== 'enabled') {
                    expect(result).toEqual(refused('not_enabled'));
                    break;
                  }
                  const refusal = judged(p.recovery, () => judgeProof(p));
                  if (refusal !== null) {
                    expect(result).toEqual(refusal);
                    break;
                  }
                  const method = p.recovery ? 'recovery_code' : 'totp';
                  if (action.type === 'disable') {
                    expect(result).toEqual({ ok: true, method, verifiedAt: now() });
                    event('disabled', { method });
                    wipe();
                  } else {
                    expect(result).toEqual({
                      ok: true,
                      recoveryCodes: expect.any(Array),
                      method,
                      verifiedAt: now(),
                    });
                    const fresh: string[] =
                      'recoveryCodes' in result ? (result.recoveryCodes as string[]) : [];
                    m.oldRecovery.push(...m.recovery.splice(0), ...m.spent.splice(0));
                    m.recovery = [...fresh];
                    secrets.push(...fresh);
                    event('recovery_codes_regenerated', { count: 10, method });
                  }
                  break;
                }
                case 'reset': {
                  expect(await f.mfa.reset(userId)).toEqual({ previousState: effective() });
                  event('reset', { previousState: effective() });
                  wipe();
                  clearThrottle();
                  break;
                }
                case 'deleteUser': {
                  await f.mfa.deleteUser(userId);
                  wipe();
                  clearThrottle();
                  m.budgetClearsAt = null;
                  break;
                }
                case 'add': {
                  const p = proofInput(action.proof);
                  const label = at(LABELS, action.proof.from)!;
                  const result = await f.mfa.beginAddAuthenticator(userId, { label, code: p.input });
                  codeAction = 'beginAddAuthenticator';
                  if (effective() !== 'enabled') {
                    expect(result).toEqual(refused('not_enabled'));
                    break;
                  }
                  if (m.authenticators.length >= MAX_AUTHENTICATORS) {
                    expect(result).toEqual(refused('limit_reached'));
                    break;
                  }
                  const refusal = judged(p.recovery, () => judgeProof(p));
                  if (refusal !== null) {
                    expect(result).toEqual(refusal);
                    break;
                  }
                  if (!result.ok) throw new Error(`model expected ok, got ${result.reason}`);
                  expect(result).toEqual({
                    ok: true,
                    authenticatorId: expect.stringMatching(/^au_[0-9a-f]{16}$/),
                    secret: expect.stringMatching(/^[A-Z2-7]+$/),
                    uri: expect.stringContaining(`secret=${result.secret}`),
                    expiresAt: now() + PENDING_TTL,
                    method: p.recovery ? 'recovery_code' : 'totp',
                    verifiedAt: now(),
                  });
                  secrets.push(result.secret);
                  event('authenticator_added', {
                    authenticatorId: result.authenticatorId,
                    expiresAt: now() + PENDING_TTL,
                    method: p.recovery ? 'recovery_code' : 'totp',
                  });
                  m.authenticators.push({
                    id: result.authenticatorId,
                    secret: result.secret,
                    label,
                    state: 'pending',
                    createdAt: now(),
                    lastUsedAt: null,
                    pendingExpiresAt: now() + PENDING_TTL,
                    floor: null,
                    drift: 0,
                  });
                  break;
                }
                case 'confirmAdd': {
                  const id = at(authenticatorTargets(), action.target)!;
                  const target = m.authenticators.find((a) => a.id === id);
                  const source = action.own ? target : at(m.authenticators, action.from);
                  const code = makeCode(action.code, source);
                  const result = await f.mfa.confirmAuthenticator(userId, id, code);
                  codeAction = 'confirmAuthenticator';
                  if (effective() !== 'enabled') expect(result).toEqual(refused('not_enabled'));
                  else if (target === undefined && m.expiredIds.includes(id)) {
                    // Expired: refused as such, or as unknown once a write has dropped it from the record.
                    const { reason } = result as { reason: string };
                    expect(['expired', 'not_found']).toContain(reason);
                    expect(result).toEqual(refused(reason));
                  } else if (target === undefined) expect(result).toEqual(refused('not_found'));
                  else if (target.state === 'active') expect(result).toEqual(refused('not_pending'));
                  else {
                    const refusal = judged(false, () => {
                      const verdict = judgeTotp(code, [target]);
                      return typeof verdict === 'string' ? verdict : 'ok';
                    });
                    if (refusal !== null) expect(result).toEqual(refusal);
                    else {
                      expect(result).toEqual({
                        ok: true,
                        authenticatorId: id,
                        method: 'totp',
                        verifiedAt: now(),
                      });
                      target.state = 'active';
                      target.pendingExpiresAt = null;
                      event('authenticator_confirmed', { authenticatorId: id });
                    }
                  }
                  break;
                }
                case 'remove': {
                  const id = at(authenticatorTargets(), action.target)!;
                  const target = m.authenticators.find((a) => a.id === id);
                  const p = proofInput(action.proof);
                  const result = await f.mfa.removeAuthenticator(userId, id, p.input);
                  codeAction = 'removeAuthenticator';
                  if (effective() !== 'enabled') {
                    expect(result).toEqual(refused('not_enabled'));
                    break;
                  }
                  if (target === undefined) {
                    expect(result).toEqual(refused('not_found'));
                    break;
                  }
                  if (target.state === 'active' && active().length === 1) {
                    expect(result).toEqual(refused('last_authenticator'));
                    break;
                  }
                  const refusal = judged(p.recovery, () => judgeProof(p));
                  if (refusal !== null) {
                    expect(result).toEqual(refusal);
                    break;
                  }
                  expect(result).toEqual({
                    ok: true,
                    method: p.recovery ? 'recovery_code' : 'totp',
                    verifiedAt: now(),
                  });
                  event('authenticator_removed', {
                    authenticatorId: id,
                    method: p.recovery ? 'recovery_code' : 'totp',
                  });
                  dropAuthenticators([target]);
                  break;
                }
                case 'rename': {
                  const id = at(authenticatorTargets(), action.target)!;
                  const target = m.authenticators.find((a) => a.id === id);
                  const label = at(LABELS, action.target + 1)!;
                  const result = await f.mfa.renameAuthenticator(userId, id, label);
                  if (effective() === 'disabled' || target === undefined) {
                    expect(result).toEqual({ ok: false, reason: 'not_found' });
                  } else {
                    expect(result).toEqual({ ok: true });
                    target.label = label;
                    event('authenticator_renamed', { authenticatorId: id });
                  }
                  break;
                }
                case 'check': {
                  const tokens = [
                    ...m.devices.map((d) => d.token),
                    ...m.expiredTokens,
                    ...m.deadTokens,
                    FOREIGN_TOKEN,
                  ];
                  const token = at(tokens, action.pick)!;
                  const result = await f.mfa.checkDevice(userId, token);
                  const device = m.devices.find((d) => d.token === token);
                  if (effective() !== 'enabled') expect(result).toEqual({ ok: false, reason: 'not_enabled' });
                  else if (device !== undefined) {
                    expect(result).toEqual({
                      ok: true,
                      method: 'device',
                      verifiedAt: now(),
                      deviceId: device.id,
                      expiresAt: device.expiresAt,
                    });
                    // The last use is kept to the minute: a check within a minute of it changes nothing.
                    if (device.lastUsedAt === null || now() - device.lastUsedAt >= 60_000)
                      device.lastUsedAt = now();
                    event('verified', { method: 'device', deviceId: device.id });
                  } else if (m.expiredTokens.includes(token)) {
                    // Expired: refused as such, or as unknown once a write has dropped it from the record.
                    expect(result.ok).toBe(false);
                    expect(['expired', 'unknown']).toContain((result as { reason: string }).reason);
                  } else expect(result).toEqual({ ok: false, reason: 'unknown' });
                  break;
                }
                case 'forget': {
                  const ids = [...m.devices.map((d) => d.id), UNKNOWN_DEVICE];
                  const id = at(ids, action.pick)!;
                  const device = m.devices.find((d) => d.id === id);
                  expect(await f.mfa.forgetDevice(userId, id)).toEqual({
                    forgotten: device === undefined ? 0 : 1,
                  });
                  if (device !== undefined) {
                    event('device_forgotten', { deviceIds: [device.id], reason: 'user' });
                    forgetDevices([device]);
                  }
                  break;
                }
                case 'forgetAll': {
                  expect(await f.mfa.forgetAllDevices(userId)).toEqual({ forgotten: m.devices.length });
                  if (m.devices.length > 0) {
                    event('device_forgotten', { deviceIds: m.devices.map((d) => d.id), reason: 'user' });
                  }
                  forgetDevices([...m.devices]);
                  break;
                }
              }
              expect(f.events.slice(eventsBefore)).toEqual(expectedEvents);
              prune();
              const state = effective();
              expect(await f.mfa.status(userId)).toEqual({
                state,
                enabledAt: state === 'enabled' ? m.enabledAt : null,
                pendingExpiresAt: state === 'pending' ? m.pendingExpiresAt : null,
                recoveryCodesRemaining: state === 'enabled' ? m.recovery.length : 0,
                activeAuthenticators: state === 'enabled' ? active().length : 0,
                rememberedDevices: state === 'enabled' ? m.devices.length : 0,
                lockedUntil: wait() > 0 ? now() + wait() : null,
                lockedUntilReset: untilReset(),
              });
              expect(await f.mfa.listAuthenticators(userId)).toEqual(
                state === 'disabled'
                  ? []
                  : m.authenticators.map(
                      ({ id, label, state: s, createdAt, lastUsedAt, pendingExpiresAt }) => ({
                        id,
                        label,
                        state: s,
                        createdAt,
                        lastUsedAt,
                        pendingExpiresAt,
                      }),
                    ),
              );
              expect(await f.mfa.listDevices(userId)).toEqual(
                state === 'enabled'
                  ? m.devices.map(({ id, label, createdAt, expiresAt, lastUsedAt }) => ({
                      id,
                      label,
                      createdAt,
                      expiresAt,
                      lastUsedAt,
                    }))
                  : [],
              );
            }
            expectNoneQuoted(f.events, secrets);
          },
        ),
        { numRuns: 150 },
      );
    },
  );
});
