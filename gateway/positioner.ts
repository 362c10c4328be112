/**
 * What one positioning worker does, as plain functions over plain data (no threads, no I/O), so it
 * runs the same inside a worker thread and in a test. A store has one engine: a phone's batch is a
 * whole scan window and is positioned at once (`flush`), while the windows of tags heard by fixed
 * scanners fill from many messages and close with time (`tick`).
 */
import {
  createEngine,
  type DeviceSnapshot,
  type Engine,
  type EngineOptions,
  type Fix,
  type LearntRadio,
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
  /** When the main thread took the scan in, and handed it to a worker (its performance.now()): latency figures. */
  received?: number;
  sent?: number;
}

interface Timing {
  received: number;
  sent: number;
}

export interface KeyedFix {
  key: string;
  fix: Fix;
  /** The timing of the phone batch the fix positions (a tag's fix closes with time, of many messages). */
  timing?: Timing;
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
  /** Stores' radio maps as their shoppers have taught them (positioning's radio-learner.ts), to keep. */
  radio: { key: string; learnt: LearntRadio }[];
}

export interface PositionerOptions {
  engine?: Partial<EngineOptions>;
  /** How often a device that was heard has its state written out for failover. */
  snapshotEveryMs: number;
}

interface StoreState {
  engine: Engine;
  /** Newest whole batch per phone: a QoS 1 redelivery of one must not make a second fix. */
  lastBatch: Map<string, number>;
  dirty: Set<string>;
  seen: RejectionCounts;
  /** When the store's learnt radio map was last written out (tick's clock); undefined before its first tick. */
  radioAt?: number;
}

export interface Positioner {
  /** `learnt`: the store's radio map as last written out, which its beacons still where they were take over. */
  addStore(key: string, site: Site, snapshots: Record<string, string>, learnt?: LearntRadio): void;
  /**
   * Puts a store's new site (its map or beacons changed) in place, its devices' state kept; windows
   * still open are closed first, on the site they were heard on.
   */
  replaceSite(key: string, site: Site): PositionerOutput;
  position(scans: readonly WorkScan[]): PositionerOutput;
  /** Closes the windows of tags gone quiet, forgets devices long unheard, writes due snapshots (all now, when asked). */
  tick(now: number, snapshotNow?: boolean): PositionerOutput;
}

export function emptyOutput(): PositionerOutput {
  return { fixes: [], dropped: {}, snapshots: [], forgotten: [], radio: [] };
}

/** Adds `from` to `into` (a worker sends a long batch's output in parts). */
export function mergeOutput(into: PositionerOutput, from: PositionerOutput): PositionerOutput {
  into.fixes.push(...from.fixes);
  into.snapshots.push(...from.snapshots);
  into.forgotten.push(...from.forgotten);
  into.radio.push(...from.radio);
  for (const [reason, n] of Object.entries(from.dropped) as [DropReason, number][])
    into.dropped[reason] = (into.dropped[reason] ?? 0) + n;
  return into;
}

/**
 * How often each store's learnt radio map is written out, so that a restart does not start it afresh: it
 * changes slowly (a spot is learnt after some twenty passes).
 */
const RADIO_EVERY_MS = 300_000;

