// Importing a store loads no database driver: the drivers are types only (or structural
// interfaces), so an app that uses the Redis store never needs pg or better-sqlite3 installed.
// Checked on the bundled output of each store entry, with the drivers left external.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const DRIVERS = [
  'better-sqlite3',
  'pg',
  '@electric-sql/pglite',
  'postgres',
  'mysql2',
  'ioredis',
  'redis',
  '@redis/client',
];

async function importsOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    metafile: true,
    external: DRIVERS,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.map((imported) => imported.path),
  );
}

describe('stores load no driver', () => {
  for (const store of ['sqlite', 'postgres', 'mysql', 'redis']) {
    it(`src/stores/${store}.ts imports none of ${DRIVERS.join(', ')}`, async () => {
      const imports = await importsOf(`src/stores/${store}.ts`);
      expect(imports.filter((path) => DRIVERS.includes(path))).toEqual([]);
    });
  }

  it('the check can fail: a file that imports a driver is caught', async () => {
    expect(await importsOf('test/stores/helpers/services.ts')).toEqual(
      expect.arrayContaining(['pg', 'ioredis']),
    );
  });
});
