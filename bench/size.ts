// Browser bundle size of the OTP core beside otpauth's equivalent.
// Run: npm run bench:size (tsx bench/size.ts). Bundles each entry with esbuild (platform browser,
// ESM, minified, tree-shaken), gzips it at level 9, and prints the sizes in bytes.
// npm run check:size (tsx bench/size.ts --check) is the size budget of .ci/run: it measures both
// in the same run and fails when mfakit's minified + gzipped core is larger than otpauth's.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

const entries = {
  // What an app shipping TOTP to a browser needs: codes, verification, Key URIs, secrets.
  mfakit: "export { totp, verifyTotp, buildUri, parseUri, generateSecret } from './src/index.ts';",
  otpauth: "export { TOTP, URI, Secret } from 'otpauth';",
};

async function measure(contents: string): Promise<{ minified: number; gzipped: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

const sizes: Record<string, { minified: number; gzipped: number }> = {};
const rows: string[] = [];
for (const [name, contents] of Object.entries(entries)) {
  const { minified, gzipped } = await measure(contents);
  sizes[name] = { minified, gzipped };
  rows.push(
    `| ${name} | \`${contents.replace(/ from .*/, '').replace('export ', '')}\` | ${minified} | ${gzipped} |`,
  );
}
console.log(
  ['| bundle | exports | minified (bytes) | min + gzip -9 (bytes) |', '|---|---|---:|---:|', ...rows].join(
    '\n',
  ),
);

if (process.argv.includes('--check')) {
  const ours = sizes['mfakit']!.gzipped;
  const budget = sizes['otpauth']!.gzipped;
  const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
  const verdict = `mfakit's core is ${ours} bytes (${kb(ours)}) minified + gzipped; otpauth's is ${budget} bytes (${kb(budget)})`;
  if (ours > budget) {
    console.error(`\nsize budget exceeded: ${verdict}. The core must stay no larger than otpauth's.`);
    process.exitCode = 1;
  } else {
    console.log(`\nsize budget kept: ${verdict}, ${budget - ours} bytes to spare.`);
  }
}
