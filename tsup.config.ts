import { defineConfig } from 'tsup';
import { entries } from './build/entries.js';

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
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
});
