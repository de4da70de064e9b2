// What one mfa.verify costs next to a stateless TOTP check, in one process.
// Run: npm run bench (tsx bench/verify.bench.ts, after the OTP table). Prints a markdown table.
//
// Side by side on the same fresh codes: a full `mfa.verify` through the memory store with a keyring
// (load, AES-GCM decrypt of the secret, window check, replay floor, throttle, compare-and-set), and
// otpauth's `TOTP.validate` with window 1, given the secret as Base32 text (as an application that
// keeps it in its database would). Each round moves the clock one 30 s step and verifies every
// account's code of that step once, so every code is fresh and accepted; both contenders get the same
// (secret, code, time) triples, in a rotating order; a warm-up round is discarded and the median of
// the rounds is reported. Below it, the parts of a verify measured alone, to show where the time goes.
import { cpus, loadavg } from 'node:os';
import * as OTPAuth from 'otpauth';
import { createMfa, decodeBase32, totp, verifyTotp } from '../src/index.js';
import { createSecretBox } from '../src/mfa/crypto.js';
import { nobleGcm, platformGcm } from '../src/mfa/gcm.js';
import { guardStore } from '../src/mfa/guarded-store.js';
import type { MfaRecord } from '../src/mfa/store.js';
import { memoryStore } from '../src/stores/memory.js';

const ACCOUNTS = 2048;
const ROUNDS = 15;
const START = Date.UTC(2030, 0, 1, 12, 0, 5);
const TARGET = 3;
const loadAtStart = loadavg()[0] ?? 0;

const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
const clock = { now: START };
const store = memoryStore();
const mfa = createMfa({ store, issuer: 'Bench', keyring, clock: () => clock.now });
const users = Array.from({ length: ACCOUNTS }, (_, i) => `user-${i}`);
const secrets: string[] = [];
for (const user of users) {
  const { secret } = await mfa.beginEnable(user);
  const confirmed = await mfa.confirmEnable(user, totp(secret, { time: clock.now }));
  if (!confirmed.ok) throw new Error(`confirm refused: ${confirmed.reason}`);
  secrets.push(secret);
}

interface Sample {
  /** Microseconds of process CPU (user + system) per operation. */
  cpu: number;
  /** Microseconds of wall-clock time per operation. */
  wall: number;
}

async function time(run: (i: number) => unknown, count: number): Promise<Sample> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) await run(i);
  const wall = ((performance.now() - start) * 1000) / count;
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (cpu.user + cpu.system) / count, wall };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Contender = { name: string; run: (i: number, codes: string[]) => unknown };
const contenders: Contender[] = [
  {
    name: 'mfakit mfa.verify (memory store, keyring)',
    run: async (i, codes) => {
      const result = await mfa.verify(users[i]!, codes[i]!);
      if (!result.ok) throw new Error(`verify refused: ${result.reason}`);
    },
  },
  {
    name: 'otpauth TOTP.validate (window 1)',
    run: (i, codes) => {
      const delta = OTPAuth.TOTP.validate({
        token: codes[i]!,
        secret: OTPAuth.Secret.fromBase32(secrets[i]!),
        timestamp: clock.now,
        window: 1,
      });
      if (delta !== 0) throw new Error('otpauth refused a fresh code');
    },
  },
];

const samples = new Map(contenders.map((c) => [c.name, [] as Sample[]]));
for (let round = -1; round < ROUNDS; round++) {
  clock.now += 30_000;
  const codes = secrets.map((secret) => totp(secret, { time: clock.now }));
  for (let k = 0; k < contenders.length; k++) {
    const contender = contenders[(k + Math.max(round, 0)) % contenders.length]!;
    const sample = await time((i) => contender.run(i, codes), ACCOUNTS);
    if (round >= 0) samples.get(contender.name)!.push(sample);
  }
}
const result = new Map(
  [...samples].map(([name, values]) => [
    name,
    { cpu: median(values.map((v) => v.cpu)), wall: median(values.map((v) => v.wall)) },
  ]),
);

// The parts, alone: each run over the same accounts, sequentially.
const box = createSecretBox(keyring);
const nobleBox = createSecretBox(keyring, nobleGcm);
const records = (await Promise.all(users.map((user) => store.get(user)))) as MfaRecord[];
const secretBytes = secrets.map((secret) => decodeBase32(secret));
const rawStore = memoryStore();
for (const record of records) await rawStore.compareAndSet(record.userId, 0, { ...record, version: 1 });
// The same store behind the guard the service puts around every store call (timeout, typed errors, shape check).
const guardedStore = guardStore(rawStore, 5000);
const parts: [string, (i: number) => unknown][] = [
  [
    `AES-GCM decrypt of the secret (${platformGcm().name})`,
    (i) => box.open(users[i]!, records[i]!.authenticators![0]!.secret),
  ],
  [
    'AES-GCM decrypt of the secret (@noble/ciphers)',
    (i) => nobleBox.open(users[i]!, records[i]!.authenticators![0]!.secret),
  ],
  [
    'verifyTotp, window 1, secret bytes given',
    (i) => verifyTotp(secretBytes[i]!, '000000', { time: clock.now }),
  ],
  [
    'memory store get + compareAndSet alone',
    async (i) => {
      const record = (await rawStore.get(users[i]!))!;
      await rawStore.compareAndSet(users[i]!, record.version, { ...record, version: record.version + 1 });
    },
  ],
  [
    'the same through the guarded store',
    async (i) => {
      const record = (await guardedStore.get(users[i]!))!;
      await guardedStore.compareAndSet(users[i]!, record.version, { ...record, version: record.version + 1 });
    },
  ],
  ['one structuredClone of a record (for scale)', (i) => structuredClone(records[i]!)],
];
const partSamples = new Map(parts.map(([name]) => [name, [] as Sample[]]));
for (let round = -1; round < 7; round++) {
  for (const [name, run] of parts) {
    const sample = await time(run, ACCOUNTS);
    if (round >= 0) partSamples.get(name)!.push(sample);
  }
}

const fmt = (micros: number) => micros.toFixed(2);
const [mfakit, otpauth] = [...result.values()] as [Sample, Sample];
console.log(
  `\nNode ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; ` +
    `${ROUNDS} rounds of ${ACCOUNTS} fresh codes per contender after one warm-up round (medians); ` +
    `load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end\n`,
);
console.log('### (c) one accepted verify: mfakit with its bookkeeping against a stateless check\n');
console.log('| | CPU µs/op | wall µs/op | CPU vs otpauth |');
console.log('|---|---:|---:|---:|');
for (const [name, sample] of result) {
  console.log(
    `| ${name} | ${fmt(sample.cpu)} | ${fmt(sample.wall)} | ${(sample.cpu / otpauth.cpu).toFixed(2)}x |`,
  );
}
const ratio = mfakit.cpu / otpauth.cpu;
console.log(
  `\nmfa.verify / otpauth validate, CPU: ${ratio.toFixed(2)}x (target ≤ ${TARGET}x: ${ratio <= TARGET ? 'met' : 'not met'})`,
);
console.log('\n| part of a verify, measured alone | CPU µs/op | wall µs/op |');
console.log('|---|---:|---:|');
for (const [name, values] of partSamples) {
  console.log(
    `| ${name} | ${fmt(median(values.map((v) => v.cpu)))} | ${fmt(median(values.map((v) => v.wall)))} |`,
  );
}
