import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { buildUri, encodeBase32, type KeyUriOptions, MAX_COUNTER, parseUri } from '../../src/index.js';

const SECRET = 'JBSWY3DPEHPK3PXP';
const invalidUri = expect.objectContaining({ name: 'MfaError', code: 'INVALID_URI' });
const invalidOption = expect.objectContaining({ name: 'MfaError', code: 'INVALID_OPTION' });

describe('buildUri', () => {
  it('puts the issuer in the label and in the parameter, with the defaults written out', () => {
    expect(buildUri({ secret: SECRET, accountName: 'alice@example.com', issuer: 'ACME Co' })).toBe(
      'otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('writes hotp with its counter and without a period, and normalises the secret', () => {
    expect(
      buildUri({
        type: 'hotp',
        secret: 'jbsw y3dp-ehpk 3pxp',
        accountName: 'bob',
        counter: 7,
        algorithm: 'sha256',
        digits: 8,
      }),
    ).toBe('otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&counter=7');
  });

  it('is read back by otpauth, an independent parser', () => {
    const uri = buildUri({
      secret: SECRET,
      accountName: 'ädå 😀 @x',
      issuer: 'Ünïcode & Co',
      digits: 8,
      period: 60,
    });
    const theirs = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect([theirs.issuer, theirs.label, theirs.secret.base32, theirs.digits, theirs.period]).toEqual([
      'Ünïcode & Co',
      'ädå 😀 @x',
      SECRET,
      8,
      60,
    ]);
  });

  it('refuses a colon in the issuer or account name, and other misuse', () => {
    expect(() => buildUri({ secret: SECRET, accountName: 'a:b' })).toThrowError(invalidOption);
    expect(() => buildUri({ secret: SECRET, accountName: 'a', issuer: 'I:ssuer' })).toThrowError(
      invalidOption,
    );
    expect(() => buildUri({ secret: SECRET, accountName: ' leading space', issuer: 'X' })).toThrowError(
      invalidOption,
    );
    expect(() => buildUri({ secret: SECRET, accountName: '' })).toThrowError(invalidOption);
    expect(() => buildUri({ secret: SECRET, accountName: 'a', issuer: '' })).toThrowError(invalidOption);
    expect(() => buildUri({ type: 'hotp', secret: SECRET, accountName: 'a' })).toThrowError(invalidOption);
    expect(() => buildUri({ secret: SECRET, accountName: 'a', counter: 1 })).toThrowError(invalidOption);
    expect(() => buildUri({ secret: SECRET, accountName: 'lone \ud800 surrogate' })).toThrowError(
      invalidOption,
    );
    expect(() => buildUri({ secret: SECRET, accountName: 'a', image: 'x'.repeat(5000) })).toThrowError(
      invalidOption,
    );
    expect(() => buildUri({ secret: 'not base32!', accountName: 'a' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_SECRET' }),
    );
  });
});

describe('parseUri', () => {
  it('fills in the defaults', () => {
    expect(parseUri(`otpauth://totp/alice?secret=${SECRET}`)).toEqual({
      type: 'totp',
      secret: SECRET,
      accountName: 'alice',
      issuer: undefined,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  });

  it('reads the forms the Key URI format allows', () => {
    const forms = [
      `otpauth://totp/ACME%20Co:alice%40example.com?secret=${SECRET}&issuer=ACME%20Co`,
      `otpauth://totp/ACME%20Co%3Aalice%40example.com?secret=${SECRET}&issuer=ACME+Co`,
      `otpauth://totp/ACME%20Co:%20%20alice@example.com?secret=${SECRET.toLowerCase()}`,
      `OTPAUTH://TOTP/ACME%20Co:alice@example.com?issuer=ACME%20Co&secret=${SECRET}&unknown=1&x#fragment`,
    ];
    for (const uri of forms) {
      expect(parseUri(uri)).toMatchObject({
        type: 'totp',
        secret: SECRET,
        accountName: 'alice@example.com',
        issuer: 'ACME Co',
      });
    }
  });

  it('accepts RFC 4648 padding on the secret and drops it', () => {
    expect(parseUri('otpauth://totp/a?secret=JBSWY3DPEE======').secret).toBe('JBSWY3DPEE');
  });

  it('takes the issuer from the parameter when the label has none', () => {
    expect(parseUri(`otpauth://totp/alice?secret=${SECRET}&issuer=Example`).issuer).toBe('Example');
  });

  it('reads hotp counters up to 2^64 - 1, as a bigint beyond the safe integers', () => {
    expect(parseUri(`otpauth://hotp/a?secret=${SECRET}&counter=42`).counter).toBe(42);
    expect(parseUri(`otpauth://hotp/a?secret=${SECRET}&counter=${MAX_COUNTER}`).counter).toBe(MAX_COUNTER);
    expect(() => parseUri(`otpauth://hotp/a?secret=${SECRET}&counter=${MAX_COUNTER + 1n}`)).toThrowError(
      invalidUri,
    );
    expect(() => parseUri(`otpauth://hotp/a?secret=${SECRET}&counter=`)).toThrowError(invalidUri);
    expect(parseUri(`otpauth://hotp/a?secret=${SECRET}&counter=0`)).not.toHaveProperty('counterDefaulted');
  });

  it('reads an hotp URI without a counter as counter 0, as Google Authenticator for Android does, and says so', () => {
    expect(parseUri(`otpauth://hotp/Acme:alice?secret=${SECRET}&issuer=Acme`)).toEqual({
      type: 'hotp',
      secret: SECRET,
      accountName: 'alice',
      issuer: 'Acme',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      counterDefaulted: true,
    });
    // Written back, the counter is explicit; TOTP URIs never get a counter.
    const parsed = parseUri(`otpauth://hotp/alice?secret=${SECRET}`);
    expect(buildUri(parsed)).toBe(`otpauth://hotp/alice?secret=${SECRET}&algorithm=SHA1&digits=6&counter=0`);
    expect(parseUri(`otpauth://totp/alice?secret=${SECRET}`)).not.toHaveProperty('counter');
    expect(parseUri(`otpauth://totp/alice?secret=${SECRET}`)).not.toHaveProperty('counterDefaulted');
  });

  it('reads an empty issuer before the label colon as no label issuer; the issuer parameter stands', () => {
    for (const label of [':alice', '%3Aalice', ':%20alice', '%3A%20%20alice']) {
      expect(parseUri(`otpauth://totp/${label}?secret=${SECRET}`), label).toMatchObject({
        accountName: 'alice',
        issuer: undefined,
      });
      expect(parseUri(`otpauth://totp/${label}?secret=${SECRET}&issuer=Acme`), label).toMatchObject({
        accountName: 'alice',
        issuer: 'Acme',
      });
      expect(parseUri(`otpauth://totp/${label}?secret=${SECRET}&issuer=`), label).toMatchObject({
        accountName: 'alice',
        issuer: undefined,
      });
    }
    // Still refused: no account name, or a second colon.
    for (const label of [':', '%3A', ':%20', 'Acme:', '::alice', ':alice:x']) {
      expect(() => parseUri(`otpauth://totp/${label}?secret=${SECRET}`), label).toThrowError(invalidUri);
    }
  });

  it('accepts a secret whose last character carries leftover bits, and gives it back canonical', () => {
    // pyotp's test secret (pyauth/pyotp test.py): the last character, V, sets a leftover bit.
    for (const secret of [
      'S46SQCPPTCNPROMHWYBDCTBZXV',
      's46sqcpptcnpromhwybdctbzxv',
      'S46SQCPPTCNPROMHWYBDCTBZXV======',
    ]) {
      expect(parseUri(`otpauth://totp/Secret?secret=${secret}`).secret).toBe('S46SQCPPTCNPROMHWYBDCTBZXU');
    }
    expect(parseUri('otpauth://totp/a?secret=MZXW7').secret).toBe('MZXW6');
    // Impossible lengths stay refused.
    for (const secret of ['MZXW6Y', 'M', 'MZX']) {
      expect(() => parseUri(`otpauth://totp/a?secret=${secret}`), secret).toThrowError(invalidUri);
    }
  });

  it('refuses a label issuer that contradicts the issuer parameter', () => {
    expect(() => parseUri(`otpauth://totp/Evil:alice?secret=${SECRET}&issuer=Bank`)).toThrowError(invalidUri);
  });

  it('refuses a colon inside the issuer or the account name', () => {
    expect(() => parseUri(`otpauth://totp/A:b:c?secret=${SECRET}`)).toThrowError(invalidUri);
    expect(() => parseUri(`otpauth://totp/A:b%3Ac?secret=${SECRET}`)).toThrowError(invalidUri);
    expect(() => parseUri(`otpauth://totp/alice?secret=${SECRET}&issuer=A%3AB`)).toThrowError(invalidUri);
  });

  it('refuses malformed URIs', () => {
    const bad = [
      '',
      'https://example.com',
      `otpauth://totp?secret=${SECRET}`,
      `otpauth://xotp/a?secret=${SECRET}`,
      'otpauth://totp/a?issuer=x',
      'otpauth://totp/a?secret=',
      'otpauth://totp/a?secret=not%20base32!',
      `otpauth://totp/?secret=${SECRET}`,
      `otpauth://totp/A:%20?secret=${SECRET}`,
      `otpauth://totp/%E0%A4%A?secret=${SECRET}`,
      `otpauth://totp/a?secret=${SECRET}&secret=${SECRET}`,
      `otpauth://totp/a?secret=${SECRET}&algorithm=MD5`,
      `otpauth://totp/a?secret=${SECRET}&digits=5`,
      `otpauth://totp/a?secret=${SECRET}&digits=6.0`,
      `otpauth://totp/a?secret=${SECRET}&digits=11`,
      `otpauth://totp/a?secret=${SECRET}&period=0`,
      `otpauth://totp/a?secret=${SECRET}&period=-30`,
      `otpauth://totp/a?secret=${SECRET}&period=1e3`,
      `otpauth://totp/a?secret=${SECRET}&image=${'x'.repeat(5000)}`,
    ];
    for (const uri of bad) expect(() => parseUri(uri), uri).toThrowError(invalidUri);
  });

  it('never puts the secret in an error message', () => {
    for (const uri of [
      `otpauth://totp/Evil:a?secret=${SECRET}&issuer=B`,
      `otpauth://totp/a?secret=${SECRET}9`,
    ]) {
      try {
        parseUri(uri);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain(SECRET.slice(0, 8));
        expect(JSON.stringify(error)).not.toContain(SECRET.slice(0, 8));
      }
    }
  });
});

describe('buildUri → parseUri round trip', () => {
  // Any Unicode text (astral characters included) without ':' and without a leading space.
  const labelPart = fc
    .string({ unit: 'binary', minLength: 1, maxLength: 40 })
    .filter((text) => !text.includes(':') && !text.startsWith(' '));
  const options: fc.Arbitrary<KeyUriOptions> = fc.record(
    {
      type: fc.constantFrom('totp' as const, 'hotp' as const),
      secret: fc.uint8Array({ minLength: 1, maxLength: 64 }).map(encodeBase32),
      accountName: labelPart,
      issuer: labelPart,
      algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
      digits: fc.integer({ min: 6, max: 10 }),
      period: fc.integer({ min: 1, max: 3600 }),
      counter: fc.bigInt({ min: 0n, max: MAX_COUNTER }),
      image: fc.webUrl(),
    },
    { requiredKeys: ['type', 'secret', 'accountName'] },
  );

  it('gives back every field, with defaults for the ones left out', () => {
    fc.assert(
      fc.property(options, (input) => {
        const given = { ...input };
        if (given.type === 'totp') delete given.counter;
        else given.counter ??= 0n;
        const parsed = parseUri(buildUri(given));
        const counter = given.type === 'hotp' ? BigInt(given.counter!) : undefined;
        expect({
          ...parsed,
          counter: parsed.counter === undefined ? undefined : BigInt(parsed.counter),
        }).toEqual({
          type: given.type,
          secret: given.secret,
          accountName: given.accountName,
          issuer: given.issuer,
          algorithm: given.algorithm ?? 'SHA1',
          digits: given.digits ?? 6,
          period: given.type === 'totp' ? (given.period ?? 30) : 30,
          counter,
          ...(given.image === undefined ? {} : { image: given.image }),
        });
      }),
      { numRuns: 500 },
    );
  });
});
