// The demo server of one test, started in-process on a free port with a temporary data folder and
// a clock the test steps. Shared by the HTTP tests (test/demo) and the browser tests (test/e2e).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { totp } from 'mfakit';
import { type RunningServer, startServer } from '../../../examples/iam/server.js';

const THIRTY_SECONDS = 30_000;

/** The clock the demo's mfakit and password throttle read: it moves only when the test says. */
export class TestClock {
  // A few seconds into a step, so that nothing depends on where in the step the test happens to start.
  now = Math.floor(Date.now() / THIRTY_SECONDS) * THIRTY_SECONDS + 5_000;

  /** Moves to the next TOTP step, so the next code is a fresh one. */
  nextStep(): void {
    this.now += THIRTY_SECONDS;
  }

  /** The TOTP code of `secret` now, or `steps` steps from now. */
  code(secret: string, steps = 0): string {
    return totp(secret, { time: this.now + steps * THIRTY_SECONDS });
  }

  /** A 6-digit code that is not valid in any step of the ±1 window around now. */
  wrongCode(secret: string): string {
    const valid = new Set(
      [-1, 0, 1].map((delta) => totp(secret, { time: this.now + delta * THIRTY_SECONDS })),
    );
    for (let candidate = 0; ; candidate += 1) {
      const code = String(candidate).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }
}

/** A demo server of one test, with its own data folder and clock. */
export interface Demo {
  server: RunningServer;
  url: string;
  clock: TestClock;
  /** The server's log lines (MFA events), for checking that they hold no secret. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the demo in-process on a free port.
 *
 * @returns the running demo
 */
export async function startDemo(): Promise<Demo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'iam-demo-'));
  const clock = new TestClock();
  const logs: string[] = [];
  const server = await startServer({
    port: 0,
    dataDir,
    clock: () => clock.now,
    log: (line) => logs.push(line),
  });
  return {
    server,
    url: server.url,
    clock,
    logs,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
