/**
 * The IAM demo server: `npm start`, then open the URL it prints and sign in as demo / demo-password.
 *
 * Everything lives in one SQLite file in the data folder (.data/, or MFA_DEMO_DATA): the app's users
 * table beside mfakit's own table, so an account and its MFA record are in one database, backed up
 * together. The keys that sign sessions and encrypt TOTP secrets are in secrets.json beside it.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { createMfa, type Mfa, type MfaEvent } from 'mfakit';
import { sqliteStore } from 'mfakit/stores/sqlite';
import { createApp } from './app.js';
import { loadSecrets } from './secrets.js';
import { createSessions } from './session.js';
import { createSessionGenerations } from './session-generations.js';
import { createSignInThrottle } from './sign-in-throttle.js';
import { createUsers } from './users.js';

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default: PORT, else 3000. */
  port?: number;
  /** The data folder. Default: MFA_DEMO_DATA, else .data in the working directory. */
  dataDir?: string;
  /** The clock of mfakit and of the password throttle (ms since the epoch), for tests that step time. Default Date.now. */
  clock?: () => number;
  /** Where log lines go. Default console.log. */
  log?: (line: string) => void;
}

/** A running demo server. */
export interface RunningServer {
  /** The base URL, such as http://localhost:3000. */
  url: string;
  /** The MFA service the app uses (for tests and admin scripts; to reset a user's MFA, use `resetMfa`). */
  mfa: Mfa;
  /**
   * An administrator's reset: turns the user's MFA off whatever its state (mfakit's `reset`), then
   * ends every session of the user, so that whoever is signed in must sign in again.
   *
   * @param username - the account
   * @returns false when there is no such user
   */
  resetMfa(username: string): Promise<boolean>;
  /** Stops accepting requests and closes the database. */
  close(): Promise<void>;
}

// An audit line per MFA event. Events never contain a secret or a code, so they are safe to log.
function describeEvent(event: MfaEvent): string {
  const { type, userId, at, ...details } = event;
  const extra = Object.entries(details)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  return `mfa ${type} user=${userId}${extra ? ` ${extra}` : ''}`;
}

/**
 * Opens the database, seeds the demo user and starts serving.
 *
 * @param options - port, data folder, clock, logger
 * @returns the running server
 * @throws when the data folder cannot be written or the port is taken
 * @example
 * ```ts
 * const server = await startServer({ port: 0, dataDir: '/tmp/iam-test' });
 * console.log(server.url); // http://localhost:41234
 * await server.close();
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? console.log;
  const dataDir = resolve(options.dataDir ?? process.env['MFA_DEMO_DATA'] ?? '.data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets = loadSecrets(dataDir);

  const db = new Database(join(dataDir, 'iam.sqlite'));
  db.pragma('journal_mode = WAL');
  const store = sqliteStore(db);
  await store.migrate();
  const mfa = createMfa({
    store,
    issuer: 'IAM Demo',
    keyring: secrets.keyring,
    ...(options.clock ? { clock: options.clock } : {}),
    onEvent: (event) => log(describeEvent(event)),
  });
  const users = createUsers(db);
  await users.seed('demo', 'demo-password');
  const sessions = createSessions(secrets.sessionKey, createSessionGenerations(db));
  // The throttle's HMAC key is derived from the session key, so secrets.json keeps its shape.
  const throttleKey = createHmac('sha256', secrets.sessionKey).update('iam sign-in throttle').digest();
  const signInThrottle = createSignInThrottle(db, throttleKey, options.clock ?? Date.now);

  const app = createApp({ mfa, users, sessions, signInThrottle });
  const port = options.port ?? Number(process.env['PORT'] ?? 3000);
  // Loopback only: the demo account's password is printed on its sign-in page.
  const server = await new Promise<ReturnType<typeof serve>>((ready, fail) => {
    const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ready(started));
    started.once('error', fail);
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  log(`IAM demo listening on ${url} (data in ${dataDir}); sign in as demo / demo-password`);

  return {
    url,
    mfa,
    async resetMfa(username) {
      const user = users.byUsername(username);
      if (!user) return false;
      await mfa.reset(user.id);
      sessions.revokeAll(user.id);
      return true;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => {
          db.close();
          if (error) fail(error);
          else done();
        });
      }),
  };
}

// `tsx examples/iam/server.ts` (npm start) runs the server; importing this file (the tests) does not.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  startServer().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
