/**
 * What the gateway keeps in Redis: each device's last known position (with a TTL, so a shopper who
 * left is soon unknown) and the positioning workers' per-device state, one hash per store, from
 * which a worker that takes the store over (after a restart or a failover) carries on.
 */
import type { Redis } from 'ioredis';
import type { Fix } from '../positioning/index.js';
import type { Snapshot } from './positioner.js';

/** Device state of a store that nobody heard for this long is not worth restoring. */
const SNAPSHOT_TTL_S = 3600;

const positionKey = (key: string, device: string) => `gw:pos:${key}:${device}`;
const snapshotKey = (key: string) => `gw:snap:${key}`;

export interface DeviceStore {
  savePositions(fixes: readonly { key: string; fix: Fix }[]): Promise<void>;
  lastPosition(key: string, device: string): Promise<Fix | undefined>;
  saveSnapshots(
    snapshots: readonly Snapshot[],
    forgotten: readonly { key: string; device: string }[],
  ): Promise<void>;
  loadSnapshots(key: string): Promise<Record<string, string>>;
}

export function deviceStore(redis: Redis, positionTtlS: number): DeviceStore {
  return {
    async savePositions(fixes) {
      if (fixes.length === 0) return;
      const pipeline = redis.pipeline();
      for (const { key, fix } of fixes)
        pipeline.set(positionKey(key, fix.device), JSON.stringify(fix), 'EX', positionTtlS);
      await pipeline.exec();
    },
    async lastPosition(key, device) {
      const json = await redis.get(positionKey(key, device));
      return json ? (JSON.parse(json) as Fix) : undefined;
    },
    async saveSnapshots(snapshots, forgotten) {
      if (snapshots.length === 0 && forgotten.length === 0) return;
      const pipeline = redis.pipeline();
      const stores = new Set<string>();
      for (const s of snapshots) {
        pipeline.hset(snapshotKey(s.key), s.device, s.state);
        stores.add(s.key);
      }
      for (const f of forgotten) pipeline.hdel(snapshotKey(f.key), f.device);
      for (const key of stores) pipeline.expire(snapshotKey(key), SNAPSHOT_TTL_S);
      await pipeline.exec();
    },
    loadSnapshots: (key) => redis.hgetall(snapshotKey(key)),
  };
}
