/**
 * AES-256-GCM (NIST SP 800-38D) with a 96-bit nonce and a 128-bit tag, for the secrets mfakit seals:
 * the runtime's own where it has one, @noble/ciphers' public `gcm` where it does not.
 *
 * Node, Bun and Deno (and workerd with `nodejs_compat`) ship OpenSSL's or BoringSSL's AES-GCM:
 * hardware AES, constant time. It is reached through `process.getBuiltinModule('node:crypto')`, so
 * nothing here imports `node:` and a browser bundle needs no shim, and it is used only after it gets
 * a known answer right. Elsewhere (browsers, workers, Node before 20.16) the public `gcm` of
 * @noble/ciphers does the work: audited, but a JavaScript AES that uses lookup tables and redoes the
 * key setup on every call. Both are synchronous and produce the same bytes; test/mfa/aead.test.ts
 * checks each against the Wycheproof vectors and the two against each other.
 *
 * Why not WebCrypto: it is asynchronous, and the decrypt runs inside the state machine's decision on
 * every verify; `crypto.subtle.decrypt` also costs several times the CPU of either path here
 * (bench/aead.bench.ts).
 *
 * What this deliberately does not do: nonces other than 12 bytes, tags other than 16 bytes, keys
 * other than 32 bytes.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { MfaError } from '../shared/index.js';

/** AES-256 key length in bytes. */
export const KEY_BYTES = 32;
/** GCM nonce length in bytes (96 bits, SP 800-38D §8.2.2). */
export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** One AES-256-GCM key, set up once: seals and opens with a 12-byte nonce and a 16-byte tag. */
export interface GcmKey {
  /** Returns the ciphertext followed by the tag. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Returns the plaintext, or throws DECRYPT_FAILED and releases none of it. */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array;
}

/** An AES-256-GCM implementation: the runtime's node:crypto, or @noble/ciphers. */
export interface GcmBackend {
  /** Which implementation this is, for tests and benchmarks. */
  readonly name: 'node:crypto' | '@noble/ciphers';
  /** Sets up a 32-byte key; the backend keeps its own copy. */
  importKey(key: Uint8Array): GcmKey;
}