export function createPositioner(options: PositionerOptions): Positioner {
  const stores = new Map<string, StoreState>();
  let lastTick: number | undefined;

  function drop(out: PositionerOutput, reason: DropReason, n: number): void {
    if (n > 0) out.dropped[reason] = (out.dropped[reason] ?? 0) + n;
  }

  /** Engines count their own rejections; the gateway reports what changed since it last looked. */
  function collectRejections(out: PositionerOutput, store: StoreState): void {
    const now = store.engine.rejections();
    const before = store.seen;
    drop(out, 'invalid', now.invalid - before.invalid + now.malformed - before.malformed);
    drop(out, 'unknown-beacon', now['unknown-anchor'] - before['unknown-anchor']);
    drop(out, 'out-of-order', now['out-of-order'] - before['out-of-order']);
    drop(out, 'duplicate', now.duplicate - before.duplicate);
    store.seen = now;
  }

  // Fixes carry insideOdds: the visits stage recognises store arrival from them.
  const newEngine = (site: Site) => createEngine(site, { insideOdds: true, ...options.engine });

  function emit(out: PositionerOutput, key: string, fixes: Fix[], timing?: Timing): void {
    for (const fix of fixes) out.fixes.push(timing ? { key, fix, timing } : { key, fix });
  }

  return {
    addStore(key, site, snapshots, learnt) {
      const engine = newEngine(site);
      for (const [device, state] of Object.entries(snapshots))
        engine.restore(device, JSON.parse(state) as DeviceSnapshot);
      if (learnt) engine.adoptLearntRadio(learnt);
      stores.set(key, { engine, lastBatch: new Map(), dirty: new Set(), seen: engine.rejections() });
    },
    replaceSite(key, site) {
      const out = emptyOutput();
      const store = stores.get(key);
      if (!store) return out;
      const engine = newEngine(site);
      for (const device of store.engine.devices()) {
        // An open window holds readings by the old site's beacon order: it closes on that site.
        emit(out, key, store.engine.flush(device));
        const state = store.engine.snapshot(device);
        if (state) engine.restore(device, state);
      }
      // What the shoppers taught the store's radio map still holds for the beacons that did not move.
      engine.adoptLearntRadio(store.engine.learntRadio());
      collectRejections(out, store);
      store.engine = engine;
      store.seen = engine.rejections();
      return out;
    },
    position(scans) {
      const out = emptyOutput();
      const touched = new Set<StoreState>();
      for (const scan of scans) {
        const store = stores.get(scan.key);
        if (!store) {
          drop(out, 'overload', scan.readings.length);
          continue;
        }
        touched.add(store);
        if (scan.complete) {
          const last = store.lastBatch.get(scan.device);
          if (last !== undefined && scan.ts <= last) {
            drop(out, scan.ts === last ? 'duplicate' : 'out-of-order', scan.readings.length);
            continue;
          }
          store.lastBatch.set(scan.device, scan.ts);
        }
        for (const reading of scan.readings) {
          const observation: Observation = {
            ts: scan.ts,
            device: scan.device,
            anchor: reading.anchor,
            rssi: reading.rssi,
          };
          if (reading.txPower !== undefined) observation.txPower = reading.txPower;
          emit(out, scan.key, store.engine.observe(observation));
        }
        if (scan.complete) {
          const { received, sent } = scan;
          const timing = received === undefined || sent === undefined ? undefined : { received, sent };
          emit(out, scan.key, store.engine.flush(scan.device), timing);
        }
        store.dirty.add(scan.device);
      }
      for (const store of touched) collectRejections(out, store);
      return out;
    },
    tick(now, snapshotNow = false) {
      const out = emptyOutput();
      // Snapshots are spread over the ticks (the longest-dirty first, a share per tick that writes each
      // within snapshotEveryMs), so that no tick stalls the worker on a whole store's state at once.
      const share =
        snapshotNow || lastTick === undefined || options.snapshotEveryMs === 0
          ? 1
          : Math.min(1, (now - lastTick) / options.snapshotEveryMs);
      lastTick = now;
      for (const [key, store] of stores) {
        const { engine } = store;
        emit(out, key, engine.tick(now));
        const before = engine.devices();
        if (engine.forgetQuiet(now) > 0) {
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
          const state = engine.snapshot(device);
          if (state) out.snapshots.push({ key, device, state: JSON.stringify(state) });
        }
        store.radioAt ??= now;
        if (snapshotNow || now - store.radioAt >= RADIO_EVERY_MS) {
          store.radioAt = now;
          const learnt = engine.learntRadio();
          if (learnt.beacons.length > 0 || learnt.phones?.notes.length) out.radio.push({ key, learnt });
        }
        collectRejections(out, store);
      }
      return out;
    },
  };
}
