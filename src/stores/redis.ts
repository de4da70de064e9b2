/**
 * `mfakit/stores/redis`: the MFA store over Redis or Redis Cluster, with an ioredis or a node-redis
 * client.
 *
 * One key per account, `<prefix><userId>`, holding a hash with two fields: `version` (the
 * compare-and-set token) and `record` (the record as JSON text). The compare-and-set is a Lua
 * script, which Redis runs atomically; it is called by its SHA1 (EVALSHA) and sent in full
 * (EVAL) only when the server's script cache does not have it, e.g. after a restart or SCRIPT
 * FLUSH. Every command, the script included, touches that one key, so every command of an account
 * goes to the one slot its key hashes to: on a Redis Cluster (ioredis' `Cluster`, node-redis'
 * `createCluster`) the drivers route each by its key and follow MOVED and ASK redirections.
 *
 * No driver is imported, not even as a type; the application creates the client and passes it in.
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { MfaRecord, MfaStore } from '../mfa/index.js';
import { checkOptions, checkUserId, MfaError } from '../shared/index.js';
import { checkCompareAndSet, decodeRecord, encodeRecord } from './internal/checks.js';

const STORE = 'redisStore';

/**
 * The compare-and-set script. KEYS[1] is the account's key; ARGV is the expected version, the
 * new version and the record's JSON. A missing key reads as version 0. Returns 1 when written.
 * @example
 * ```ts
 * import { REDIS_CAS_SCRIPT } from 'mfakit/stores/redis';
 * import type { Redis } from 'ioredis';
 *
 * declare const client: Redis; // your ioredis client
 * await client.script('LOAD', REDIS_CAS_SCRIPT); // preload it on a new server
 * ```
 */
export const REDIS_CAS_SCRIPT: string = `local current = redis.call('HGET', KEYS[1], 'version')
if current == false then current = '0' end
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'record', ARGV[3])
return 1`;

/**
 * SHA1 (hex) of {@link REDIS_CAS_SCRIPT}: the name Redis caches the script under, for EVALSHA.
 * @example
 * ```ts
 * import { REDIS_CAS_SCRIPT, REDIS_CAS_SHA1 } from 'mfakit/stores/redis';
 * import type { Redis } from 'ioredis';
 *
 * declare const client: Redis; // your ioredis client
 * (await client.script('LOAD', REDIS_CAS_SCRIPT)) === REDIS_CAS_SHA1; // true
 * ```
 */
export const REDIS_CAS_SHA1: string = bytesToHex(sha1(utf8ToBytes(REDIS_CAS_SCRIPT)));

/**
 * The key prefix used when none is given.
 * @example
 * ```ts
 * import { DEFAULT_REDIS_PREFIX } from 'mfakit/stores/redis';
 * import type { Redis } from 'ioredis';
 *
 * declare const client: Redis; // your ioredis client
 * await client.exists(`${DEFAULT_REDIS_PREFIX}user-42`); // 1 once user-42 has a record
 * ```
 */
export const DEFAULT_REDIS_PREFIX = 'mfakit:';

/** What the store needs of an ioredis client: `new Redis()` or `new Cluster()` from `ioredis`. */
export interface IoRedisLike {
  /** EVALSHA sha numkeys key… arg… */
  evalsha(sha1: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** EVAL script numkeys key… arg… */
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** HGET key field */
  hget(key: string, field: string): Promise<unknown>;
  /** DEL key */
  del(key: string): Promise<unknown>;
}

/** What the store needs of a node-redis client: `createClient()` or `createCluster()` from `redis` (v4 or later). */
export interface NodeRedisLike {
  /** EVALSHA with `{ keys, arguments }` */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** EVAL with `{ keys, arguments }` */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** HGET key field */
  hGet(key: string, field: string): Promise<unknown>;
  /** DEL key */
  del(key: string): Promise<unknown>;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /** Prepended to the user id to form each account's key. Default `mfakit:`. */
  prefix?: string;
}

/** The Redis store: the {@link MfaStore} methods plus the key naming it uses. */
export interface RedisMfaStore extends MfaStore {
  /** The key prefix in use. */
  readonly prefix: string;
  /**
   * The Redis key of an account, for raw inspection or your own tooling.
   *
   * @param userId - the account
   * @returns `<prefix><userId>`
   */
  keyOf(userId: string): string;
}

/** The two commands whose shape differs between the drivers. */
interface Commands {
  script(sha: boolean, key: string, args: string[]): Promise<unknown>;
  hget(key: string, field: string): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * Creates an MFA store over Redis.
 *
 * Pass an ioredis client (recognised by `evalsha`) or a connected node-redis client (recognised
 * by `evalSha`), for one server or a cluster. Redis errors (connection lost, timeout, WRONGTYPE…) reject the call; a lost
 * compare-and-set race resolves to false. A NOSCRIPT reply (script cache flushed, server
 * restarted) is answered by sending the script once with EVAL, which also re-caches it.
 *
 * @param client - an ioredis `Redis` or `Cluster`, or a node-redis client or cluster
 * @param options - `prefix`: the key prefix, default `mfakit:`
 * @returns the store
 * @throws MfaError INVALID_ARGUMENT when `client` is neither; INVALID_OPTION for a bad prefix
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createMfa } from 'mfakit';
 * import { redisStore } from 'mfakit/stores/redis';
 *
 * const store = redisStore(new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), { prefix: 'app:mfa:' });
 * const mfa = createMfa({ store, issuer: 'Example' });
 * ```
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { redisStore } from 'mfakit/stores/redis';
 *
 * const client = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
 * const store = redisStore(client);
 * ```
 * @example
 * ```ts
 * import { Cluster } from 'ioredis';
 * import { redisStore } from 'mfakit/stores/redis';
 *
 * const cluster = new Cluster([{ host: '10.0.0.1', port: 6379 }, { host: '10.0.0.2', port: 6379 }]);
 * const store = redisStore(cluster, { prefix: 'app:mfa:' });
 * ```
 */