/** The slice of node:crypto used here (Node, Bun and Deno all provide it). */
export interface NodeCryptoSlice {
  createSecretKey(key: Uint8Array): object;
  createCipheriv(algorithm: 'aes-256-gcm', key: object, iv: Uint8Array, options: GcmOptions): NodeCipher;
  createDecipheriv(algorithm: 'aes-256-gcm', key: object, iv: Uint8Array, options: GcmOptions): NodeDecipher;
}
interface GcmOptions {
  authTagLength: number;
}
interface NodeCipher {
  setAAD(aad: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
}
interface NodeDecipher {
  setAAD(aad: Uint8Array): unknown;
  setAuthTag(tag: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

/**
 * AES-256-GCM over node:crypto: one `KeyObject` per key, a cipher object per call.
 *
 * @param node - the node:crypto module (or a runtime's copy of it)
 * @returns the backend
 */
export function nodeGcm(node: NodeCryptoSlice): GcmBackend {
  return {
    name: 'node:crypto',
    importKey(key) {
      checkKey(key);
      const keyObject = node.createSecretKey(key);
      const options = { authTagLength: TAG_BYTES };
      return {
        seal(nonce, aad, plaintext) {
          checkNonce(nonce);
          const cipher = node.createCipheriv('aes-256-gcm', keyObject, nonce, options);
          cipher.setAAD(aad);
          const body = cipher.update(plaintext);
          const sealed = new Uint8Array(plaintext.length + TAG_BYTES);
          sealed.set(body);
          sealed.set(cipher.final(), body.length);
          sealed.set(cipher.getAuthTag(), plaintext.length);
          return sealed;
        },
        open(nonce, aad, sealed) {
          checkOpenInput(nonce, sealed);
          const split = sealed.length - TAG_BYTES;
          let plaintext: Uint8Array | undefined;
          try {
            const decipher = node.createDecipheriv('aes-256-gcm', keyObject, nonce, options);
            decipher.setAuthTag(sealed.subarray(split));
            decipher.setAAD(aad);
            plaintext = decipher.update(sealed.subarray(0, split));
            decipher.final(); // checks the tag; empty for GCM
          } catch {
            // OpenSSL decrypts before it checks the tag: wipe what it produced.
            plaintext?.fill(0);
            throw authFailed();
          }
          // A plain view of the same bytes, not a Buffer, so that callers see one type on every runtime.
          return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
        },
      };
    },
  };
}

/**
 * AES-256-GCM over the public `gcm` of @noble/ciphers, for runtimes without node:crypto.
 * @noble/ciphers sets up the key on every call; only a private copy of the key is kept.
 */
export const nobleGcm: GcmBackend = Object.freeze({
  name: '@noble/ciphers',
  importKey(key: Uint8Array): GcmKey {
    checkKey(key);
    const copy = key.slice();
    return {
      seal(nonce, aad, plaintext) {
        checkNonce(nonce);
        return gcm(copy, nonce, aad).encrypt(plaintext);
      },
      open(nonce, aad, sealed) {
        checkOpenInput(nonce, sealed);
        try {
          return gcm(copy, nonce, aad).decrypt(sealed);
        } catch {
          throw authFailed();
        }
      },
    };
  },
} as const);

let chosen: GcmBackend | undefined;

/**
 * The runtime's AES-256-GCM when it has node:crypto and that passes a known-answer check, else
 * @noble/ciphers. Chosen once per process.
 *
 * @returns the backend
 */
export function platformGcm(): GcmBackend {
  chosen ??= chooseGcm(globalThis);
  return chosen;
}

/**
 * Picks the AES-256-GCM of a host: node:crypto through `host.process.getBuiltinModule` when it is
 * there and gets a known answer right, else @noble/ciphers. {@link platformGcm} passes `globalThis`.
 *
 * @param host - the global object to look in
 * @returns the backend
 */
export function chooseGcm(host: object): GcmBackend {
  let node: unknown;
  try {
    node = (host as RuntimeGlobals).process?.getBuiltinModule?.('node:crypto');
  } catch {
    return nobleGcm;
  }
  if (!isNodeCryptoSlice(node)) return nobleGcm;
  const backend = nodeGcm(node);
  return passesKnownAnswer(backend) ? backend : nobleGcm;
}

/** What this module reads of a runtime's globals: Node 20.16+, Bun and Deno have it. */
interface RuntimeGlobals {
  process?: { getBuiltinModule?: (id: string) => unknown };
}

function isNodeCryptoSlice(value: unknown): value is NodeCryptoSlice {
  const candidate = value as Partial<NodeCryptoSlice> | null | undefined;
  return (
    typeof candidate?.createSecretKey === 'function' &&
    typeof candidate.createCipheriv === 'function' &&
    typeof candidate.createDecipheriv === 'function'
  );
}

/**
 * A runtime's node:crypto may be a partial imitation (a worker's compatibility layer): use it only if
 * it gets Test Case 14 of the GCM specification (McGrew and Viega, 2005) right: an all-zero 256-bit
 * key and nonce, one zero block of plaintext, no associated data.
 */
function passesKnownAnswer(backend: GcmBackend): boolean {
  const expected = 'cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919';
  try {
    const key = backend.importKey(new Uint8Array(KEY_BYTES));
    const nonce = new Uint8Array(NONCE_BYTES);
    const sealed = key.seal(nonce, new Uint8Array(0), new Uint8Array(16));
    const hex = Array.from(sealed, (byte) => byte.toString(16).padStart(2, '0')).join('');
    return hex === expected && key.open(nonce, new Uint8Array(0), sealed).every((byte) => byte === 0);
  } catch {
    return false;
  }
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new MfaError('INVALID_ARGUMENT', `an AES-256-GCM key must be a Uint8Array of ${KEY_BYTES} bytes`);
  }
}

function checkNonce(nonce: Uint8Array): void {
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_BYTES) {
    throw new MfaError('INVALID_ARGUMENT', `an AES-GCM nonce must be a Uint8Array of ${NONCE_BYTES} bytes`);
  }
}

/** GCM accepts nonces of any length; a stored one that is not 12 bytes was not written by us. */
function checkOpenInput(nonce: Uint8Array, sealed: Uint8Array): void {
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE_BYTES) {
    throw new MfaError(
      'DECRYPT_FAILED',
      `AES-GCM could not open the data: the nonce is not ${NONCE_BYTES} bytes`,
    );
  }
  if (!(sealed instanceof Uint8Array) || sealed.length < TAG_BYTES) {
    throw new MfaError('DECRYPT_FAILED', 'AES-GCM could not open the data: it is shorter than a tag');
  }
}

function authFailed(): MfaError {
  return new MfaError(
    'DECRYPT_FAILED',
    'AES-GCM could not open the data: the key, nonce or associated data differ, or it was altered',
  );
}
