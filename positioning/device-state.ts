/**
 * Everything the engine remembers about one device, as plain data: the gateway snapshots it to Redis as
 * JSON and restores it on another worker, and the restored device must go on to the very same fixes.
 */

import type { DoorBelief } from './door-filter.js';
import type { Track } from './kalman.js';
import type { LevelTrack } from './level-detector.js';
import { type Cloud, emptyCloud } from './particle-filter.js';
import type { InsideScans } from './phone-level.js';
import { seedFrom } from './random.js';
import type { ReceiverOffset } from './receiver-offset.js';
import type { OpenScan } from './scan.js';
import type { Silence } from './silence.js';

export interface DeviceState {
  /** State of the device's own random source (particle motion and resampling). */
  rng: number;
  /** Newest accepted observation; older ones are out of order. */
  lastTs: number | null;
  open: OpenScan | null;
  level: LevelTrack | null;
  offset: ReceiverOffset;
  cloud: Cloud | null;
  track: Track | null;
  lastFixTs: number | null;
  /** Running RMS misfit of the readings at the fixes, dB (see methods.ts); 0 before the first fix. */
  misfitDb: number;
  /** Where the device last taught the radio map (radio-learner.ts): x, y, level; null before. */
  taughtAt?: [number, number, number] | null;
  /** Where this visit's inside odds centre a phone's offset, dB (phone-level.ts); absent before its first fix. */
  oddsCentreDb?: number;
  /** This visit's scans believed inside so far, for the store's phone level (phone-level.ts). */
  inside?: InsideScans;
  /** How often this phone misses beacons it should surely hear (silence.ts); absent before its first fix. */
  silence?: Silence;
  /** Where the phone may be, either side of the façade (door-filter.ts); not kept in snapshots. */
  door?: DoorBelief | null;
}

/** The JSON form: typed arrays become plain arrays. */
export interface DeviceSnapshot extends Omit<DeviceState, 'cloud' | 'door'> {
  /** 2 since the track keeps one 2×2 covariance for both axes; 1 (a 4×4 covariance) is still read. */
  version: 1 | 2;
  cloud: Record<keyof Cloud, number[]> | null;
}

export function newDevice(device: string): DeviceState {
  return {
    rng: seedFrom(device),
    lastTs: null,
    open: null,
    level: null,
    offset: { db: 0, scans: 0 },
    cloud: null,
    track: null,
    lastFixTs: null,
    misfitDb: 0,
    taughtAt: null,
  };
}

const CLOUD_KEYS = ['x', 'y', 'vx', 'vy', 'w'] as const;

export function toSnapshot(state: DeviceState): DeviceSnapshot {
  const { cloud, door: _door, ...rest } = state;
  return structuredCloneJson({
    ...rest,
    version: 2,
    cloud: cloud && Object.fromEntries(CLOUD_KEYS.map((k) => [k, Array.from(cloud[k])])),
  }) as DeviceSnapshot;
}

export function fromSnapshot(snapshot: DeviceSnapshot): DeviceState {
  if (snapshot?.version !== 1 && snapshot?.version !== 2)
    throw new Error('SS_ERR_SNAPSHOT_VERSION: unknown device snapshot version');
  const { cloud, version, ...rest } = structuredCloneJson(snapshot) as DeviceSnapshot;
  // Version 1 kept [x, y, vx, vy]'s 4×4 covariance; both axes' blocks were the same, so one is kept.
  if (version === 1 && rest.track) {
    const c = rest.track.covariance;
    rest.track.covariance = [
      [c[0]![0]!, c[0]![2]!],
      [c[2]![0]!, c[2]![2]!],
    ];
  }
  let restored: Cloud | null = null;
  if (cloud) {
    restored = emptyCloud(cloud.x.length);
    for (const k of CLOUD_KEYS) restored[k].set(cloud[k]);
  }
  return { ...rest, cloud: restored };
}

/** A deep copy through JSON, so that a snapshot shares nothing with live state. */
function structuredCloneJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
