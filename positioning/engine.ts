/**
 * The engine: Observations in, Fixes out, per device, causally. It owns the shell every method shares:
 * checking input, collecting scan windows, the receiver offset, level detection and when to emit.
 *
 * Timing: a device's observations are collected for `scanMs`; the first observation at or after the end of
 * the window closes it and yields one Fix stamped with the window's newest observation. `tick(now)` closes
 * windows of devices that went quiet. Nothing is emitted for a window still open, so the fixes for a prefix
 * of the input are a prefix of the fixes for the whole input.
 */
import {
  type DeviceSnapshot,
  type DeviceState,
  fromSnapshot,
  newDevice,
  toSnapshot,
} from './device-state.js';
import { followDoor, mayBeBeyondWindow } from './door-filter.js';
import { insideOdds } from './inside-odds.js';
import { DEFAULT_LEVEL_OPTIONS, followLevel, type LevelOptions, startLevel } from './level-detector.js';
import { DEFAULT_METHOD_OPTIONS, type MethodName, type MethodOptions, method } from './methods.js';
import {
  canonicalAnchorId,
  isObservation,
  noRejections,
  type Rejection,
  type RejectionCounts,
} from './observation-check.js';
import { levelBasis, notePhone, notesOn, oddsCentre, type PhoneNote, SETTLED_SCANS } from './phone-level.js';
import { adoptQuiet, noteHearing, quietIds } from './quiet-beacons.js';
import {
  adoptLearntRadio,
  type LearntRadio,
  learnRadio,
  learntRadio,
  OFFSET_SETTLED_SCANS,
} from './radio-learner.js';
import { learnOffset } from './receiver-offset.js';
import { addReading, closeScan, openScan } from './scan.js';
import { adoptAdvertisedPower, siteModel } from './site-model.js';
import type { Fix, Observation, Site } from './types.js';

export interface EngineOptions extends MethodOptions {
  method: MethodName;
  /** Length of a scan window, ms: one `wx.onBeaconUpdate` cycle is about a second. */
  scanMs: number;
  /** How long past its window a quiet device's scan waits for stragglers before `tick` closes it. */
  graceMs: number;
  /** After this long unheard, a device starts afresh (it has moved on, or left). */
  forgetMs: number;
  level: LevelOptions;
  /**
   * Whether each fix carries `insideOdds` (inside the outline against just outside it) and `louderDb`,
   * which store-arrival recognition needs. It scores some 150 positions a fix, a quarter of the
   * engine's time, and the replay contract and the blue dot have no use for it, so only the live
   * gateway turns it on.
   */
  insideOdds: boolean;
  /** Whether the shoppers' scans teach the store's radio map as they come (radio-learner.ts). */
  learnRadio: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  ...DEFAULT_METHOD_OPTIONS,
  method: 'engine',
  scanMs: 900,
  graceMs: 600,
  forgetMs: 30_000,
  level: DEFAULT_LEVEL_OPTIONS,
  insideOdds: false,
  learnRadio: true,
};

export interface Engine {
  /** Takes one observation; returns the fix it completed, if any. Bad input is counted, never thrown. */
  observe(observation: Observation): Fix[];
  /** Closes the scans of devices unheard since `now - scanMs - graceMs`; call it as the clock advances. */
  tick(now: number): Fix[];
  /**
   * Closes this device's open scan now, whatever its age: for a source whose batch is known to be a whole
   * window (a phone's `wx.onBeaconUpdate` batch), so its fix need not wait for `tick` or the next batch.
   * Zero or one fix; none for an unknown device or one with nothing pending.
   */
  flush(device: string): Fix[];
  /** Drops devices unheard for `forgetMs`; returns how many. */
  forgetQuiet(now: number): number;
  snapshot(device: string): DeviceSnapshot | undefined;
  restore(device: string, snapshot: DeviceSnapshot): void;
  devices(): string[];
  rejections(): RejectionCounts;
  /** The radio map the shoppers have taught so far (radio-learner.ts), to hand to the next site's engine. */
  learntRadio(): LearntRadio;
  /** Takes over what another engine of the same store learnt, for beacons still where they were. */
  adoptLearntRadio(learnt: LearntRadio): number;
}

