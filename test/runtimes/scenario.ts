// The one scenario every runtime runs (Node, Bun, Deno, workerd, Chromium): the RFC 4226 and RFC 6238
// vectors, the whole MFA flow on the memory store, and an SVG QR code. It imports the package by
// name only and touches nothing but web-standard globals, so the same file runs everywhere; the
// runners in this folder bundle or link it to the built package (dist/). It never throws: each check
// is recorded with what went wrong, so one report shows every failure of a runtime at once.
import { buildUri, createMfa, hotp, type MfaEvent, totp, verifyHotp, verifyTotp } from 'mfakit';
import { toSvg } from 'mfakit/qr';
import { memoryStore } from 'mfakit/stores/memory';
import { RFC4226_VECTORS, RFC6238_VECTORS } from 'mfakit/testing';

/** One named check and, when it failed, why. */
export interface ScenarioCheck {
  /** What was checked. */
  name: string;
  /** True when it held. */
  ok: boolean;
  /** What was seen instead, or the error thrown, when it failed. */
  detail?: string;
}

/** What a runtime reports back to the test that started it. */
export interface ScenarioReport {
  /** The runtime as it identifies itself ('node', 'bun', 'deno', 'workerd', 'browser'). */
  runtime: string;
  /** True when the runtime has Node's `process` global (Node, Bun, Deno 2, recent workerd). */
  nodeGlobals: boolean;
  /** True when every check held. */
  ok: boolean;
  /** Every check, in the order run. */
  checks: ScenarioCheck[];
  /** `toSvg(FIXED_URI)`, compared by the test with what Node renders. */
  svg: string;
}

/** The line prefix that marks the report among anything else a command-line runtime prints. */
export const REPORT_PREFIX = 'MFAKIT_SCENARIO_REPORT ';

/** A Key URI with a fixed secret (RFC 4226's), so that every runtime must draw the same symbol. */
export const FIXED_URI = buildFixedUri();

/** The scenario's clock starts here: a few seconds into a TOTP step, so no code sits on a boundary. */
const START = 1_700_000_005_000;
const STEP_MS = 30_000;

/**
 * Runs every check of the scenario.
 *
 * @returns the report; `ok` is false when any check failed
 */
export async function runScenario(): Promise<ScenarioReport> {
  const checks: ScenarioCheck[] = [];
  const check = (name: string, ok: boolean, detail?: string): void => {
    checks.push(ok || detail === undefined ? { name, ok } : { name, ok, detail });
  };
  const attempt = async (name: string, body: () => unknown): Promise<void> => {
    try {
      await body();
    } catch (error) {
      check(name, false, `threw ${describeError(error)}`);
    }
  };

  const runtime = detectRuntime();
  check('the runtime is recognised', runtime !== 'unknown');
  await attempt('RFC 4226 vectors', () => checkHotpVectors(check));
  await attempt('RFC 6238 vectors', () => checkTotpVectors(check));
  await attempt('MFA flow', () => checkMfaFlow(check));
  let svg = '';
  await attempt('toSvg', () => {
    svg = toSvg(FIXED_URI);
    check('toSvg draws an SVG document', /^<svg [^>]*role="img"/.test(svg) && svg.endsWith('</svg>'));
  });
  const nodeGlobals = typeof (globalThis as { process?: unknown }).process !== 'undefined';
  return { runtime, nodeGlobals, ok: checks.every((c) => c.ok), checks, svg };
}

type Check = (name: string, ok: boolean, detail?: string) => void;

function checkHotpVectors(check: Check): void {
  for (const v of RFC4226_VECTORS) {
    const name = `RFC 4226 counter ${v.counter}`;
    const code = hotp(v.secretBase32, v.counter, { digits: v.digits, algorithm: v.algorithm });
    const match = verifyHotp(v.secret, v.code, {
      counter: v.counter,
      digits: v.digits,
      algorithm: v.algorithm,
    });
    check(name, code === v.code && match?.counter === v.counter, `${code}, match ${JSON.stringify(match)}`);
  }
}

function checkTotpVectors(check: Check): void {
  for (const v of RFC6238_VECTORS) {
    const name = `RFC 6238 ${v.algorithm} T=${v.time / 1000}`;
    const options = { time: v.time, digits: v.digits, algorithm: v.algorithm };
    const code = totp(v.secretBase32, options);
    const match = verifyTotp(v.secret, v.code, options);
    check(name, code === v.code && match?.step === v.step, `${code}, match ${JSON.stringify(match)}`);
  }
}

