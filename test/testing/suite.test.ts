// The conformance suite itself: how it finds its runner, that each test gets a fresh harness and
// a teardown, and that it fails stores that break the contract, one fault at a time. A suite that
// passes a broken store would be worse than none.
import { afterEach, describe, expect, it } from 'vitest';
import type { MfaRecord, MfaStore } from '../../src/mfa/store.js';
import { MfaError } from '../../src/shared/index.js';
import { memoryStore } from '../../src/stores/memory.js';
import { CONFORMANCE_TESTS } from '../../src/testing/conformance/suite.js';
import {
  type ConformanceRunner,
  describeStoreConformance,
  type StoreHarness,
} from '../../src/testing/index.js';

interface Registered {
  suites: string[];
  tests: { name: string; run: () => Promise<void> }[];
}

/** A runner that records what the suite registers, so that the tests can be run one by one. */
function recordingRunner(): ConformanceRunner & Registered {
  const registered: Registered = { suites: [], tests: [] };
  return {
    ...registered,
    describe(name, body) {
      registered.suites.push(name);
      body();
    },
    it(name, run) {
      registered.tests.push({ name, run });
    },
  };
}

/** Registers the suite for `setup` and runs every test; returns the titles of those that failed. */
async function failedTests(setup: () => Promise<StoreHarness>): Promise<string[]> {
  const runner = recordingRunner();
  describeStoreConformance('store under test', setup, runner);
  const failed: string[] = [];
  for (const test of runner.tests) await test.run().catch(() => failed.push(test.name));
  return failed;
}

const titled = (fragment: string): string => {
  const title = CONFORMANCE_TESTS.find((test) => test.name.includes(fragment))?.name;
  if (title === undefined) throw new Error(`no conformance test mentions "${fragment}"`);
  return title;
};

/**
 * A correct store over a Map, except that it skips the argument checks, with `change` replacing
 * some of its methods to plant one fault.
 */
function mapStore(
  change: (records: Map<string, MfaRecord>) => Partial<MfaStore> = () => ({}),
): () => Promise<StoreHarness> {
  return async () => {
    const records = new Map<string, MfaRecord>();
    const store: MfaStore = {
      get: async (userId) => {
        const record = records.get(userId);
        return record === undefined ? null : structuredClone(record);
      },
      compareAndSet: async (userId, expectedVersion, record) => {
        if ((records.get(userId)?.version ?? 0) !== expectedVersion) return false;
        records.set(userId, structuredClone(record));
        return true;
      },
      delete: async (userId) => void records.delete(userId),
    };
    return { store: { ...store, ...change(records) } };
  };
}

describe('describeStoreConformance: runner', () => {
  const scope = globalThis as { describe?: unknown; it?: unknown };
  afterEach(() => {
    delete scope.describe;
    delete scope.it;
  });

  it('registers every test, under "<name> conformance", with the runner it is given', () => {
    const runner = recordingRunner();
    describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }), runner);
    expect(runner.suites).toEqual(['memoryStore conformance']);
    expect(runner.tests.map((test) => test.name)).toEqual(CONFORMANCE_TESTS.map((test) => test.name));
  });

  it('without a runner it uses the global describe and it (jest, vitest globals, mocha)', () => {
    const runner = recordingRunner();
    Object.assign(scope, { describe: runner.describe, it: runner.it });
    describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }));
    expect(runner.tests).toHaveLength(CONFORMANCE_TESTS.length);
  });

  it('without a runner or globals it throws MfaError INVALID_ARGUMENT saying what to pass', () => {
    const call = () => describeStoreConformance('memoryStore', async () => ({ store: memoryStore() }));
    expect(call).toThrow(MfaError);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(call).toThrow(/pass \{ describe, it \} of your test framework/);
  });

  it('refuses a runner without describe or it, an empty name and a setup that is not a function', () => {
    const setup = async () => ({ store: memoryStore() });
    const { describe: describeOnly } = recordingRunner();
    for (const call of [
      () => describeStoreConformance('s', setup, { describe: describeOnly } as unknown as ConformanceRunner),
      () => describeStoreConformance('s', setup, {} as ConformanceRunner),
      () => describeStoreConformance('', setup, recordingRunner()),
      () => describeStoreConformance('s', 'setup' as never, recordingRunner()),
    ]) {
      expect(call).toThrow(expect.objectContaining({ name: 'MfaError', code: 'INVALID_ARGUMENT' }));
    }
  });
});

