// The conformance suite, from the built package, under jest and under node:test (the vitest run
// is test/stores/conformance.memory.test.ts): on the memory store every test passes, and on a
// store whose compare-and-set is not atomic the race tests fail, so a failure reaches each runner.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_TESTS } from '../../src/testing/conformance/suite.js';
import { readTap, requireBuild, root, run } from './helpers.js';

const fixtures = join(root, 'test', 'testing', 'fixtures');
const titles = CONFORMANCE_TESTS.map((test) => test.name);
const raceTitles = titles.filter((title) => title.includes('concurrent'));
const RACY = { MFAKIT_RACY_STORE: '1' };

/** Runs a jest fixture (ESM mode unless `commonJs`) and returns its JSON report. */
async function jest(env: Record<string, string> = {}, commonJs = false) {
  const { status, stdout, stderr } = await run(
    process.execPath,
    [
      ...(commonJs ? [] : ['--experimental-vm-modules']),
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--config',
      join(fixtures, commonJs ? 'jest.cjs.config.cjs' : 'jest.config.cjs'),
      '--ci',
      '--json',
    ],
    { env },
  );
  const report = JSON.parse(stdout) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { assertionResults: { title: string; status: string }[] }[];
  };
  const results = report.testResults.flatMap((file) => file.assertionResults);
  const failed = results.filter((result) => result.status === 'failed').map((result) => result.title);
  return { status, stderr, pass: report.numPassedTests, fail: report.numFailedTests, failed };
}

/** Runs the node:test fixture with the TAP reporter. */
async function nodeTest(env: Record<string, string> = {}) {
  const file = join(fixtures, 'conformance.node-test.mjs');
  const { status, stdout, stderr } = await run(process.execPath, ['--test', '--test-reporter=tap', file], {
    env,
  });
  return { status, stderr, ...readTap(stdout) };
}

describe('the conformance suite under other test runners, from the built package', () => {
  beforeAll(requireBuild);

  it('the suite has its tests, among them the two compare-and-set races', () => {
    expect(titles.length).toBeGreaterThanOrEqual(15);
    expect(new Set(titles).size).toBe(titles.length);
    expect(raceTitles).toHaveLength(2);
  });

  it('jest, through its globals: every test passes on the memory store', async () => {
    const result = await jest();
    expect(result, result.stderr).toMatchObject({ status: 0, pass: titles.length, fail: 0 });
  });

  it('jest in its default CommonJS mode loads the CommonJS build: the suite and the RFC vectors pass', async () => {
    const result = await jest({}, true);
    expect(result, result.stderr).toMatchObject({ status: 0, pass: titles.length + 1, fail: 0 });
  });

  it('jest: a store with a racy compare-and-set fails the race tests and the run', async () => {
    const result = await jest(RACY);
    expect(result.status).not.toBe(0);
    expect(result.failed).toEqual(expect.arrayContaining(raceTitles));
    expect(result.pass + result.fail).toBe(titles.length);
  });

  it('node:test, with its describe and it: every test passes on the memory store', async () => {
    const result = await nodeTest();
    expect(result, result.stderr).toMatchObject({ status: 0, pass: titles.length, fail: 0 });
  });

  it('node:test: a store with a racy compare-and-set fails the race tests and the run', async () => {
    const result = await nodeTest(RACY);
    expect(result.status).not.toBe(0);
    expect(result.failed).toEqual(expect.arrayContaining(raceTitles));
    expect(result.pass + result.fail).toBe(titles.length);
  });
});
