/**
 * What one positioning worker does, as plain functions over plain data (no threads, no I/O), so it
 * runs the same inside a worker thread and in a test. A store gets two engines: one for phones,
 * whose batches are whole scan windows and are positioned at once, and one for tags heard by fixed
 * scanners, whose windows fill from many messages and close with time.
 */
import {
  createEngine,
  type DeviceSnapshot,
  type Engine,
  type EngineOptions,
  type Fix,
  type Observation,
  type RejectionCounts,
  type Site,
} from '../positioning/index.js';
import type { DropReason, Reading } from './scan.js';

/** A scan as it travels to a worker: the store's key instead of tenant and store. */
export interface WorkScan {
  key: string;
  device: string;
  ts: number;
  complete: boolean;
  readings: Reading[];
}

export interface KeyedFix {
  key: string;
  fix: Fix;
}

export interface Snapshot {
  key: string;
  device: string;
  /** JSON of positioning's DeviceSnapshot. */
  state: string;
}

export interface PositionerOutput {
  fixes: KeyedFix[];
  dropped: Partial<Record<DropReason, number>>;
  snapshots: Snapshot[];
  forgotten: { key: string; device: string }[];
}

export interface PositionerOptions {
  engine?: Partial<EngineOptions>;
  /** How often a device that was heard has its state written out for failover. */
  snapshotEveryMs: number;
}

interface StoreEngines {
  phones: Engine;
  tags: Engine;
  /** Newest whole batch per phone: a QoS 1 redelivery of one must not make a second fix. */
  lastBatch: Map<string, number>;
  dirty: Set<string>;
  seen: { phones: RejectionCounts; tags: RejectionCounts };
}

export interface Positioner {
  addStore(key: string, site: Site, snapshots: Record<string, string>): void;
  hasStore(key: string): boolean;
  position(scans: readonly WorkScan[]): PositionerOutput;
  /** Closes the windows of tags gone quiet, forgets devices long unheard, writes due snapshots (all now, when asked). */
  tick(now: number, snapshotNow?: boolean): PositionerOutput;
}

const isTag = (device: string) => device.startsWith('tag:');

export function createPositioner(options: PositionerOptions): Positioner {
  const stores = new Map<string, StoreEngines>();
  let lastTick: number | undefined;

  function output(): PositionerOutput {
    return { fixes: [], dropped: {}, snapshots: [], forgotten: [] };
  }

  function drop(out: PositionerOutput, reason: DropReason, n: number): void {
    if (n > 0) out.dropped[reason] = (out.dropped[reason] ?? 0) + n;
  }

  /** Engines count their own rejections; the gateway reports what changed since it last looked. */
  function collectRejections(out: PositionerOutput, store: StoreEngines): void {
    for (const kind of ['phones', 'tags'] as const) {
      const now = store[kind].rejections();
      const before = store.seen[kind];
      drop(out, 'invalid', now.invalid - before.invalid + now.malformed - before.malformed);
      drop(out, 'unknown-beacon', now['unknown-anchor'] - before['unknown-anchor']);
      drop(out, 'out-of-order', now['out-of-order'] - before['out-of-order']);
      drop(out, 'duplicate', now.duplicate - before.duplicate);
      store.seen[kind] = now;
    }
  }

  function emit(out: PositionerOutput, key: string, fixes: Fix[]): void {
    for (const fix of fixes) out.fixes.push({ key, fix });
  }

  return {
    addStore(key, site, snapshots) {
      const phones = createEngine(site, options.engine);
      const tags = createEngine(site, options.engine);
      for (const [device, state] of Object.entries(snapshots)) {
        (isTag(device) ? tags : phones).restore(device, JSON.parse(state) as DeviceSnapshot);
      }
      stores.set(key, {
        phones,
        tags,
        lastBatch: new Map(),
        dirty: new Set(),
        seen: { phones: phones.rejections(), tags: tags.rejections() },
      });
    },
    hasStore: (key) => stores.has(key),
    position(scans) {
      const out = output();
      /** Phones fed in this call, per store: a second batch of one (a backlog after a restart) closes the first. */
      const touched = new Map<StoreEngines, Set<string>>();
      for (const scan of scans) {
        const store = stores.get(scan.key);
        if (!store) {
          drop(out, 'overload', scan.readings.length);
          continue;
        }
        let fed = touched.get(store);
        if (!fed) {
          fed = new Set();
          touched.set(store, fed);
        }
        if (scan.complete) {
          const last = store.lastBatch.get(scan.device);
          if (last !== undefined && scan.ts <= last) {
            drop(out, scan.ts === last ? 'duplicate' : 'out-of-order', scan.readings.length);
            continue;
          }
          store.lastBatch.set(scan.device, scan.ts);
          if (fed.has(scan.device)) {
            emit(out, scan.key, store.phones.tick(Number.POSITIVE_INFINITY));
            fed.clear();
          }
          fed.add(scan.device);
        }
        const engine = scan.complete ? store.phones : store.tags;
        for (const reading of scan.readings) {
          const observation: Observation = {
            ts: scan.ts,
            device: scan.device,
            anchor: reading.anchor,
            rssi: reading.rssi,
          };
          if (reading.txPower !== undefined) observation.txPower = reading.txPower;
          emit(out, scan.key, engine.observe(observation));
        }
        store.dirty.add(scan.device);
      }
      // Every window in a phones engine is a whole batch, so all of them can close now.
      for (const [key, store] of stores) {
        if (!touched.has(store)) continue;
        emit(out, key, store.phones.tick(Number.POSITIVE_INFINITY));
        collectRejections(out, store);
      }
      return out;
    },
    tick(now, snapshotNow = false) {
      const out = output();
      // Snapshots are spread over the ticks (the longest-dirty first, a share per tick that writes each
      // within snapshotEveryMs), so that no tick stalls the worker on a whole store's state at once.
      const share =
        snapshotNow || lastTick === undefined || options.snapshotEveryMs === 0
          ? 1
          : Math.min(1, (now - lastTick) / options.snapshotEveryMs);
      lastTick = now;
      for (const [key, store] of stores) {
        emit(out, key, store.tags.tick(now));
        for (const engine of [store.phones, store.tags]) {
          const before = engine.devices();
          if (engine.forgetQuiet(now) === 0) continue;
          const kept = new Set(engine.devices());
          for (const device of before) {
            if (kept.has(device)) continue;
            out.forgotten.push({ key, device });
            store.dirty.delete(device);
            store.lastBatch.delete(device);
          }
        }
        let due = Math.ceil(store.dirty.size * share);
        for (const device of store.dirty) {
          if (due-- <= 0) break;
          store.dirty.delete(device);
          const state = (isTag(device) ? store.tags : store.phones).snapshot(device);
          if (state) out.snapshots.push({ key, device, state: JSON.stringify(state) });
        }
        collectRejections(out, store);
      }
      return out;
    },
  };
}
