import { defineConfig, type Options } from 'tsup';
import { entries } from './build/entries.js';

const shared: Options = {
  entry: entries,
  dts: true,
  sourcemap: true,
  clean: false,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'node',
  external: [
    'better-sqlite3',
    'pg',
    '@electric-sql/pglite',
    'postgres',
    'mysql2',
    'ioredis',
    'redis',
    'qrcode',
  ],
};

export default defineConfig([
  { ...shared, format: ['esm'] },
  // @noble/* and @scure/base publish ES modules only. A require() of them works from Node 20.19 on,
  // but not in Node 20.0–20.18 nor under jest's CommonJS loader: the CommonJS build carries its own
  // copy of them, so that `require('mfakit')` works wherever the package's engines allow.
  { ...shared, format: ['cjs'], noExternal: [/^@noble\//, /^@scure\//] },
]);
