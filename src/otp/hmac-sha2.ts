/**
 * HMAC (RFC 2104) over @noble/hashes' SHA-256 and SHA-512, specialised for one-time passwords.
 *
 * A verify checks several counters with one key. Generic HMAC code pads and hashes the key again
 * for every counter (two extra compressions each, plus garbage). Here the key is absorbed once:
 * the inner (key ⊕ ipad) and outer (key ⊕ opad) blocks go into two hash states, and each counter
 * then costs a clone of those states into a scratch instance, an update and a digest into a
 * reused buffer: two compressions, no allocation of our own.
 *
 * @module
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Hash } from '@noble/hashes/utils.js';
import { OtpHmac } from './hmac-base.js';

// biome-ignore lint/suspicious/noExplicitAny: noble's Hash<T> is F-bounded; the three states share no T.
type HashState = Hash<any>;

const HASHES = { SHA256: sha256, SHA512: sha512 } as const;

const IPAD = 0x36;
const OPAD = 0x5c;

/** HMAC over a @noble/hashes SHA-2 function, through its streaming interface. */
export class NobleHmac extends OtpHmac {
  private readonly initial: HashState;
  private readonly inner: HashState;
  private readonly outer: HashState;
  private readonly scratch: HashState;
  private readonly pad: Uint8Array;
  private readonly padTail: Uint8Array;
  private readonly message = new Uint8Array(8);
  private readonly digest: Uint8Array;
  /** @param algorithm - the hash function */
  constructor(algorithm: keyof typeof HASHES) {
    super();
    const hash = HASHES[algorithm];
    this.initial = hash.create();
    this.inner = hash.create();
    this.outer = hash.create();
    this.scratch = hash.create();
    this.digest = new Uint8Array(this.initial.outputLen);
    this.pad = new Uint8Array(this.initial.blockLen);
    this.padTail = this.pad.subarray(1);
  }

  override setKey(keyBytes: Uint8Array, length: number): void {
    const { pad, digest, scratch } = this;
    const key = length === keyBytes.length ? keyBytes : keyBytes.subarray(0, length);
    if (key.length > pad.length) {
      // RFC 2104 §2: a key longer than the hash block is replaced by its hash.
      scratch.update(key);
      scratch.digestInto(digest);
      pad.set(digest);
      this.initial._cloneInto(scratch);
    } else {
      pad.set(key);
    }
    for (let i = 0; i < pad.length; i++) pad[i]! ^= IPAD;
    this.inner.update(pad);
    for (let i = 0; i < pad.length; i++) pad[i]! ^= IPAD ^ OPAD;
    this.outer.update(pad);
    pad.fill(0);
  }

  override truncate(counterHigh: number, counterLow: number): number {
    const { message, digest, scratch } = this;
    message[0] = counterHigh >>> 24;
    message[1] = counterHigh >>> 16;
    message[2] = counterHigh >>> 8;
    message[3] = counterHigh;
    message[4] = counterLow >>> 24;
    message[5] = counterLow >>> 16;
    message[6] = counterLow >>> 8;
    message[7] = counterLow;
    this.inner._cloneInto(scratch);
    scratch.update(message);
    scratch.digestInto(digest);
    this.outer._cloneInto(scratch);
    scratch.update(digest);
    scratch.digestInto(digest);
    const offset = digest[digest.length - 1]! & 0x0f;
    return (
      ((digest[offset]! & 0x7f) << 24) |
      (digest[offset + 1]! << 16) |
      (digest[offset + 2]! << 8) |
      digest[offset + 3]!
    );
  }

  override release(): void {
    const { initial, scratch } = this;
    this.pad.fill(0);
    initial._cloneInto(this.inner);
    initial._cloneInto(this.outer);
    // The scratch block buffer still holds the last padded block (the inner digest). A fresh state
    // buffers a short update without compressing it, so updating with zeros overwrites those bytes.
    initial._cloneInto(scratch);
    scratch.update(this.padTail);
    initial._cloneInto(scratch);
    this.message.fill(0);
    this.digest.fill(0);
    this.inUse = false;
  }
}
