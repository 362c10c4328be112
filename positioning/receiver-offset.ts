/**
 * Online per-receiver RSSI offset. Phones and scanners read the same beacon several dB apart (antenna,
 * case, chipset), which a fixed model turns into metres of error. After each fix, the median residual of
 * the loud same-level anchors at the fixed position is folded into a running mean: quick at first, then
 * slow, so a shelf or a crowd cannot drag it. Loud anchors only: near the edge of hearing only the lucky
 * readings arrive, and their residuals lie.
 */
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface ReceiverOffset {
  /** dB to subtract from this receiver's readings. */
  db: number;
  /** How many scans it has learnt from. */
  scans: number;
}

const LOUD_DBM = -80;
const MAX_ANCHORS = 8;
/** After this many scans the offset moves by at most 1/SLOWEST of each new residual. */
const SLOWEST = 40;
const LIMIT_DB = 15;

/**
 * Learns from one scan at its fix; returns the median residual it learnt from (how many dB louder the
 * scan was than the offset learnt so far expects at the fix), or null when too few loud anchors told.
 */
export function learnOffset(
  offset: ReceiverOffset,
  model: SiteModel,
  scan: Scan,
  level: number,
  x: number,
  y: number,
): number | null {
  const residuals: number[] = [];
  for (let i = 0; i < scan.anchors.length && residuals.length < MAX_ANCHORS; i++) {
    const a = model.anchors[scan.anchors[i]!]!;
    if (a.level !== level) continue;
    const expected = model.expectedRssi(scan.anchors[i]!, x, y, level);
    if (expected < LOUD_DBM) continue;
    residuals.push(scan.rssi[i]! - expected);
  }
  if (residuals.length < 3) return null;
  residuals.sort((a, b) => a - b);
  const median = residuals[residuals.length >> 1]!;
  offset.scans += 1;
  const gain = 1 / Math.min(offset.scans + 1, SLOWEST);
  offset.db = Math.max(-LIMIT_DB, Math.min(LIMIT_DB, offset.db + gain * median));
  return median;
}
