// beginEnable's options: the account name defaults to the user id (also for null options), and a
// bad one is refused naming it.
import { describe, expect, it } from 'vitest';
import { parseUri } from '../../src/otp/index.js';
import { expectMfaError, newUser, setup } from './helpers.js';

describe('beginEnable options', () => {
  it('the account name defaults to the user id, with options absent, empty or null', async () => {
    const f = setup();
    for (const options of [undefined, {}, null]) {
      const userId = newUser();
      const { uri } = await f.mfa.beginEnable(userId, options as never);
      expect(parseUri(uri).accountName).toBe(userId);
    }
  });

  it('a bad account name is INVALID_ARGUMENT naming accountName', async () => {
    const f = setup();
    const error = await expectMfaError(f.mfa.beginEnable(newUser(), { accountName: '' }), 'INVALID_ARGUMENT');
    expect(error.message).toMatch(/^accountName /);
  });
});
