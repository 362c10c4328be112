/**
 * Online per-receiver RSSI offset. Phones and scanners read the same beacon several dB apart (antenna,
 * case, chipset), which a fixed model turns into metres of error. After each fix, the median residual of
 * the loud same-level anchors at the fixed position is folded into a running mean: quick at first, then
 * slow, so a shelf or a crowd cannot drag it. Loud anchors, or the loudest three (FILL_DBM): near the edge
 * of hearing only the lucky readings arrive, and their residuals lie.
 */
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface ReceiverOffset {
  /** dB to subtract from this receiver's readings. */
  db: number;
  /** How many scans it has learnt from. */
  scans: number;
  /**
   * The same offset learnt against the path-loss model alone, without the radio map: what the step in
   * loudness is measured against (absent in older snapshots: then `db`).
   */
  plainDb?: number;
  /** How many scans `plainDb` has learnt from. */
  plainScans?: number;
}

const LOUD_DBM = -80;
/**
 * Where fewer than three anchors are expected that loud at the fix, the loudest expected down to this make
 * up the three. A shop with a beacon every 10 m has two within reach of its door (bench:arrival, sparse
 * beacons: the step was measured for 13% of the fixes of people on the pavement and 43% in their first 15 s
 * inside, so it told nothing; with these, 53–66% and 99%, and the median time to recognition went from
 * 13–16 s to 7–10 s with four seeds). −88 dBm measured the same; −85 keeps 7 dB above a harsh radio's
 * quietest readings, whose selection would bias the step.
 *
 * The offset the positions use is topped up alike (unless the caller says the phone may be beyond the shop
 * window, whose loss it would learn): where the beacons declare what phones read on average, rather than
 * the simulator's 3–4 dB more, that store's phones had three loud anchors almost never, learnt no offset
 * at all, and its fixes erred more (bench:positioning -- --declared -4, seed 7: p90 5.92 m, topped up
 * 5.04; as declared 5.14 → 5.08).
 */
const FILL_DBM = -85;
const MAX_ANCHORS = 8;
/** After this many scans the offset moves by at most 1/SLOWEST of each new residual. */
const SLOWEST = 40;
const LIMIT_DB = 15;

/**
 * Learns from one scan at its fix; returns how many dB louder the scan was than the offset learnt so far
 * expects at the fix (the median residual of three or more anchors, topped up as FILL_DBM says), or null
 * when too few told. That figure is
 * measured against the path-loss model alone: a radio map describes the inside of the store, and a
 * passer-by's fix sliding along the façade would otherwise seem to grow louder wherever the map says the
 * inside reads quieter (bench:arrival with a taught map took 22 passers-by of 1,050 instead of 6).
 * `topUp` false: the offset the positions use learns from loud anchors only.
 */
export function learnOffset(
  offset: ReceiverOffset,
  model: SiteModel,
  scan: Scan,
  level: number,
  x: number,
  y: number,
  topUp = true,
): number | null {
  const residuals: number[] = [];
  const plain: number[] = [];
  const plainDb = offset.plainDb ?? offset.db;
  const plainScans = offset.plainScans ?? offset.scans;
  const fill: { expected: number; plain: number; own: number }[] = [];
  for (let i = 0; i < scan.anchors.length && residuals.length < MAX_ANCHORS; i++) {
    const a = model.anchors[scan.anchors[i]!]!;
    if (a.level !== level) continue;
    const expected = model.expectedRssi(scan.anchors[i]!, x, y, level);
    if (expected < FILL_DBM) continue;
    // The scan's readings had `db` taken off; the plain residual takes off `plainDb` instead.
    const plainResidual =
      scan.rssi[i]! - model.modelledRssi(scan.anchors[i]!, x, y, level) + (offset.db - plainDb);
    if (expected < LOUD_DBM) {
      fill.push({ expected, plain: plainResidual, own: scan.rssi[i]! - expected });
      continue;
    }
    residuals.push(scan.rssi[i]! - expected);
    plain.push(plainResidual);
  }
  // Both lists hold the same loud anchors so far: the same loudest quieter ones make up their three.
  fill.sort((a, b) => b.expected - a.expected);
  for (const f of fill.slice(0, Math.max(0, 3 - plain.length))) {
    plain.push(f.plain);
    if (topUp) residuals.push(f.own);
  }
  if (residuals.length >= 3) {
    offset.scans += 1;
    offset.db = learnt(offset.db, medianOf(residuals), offset.scans);
  }
  if (plain.length < 3) return null;
  const louder = medianOf(plain);
  offset.plainScans = plainScans + 1;
  offset.plainDb = learnt(plainDb, louder, offset.plainScans);
  return louder;
}

/** An offset after its `scans`th residual: quick at first, then by at most 1/SLOWEST of each. */
const learnt = (db: number, residual: number, scans: number) =>
  Math.max(-LIMIT_DB, Math.min(LIMIT_DB, db + (1 / Math.min(scans + 1, SLOWEST)) * residual));

function medianOf(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1]!;
}
