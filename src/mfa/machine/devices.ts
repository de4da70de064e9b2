/**
 * Remembered devices: remembering one at a successful sign-in, recognising its token, listing and
 * forgetting. A device check is not a code: it is never throttled or counted, and a wrong token
 * writes nothing and reports no event.
 *
 * @module
 */
import { looksLikeDeviceToken } from '../devices.js';
import { equalConstantTime } from '../recovery.js';
import type { MfaRecord, StoredDevice } from '../store.js';
import type {
  DeviceCheckResult,
  DeviceInfo,
  ForgetResult,
  MfaEvent,
  RememberedDevice,
} from '../types/index.js';
import { type DecideContext, type Decision, noWrite } from './decision.js';
import { isEnabled, liveDevices, nextRecord } from './records.js';

/** A device to remember if the sign-in succeeds: made by the service (randomness stays outside the machine). */
export interface NewDevice {
  id: string;
  /** The token, returned once in the result; never stored. */
  token: string;
  /** Its hash, under `keyId`. */
  tokenHash: string;
  keyId: string | null;
  label: string | null;
  ttlMs: number;
}

/** What remembering a device adds to a sign-in's decision. */
export interface Remembered {
  devices?: StoredDevice[];
  result: Partial<RememberedDevice>;
  events: MfaEvent[];
}

const NOTHING_REMEMBERED: Remembered = Object.freeze({ result: {}, events: [] });

/** How precisely a device's last use is kept: a minute. */
const LAST_USE_PRECISION_MS = 60_000;

/**
 * Remembers a device on a successful sign-in: expired devices are dropped, the new one added last,
 * and the oldest forgotten while there are more than `devices.max`.
 *
 * @param record - the record read
 * @param device - the device to remember, or null when the sign-in did not ask
 * @param ctx - the decision context
 * @returns the new device list, the result fields (the token, once) and the events
 */
export function rememberDevice(record: MfaRecord, device: NewDevice | null, ctx: DecideContext): Remembered {
  if (device === null) return NOTHING_REMEMBERED;
  const { now, userId } = ctx;
  const expiresAt = now + device.ttlMs;
  const stored: StoredDevice = {
    id: device.id,
    label: device.label,
    tokenHash: device.tokenHash,
    keyId: device.keyId,
    createdAt: now,
    expiresAt,
    lastUsedAt: null,
  };
  const all = [...liveDevices(record, now), stored];
  const overflow = Math.max(0, all.length - ctx.policy.devices.max);
  const events: MfaEvent[] = [{ type: 'device_remembered', userId, at: now, deviceId: device.id, expiresAt }];
  if (overflow > 0) {
    const deviceIds = all.slice(0, overflow).map((d) => d.id);
    events.push({ type: 'device_forgotten', userId, at: now, deviceIds, reason: 'limit' });
  }
  return {
    devices: all.slice(overflow),
    result: { deviceToken: device.token, deviceId: device.id, deviceExpiresAt: expiresAt },
    events,
  };
}

/**
 * Recognises a remembered device by its token. Every stored hash is compared in constant time
 * whatever matches; the token is hashed once per key id. A success writes the device's last use
 * (unless it was written less than a minute before).
 *
 * @param record - the stored record or null
 * @param token - the token from the cookie
 * @param ctx - the decision context
 * @returns the decision
 */
export function decideCheckDevice(
  record: MfaRecord | null,
  token: string,
  ctx: DecideContext,
): Decision<DeviceCheckResult> {
  if (!isEnabled(record, ctx.now)) return noWrite({ ok: false, reason: 'not_enabled' });
  if (!looksLikeDeviceToken(token)) return noWrite({ ok: false, reason: 'unknown' });
  const devices = record.devices ?? [];
  const hashes = new Map<string | null, string | null>();
  let found: StoredDevice | null = null;
  for (const device of devices) {
    if (!hashes.has(device.keyId)) {
      const hasher = ctx.deviceHasherOf(device.keyId);
      hashes.set(device.keyId, hasher === null ? null : hasher.hash(ctx.userId, token));
    }
    const candidate = hashes.get(device.keyId) ?? null;
    if (candidate !== null && equalConstantTime(candidate, device.tokenHash) && found === null)
      found = device;
  }
  if (found === null) return noWrite({ ok: false, reason: 'unknown' });
  if (found.expiresAt <= ctx.now) return noWrite({ ok: false, reason: 'expired' });
  const { id, expiresAt, lastUsedAt } = found;
  const result: DeviceCheckResult = {
    ok: true,
    method: 'device',
    verifiedAt: ctx.now,
    deviceId: id,
    expiresAt,
  };
  const events: MfaEvent[] = [
    { type: 'verified', userId: ctx.userId, at: ctx.now, method: 'device', deviceId: id },
  ];
  // The last use is kept to the minute: checks within a minute of it write nothing, so that a burst
  // of checks (tabs opening at once) does not turn into a burst of writes racing each other.
  if (lastUsedAt !== null && ctx.now - lastUsedAt < LAST_USE_PRECISION_MS) return noWrite(result, events);
  const next = nextRecord(
    record,
    { devices: devices.map((d) => (d.id === id ? { ...d, lastUsedAt: ctx.now } : d)) },
    ctx.now,
  );
  return { next, result, events };
}

/**
 * The devices an account remembers at `now`, oldest first; nothing secret.
 *
 * @param record - the stored record or null
 * @param now - ms since the epoch
 * @returns the devices (none unless enabled)
 */
export function devicesOf(record: MfaRecord | null, now: number): DeviceInfo[] {
  if (!isEnabled(record, now)) return [];
  return liveDevices(record, now).map(({ id, label, createdAt, expiresAt, lastUsedAt }) => ({
    id,
    label,
    createdAt,
    expiresAt,
    lastUsedAt,
  }));
}

/**
 * Forgets one device (`deviceId`), or every device (null).
 *
 * @param record - the stored record or null
 * @param deviceId - the device, or null for all
 * @param ctx - the decision context
 * @returns the decision; its result counts the devices forgotten that were not yet expired
 */
export function decideForgetDevices(
  record: MfaRecord | null,
  deviceId: string | null,
  ctx: DecideContext,
): Decision<ForgetResult> {
  const devices = record?.devices ?? [];
  const forgotten = devices.filter((d) => deviceId === null || d.id === deviceId);
  if (record === null || forgotten.length === 0) return noWrite({ forgotten: 0 });
  const live = forgotten.filter((d) => d.expiresAt > ctx.now);
  const next = nextRecord(record, { devices: devices.filter((d) => !forgotten.includes(d)) }, ctx.now);
  const events: MfaEvent[] =
    live.length === 0
      ? []
      : [
          {
            type: 'device_forgotten',
            userId: ctx.userId,
            at: ctx.now,
            deviceIds: live.map((d) => d.id),
            reason: 'user',
          },
        ];
  return { next, result: { forgotten: live.length }, events };
}
