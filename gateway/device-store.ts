/**
 * What the gateway keeps in Redis: each device's last known position (with a TTL, so a shopper who
 * left is soon unknown), the positioning workers' per-device state, one hash per store, from which a
 * worker that takes the store over (after a restart or a failover) carries on, and each store's radio
 * map as its shoppers taught it, so that a restart does not start it afresh.
 */
import type { Redis } from 'ioredis';
import type { Fix, LearntRadio, PhoneNote, PhoneNotes } from '../positioning/index.js';
import type { Snapshot } from './positioner.js';

/** Device state of a store that nobody heard for this long is not worth restoring. */
const SNAPSHOT_TTL_S = 3600;

/** A store closed for a fortnight of works may have been refitted: its map is learnt again. */
const RADIO_TTL_S = 14 * 24 * 3600;

const positionKey = (key: string, device: string) => `gw:pos:${key}:${device}`;
const snapshotKey = (key: string) => `gw:snap:${key}`;
const radioKey = (key: string) => `gw:radio:${key}`;

export interface DeviceStore {
  savePositions(fixes: readonly { key: string; fix: Fix }[]): Promise<void>;
  lastPosition(key: string, device: string): Promise<Fix | undefined>;
  saveSnapshots(
    snapshots: readonly Snapshot[],
    forgotten: readonly { key: string; device: string }[],
  ): Promise<void>;
  loadSnapshots(key: string): Promise<Record<string, string>>;
  saveRadio(radio: readonly { key: string; learnt: LearntRadio }[]): Promise<void>;
  /** Undefined when none was kept, or what was kept cannot be read (it is then learnt again). */
  loadRadio(key: string): Promise<LearntRadio | undefined>;
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
    async saveRadio(radio) {
      if (radio.length === 0) return;
      const pipeline = redis.pipeline();
      for (const { key, learnt } of radio)
        pipeline.set(radioKey(key), encodeRadio(learnt), 'EX', RADIO_TTL_S);
      await pipeline.exec();
    },
    loadRadio: (key) => learntRadioOf(redis, key),
  };
}

/** A store's radio map as the gateway last wrote it out; undefined when none, or unreadable. */
export async function learntRadioOf(redis: Redis, key: string): Promise<LearntRadio | undefined> {
  const text = await redis.get(radioKey(key));
  return text ? decodeRadio(text) : undefined;
}

const GRID_ARRAYS = ['values', 'sums', 'weights'] as const;

/** JSON with each grid's arrays as base64 of their float32 bytes: a third of their size as numbers. */
export function encodeRadio(learnt: LearntRadio): string {
  return JSON.stringify({
    beacons: learnt.beacons.map(({ anchor, placed, grid }) => ({
      anchor,
      placed,
      grid: {
        ...grid,
        ...Object.fromEntries(
          GRID_ARRAYS.map((k) => [
            k,
            Buffer.from(grid[k].buffer, grid[k].byteOffset, grid[k].byteLength).toString('base64'),
          ]),
        ),
      },
    })),
    ...(learnt.phones ? { phones: learnt.phones } : {}),
    ...(learnt.quiet?.length ? { quiet: learnt.quiet } : {}),
  });
}

export function decodeRadio(text: string): LearntRadio | undefined {
  try {
    const parsed = JSON.parse(text) as {
      beacons: { anchor: string; placed: string; grid: Record<string, unknown> }[];
      phones?: unknown;
      quiet?: unknown;
    };
    const quiet = Array.isArray(parsed.quiet) ? parsed.quiet.filter((id) => typeof id === 'string') : [];
    return {
      ...phoneNotesOf(parsed.phones),
      ...(quiet.length > 0 ? { quiet } : {}),
      beacons: parsed.beacons.map(({ anchor, placed, grid }) => {
        const [values, sums, weights] = GRID_ARRAYS.map((k) => {
          // Copied out of the decoded bytes: a Float32Array needs its own aligned buffer.
          const bytes = Uint8Array.from(Buffer.from(String(grid[k]), 'base64'));
          return new Float32Array(bytes.buffer, 0, bytes.byteLength >> 2);
        }) as [Float32Array, Float32Array, Float32Array];
        const { x0, y0, cols, rows, known } = grid as Record<string, number>;
        return {
          anchor,
          placed,
          grid: { x0: x0!, y0: y0!, cols: cols!, rows: rows!, known: known!, values, sums, weights },
        };
      }),
    };
  } catch {
    return undefined;
  }
}

/** The phones' notes as kept, without what is not a note; none from older gateways, which kept none. */
function phoneNotesOf(kept: unknown): { phones?: PhoneNotes } {
  const { basis, notes } = (kept ?? {}) as { basis?: unknown; notes?: unknown };
  if (typeof basis !== 'string' || !Array.isArray(notes)) return {};
  const valid = notes.filter(
    (n): n is PhoneNote => typeof n?.device === 'string' && Number.isFinite(n?.db) && Number.isFinite(n?.ts),
  );
  return { phones: { basis, notes: valid } };
}