export function createEngine(site: Site, options: Partial<EngineOptions> = {}): Engine {
  const opts: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  const model = siteModel(site);
  const locate = method(opts.method, model, opts);
  const states = new Map<string, DeviceState>();
  const rejected = noRejections();
  /** The store's phones believed inside, and what they read (phone-level.ts), against `basis`. */
  const phones: PhoneNote[] = [];
  const basis = levelBasis(site);

  function reject(reason: Rejection): Fix[] {
    rejected[reason] += 1;
    return [];
  }

  function close(device: string, state: DeviceState): Fix | null {
    const open = state.open;
    state.open = null;
    if (!open) return null;
    const scan = closeScan(open, state.offset.db);
    const fresh =
      state.lastFixTs === null || scan.ts - state.lastFixTs > opts.forgetMs || state.level === null;
    let levelChanged = false;
    if (fresh || !state.level) state.level = startLevel(model, scan);
    else levelChanged = followLevel(state.level, model, scan, opts.level);
    const level = state.level.level;
    // The odds want the readings as the phone gave them (the method may start the offset), less what the
    // store's phones read as it stood when this phone came: one centre for a visit's odds.
    if (opts.insideOdds && (fresh || state.oddsCentreDb === undefined)) {
      state.oddsCentreDb = oddsCentre(phones);
      state.inside = { sum: 0, scans: 0 };
    }
    const centre = state.oddsCentreDb ?? 0;
    const heardOffset = state.offset.db - centre;
    // Silent beacons are judged by what the phone would read: the centre was taken off its readings.
    const oddsOptions = opts.insideOdds
      ? { ...opts, likelihood: { ...opts.likelihood, takenOffDb: centre } }
      : opts;
    const plainBefore = state.offset.plainDb ?? state.offset.db;
    const dt = fresh ? 0 : Math.min(5, Math.max(0.05, (scan.ts - state.lastFixTs!) / 1000));
    const position = locate(state, scan, level, dt, fresh || levelChanged);
    if (!position) return null;
    const odds = opts.insideOdds ? insideOdds(model, scan, heardOffset, level, position, oddsOptions) : null;
    // Followed on the levels with a door; a fix on another level leaves the belief where it was.
    const ofLevel = opts.insideOdds ? model.site.levels.find((l) => l.level === level) : undefined;
    const was = fresh ? null : (state.door ?? null);
    const door = ofLevel
      ? followDoor(model, ofLevel, was, scan, heardOffset, dt, position, oddsOptions)
      : null;
    state.door = door ?? was;
    const believedInside = !mayBeBeyondWindow(state.door);
    const louder = learnOffset(state.offset, model, scan, level, position.x, position.y, believedInside);
    if (louder !== null && state.door && believedInside)
      noteInside(device, state, louder + plainBefore, scan.ts);
    // A scan that sounds heard from beyond the façade (a passer-by, through the shop window) would teach
    // the map the window's loss.
    const heardFromInside = !(odds !== null && odds <= 0);
    if (opts.learnRadio && heardFromInside) learnRadio(model, state, scan, level, position.x, position.y);
    // Not a phone that may be beyond the shop window: the glass, not a flat battery, keeps it from hearing.
    const judged = heardFromInside && believedInside && state.offset.scans >= OFFSET_SETTLED_SCANS;
    noteHearing(model, scan, level, position.x, position.y, judged);
    state.lastFixTs = scan.ts;
    return {
      ts: scan.ts,
      device,
      x: round(position.x),
      y: round(position.y),
      level,
      accuracy: round(position.accuracy),
      ...(odds === null ? {} : { insideOdds: round(odds) }),
      ...(door === null ? {} : { insideBelief: round(door.odds) }),
      ...(opts.insideOdds && louder !== null ? { louderDb: round(louder) } : {}),
    };
  }

  /** One more scan of a phone believed inside, `residualDb` louder than the path-loss model alone. */
  function noteInside(device: string, state: DeviceState, residualDb: number, ts: number): void {
    const inside = state.inside!;
    if (inside.scans >= SETTLED_SCANS) return;
    inside.sum += residualDb;
    inside.scans += 1;
    if (inside.scans === SETTLED_SCANS) notePhone(phones, { device, db: inside.sum / inside.scans, ts });
  }

  return {
    observe(observation) {
      if (!isObservation(observation)) return reject('invalid');
      // The id as the site spells it first: the usual case, and no string work per reading.
      const anchor =
        model.anchorIndex.get(observation.anchor) ??
        model.anchorIndex.get(canonicalAnchorId(observation.anchor));
      if (anchor === undefined) return reject('unknown-anchor');
      adoptAdvertisedPower(model, anchor, observation.txPower);
      let state = states.get(observation.device);
      if (!state) {
        state = newDevice(observation.device);
        states.set(observation.device, state);
      }
      if (state.lastTs !== null && observation.ts < state.lastTs) return reject('out-of-order');
      const fixes: Fix[] = [];
      if (state.open && observation.ts - state.open.start >= opts.scanMs) {
        const fix = close(observation.device, state);
        if (fix) fixes.push(fix);
      }
      state.open ??= openScan(observation.ts);
      if (!addReading(state.open, anchor, observation.rssi, observation.ts)) return reject('duplicate');
      state.lastTs = observation.ts;
      return fixes;
    },
    tick(now) {
      const fixes: Fix[] = [];
      for (const [device, state] of states) {
        if (state.open && now - state.open.start >= opts.scanMs + opts.graceMs) {
          const fix = close(device, state);
          if (fix) fixes.push(fix);
        }
      }
      return fixes;
    },
    flush(device) {
      const state = states.get(device);
      const fix = state && close(device, state);
      return fix ? [fix] : [];
    },
    forgetQuiet(now) {
      let forgotten = 0;
      for (const [device, state] of states) {
        if (!state.open && state.lastTs !== null && now - state.lastTs > opts.forgetMs) {
          states.delete(device);
          forgotten += 1;
        }
      }
      return forgotten;
    },
    snapshot(device) {
      const state = states.get(device);
      return state && toSnapshot(state);
    },
    restore(device, snapshot) {
      states.set(device, fromSnapshot(snapshot));
    },
    devices: () => [...states.keys()],
    rejections: () => ({ ...rejected }),
    learntRadio() {
      const quiet = quietIds(model);
      return {
        ...learntRadio(model),
        phones: { basis, notes: phones.map((n) => ({ ...n })) },
        ...(quiet.length > 0 ? { quiet } : {}),
      };
    },
    adoptLearntRadio(learnt) {
      adoptQuiet(model, learnt.quiet ?? []);
      const notes = [...notesOn(basis, learnt)].sort((a, b) => a.ts - b.ts);
      for (const note of notes) notePhone(phones, { ...note });
      return adoptLearntRadio(model, learnt);
    },
  };
}

/** Centimetres are below any accuracy BLE can give, and keep fixes short and golden files stable. */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}