/** Enable, confirm, verify, replay refused, recovery code, disable: the seed's whole journey. */
async function checkMfaFlow(check: Check): Promise<void> {
  let now = START;
  const events: string[] = [];
  const mfa = createMfa({
    store: memoryStore(),
    issuer: 'Acme',
    clock: () => now,
    // A fresh key from the runtime's CSPRNG: the secret is sealed with AES-256-GCM on every write.
    keyring: { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } },
    onEvent: (event: MfaEvent) => {
      events.push(event.type);
    },
  });
  const user = 'ada';

  const begun = await mfa.beginEnable(user, { accountName: 'ada@example.com' });
  check(
    'beginEnable returns a Base32 secret',
    /^[A-Z2-7]{32}$/.test(begun.secret),
    `${begun.secret.length} chars`,
  );
  check('beginEnable returns its Key URI', begun.uri.startsWith('otpauth://totp/Acme:ada%40example.com?'));
  const enrolmentQr = toSvg(begun.uri);
  check('toSvg draws the Key URI', enrolmentQr.includes('aria-label="QR code for Acme: ada@example.com"'));
  check('the account is pending', (await mfa.status(user)).state === 'pending');

  const confirmed = await mfa.confirmEnable(user, totp(begun.secret, { time: now }));
  const recoveryCodes = confirmed.ok ? confirmed.recoveryCodes : [];
  check('confirmEnable accepts the current code', confirmed.ok, JSON.stringify(confirmed));
  check('confirmEnable issues 10 recovery codes', recoveryCodes.length === 10, `${recoveryCodes.length}`);

  now += STEP_MS;
  const code = totp(begun.secret, { time: now });
  const verified = await mfa.verify(user, code);
  check('verify accepts a fresh code', verified.ok, JSON.stringify(verified));
  const replayed = await mfa.verify(user, code);
  check(
    'verify refuses the same code as replayed',
    !replayed.ok && replayed.reason === 'replayed',
    JSON.stringify(replayed),
  );

  const recovered = await mfa.useRecoveryCode(user, recoveryCodes[0] ?? '');
  check(
    'useRecoveryCode accepts a code',
    recovered.ok && recovered.remaining === 9,
    JSON.stringify(recovered),
  );
  const reused = await mfa.useRecoveryCode(user, recoveryCodes[0] ?? '');
  check(
    'a used recovery code is refused as replayed',
    !reused.ok && reused.reason === 'replayed',
    JSON.stringify(reused),
  );

  // Remembered devices: the token (random bytes, base64url) and its hash (HMAC under the keyring)
  // use only what every runtime has.
  now += STEP_MS;
  const remembered = await mfa.verify(user, totp(begun.secret, { time: now }), {
    rememberDevice: { label: 'this runtime' },
  });
  const deviceToken = remembered.ok ? (remembered.deviceToken ?? '') : '';
  check(
    'verify remembers the device with a 43-character token',
    deviceToken.length === 43,
    `${deviceToken.length}`,
  );
  const device = await mfa.checkDevice(user, deviceToken);
  check('checkDevice recognises the device', device.ok && device.method === 'device', String(device.ok));
  const stranger = await mfa.checkDevice(
    user,
    deviceToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
  );
  check(
    'checkDevice refuses another token',
    !stranger.ok && stranger.reason === 'unknown',
    String(stranger.ok),
  );

  now += STEP_MS;
  const disabled = await mfa.disable(user, totp(begun.secret, { time: now }));
  check('disable accepts a fresh code', disabled.ok, JSON.stringify(disabled));
  const status = await mfa.status(user);
  check('the account is disabled', status.state === 'disabled', status.state);

  const expected = [
    'enable_started',
    'enabled',
    'verified',
    'verify_failed',
    'recovery_code_used',
    'verify_failed',
    'verified',
    'device_remembered',
    'verified',
    'disabled',
  ].join(',');
  check('events report each step', events.join(',') === expected, events.join(','));
}

function buildFixedUri(): string {
  const secret = RFC4226_VECTORS[0]?.secretBase32 ?? '';
  return buildUri({ secret, issuer: 'Acme', accountName: 'ada@example.com' });
}

/** The runtime's own name for itself, from what only it defines. */
function detectRuntime(): string {
  const global = globalThis as { Bun?: unknown; Deno?: unknown; process?: { versions?: { node?: string } } };
  if (global.Bun !== undefined) return 'bun';
  if (global.Deno !== undefined) return 'deno';
  if (typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (global.process?.versions?.node !== undefined) return 'node';
  if (typeof window !== 'undefined') return 'browser';
  return 'unknown';
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`;
  }
  return String(error);
}
