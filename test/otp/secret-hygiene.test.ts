import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hotp, MfaError, type OtpAlgorithm, totp, verifyHotp, verifyTotp } from '../../src/index.js';
import { NobleHmac, Sha1Hmac } from '../../src/otp/hmac.js';

const EMPTY_DIGEST = {
  SHA256: sha256(new Uint8Array()),
  SHA512: sha512(new Uint8Array()),
};

interface HashInternals {
  _cloneInto(): { digest(): Uint8Array };
  buffer: Uint8Array;
}
interface Sha1Internals {
  inner: Int32Array;
  outer: Int32Array;
  digest: Int32Array;
  w: Int32Array;
  keyWords: Int32Array;
  inUse: boolean;
}
interface HmacInternals {
  inner: HashInternals;
  outer: HashInternals;
  scratch: HashInternals;
  pad: Uint8Array;
  message: Uint8Array;
  digest: Uint8Array;
  inUse: boolean;
}

/** True when a hash state carries nothing: its chaining value and length are the initial ones. */
function isInitial(state: HashInternals, algorithm: Exclude<OtpAlgorithm, 'SHA1'>): boolean {
  return Buffer.from(state._cloneInto().digest()).equals(EMPTY_DIGEST[algorithm]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('no key material outlives a call', () => {
  it('SHA1: every reused word array is zeroed after verify', () => {
    const release = vi.spyOn(Sha1Hmac.prototype, 'release');
    // A long key too, which is hashed first (RFC 2104 §2).
    for (const secret of [new Uint8Array(20).fill(0xa5), new Uint8Array(300).fill(0x5a)]) {
      release.mockClear();
      verifyTotp(secret, '12345678', { digits: 8, window: 2 });
      expect(release).toHaveBeenCalledTimes(1);
      const hmac = release.mock.contexts[0] as unknown as Sha1Internals;
      expect(hmac.inUse).toBe(false);
      for (const words of [hmac.inner, hmac.outer, hmac.digest, hmac.w, hmac.keyWords]) {
        expect(words.every((word) => word === 0)).toBe(true);
      }
    }
  });

  it.each(['SHA256', 'SHA512'] as const)(
    '%s: every reused state and buffer is reset after verify',
    (algorithm) => {
      const release = vi.spyOn(NobleHmac.prototype, 'release');
      // A long key too, which takes the hash-the-key path through the scratch state.
      for (const secret of [new Uint8Array(20).fill(0xa5), new Uint8Array(300).fill(0x5a)]) {
        release.mockClear();
        verifyTotp(secret, '12345678', { algorithm, digits: 8, window: 2 });
        expect(release).toHaveBeenCalledTimes(1);
        const hmac = release.mock.contexts[0] as unknown as HmacInternals;
        expect(hmac.inUse).toBe(false);
        for (const state of [hmac.inner, hmac.outer, hmac.scratch])
          expect(isInitial(state, algorithm)).toBe(true);
        for (const buffer of [hmac.pad, hmac.message, hmac.digest, hmac.inner.buffer, hmac.outer.buffer]) {
          expect(buffer.every((byte) => byte === 0)).toBe(true);
        }
        // The scratch block held the inner digest; all of it is zeroed except the last byte, which
        // is the low byte of the public message-length field that SHA padding writes there.
        expect(hmac.scratch.buffer.subarray(0, -1).every((byte) => byte === 0)).toBe(true);
      }
    },
  );

  it('releases on every path: success, no match, malformed code', () => {
    const release = vi.spyOn(Sha1Hmac.prototype, 'release');
    const secret = 'JBSWY3DPEHPK3PXP';
    hotp(secret, 1);
    totp(secret);
    verifyTotp(secret, totp(secret));
    verifyTotp(secret, 'abcdef');
    verifyHotp(secret, '000000', { counter: 5 });
    expect(release).toHaveBeenCalledTimes(6); // the inner totp(secret) counts too
  });

  it('a call in the middle of another one (re-entrancy) gets its own instance and both stay correct', () => {
    const key = new Uint8Array(20).fill(1);
    const expected = hotp(key, 9);
    const original = Sha1Hmac.prototype.truncate;
    let nested: string | undefined;
    let entered = false;
    vi.spyOn(Sha1Hmac.prototype, 'truncate').mockImplementation(function (this: Sha1Hmac, high, low) {
      if (!entered) {
        entered = true;
        nested = hotp(new Uint8Array(20).fill(2), 3);
      }
      return original.call(this, high, low);
    });
    expect(hotp(key, 9)).toBe(expected);
    vi.restoreAllMocks();
    expect(nested).toBe(hotp(new Uint8Array(20).fill(2), 3));
  });

  it('does not modify a secret given as bytes', () => {
    const secret = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));
    const copy = secret.slice();
    verifyTotp(secret, '123456', { algorithm: 'SHA256' });
    expect(secret).toEqual(copy);
  });
});

describe('errors never reveal secrets or codes', () => {
  it('messages and JSON of errors from bad secrets and options contain no input', () => {
    const secret = 'JBSWY3DPEHPK3PXP!';
    const attempts = [
      () => totp(secret),
      () => verifyTotp(secret, '123456'),
      () => verifyTotp('JBSWY3DPEHPK3PXP', 123456 as unknown as string),
      () => verifyTotp('JBSWY3DPEHPK3PXP', '123456', { window: 'JBSWY3DP' as unknown as number }),
    ];
    for (const attempt of attempts) {
      const error = (() => {
        try {
          attempt();
        } catch (thrown) {
          return thrown as MfaError;
        }
      })();
      expect(error).toBeInstanceOf(MfaError);
      const dump = `${error?.message} ${JSON.stringify(error)} ${String(error)}`;
      expect(dump).not.toContain('JBSWY3DP');
      expect(dump).not.toContain('123456');
    }
  });
});
