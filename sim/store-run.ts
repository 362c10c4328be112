/**
 * Shoppers walking a venue and their phones' scans, as `wx.onBeaconUpdate` delivers them: about once a
 * second, every beacon heard in one batch with one timestamp. Shopper slots are refilled as visits end, so
 * a run can go on for ever (the live demo) or stop after a while (tests, benchmarks). Everything follows
 * from the seed.
 */
import { createRandom, type Observation, type Random, seedFrom } from '../positioning/index.js';
import { DEFAULT_RADIO, type Pose, type RadioConditions, type RadioField, radioField } from './radio.js';
import { planVisit, type Truth, type Visit } from './shopper.js';
import type { Venue } from './venue.js';
import { type Walkways, walkways } from './walkways.js';

export interface StoreRunOptions {
  venue: Venue;
  radio?: RadioConditions;
  /** Shoppers in the store at any time. */
  shoppers: number;
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

interface Phone {
  device: string;
  visit: Visit;
  offset: number;
  rng: Random;
  nextScan: number;
}

export interface StoreRun {
  /** Clock of the run's start, ms since the epoch. */
  startTs: number;
  /** The scans in time order, for as long as the caller keeps asking. */
  scans(): Generator<ScanBatch>;
  /** Where `device` truly was at `ts`, or null if it was not in the store. */
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

  function phone(slot: number, n: number, start: number): Phone {
    const device = `phone-${seed}-${slot}-${n}`;
    const rng = createRandom(seedFrom(device));
    const visit = planVisit(venue, ways, start, rng);
    const p = {
      device,
      visit,
      offset: radio.receiverOffsetDb * rng.gaussian(),
      rng,
      nextScan: start * 1000 + rng.next() * SCAN_PERIOD_MS,
    };
    visits.set(device, p);
    for (const [id, old] of visits) if (old.visit.end < start - REMEMBER_S) visits.delete(id);
    return p;
  }

  function scanOf(p: Phone): ScanBatch {
    const ts = startTs + Math.round(p.nextScan);
    const scan = scanAt(venue, field, p.device, ts, p.visit.pose(p.nextScan / 1000), p.offset, p.rng);
    p.nextScan = nextScanAfter(p.nextScan, p.rng);
    return scan;
  }

  return {
    startTs,
    *scans() {
      // Slots start staggered so that shoppers are spread through the store from the first minute.
      const slots = Array.from({ length: options.shoppers }, (_, s) => phone(s, 0, (s * 7) % 60));
      const visitCount = slots.map(() => 1);
      while (slots.length > 0) {
        let k = 0;
        for (let s = 1; s < slots.length; s++) if (slots[s]!.nextScan < slots[k]!.nextScan) k = s;
        const p = slots[k]!;
        if (p.nextScan / 1000 > p.visit.end) {
          slots[k] = phone(k, visitCount[k]!++, p.visit.end + BETWEEN_VISITS_S);
          continue;
        }
        yield scanOf(p);
      }
    },
    truth(device, ts) {
      const p = visits.get(device);
      const t = (ts - startTs) / 1000;
      return p && t >= p.visit.start && t <= p.visit.end ? p.visit.truth(t) : null;
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
