/**
 * The mini-program's batches, in the shape of `wx.onBeaconUpdate`: every beacon the phone heard in
 * one callback. Over MQTT on `ss/{tenant}/{store}/scan/miniprogram` with the shopper's token in the
 * payload; over HTTP (`POST /api/v1/scans`) with the token in the Authorization header.
 */
import { type Static, Type } from 'typebox';
import { iBeaconId, normaliseUuid } from '../../beacons/index.js';
import { type Adapted, type DropReason, type Origin, type Reading, refuse } from '../scan.js';
import { payloadReader, scanTime, storeOfTopic } from './payload.js';

/** One `IBeaconInfo` as WeChat reports it; iOS gives rssi 0 when it could not measure one. */
export const BeaconInfo = Type.Object(
  {
    uuid: Type.String({ minLength: 32, maxLength: 36 }),
    major: Type.Integer({ minimum: 0, maximum: 65535 }),
    minor: Type.Integer({ minimum: 0, maximum: 65535 }),
    rssi: Type.Number({ minimum: -127, maximum: 0 }),
    accuracy: Type.Optional(Type.Number()),
    proximity: Type.Optional(Type.Integer({ minimum: 0, maximum: 3 })),
  },
  { additionalProperties: false },
);
export type BeaconInfo = Static<typeof BeaconInfo>;

export const MAX_BEACONS_PER_SCAN = 200;

export const PhoneBeacons = Type.Array(BeaconInfo, { minItems: 1, maxItems: MAX_BEACONS_PER_SCAN });

export const MiniprogramMessage = Type.Object(
  {
    /** The shopper's JWT: MQTT has no per-message identity, so the message carries it. */
    token: Type.String({ minLength: 1, maxLength: 4096 }),
    /** Optional: when given it must be the device id the token stands for. */
    device: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** When the callback fired, ms since the epoch; the gateway's clock when absent. */
    ts: Type.Optional(Type.Integer({ minimum: 0 })),
    beacons: PhoneBeacons,
  },
  { additionalProperties: false },
);

const reader = payloadReader(MiniprogramMessage);

export interface PhoneBatch {
  tenantId: string;
  storeId: string;
  ts?: number;
  beacons: readonly BeaconInfo[];
  origin: Extract<Origin, { kind: 'phone' }>;
}

/** One phone batch → one complete scan; used by the MQTT adapter and the HTTP route alike. */
export function phoneScan(batch: PhoneBatch, now: number): Adapted {
  const at = { tenantId: batch.tenantId, storeId: batch.storeId };
  const ts = scanTime(batch.ts, now);
  if (ts === undefined) return refuse('stale', `ts ${batch.ts} is too far from the gateway clock`, at);
  const readings: Reading[] = [];
  const dropped: Partial<Record<DropReason, number>> = {};
  for (const beacon of batch.beacons) {
    const uuid = normaliseUuid(beacon.uuid);
    if (!uuid) return refuse('invalid', `beacon uuid ${JSON.stringify(beacon.uuid)} is not a uuid`, at);
    if (beacon.rssi === 0) {
      dropped['no-rssi'] = (dropped['no-rssi'] ?? 0) + 1;
      continue;
    }
    readings.push({
      anchor: iBeaconId({ uuid, major: beacon.major, minor: beacon.minor }),
      rssi: beacon.rssi,
    });
  }
  return {
    ok: true,
    scans: [{ ...at, device: '', ts, complete: true, readings, origin: batch.origin }],
    dropped,
  };
}

export function adaptMiniprogram(topic: string, payload: Buffer | string, now: number): Adapted {
  const at = storeOfTopic(topic);
  if (!at) return refuse('unknown-topic', `topic ${topic} is not ss/{tenant}/{store}/scan/miniprogram`);
  const parsed = reader.read(payload);
  if (!parsed.ok) return { ...parsed.refusal, ...at };
  const { token, device, ts, beacons } = parsed.value;
  return phoneScan(
    {
      ...at,
      ...(ts === undefined ? {} : { ts }),
      beacons,
      origin: { kind: 'phone', token, ...(device === undefined ? {} : { claimedDevice: device }) },
    },
    now,
  );
}
