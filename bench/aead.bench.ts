// Which AES-256-GCM to use for the secret decrypt that sits on every verify: WebCrypto, @noble/ciphers'
// gcm, or src/mfa/aead.ts (noble's AES block function with the per-key setup done once).
// Run: npx tsx bench/aead.bench.ts. Measures one 20-byte secret decrypt (with a 16-byte tag and the user id
// as associated data), sequentially (latency) and 64 at a time (throughput), plus process CPU per decrypt.
import { gcm } from '@noble/ciphers/aes.js';
import { gcmKey, gcmOpen } from '../src/mfa/aead.js';

const key = crypto.getRandomValues(new Uint8Array(32));
const iv = crypto.getRandomValues(new Uint8Array(12));
const aad = new TextEncoder().encode('user-1234567890');
const secret = crypto.getRandomValues(new Uint8Array(20));
const sealed = gcm(key, iv, aad).encrypt(secret);

const prepared = gcmKey(key);
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
    `${name.padEnd(40)} ${Math.round(total / (ms / 1000))
      .toString()
      .padStart(9)} ops/s   ${cpuUs.toFixed(2).padStart(6)} µs CPU/op`,
  );
}

for (const batch of [1, 64]) {
  await measure(`noble gcm decrypt (batch ${batch})`, () => gcm(key, iv, aad).decrypt(sealed), batch);
  await measure(
    `mfakit gcmOpen, key prepared (batch ${batch})`,
    () => gcmOpen(prepared, iv, aad, sealed),
    batch,
  );
  await measure(
    `subtle decrypt, key cached (batch ${batch})`,
    () => crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, subtleKey, sealed),
    batch,
  );
  await measure(
    `subtle importKey+decrypt (batch ${batch})`,
    async () => {
      const k = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
      return crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, k, sealed);
    },
    batch,
  );
}