describe('describeStoreConformance: harness', () => {
  it('calls setup and teardown once per test, also when the test fails', async () => {
    let setups = 0;
    let teardowns = 0;
    const failed = await failedTests(async () => {
      setups++;
      const inner = memoryStore();
      const store = { ...inner, delete: async () => {} };
      return { store, teardown: async () => void teardowns++ };
    });
    expect(failed.length).toBeGreaterThan(0);
    expect(setups).toBe(CONFORMANCE_TESTS.length);
    expect(teardowns).toBe(CONFORMANCE_TESTS.length);
  });

  it("a failing teardown never hides the test's own failure", async () => {
    const runner = recordingRunner();
    const broken = mapStore(() => ({ get: async () => null }));
    describeStoreConformance(
      's',
      async () => ({
        ...(await broken()),
        teardown: async () => {
          throw new Error('teardown failed');
        },
      }),
      runner,
    );
    const test = runner.tests.find((candidate) => candidate.name === titled('creates the record'))!;
    await expect(test.run()).rejects.toThrow(/^get after the first write: /);
  });

  it('a setup that gives no store fails each test with a clear message', async () => {
    const runner = recordingRunner();
    describeStoreConformance('s', async () => ({}) as StoreHarness, runner);
    await expect(runner.tests[0]!.run()).rejects.toThrow(/setup must resolve to \{ store/);
  });
});

describe('the suite fails a store that breaks the contract', () => {
  it('passes the memory store', async () => {
    expect(await failedTests(async () => ({ store: memoryStore() }))).toEqual([]);
  });

  it('fails only the typed-error test on a store that is correct but checks no arguments', async () => {
    expect(await failedTests(mapStore())).toEqual([titled('bad arguments')]);
  });

  const faults: [string, () => Promise<StoreHarness>, string[]][] = [
    [
      'compareAndSet ignores the expected version',
      mapStore((records) => ({
        compareAndSet: async (userId, _expectedVersion, record) => {
          records.set(userId, structuredClone(record));
          return true;
        },
      })),
      ['stale or a future version', 'on an existing record', 'concurrent creators', 'concurrent writers'],
    ],
    [
      'compareAndSet checks the version, yields, then writes',
      mapStore((records) => ({
        compareAndSet: async (userId, expectedVersion, record) => {
          const storedVersion = records.get(userId)?.version ?? 0;
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (storedVersion !== expectedVersion) return false;
          records.set(userId, structuredClone(record));
          return true;
        },
      })),
      [
        'concurrent creators',
        'concurrent writers',
        'parallel verifies',
        'confirmed in parallel',
        'removal racing',
        'racing disable',
      ],
    ],
    [
      'a long record is cut short (a column too small)',
      mapStore((records) => ({
        get: async (userId) => {
          const record = records.get(userId);
          if (record === undefined) return null;
          const copy = structuredClone(record);
          if (JSON.stringify(copy).length > 8000) copy.devices = copy.devices!.slice(0, 16);
          return copy;
        },
      })),
      ['largest format-3 record', '100 of each', 'shows none of them'],
    ],
    [
      'a field is lost on the way',
      mapStore((records) => ({
        get: async (userId) => {
          const record = records.get(userId);
          if (record === undefined) return null;
          const { lockouts: _dropped, ...rest } = structuredClone(record);
          return rest as MfaRecord;
        },
      })),
      ['every field exactly', 'round-trip exactly'],
    ],
    [
      'records are kept and handed out by reference',
      mapStore((records) => ({
        get: async (userId) => records.get(userId) ?? null,
        compareAndSet: async (userId, expectedVersion, record) => {
          if ((records.get(userId)?.version ?? 0) !== expectedVersion) return false;
          records.set(userId, record);
          return true;
        },
      })),
      ['mutating a record'],
    ],
    ['delete does nothing', mapStore(() => ({ delete: async () => {} })), ['delete removes', 'isolated']],
    [
      'all users share one record',
      mapStore((records) => ({
        get: async (userId) => {
          const record = records.get('shared');
          return record === undefined ? null : { ...structuredClone(record), userId };
        },
        compareAndSet: async (_userId, expectedVersion, record) => {
          if ((records.get('shared')?.version ?? 0) !== expectedVersion) return false;
          records.set('shared', structuredClone(record));
          return true;
        },
        delete: async () => void records.delete('shared'),
      })),
      ['isolated'],
    ],
    [
      'readRaw does not read what was stored',
      async () => ({ store: memoryStore(), readRaw: async () => '[]' }),
      ['holds the record after a write', 'only hashes'],
    ],
  ];

  for (const [fault, setup, expected] of faults) {
    it(`fails a store where ${fault}`, async () => {
      const failed = await failedTests(setup);
      expect(failed).toEqual(expect.arrayContaining(expected.map(titled)));
    });
  }
});
