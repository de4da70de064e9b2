// The OTP core in a real browser: src/index.ts bundled for the browser (esbuild, platform browser,
// nothing from node:) and run in Chromium, where it must reproduce the RFC 4226 and RFC 6238
// vectors, verify with a window, generate a secret from the page's crypto, and round-trip a Key URI.
// Then the runtime scenario that Node, Bun, Deno and workerd also run (test/runtimes/scenario.ts:
// the vectors, the whole MFA flow on the memory store, toSvg), bundled from the built package.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RFC4226_VECTORS, RFC6238_VECTORS } from '../../src/testing/index.js';
import { buildScenario, cleanUp, expectSameAsNode } from '../runtimes/harness.js';
import type { ScenarioReport } from '../runtimes/scenario.js';
import { launchBrowser, reportSkip, skipWithoutBrowser } from './harness.js';

reportSkip('OTP core in the browser');

const CORE_ENTRY = `
  import { buildUri, generateSecret, hotp, parseUri, totp, verifyTotp } from './src/index.ts';
  globalThis.mfakit = { buildUri, generateSecret, hotp, parseUri, totp, verifyTotp };
`;

describe.skipIf(skipWithoutBrowser)('the OTP core in Chromium', () => {
  let browser: Browser;
  let bundle: string;
  let scenarioFile: string;

  beforeAll(async () => {
    const result = await build({
      stdin: {
        contents: CORE_ENTRY,
        resolveDir: fileURLToPath(new URL('../..', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
    });
    bundle = result.outputFiles[0]!.text;
    scenarioFile = await buildScenario('browser');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    cleanUp();
  });

  it('reproduces every RFC vector, verifies, generates secrets and round-trips Key URIs', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>mfakit core</title>');
    await page.addScriptTag({ content: bundle });
    const hotpVectors = RFC4226_VECTORS.map(({ secretBase32, counter, digits, code }) => ({
      secretBase32,
      counter,
      digits,
      code,
    }));
    const totpVectors = RFC6238_VECTORS.map(({ secretBase32, time, algorithm, digits, code }) => ({
      secretBase32,
      time,
      algorithm,
      digits,
      code,
    }));
    const outcome = await page.evaluate(
      ({ hotpVectors, totpVectors }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, typed by the test's expectations
        const m = (globalThis as any).mfakit;
        const secret = m.generateSecret();
        const uri = m.buildUri({ secret, accountName: 'ada@example.com', issuer: 'Ächme' });
        return {
          hotp: hotpVectors.map((v) => m.hotp(v.secretBase32, v.counter, { digits: v.digits }) === v.code),
          totp: totpVectors.map(
            (v) =>
              m.totp(v.secretBase32, { time: v.time, algorithm: v.algorithm, digits: v.digits }) === v.code,
          ),
          verified: m.verifyTotp(secret, m.totp(secret, { time: 1_700_000_030_000 }), {
            time: 1_700_000_000_000,
          }),
          secretLength: secret.length,
          parsed: m.parseUri(uri),
          secret,
          isNodeHere: typeof (globalThis as { process?: unknown }).process !== 'undefined',
        };
      },
      { hotpVectors, totpVectors },
    );
    expect(outcome.isNodeHere).toBe(false);
    expect(outcome.hotp).toEqual(hotpVectors.map(() => true));
    expect(outcome.totp).toEqual(totpVectors.map(() => true));
    expect(outcome.verified).toEqual({ step: 56_666_667, delta: 1 });
    expect(outcome.secretLength).toBe(32);
    expect(outcome.parsed).toMatchObject({
      secret: outcome.secret,
      issuer: 'Ächme',
      accountName: 'ada@example.com',
    });
    await page.close();
  });

  it('runs the runtime scenario: RFC vectors, the MFA flow on the memory store and toSvg', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>mfakit runtime scenario</title>');
    await page.addScriptTag({ path: scenarioFile });
    const report = await page.evaluate(() =>
      (globalThis as unknown as { runMfakitScenario: () => Promise<ScenarioReport> }).runMfakitScenario(),
    );
    await expectSameAsNode(report, 'browser');
    expect(report.nodeGlobals).toBe(false);
    await page.close();
  });
});
