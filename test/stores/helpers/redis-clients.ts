// Redis clients for the store tests, one per driver, and a raw reader that checks what the
// store keeps with Redis's own commands (HGETALL), not through the store.
import { Redis } from 'ioredis';
import { createClient } from 'redis';

export function newIoRedis(url: string, options: { autoResendUnfulfilledCommands?: boolean } = {}): Redis {
  const client = new Redis(url, options);
  client.on('error', () => {});
  return client;
}

export async function newNodeRedis(url: string) {
  const client = createClient({ url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Everything stored under `key` (a hash), as JSON, read with HGETALL; '{}' when absent. */
export async function readHash(raw: Redis, key: string): Promise<string> {
  return JSON.stringify(await raw.hgetall(key));
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(raw: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await raw.del(...keys);
  } while (cursor !== '0');
}
