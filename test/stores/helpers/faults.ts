// Shared pieces of the dropped-connection tests (test/stores/faults*.test.ts): an enabled account
// with its next code, a retry while the driver reconnects, and the cut-the-compare-and-set test
// that every store behind a TCP proxy runs.
import { expect, it } from 'vitest';
import { createMfa, MfaError, totp } from '../../../src/index.js';
import type { MfaStore } from '../../../src/mfa/store.js';
import { startDroppingProxy } from './dropping-proxy.js';

/** The clock of enabledAccount: enabled at T0, its code is the one of T0 + 30 s. */
export const T0 = Date.UTC(2031, 5, 1);
/** The keyring of enabledAccount. */
export const keyring = { current: 'k1', keys: { k1: new Uint8Array(32).fill(7) } };

/** An account with MFA enabled through `store`, and the code of the next time step. */
export async function enabledAccount(store: MfaStore, userId: string, storeTimeoutMs = 10_000) {
  let now = T0;
  const mfa = createMfa({
    store,
    issuer: 'mfakit-faults',
    clock: () => now,
    keyring,
    storeTimeoutMs,
  });
  const { secret } = await mfa.beginEnable(userId, { accountName: userId });
  await mfa.confirmEnable(userId, totp(secret, { time: now }));
  now += 30_000;
  return { mfa, code: totp(secret, { time: now }) };
}

/**
 * What a verify came to, without what a success reports beside (method, time, authenticator):
 * `{ ok: true }` or the refusal as it is, so that outcomes compare with toEqual.
 */
export function outcome(result: { ok: boolean }): unknown {
  return result.ok ? { ok: true } : result;
}

/** Retries while the driver is still reconnecting (a typed store error), up to 5 s. */
export async function retry<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= 50 || !(error instanceof MfaError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The rejection of `promise`, or `{ resolved: value }` when it resolved. */
export async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

/**
 * Registers two tests for a SQL store reached through a proxy that cuts the connection carrying
 * the compare-and-set: as it goes out ('before': the server never runs it) and as its reply comes
 * back ('after': the write happened, the client never learns it). Either way the verify fails
 * with STORE_ERROR, and the code is accepted at most once afterwards: still good after 'before',
 * spent after 'after'. The trigger is the record's JSON, which only the compare-and-set sends.
 *
 * @param server - where the proxy forwards to
 * @param open - a store whose client connects to 127.0.0.1:`port`, and how to close that client
 */
export function itFailsClosedOnACutConnection(
  server: { host: string; port: number },
  open: (port: number) => Promise<{ store: MfaStore; close: () => Promise<void> }>,
): void {
  for (const when of ['before', 'after'] as const) {
    it(`cut ${when} the server runs the compare-and-set: STORE_ERROR, nothing accepted, the account whole`, async () => {
      const proxy = await startDroppingProxy(server.host, server.port);
      const { store, close } = await open(proxy.port);
      try {
        const userId = `cut-${when}-${Date.now().toString(36)}`;
        const { mfa, code } = await enabledAccount(store, userId, 5000);
        const dropped = proxy.arm('"lastUsedStep"', when);
        const error = await errorOf(mfa.verify(userId, code));
        await dropped;
        expect(error).toBeInstanceOf(MfaError);
        expect((error as MfaError).code).toBe('STORE_ERROR');

        const after = outcome(await retry(() => mfa.verify(userId, code)));
        expect(after).toEqual(when === 'before' ? { ok: true } : { ok: false, reason: 'replayed' });
        expect(await mfa.verify(userId, code)).toEqual({ ok: false, reason: 'replayed' });
        expect((await mfa.status(userId)).state).toBe('enabled');
      } finally {
        await close();
        await proxy.close();
      }
    });
  }
}
