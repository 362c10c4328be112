/**
 * Fixed scanners hearing each other: a scanner mapped to one of the store's beacons (it stands where
 * that beacon hangs, as ESPresense nodes that advertise their own iBeacon do) hears another of the
 * store's beacons, a reading over a known distance. Kept per store in Redis, the newest KEEP for a day,
 * for the beacons domain's calibration from scanners; shopper tags are not kept here.
 */
import type { Redis } from 'ioredis';

export interface NodeSighting {
  /** The beacon the hearing scanner is mapped to: where the reading was taken. */
  at: string;
  /** The beacon heard. */
  heard: string;
  rssi: number;
  ts: number;
}

const KEEP = 5000;
const TTL_S = 86_400;

const keyOf = (tenantId: string, storeId: string) => `gw:nodes:${tenantId}:${storeId}`;

export function noteNodeSighting(
  redis: Redis,
  tenantId: string,
  storeId: string,
  sighting: NodeSighting,
): Promise<unknown> {
  const key = keyOf(tenantId, storeId);
  return redis
    .multi()
    .lpush(key, JSON.stringify(sighting))
    .ltrim(key, 0, KEEP - 1)
    .expire(key, TTL_S)
    .exec();
}

/** The store's sightings of the last day, newest first. */
export async function nodeSightings(
  redis: Redis,
  tenantId: string,
  storeId: string,
): Promise<NodeSighting[]> {
  const items = await redis.lrange(keyOf(tenantId, storeId), 0, KEEP - 1);
  return items.map((item) => JSON.parse(item) as NodeSighting);
}
