import { createMfa, totp } from './src/index.ts';
import { memoryStore } from './src/stores/memory.ts';
let now = Date.UTC(2032,0,1);
const mfa = createMfa({ store: memoryStore(), issuer: 'b', clock: () => now, keyring: { current: 'k1', keys: { k1: new Uint8Array(32).fill(1) } } });
const users = Array.from({length:256},(_, i)=>`u${i}`); const secrets: string[] = [];
for (const u of users) { const { secret } = await mfa.beginEnable(u, {accountName: u}); await mfa.confirmEnable(u, totp(secret, {time: now})); secrets.push(secret); }
for (let pass = 0; pass < 3; pass++) {
let t = 0, c = 0;
for (let r = 0; r < 30; r++) {
  now += 30000; const codes = secrets.map((s) => totp(s, { time: now }));
  const cpu = process.cpuUsage(); const t0 = performance.now();
  await Promise.all(users.map((u, i) => mfa.verify(u, codes[i]!)));
  t += performance.now() - t0; const u2 = process.cpuUsage(cpu); c += u2.user + u2.system;
}
console.log('wall µs/op', (t*1000/7680).toFixed(1), 'cpu µs/op', (c/7680).toFixed(1));
}
const t1 = performance.now(); for (let i=0;i<7680;i++) totp(secrets[i%256]!, {time: now}); console.log('totp µs', ((performance.now()-t1)*1000/7680).toFixed(1));
