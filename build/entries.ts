// The public entry points: one per subpath in package.json "exports", plus the CLI.
// test/package/exports.test.ts checks that this list and package.json never drift apart.
import { existsSync } from 'node:fs';

/** Every build entry: output path (without extension) → source file. */
export const allEntries: Record<string, string> = {
  index: 'src/index.ts',
  qr: 'src/qr/index.ts',
  testing: 'src/testing/index.ts',
  'stores/memory': 'src/stores/memory.ts',
  'stores/sqlite': 'src/stores/sqlite.ts',
  'stores/postgres': 'src/stores/postgres.ts',
  'stores/mysql': 'src/stores/mysql.ts',
  'stores/redis': 'src/stores/redis.ts',
  cli: 'src/cli/main.ts',
};

// While the project grows an entry may not exist yet; publint and attw in .ci/run
// catch any entry that package.json names but the build did not produce.
export const entries: Record<string, string> = Object.fromEntries(
  Object.entries(allEntries).filter(([, source]) => existsSync(source)),
);
