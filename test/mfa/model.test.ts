// Model-based test: random sequences of actions and clock moves run against the service and
// against a small reference model written from the rules (not from the implementation); every
// result and every status must agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totp } from '../../src/otp/index.js';
import { MfaError } from '../../src/shared/index.js';
import { setup } from './helpers.js';

type State = 'disabled' | 'pending' | 'enabled';
type CodeKind = 'current' | 'previous' | 'next' | 'replay' | 'wrong' | 'far';
type RecoveryKind = 'unused' | 'used' | 'wrong';

type Action =
  | { type: 'begin' }
  | { type: 'confirm'; code: CodeKind }
  | { type: 'cancel' }
  | { type: 'verify'; code: CodeKind; times: number }
  | { type: 'recovery'; code: RecoveryKind; pick: number }
  | { type: 'disable'; code: CodeKind | RecoveryKind; pick: number }
  | { type: 'regenerate'; code: CodeKind | RecoveryKind; pick: number }
  | { type: 'reset' }
  | { type: 'advance'; ms: number };

interface Model {
  state: State;
  secret: string | null;
  pendingExpiresAt: number;
  enabledAt: number | null;
  lastUsedStep: number | null;
  failed: number;
  lockouts: number;
  lockedUntil: number | null;
  recovery: string[];
  usedRecovery: string[];
  lastAccepted: { code: string; step: number; secret: string } | null;
}

const PERIOD = 30_000;
const codeKind = fc.constantFrom<CodeKind>('current', 'previous', 'next', 'replay', 'wrong', 'far');
const recoveryKind = fc.constantFrom<RecoveryKind>('unused', 'used', 'wrong');
const pick = fc.nat(20);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ type: 'begin' as const }),
  fc.record({ type: fc.constant('confirm' as const), code: codeKind }),
  fc.constant({ type: 'cancel' as const }),
  // times > 1 repeats the same kind of code: bursts of wrong ones reach the lockout thresholds.
  {
    arbitrary: fc.record({
      type: fc.constant('verify' as const),
      code: codeKind,
      times: fc.integer({ min: 1, max: 6 }),
    }),
    weight: 4,
  },
  fc.record({ type: fc.constant('recovery' as const), code: recoveryKind, pick }),
  fc.record({ type: fc.constant('disable' as const), code: fc.oneof(codeKind, recoveryKind), pick }),
  fc.record({ type: fc.constant('regenerate' as const), code: fc.oneof(codeKind, recoveryKind), pick }),
  fc.constant({ type: 'reset' as const }),
  {
    arbitrary: fc.record({
      type: fc.constant('advance' as const),
      ms: fc.oneof(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 25_000, max: 35_000 }),
        fc.nat(1_200_000),
      ),
    }),
    weight: 3,
  },
);

const RECOVERY_KINDS = new Set<string>(['unused', 'used', 'wrong']);

