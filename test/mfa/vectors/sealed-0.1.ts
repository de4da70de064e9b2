// A record written by mfakit 0.1 (commit c2211c2, whose src/mfa/aead.ts built AES-256-GCM on
// @noble/ciphers' internal block function), kept byte for byte so that every later release is
// checked against it: a secret sealed by 0.1 must still open, and the account must still verify.
// Produced once with createMfa over the memory store at `confirmedAt`; the key is a test key.

/** The keyring that sealed the record: key id `k2024`, 32 bytes (hex). */
export const keyId = 'k2024';
export const keyHex = 'c9b898457bf93b1d8e7bc1fea5746f26c6ab6dfd6df62b206102f4d2c4a41831';

/** A user id outside ASCII, so that the UTF-8 encoding of the associated data is pinned too. */
export const userId = 'Zoë-0.1-fixture';

/** The TOTP secret that was sealed: Base32 as shown to the user, and its 20 bytes (hex). */
export const secretBase32 = 'POBFN7VB6BKHFN7ORSRBJIQVMNBREJWA';
export const secretHex = '7b8256fea1f05472b7ee8ca214a21563431226c0';

/** When the enrolment was confirmed (the record's `lastUsedStep` is this time's step). */
export const confirmedAt = 1_768_469_410_000;

/** The record exactly as 0.1 stored it. */
export const record = {
  format: 1,
  userId: 'Zoë-0.1-fixture',
  version: 2,
  state: 'enabled',
  secret: {
    keyId: 'k2024',
    iv: 'me/676SX0iJ6+XnL',
    data: '2r8K9OQAsqPlC2qw35olD4iyGRyQKwMgkCSwR1PvgWmpxc8D',
  },
  accountName: 'zoe@example.com',
  pendingExpiresAt: null,
  enabledAt: 1_768_469_410_000,
  lastUsedStep: 58_948_980,
  failedAttempts: 0,
  lockouts: 0,
  lockedUntil: null,
  recoveryCodeHashes: [
    'f2a571be2b91112a0f290cfb3e992a32726da0809fa02c870cacbe0ca3fe93dd',
    '09cc29ef1364deccdc63b89ca35897b41f177e927664ac75d704096b435411f6',
    '43264f486f89cbd4968549c6b2e7f0c7d65e9c525c07262091ab70c37f959352',
    '8152a75f8bdd2c310d38741421620756e95f5f5099ac1884d16b29cf7169aa96',
    'f9a4f19445810fd39eec109933f7876307ac60001f90a3ef4c6f6d71cf3bfbf7',
    'e2571357b7d9b6972faf184109d712cf87a280b24875da8d8e183f9b77ae2b84',
    '638b6d9088d9e1a4996aa502e9f0721e890bb37c20304acc190be35cd1733ea3',
    'd3ad68c91d3638bbe8590dc5e1c33fd289a5d168142c035b21b259d7c033d25c',
    'af8f548c225d9130bf66f07f811bfc240dc895a366be5d4cf40bb58539f6346d',
    '3808cc2fa60d1e759db570fd0fb7ec35391b9f50886ac71b9a8e295036de1a7e',
  ],
  updatedAt: 1_768_469_410_000,
} as const;
