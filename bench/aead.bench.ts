// Which AES-256-GCM to use for the secret decrypt that sits on every verify: the runtime's node:crypto
// (what src/mfa/crypto.ts picks in Node, Bun and Deno), @noble/ciphers' gcm (its fallback), or WebCrypto.
// Run: npx tsx bench/aead.bench.ts. Measures one 20-byte secret decrypt (with a 16-byte tag and the user id
// as associated data), sequentially (latency) and 64 at a time (throughput), plus process CPU per decrypt.
import { nobleGcm, platformGcm } from '../src/mfa/gcm.js';

const key = crypto.getRandomValues(new Uint8Array(32));
const iv = crypto.getRandomValues(new Uint8Array(12));
const aad = new TextEncoder().encode('user-1234567890');
const secret = crypto.getRandomValues(new Uint8Array(20));

const platform = platformGcm();
const platformKey = platform.importKey(key);
const nobleKey = nobleGcm.importKey(key);
const sealed = new Uint8Array(nobleKey.seal(iv, aad, secret));
const subtleKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);

async function measure(name: string, run: () => Promise<unknown> | unknown, batch: number): Promise<void> {
  const total = 40_000;
  for (let i = 0; i < 2000; i++) await run();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch) {
    if (batch === 1) await run();
    else await Promise.all(Array.from({ length: batch }, run));
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / total;
  console.log(
    `${name.padEnd(44)} ${Math.round(total / (ms / 1000))
      .toString()
      .padStart(9)} ops/s   ${cpuUs.toFixed(2).padStart(6)} µs CPU/op`,
  );
}

for (const batch of [1, 64]) {
  await measure(
    `${platform.name} open, key set up (batch ${batch})`,
    () => platformKey.open(iv, aad, sealed),
    batch,
  );
  await measure(`@noble/ciphers gcm open (batch ${batch})`, () => nobleKey.open(iv, aad, sealed), batch);
  await measure(
    `subtle decrypt, key cached (batch ${batch})`,
    () => crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, subtleKey, sealed),
    batch,
  );
}
