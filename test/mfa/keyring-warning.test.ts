// The warning of createMfa without a keyring: given only then, and saying what it means.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the no-keyring warning', () => {
  it('is given without a keyring only, and says that secrets are stored unencrypted', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    setup();
    expect(warn).not.toHaveBeenCalled();
    setup({ keyring: undefined });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/^mfakit: .*no keyring.*unencrypted/);
  });
});