export function redisStore(
  client: IoRedisLike | NodeRedisLike,
  options: RedisStoreOptions = {},
): RedisMfaStore {
  const commands = adapt(client);
  checkOptions(options);
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  checkPrefix(prefix);
  const keyOf = (userId: string): string => {
    checkUserId(userId);
    return prefix + userId;
  };

  return {
    prefix,
    keyOf,
    async get(userId: string): Promise<MfaRecord | null> {
      const text = await commands.hget(keyOf(userId), 'record');
      return text === null || text === undefined ? null : decodeRecord(text, STORE);
    },
    async compareAndSet(userId: string, expectedVersion: number, record: MfaRecord): Promise<boolean> {
      checkCompareAndSet(userId, expectedVersion, record, STORE);
      const key = keyOf(userId);
      const args = [String(expectedVersion), String(record.version), encodeRecord(record)];
      let written: unknown;
      try {
        written = await commands.script(true, key, args);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        written = await commands.script(false, key, args);
      }
      return Number(written) === 1;
    },
    async delete(userId: string): Promise<void> {
      await commands.del(keyOf(userId));
    },
  };
}

/** Wraps either driver behind the three calls the store makes. */
function adapt(client: unknown): Commands {
  const candidate = client as Partial<IoRedisLike & NodeRedisLike> | null;
  if (typeof candidate !== 'object' || candidate === null) {
    throw new MfaError('INVALID_ARGUMENT', `${STORE}: client must be an ioredis or node-redis client`);
  }
  // node-redis first: its commands are camelCase (evalSha, hGet); ioredis has no evalSha.
  if (typeof candidate.evalSha === 'function' && typeof candidate.hGet === 'function') {
    const redis = candidate as NodeRedisLike;
    return {
      script: (sha, key, args) =>
        sha
          ? redis.evalSha(REDIS_CAS_SHA1, { keys: [key], arguments: args })
          : redis.eval(REDIS_CAS_SCRIPT, { keys: [key], arguments: args }),
      hget: (key, field) => redis.hGet(key, field),
      del: (key) => redis.del(key),
    };
  }
  if (typeof candidate.evalsha === 'function' && typeof candidate.hget === 'function') {
    const redis = candidate as IoRedisLike;
    return {
      script: (sha, key, args) =>
        sha ? redis.evalsha(REDIS_CAS_SHA1, 1, key, ...args) : redis.eval(REDIS_CAS_SCRIPT, 1, key, ...args),
      hget: (key, field) => redis.hget(key, field),
      del: (key) => redis.del(key),
    };
  }
  throw new MfaError('INVALID_ARGUMENT', `${STORE}: client must be an ioredis or node-redis client`);
}

/** A prefix is 1–256 printable characters: no spaces or control characters to confuse tooling. */
function checkPrefix(prefix: unknown): void {
  if (typeof prefix !== 'string' || prefix.length > 256 || !/^[\x21-\x7e]+$/.test(prefix)) {
    throw new MfaError(
      'INVALID_OPTION',
      `${STORE}: prefix must be a non-empty string of at most 256 printable ASCII characters without spaces`,
    );
  }
}

/** True for Redis's reply to EVALSHA of a script it has not cached. */
function isNoScript(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message.startsWith('NOSCRIPT');
}
