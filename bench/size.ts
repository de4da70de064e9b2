// Browser bundle size of the OTP core beside otpauth's equivalent.
// Run: npm run bench:size (tsx bench/size.ts). Bundles each entry with esbuild (platform browser,
// ESM, minified, tree-shaken), gzips it at level 9, and prints the sizes in bytes.
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

const rows: string[] = [];
for (const [name, contents] of Object.entries(entries)) {
  const { minified, gzipped } = await measure(contents);
  rows.push(
    `| ${name} | \`${contents.replace(/ from .*/, '').replace('export ', '')}\` | ${minified} | ${gzipped} |`,
  );
}
console.log(
  ['| bundle | exports | minified (bytes) | min + gzip -9 (bytes) |', '|---|---|---:|---:|', ...rows].join(
    '\n',
  ),
);
