// OTP core throughput, side by side with otpauth, otplib and speakeasy, in one process.
// Run: npm run bench (tsx bench/otp.bench.ts). Prints a markdown table of ops/s and the ratio to otpauth.
//
// (a) generate: one secret, a TOTP code at a fixed time, repeated. mfakit is given the Base32 text on
//     every call (it keeps no keyed state between calls); otpauth gets the TOTP object it recommends
//     building once, otplib and speakeasy the Base32 text, as their APIs take it.
// (b) verify-wrong: a wrong 6-digit code, window ±1 step, a different secret on every call (1024 Base32
//     secrets, cycled), the same inputs for every library.
//
// Fairness: every library runs in each round, in a rotating order, for the same time slice; a warm-up
// round is discarded, and the median of the rounds is reported, so machine noise hits all alike.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import * as OTPAuth from 'otpauth';
import { generateSync as otplibGenerate, verifySync as otplibVerify } from 'otplib';
import { generateSecret, totp, verifyTotp } from '../src/index.js';

interface Speakeasy {
  totp: ((options: { secret: string; encoding: 'base32'; time: number }) => string) & {
    verify(options: {
      secret: string;
      encoding: 'base32';
      token: string;
      time: number;
      window: number;
    }): boolean;
  };
}
// speakeasy ships no types; this is the slice of its API used here.
const speakeasy = createRequire(import.meta.url)('speakeasy') as Speakeasy;

const ROUNDS = 7;
const SLICE_MS = 300;
const SECRET_COUNT = 1024;
const TIME_MS = 1_700_000_000_000;
const TIME_S = TIME_MS / 1000;

const secrets = Array.from({ length: SECRET_COUNT }, () => generateSecret({ bytes: 20 }));
// A code that is wrong at every step of the ±1 window, for each secret (checked below).
const wrongCodes = secrets.map((secret) => {
  for (let candidate = 0; ; candidate++) {
    const code = String(candidate).padStart(6, '0');
    if (verifyTotp(secret, code, { time: TIME_MS, window: 1 }) === null) return code;
  }
});
const oneSecret = secrets[0]!;
const otpauthTotp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(oneSecret) });

type Contender = { name: string; run: (i: number) => unknown };

const generate: Contender[] = [
  { name: 'mfakit', run: () => totp(oneSecret, { time: TIME_MS }) },
  { name: 'otpauth', run: () => otpauthTotp.generate({ timestamp: TIME_MS }) },
  { name: 'otplib', run: () => otplibGenerate({ secret: oneSecret, epoch: TIME_S }) },
  { name: 'speakeasy', run: () => speakeasy.totp({ secret: oneSecret, encoding: 'base32', time: TIME_S }) },
];

const verifyWrong: Contender[] = [
  {
    name: 'mfakit',
    run: (i) => verifyTotp(secrets[i & 1023]!, wrongCodes[i & 1023]!, { time: TIME_MS, window: 1 }),
  },
  {
    name: 'otpauth',
    run: (i) =>
      OTPAuth.TOTP.validate({
        token: wrongCodes[i & 1023]!,
        secret: OTPAuth.Secret.fromBase32(secrets[i & 1023]!),
        timestamp: TIME_MS,
        window: 1,
      }),
  },
  {
    name: 'otplib',
    run: (i) =>
      otplibVerify({
        secret: secrets[i & 1023]!,
        token: wrongCodes[i & 1023]!,
        epoch: TIME_S,
        epochTolerance: 30,
      }).valid || null,
  },
  {
    name: 'speakeasy',
    run: (i) =>
      speakeasy.totp.verify({
        secret: secrets[i & 1023]!,
        encoding: 'base32',
        token: wrongCodes[i & 1023]!,
        time: TIME_S,
        window: 1,
      }) || null,
  },
];

/** Before timing anything: every library must agree, or the comparison means nothing. */
function checkAgreement(): void {
  const codes = generate.map((c) => c.run(0));
  if (new Set(codes).size !== 1) throw new Error(`libraries disagree on the code: ${codes.join(' ')}`);
  for (let i = 0; i < SECRET_COUNT; i++) {
    for (const contender of verifyWrong) {
      const result = contender.run(i);
      if (result !== null && result !== false) throw new Error(`${contender.name} accepted a wrong code`);
    }
  }
}

interface Sample {
  /** Operations per wall-clock second. */
  wall: number;
  /** Operations per second of this process's CPU time (user + system, all threads, GC included). */
  cpu: number;
}

/** Runs `run` for one time slice and returns its rates. */
function slice(run: (i: number) => unknown): Sample {
  let sink = 0;
  let done = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SLICE_MS) {
    for (let k = 0; k < 256; k++, done++) if (run(done) !== undefined) sink++;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (sink < 0) console.log(sink); // keeps the results alive
  return { wall: (done / elapsed) * 1000, cpu: (done / (cpu.user + cpu.system)) * 1e6 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Interleaved rounds: the order rotates so no library always runs first or last. */
function measure(contenders: Contender[]): Map<string, Sample> {
  const samples = new Map(contenders.map((c) => [c.name, [] as Sample[]]));
  for (let round = -1; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(k + Math.max(round, 0)) % contenders.length]!;
      const sample = slice(contender.run);
      if (round >= 0) samples.get(contender.name)!.push(sample);
    }
  }
  return new Map(
    [...samples].map(([name, values]) => [
      name,
      { wall: median(values.map((v) => v.wall)), cpu: median(values.map((v) => v.cpu)) },
    ]),
  );
}

function table(title: string, results: Map<string, Sample>): string {
  const base = results.get('otpauth')!;
  const format = (ops: number) => Math.round(ops).toLocaleString('en-US');
  const rows = [...results].map(
    ([name, { wall, cpu }]) =>
      `| ${name} | ${format(wall)} | ${(wall / base.wall).toFixed(2)}x | ${format(cpu)} | ${(cpu / base.cpu).toFixed(2)}x |`,
  );
  return [
    `### ${title}`,
    '',
    '| library | ops/s (wall, median) | vs otpauth | ops per CPU-second (median) | vs otpauth |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

checkAgreement();
console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ` +
    `${ROUNDS} interleaved rounds of ${SLICE_MS} ms per library after one warm-up round\n`,
);
console.log(table('(a) generate: one secret, repeated', measure(generate)));
console.log();
console.log(table('(b) verify a wrong code, window ±1, a new secret each call', measure(verifyWrong)));
