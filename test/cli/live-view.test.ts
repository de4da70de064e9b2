// `mfakit code` on a terminal: a live view, run here under a real pseudo-terminal with util-linux
// `script`, read one frame, then Ctrl-C. The frame renderer is also checked as a function.
import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFrame } from '../../src/cli/live.js';
import { totp } from '../../src/otp/index.js';
import { CLI, ROOT, requireBuiltCli } from './run.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

// Removes the cursor and erase sequences the live view writes between frames.
const ANSI_SEQUENCE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const stripAnsi = (text: string): string => text.replace(ANSI_SEQUENCE, '').replace(/\r/g, '');

interface PtyRun {
  readonly output: string;
  readonly status: number | null;
}

/** Runs the command under a pseudo-terminal until `until` matches its output, then types Ctrl-C. */
function runUnderPty(args: string, until: RegExp): Promise<PtyRun> {
  return new Promise((resolve, reject) => {
    // -e: exit with the command's status; exec: no shell in between to catch the signal.
    const child = spawn('script', ['-qefc', `exec "${process.execPath}" "${CLI}" ${args}`, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let interrupted = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no frame within 10 s; output so far: ${JSON.stringify(output)}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!interrupted && until.test(stripAnsi(output))) {
        interrupted = true;
        child.stdin.write('\x03');
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(deadline);
      resolve({ output, status });
    });
  });
}

beforeAll(requireBuiltCli);

describe.runIf(hasScript)('on a terminal', () => {
  it('shows the current code, a bar of the seconds left and the next code, until Ctrl-C', async () => {
    const before = Date.now();
    const run = await runUnderPty(`code ${SECRET}`, /Press Ctrl-C to quit\./);
    const after = Date.now();
    expect(run.status).toBe(0);
    const frame = stripAnsi(run.output);
    const match = /^ {2}(\d{3}) (\d{3}) {3}([█░]{20}) +(\d+) s\n {2}next: (\d{3}) (\d{3})$/m.exec(frame);
    expect(match, frame).not.toBeNull();
    const [, a, b, bar, seconds, c, d] = match as unknown as string[];
    // The frame was drawn between `before` and `after`: its code is the code of one of those steps.
    const candidates = new Set([before, after].map((time) => totp(SECRET, { time })));
    expect(candidates).toContain(`${a}${b}`);
    const shownAt = totp(SECRET, { time: before }) === `${a}${b}` ? before : after;
    expect(`${c}${d}`).toBe(totp(SECRET, { time: shownAt + 30_000 }));
    expect(Number(seconds)).toBeGreaterThanOrEqual(1);
    expect(Number(seconds)).toBeLessThanOrEqual(30);
    expect(bar?.replace(/░/g, '')).toHaveLength(Math.round((Number(seconds) / 30) * 20));
    // The cursor is hidden during the view and shown again after Ctrl-C.
    expect(run.output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(run.output.indexOf('\x1b[?25l'));
  });

  it('shows the issuer and account of a URI', async () => {
    const uri = `'otpauth://totp/Acme:ada%40example.com?secret=${SECRET}&issuer=Acme'`;
    const run = await runUnderPty(`code ${uri}`, /Press Ctrl-C to quit\./);
    expect(stripAnsi(run.output)).toMatch(/^Acme: ada@example\.com$/m);
  });

  it('prints the code once with --once, --time or --json, even on a terminal', async () => {
    const run = await runUnderPty(`code ${SECRET} --time @59`, /never/);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.output).trim()).toBe('287082');
    const once = await runUnderPty(`code ${SECRET} --once`, /never/);
    expect(stripAnsi(once.output).trim()).toMatch(/^\d{6}$/);
  });
});

describe('renderFrame', () => {
  it('groups the codes and fills the bar in proportion to the seconds left', () => {
    const frame = renderFrame({
      label: undefined,
      code: '287082',
      next: '359152',
      secondsRemaining: 15,
      period: 30,
    });
    expect(frame).toBe(
      `  287 082   ${'█'.repeat(10)}${'░'.repeat(10)}  15 s\n  next: 359 152\nPress Ctrl-C to quit.\n`,
    );
  });

  it('shows a full bar at the start of a step and puts the label first', () => {
    const frame = renderFrame({
      label: 'Acme: ada',
      code: '94287082',
      next: '00000000',
      secondsRemaining: 30,
      period: 30,
    });
    expect(frame.split('\n')[0]).toBe('Acme: ada');
    expect(frame).toContain(`9428 7082   ${'█'.repeat(20)}  30 s`);
  });

  it('shows an empty bar when the step is almost spent', () => {
    const frame = renderFrame({
      label: undefined,
      code: '123456',
      next: '654321',
      secondsRemaining: 1,
      period: 60,
    });
    expect(frame).toContain(`${'░'.repeat(20)}   1 s`);
  });
});
