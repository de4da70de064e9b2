// Password attempts are throttled per account and per client network, with back-off: past the free
// failures even the right password is refused until the lock ends, each further lock lasts twice as
// long, and the refusal says nothing about whether the account exists. Clients on different networks
// connect from different loopback addresses (127.0.0.2, 127.0.0.3, …).
import { afterEach, describe, expect, test } from 'vitest';
import { clientNetwork, SIGN_IN_LIMITS } from '../../examples/iam/sign-in-throttle.js';
import { type Demo, startDemo } from './helpers/demo-server.js';
import { alertOf, DemoClient, type Reply } from './helpers/http-client.js';

const { accountFreeFailures, networkFreeFailures, firstLockMs } = SIGN_IN_LIMITS;
const INCORRECT = 'Incorrect username or password.';
const waitOf = (text: string) => `Too many sign-in attempts: try again in ${text}.`;

const demos: Demo[] = [];

afterEach(async () => {
  for (const demo of demos.splice(0)) await demo.close();
});

async function demo(): Promise<Demo> {
  const started = await startDemo();
  demos.push(started);
  return started;
}

/** One password attempt from a fresh visitor on the given loopback address. */
async function attempt(app: Demo, from: string, username: string, password: string): Promise<Reply> {
  const client = new DemoClient(app.url, { localAddress: from });
  await client.get('/login');
  return client.post('/login', { username, password });
}

/** What the user is shown: the status, the alert, and the Retry-After header. */
function shown(reply: Reply): { status: number; alert: string | null; retryAfter?: string } {
  const retryAfter = reply.headers['retry-after'];
  return { status: reply.status, alert: alertOf(reply.body), ...(retryAfter ? { retryAfter } : {}) };
}

describe('the password throttle of the demo', () => {
  test(`per account: after ${accountFreeFailures} wrong passwords even the right one is refused, from any network, with back-off`, async () => {
    const app = await demo();
    const seen = [];
    for (let failure = 1; failure <= accountFreeFailures; failure += 1) {
      seen.push(shown(await attempt(app, '127.0.0.2', 'demo', `wrong-${failure}`)));
    }
    // The failures before the last are plain; the last one says the account is now locked.
    expect(seen.slice(0, -1)).toEqual(Array(accountFreeFailures - 1).fill({ status: 401, alert: INCORRECT }));
    expect(seen.at(-1)).toEqual({ status: 401, alert: `${INCORRECT} ${waitOf('30 seconds')}` });

    // The right password, from this network and from another one: refused unchecked, no session started.
    for (const from of ['127.0.0.2', '127.0.0.3']) {
      const refused = await attempt(app, from, 'demo', 'demo-password');
      expect(shown(refused)).toEqual({ status: 429, alert: waitOf('30 seconds'), retryAfter: '30' });
      expect(refused.body).toContain('role="alert"');
      expect(refused.location).toBeUndefined();
    }
    // Another account from the same network is not held up by this account's lock.
    expect(shown(await attempt(app, '127.0.0.2', 'someone-else', 'wrong'))).toEqual({
      status: 401,
      alert: INCORRECT,
    });

    // Back-off: once the lock is over, one more wrong password locks the account twice as long.
    app.clock.now += firstLockMs;
    expect(shown(await attempt(app, '127.0.0.2', 'demo', 'wrong-again'))).toEqual({
      status: 401,
      alert: `${INCORRECT} ${waitOf('1 minute')}`,
    });
    app.clock.now += firstLockMs;
    expect(shown(await attempt(app, '127.0.0.3', 'demo', 'demo-password'))).toMatchObject({
      status: 429,
      retryAfter: '30',
    });
    app.clock.now += firstLockMs;
    const signedIn = await attempt(app, '127.0.0.3', 'demo', 'demo-password');
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/');
  });

  test('an account that does not exist is throttled in exactly the same words', async () => {
    const app = await demo();
    const replay = async (username: string, from: string) => {
      const seen = [];
      for (let failure = 1; failure <= accountFreeFailures + 1; failure += 1) {
        seen.push(shown(await attempt(app, from, username, `wrong-${failure}`)));
      }
      return seen;
    };
    const existing = await replay('demo', '127.0.0.4');
    expect(existing.at(-1)).toMatchObject({ status: 429 });
    expect(await replay('no-such-user', '127.0.0.5')).toEqual(existing);
  });

  test(`per network: after ${networkFreeFailures} wrong passwords for any accounts, the right one is refused from that network only`, async () => {
    const app = await demo();
    const seen = [];
    for (let failure = 1; failure <= networkFreeFailures; failure += 1) {
      // A different username each time, so that no account reaches its own limit.
      seen.push(shown(await attempt(app, '127.0.0.6', `guess-${failure}`, 'password')));
    }
    expect(seen.slice(0, -1).every((reply) => reply.status === 401 && reply.alert === INCORRECT)).toBe(true);
    expect(seen.at(-1)).toEqual({ status: 401, alert: `${INCORRECT} ${waitOf('30 seconds')}` });

    expect(shown(await attempt(app, '127.0.0.6', 'demo', 'demo-password'))).toEqual({
      status: 429,
      alert: waitOf('30 seconds'),
      retryAfter: '30',
    });
    // The account is not locked: from another network the right password signs in.
    expect((await attempt(app, '127.0.0.7', 'demo', 'demo-password')).location).toBe('/');
    // After the lock, this network may try again.
    app.clock.now += firstLockMs;
    expect((await attempt(app, '127.0.0.6', 'demo', 'demo-password')).location).toBe('/');
  });

  test('a burst of parallel wrong passwords gets no more tries than the budget', async () => {
    const app = await demo();
    const client = new DemoClient(app.url, { localAddress: '127.0.0.8' });
    await client.get('/login');
    const burst = await Promise.all(
      Array.from({ length: accountFreeFailures + 7 }, (_, index) =>
        client.post('/login', { username: 'demo', password: `wrong-${index}` }),
      ),
    );
    const statuses = burst.map((reply) => reply.status).sort();
    expect(statuses).toEqual([...Array(accountFreeFailures).fill(401), ...Array(7).fill(429)]);
  });

  test('a right password does not add to the count, and does not wipe the failures before it', async () => {
    const app = await demo();
    for (let failure = 1; failure < accountFreeFailures; failure += 1) {
      expect((await attempt(app, '127.0.0.9', 'demo', 'wrong')).status).toBe(401);
    }
    // Right passwords at the edge of the budget are given back: they never lock anyone out.
    for (let signIn = 0; signIn < 3; signIn += 1) {
      expect((await attempt(app, '127.0.0.9', 'demo', 'demo-password')).location).toBe('/');
    }
    // The earlier failures still count: the next wrong password is the one that locks.
    expect(shown(await attempt(app, '127.0.0.9', 'demo', 'wrong'))).toEqual({
      status: 401,
      alert: `${INCORRECT} ${waitOf('30 seconds')}`,
    });
    // They age out: an hour after the last one, the account starts afresh.
    app.clock.now += SIGN_IN_LIMITS.windowMs;
    expect(shown(await attempt(app, '127.0.0.9', 'demo', 'wrong'))).toEqual({
      status: 401,
      alert: INCORRECT,
    });
  });
});

describe('the network a client counts under', () => {
  test.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s counts as %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });
});
