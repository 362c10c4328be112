/**
 * Shoppers walking a venue and their phones' scans, as `wx.onBeaconUpdate` delivers them: about once a
 * second, every beacon heard in one batch with one timestamp. Shopper slots are refilled as visits end, so
 * a run can go on for ever (the live demo) or stop after a while (tests, benchmarks). Passers-by on the
 * pavement outside, hearing the beacons through the shop window, may walk past meanwhile (the demo has
 * them, so that its arrival recognition has someone to turn away). Everything follows from the seed.
 */
import { createRandom, type Observation, type Random, seedFrom } from '../positioning/index.js';
import { FACADE_LOSS_DB, planPasserBy } from './pavement.js';
import { DEFAULT_RADIO, type Pose, type RadioConditions, type RadioField, radioField } from './radio.js';
import { planVisit, type Truth } from './shopper.js';
import type { Venue } from './venue.js';
import { type Walkways, walkways } from './walkways.js';

export interface StoreRunOptions {
  venue: Venue;
  radio?: RadioConditions;
  /** Shoppers in the store at any time. */
  shoppers: number;
  /** People on the pavement in front of the store at any time (none unless given). */
  passersBy?: number;
  seed: number;
  /** Clock of the first scan, ms since the epoch. */
  startTs?: number;
}

/** One phone's scan: what it heard in one callback. */
export interface ScanBatch {
  ts: number;
  device: string;
  observations: Observation[];
}

const SCAN_PERIOD_MS = 1000;
const SCAN_JITTER_MS = 40;
/** Pause before a slot's next shopper walks in, seconds. */
const BETWEEN_VISITS_S = 5;
/** Visits that ended this long ago are forgotten, so that an endless demo does not grow. */
const REMEMBER_S = 3600;

/** A phone's walk, times in seconds of the run; only one in the store has a truth. */
interface Walk {
  start: number;
  end: number;
  pose(t: number): Pose;
  truth?(t: number): Truth;
}

interface Phone {
  device: string;
  walk: Walk;
  offset: number;
  /** What the shop window takes from its readings while it is on the pavement, dB. */
  facadeLoss: number;
  rng: Random;
  nextScan: number;
}

export interface StoreRun {
  /** Clock of the run's start, ms since the epoch. */
  startTs: number;
  /** The scans in time order, for as long as the caller keeps asking. */
  scans(): Generator<ScanBatch>;
  /** Where `device` truly was at `ts`, or null if it was not in the store (passers-by never are). */
  truth(device: string, ts: number): Truth | null;
  /** Each phone's receiver offset, dB, for checking what the engine learns. */
  receiverOffset(device: string): number | undefined;
}

export function storeRun(options: StoreRunOptions): StoreRun {
  const { venue, seed } = options;
  const startTs = options.startTs ?? 1_700_000_000_000;
  const radio = options.radio ?? DEFAULT_RADIO;
  const field: RadioField = radioField(venue, radio, seed);
  const ways: Walkways = walkways(venue);
  const visits = new Map<string, Phone>();

  function phone(kind: 'phone' | 'passer', slot: number, n: number, start: number): Phone {
    const device = `${kind}-${seed}-${slot}-${n}`;
    const rng = createRandom(seedFrom(device));
    const walk: Walk =
      kind === 'phone' ? planVisit(venue, ways, start, rng) : planPasserBy(venue, start, rng);
    const offset = radio.receiverOffsetDb * rng.gaussian();
    const nextScan = start * 1000 + rng.next() * SCAN_PERIOD_MS;
    // Drawn last, and only for the pavement, so that shoppers' runs stay what they were without passers-by.
    const [leastLoss, mostLoss] = FACADE_LOSS_DB;
    const facadeLoss = kind === 'passer' ? leastLoss + (mostLoss - leastLoss) * rng.next() : 0;
    const p = { device, walk, offset, facadeLoss, rng, nextScan };
    visits.set(device, p);
    for (const [id, old] of visits) if (old.walk.end < start - REMEMBER_S) visits.delete(id);
    return p;
  }

  function scanOf(p: Phone): ScanBatch {
    const ts = startTs + Math.round(p.nextScan);
    const pose = p.walk.pose(p.nextScan / 1000);
    const offset = pose.y < 0 ? p.offset - p.facadeLoss : p.offset;
    const scan = scanAt(venue, field, p.device, ts, pose, offset, p.rng);
    p.nextScan = nextScanAfter(p.nextScan, p.rng);
    return scan;
  }

  return {
    startTs,
    *scans() {
      // Slots start staggered so that shoppers are spread through the store from the first minute.
      const kinds = [
        ...Array.from({ length: options.shoppers }, () => 'phone' as const),
        ...Array.from({ length: options.passersBy ?? 0 }, () => 'passer' as const),
      ];
      const slots = kinds.map((kind, s) => phone(kind, s, 0, (s * 7) % 60));
      const walkCount = slots.map(() => 1);
      while (slots.length > 0) {
        let k = 0;
        for (let s = 1; s < slots.length; s++) if (slots[s]!.nextScan < slots[k]!.nextScan) k = s;
        const p = slots[k]!;
        if (p.nextScan / 1000 > p.walk.end) {
          slots[k] = phone(kinds[k]!, k, walkCount[k]!++, p.walk.end + BETWEEN_VISITS_S);
          continue;
        }
        yield scanOf(p);
      }
    },
    truth(device, ts) {
      const p = visits.get(device);
      const t = (ts - startTs) / 1000;
      return p?.walk.truth && t >= p.walk.start && t <= p.walk.end ? p.walk.truth(t) : null;
    },
    receiverOffset: (device) => visits.get(device)?.offset,
  };
}

/** What a phone at `pose` hears in one scan, every beacon in the venue's order. */
export function scanAt(
  venue: Venue,
  field: RadioField,
  device: string,
  ts: number,
  pose: Pose,
  receiverOffset: number,
  rng: Random,
): ScanBatch {
  const observations: Observation[] = [];
  venue.site.anchors.forEach((anchor, i) => {
    const rssi = field.reading(i, pose, receiverOffset, rng);
    if (rssi !== null) observations.push({ ts, device, anchor: anchor.id, rssi });
  });
  return { ts, device, observations };
}

/** When a phone scanning at `ms` (since the run's start) scans next: about a second later. */
export const nextScanAfter = (ms: number, rng: Random): number =>
  ms + SCAN_PERIOD_MS + SCAN_JITTER_MS * (2 * rng.next() - 1);

/** The observations of a run's first `seconds`, in time order. */
export function observationsFor(run: StoreRun, seconds: number): Observation[] {
  const observations: Observation[] = [];
  for (const scan of run.scans()) {
    if (scan.ts - run.startTs > seconds * 1000) break;
    observations.push(...scan.observations);
  }
  return observations;
}

/** The scans in real time (or `speed` times faster), for the live demo; stops when `signal` aborts. */
export async function* liveScans(run: StoreRun, speed = 1, signal?: AbortSignal): AsyncGenerator<ScanBatch> {
  let first: { ts: number; wall: number } | null = null;
  for (const scan of run.scans()) {
    if (signal?.aborted) return;
    first ??= { ts: scan.ts, wall: Date.now() };
    const due = first.wall + (scan.ts - first.ts) / speed;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    yield scan;
  }
}