describe('model-based', () => {
  it('random action sequences agree with the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { maxLength: 50 }), async (actions) => {
        const f = setup();
        const userId = 'model-user';
        const m: Model = {
          state: 'disabled',
          secret: null,
          pendingExpiresAt: 0,
          enabledAt: null,
          lastUsedStep: null,
          failed: 0,
          lockouts: 0,
          lockedUntil: null,
          recovery: [],
          usedRecovery: [],
          lastAccepted: null,
        };
        const now = () => f.clock.now;
        const effective = (): State =>
          m.state === 'pending' && now() >= m.pendingExpiresAt ? 'disabled' : m.state;
        const lockLeft = () => (m.lockedUntil !== null && m.lockedUntil > now() ? m.lockedUntil - now() : 0);
        const untilReset = () => m.lockedUntil === Number.MAX_SAFE_INTEGER;
        const lockedResult = () =>
          untilReset()
            ? { ok: false, reason: 'locked' }
            : { ok: false, reason: 'locked', retryAfterMs: lockLeft() };
        const fail = () => {
          m.failed += 1;
          if (m.lockouts * 5 + m.failed >= 100) {
            m.failed = 0;
            m.lockouts += 1;
            m.lockedUntil = Number.MAX_SAFE_INTEGER;
            return { ok: false, reason: 'invalid' };
          }
          if (m.failed < 5) return { ok: false, reason: 'invalid' };
          m.failed = 0;
          m.lockouts += 1;
          const ms = Math.min(30_000 * 2 ** (m.lockouts - 1), 900_000);
          m.lockedUntil = now() + ms;
          return { ok: false, reason: 'invalid', retryAfterMs: ms };
        };
        const clearThrottle = () => {
          m.failed = 0;
          m.lockouts = 0;
          m.lockedUntil = null;
        };
        const wipe = () => {
          m.state = 'disabled';
          m.secret = null;
          m.enabledAt = null;
          m.recovery = [];
        };
        // A TOTP of the given kind: the code, and the step it belongs to under the current secret (null: wrong).
        const makeCode = (kind: CodeKind): { code: string; step: number | null } => {
          const current = Math.floor(now() / PERIOD);
          const wrong = () => {
            const near = new Set(
              [-1, 0, 1].map((o) => (m.secret ? totp(m.secret, { time: now() + o * PERIOD }) : '')),
            );
            let n = 13;
            while (near.has(String(n).padStart(6, '0'))) n += 1;
            return { code: String(n).padStart(6, '0'), step: null };
          };
          if (m.secret === null || kind === 'wrong') return wrong();
          if (kind === 'replay') {
            const last = m.lastAccepted;
            if (last === null) return wrong();
            return { code: last.code, step: last.secret === m.secret ? last.step : null };
          }
          const offset = { current: 0, previous: -1, next: 1, far: 5 }[kind];
          const step = current + offset;
          return { code: totp(m.secret, { time: step * PERIOD }), step };
        };
        // Judges a TOTP against the model; on acceptance records the step.
        const judgeTotp = (code: { code: string; step: number | null }): 'ok' | 'replayed' | 'invalid' => {
          const current = Math.floor(now() / PERIOD);
          if (code.step === null || Math.abs(code.step - current) > 1) return 'invalid';
          if (m.lastUsedStep !== null && code.step <= m.lastUsedStep) return 'replayed';
          m.lastUsedStep = code.step;
          m.lastAccepted = { code: code.code, step: code.step, secret: m.secret! };
          return 'ok';
        };
        const recoveryInput = (kind: RecoveryKind, index: number): string => {
          if (kind === 'unused' && m.recovery.length > 0) return m.recovery[index % m.recovery.length]!;
          if (kind === 'used' && m.usedRecovery.length > 0)
            return m.usedRecovery[index % m.usedRecovery.length]!;
          return 'ZZZZ-ZZZZ-ZZZZ-ZZ22';
        };
        const judgeRecovery = (input: string): boolean => {
          const at = m.recovery.indexOf(input);
          if (at === -1) return false;
          m.recovery.splice(at, 1);
          m.usedRecovery.push(input);
          return true;
        };
        // A proof that may be a TOTP or a recovery code (disable, regenerate).
        const proof = (kind: CodeKind | RecoveryKind, index: number) =>
          RECOVERY_KINDS.has(kind)
            ? { recovery: recoveryInput(kind as RecoveryKind, index) }
            : { totp: makeCode(kind as CodeKind) };
        const judgeProof = (p: ReturnType<typeof proof>) =>
          p.recovery !== undefined ? (judgeRecovery(p.recovery) ? 'ok' : 'invalid') : judgeTotp(p.totp!);

        for (const action of actions) {
          switch (action.type) {
            case 'advance': {
              f.advance(action.ms);
              break;
            }
            case 'begin': {
              if (effective() === 'enabled') {
                await expect(f.mfa.beginEnable(userId)).rejects.toBeInstanceOf(MfaError);
                break;
              }
              const begun = await f.mfa.beginEnable(userId);
              m.state = 'pending';
              m.secret = begun.secret;
              m.pendingExpiresAt = now() + 600_000;
              m.enabledAt = null;
              m.lastUsedStep = null;
              m.recovery = [];
              expect(begun.expiresAt).toBe(m.pendingExpiresAt);
              break;
            }
            case 'confirm': {
              const code = makeCode(action.code);
              const result = await f.mfa.confirmEnable(userId, code.code);
              if (m.state !== 'pending') expect(result).toEqual({ ok: false, reason: 'not_pending' });
              else if (effective() !== 'pending') expect(result).toEqual({ ok: false, reason: 'expired' });
              else if (lockLeft() > 0) expect(result).toEqual(lockedResult());
              else {
                const verdict = judgeTotp(code);
                if (verdict === 'invalid') expect(result).toEqual(fail());
                else if (verdict === 'replayed') expect(result).toEqual({ ok: false, reason: 'replayed' });
                else {
                  if (!result.ok) throw new Error(`model expected ok, got ${result.reason}`);
                  m.state = 'enabled';
                  m.enabledAt = now();
                  m.recovery = [...result.recoveryCodes];
                  clearThrottle();
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
              if (state === 'pending') wipe();
              break;
            }
            case 'verify': {
              for (let i = 0; i < action.times; i++) {
                const code = makeCode(action.code);
                const result = await f.mfa.verify(userId, code.code);
                if (effective() !== 'enabled') expect(result).toEqual({ ok: false, reason: 'not_enabled' });
                else if (lockLeft() > 0) {
                  expect(result).toEqual(lockedResult());
                } else {
                  const verdict = judgeTotp(code);
                  if (verdict === 'invalid') expect(result).toEqual(fail());
                  else if (verdict === 'replayed') expect(result).toEqual({ ok: false, reason: 'replayed' });
                  else {
                    expect(result).toEqual({ ok: true });
                    clearThrottle();
                  }
                }
              }
              break;
            }
            case 'recovery': {
              const input = recoveryInput(action.code, action.pick);
              const result = await f.mfa.useRecoveryCode(userId, input);
              if (effective() !== 'enabled') expect(result).toEqual({ ok: false, reason: 'not_enabled' });
              else if (lockLeft() > 0) expect(result).toEqual(lockedResult());
              else if (judgeRecovery(input)) {
                expect(result).toEqual({ ok: true, remaining: m.recovery.length });
                clearThrottle();
              } else expect(result).toEqual(fail());
              break;
            }
            case 'disable':
            case 'regenerate': {
              const p = proof(action.code, action.pick);
              const input = p.recovery ?? p.totp!.code;
              const result =
                action.type === 'disable'
                  ? await f.mfa.disable(userId, input)
                  : await f.mfa.regenerateRecoveryCodes(userId, input);
              if (effective() !== 'enabled') expect(result).toEqual({ ok: false, reason: 'not_enabled' });
              else if (lockLeft() > 0) expect(result).toEqual(lockedResult());
              else {
                const verdict = judgeProof(p);
                if (verdict === 'invalid') expect(result).toEqual(fail());
                else if (verdict === 'replayed') expect(result).toEqual({ ok: false, reason: 'replayed' });
                else {
                  expect(result.ok).toBe(true);
                  clearThrottle();
                  if (action.type === 'disable') wipe();
                  else if ('recoveryCodes' in result) m.recovery = [...(result.recoveryCodes as string[])];
                }
              }
              break;
            }
            case 'reset': {
              expect(await f.mfa.reset(userId)).toEqual({ previousState: effective() });
              wipe();
              clearThrottle();
              break;
            }
          }
          const state = effective();
          expect(await f.mfa.status(userId)).toEqual({
            state,
            enabledAt: state === 'enabled' ? m.enabledAt : null,
            pendingExpiresAt: state === 'pending' ? m.pendingExpiresAt : null,
            recoveryCodesRemaining: state === 'enabled' ? m.recovery.length : 0,
            lockedUntil: lockLeft() > 0 && !untilReset() ? m.lockedUntil : null,
            lockedUntilReset: untilReset(),
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
