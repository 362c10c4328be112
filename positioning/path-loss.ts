/**
 * Log-distance path loss: rssi = txPower - 10·n·log10(d), d in metres, txPower the RSSI at 1 m.
 * One exponent `n` per site (walls, shelves and people set it, not the beacon) and one txPower per beacon
 * (batteries, casings and mounting set that). Calibration fits both; see calibration.ts.
 */

/** Free space; a safe start for a site that has not been calibrated yet. */
export const DEFAULT_EXPONENT = 2.0;

/** Distances below this are clamped: the model is meaningless inside the beacon's near field. */
const MIN_DISTANCE_M = 0.5;

/**
 * Natural log of a squared distance, from a table where distances lie (1–64 m), interpolated: the
 * likelihood takes one per particle and beacon, thousands a scan, and Math.log is a call out of the compiled
 * loop (~8 ns against the table's ~3.5). The harsh-radio store replayed ~10% faster (docs/benchmarks.md); the
 * table errs by under 5e-4 (at 1 m², less beyond), under 0.003 dB of RSSI. Outside it, Math.log itself.
 */
const PER_M2 = 16;
const TABLE_M2 = 4096;
const LN_TABLE = new Float64Array(TABLE_M2 * PER_M2 + 2);
for (let i = PER_M2; i < LN_TABLE.length; i++) LN_TABLE[i] = Math.log(i / PER_M2);

export function lnSquared(d2: number): number {
  if (!(d2 >= 1 && d2 < TABLE_M2)) return Math.log(d2);
  const f = d2 * PER_M2;
  const i = f | 0;
  const low = LN_TABLE[i]!;
  return low + (f - i) * (LN_TABLE[i + 1]! - low);
}

export interface PathLoss {
  exponent: number;
  /** In squared distance and natural logs, for inner loops: rssi = txPower − slope·ln(max(d², minD2)). */
  slope: number;
  minD2: number;
  /** Expected RSSI at squared distance `d2` (taking squares saves a sqrt per particle). */
  rssiAtSquared(txPower: number, d2: number): number;
  /** The distance at which `rssi` is expected. */
  distanceFor(txPower: number, rssi: number): number;
}

export function pathLoss(exponent: number = DEFAULT_EXPONENT): PathLoss {
  const slope = (5 * exponent) / Math.LN10;
  const minD2 = MIN_DISTANCE_M * MIN_DISTANCE_M;
  return {
    exponent,
    slope,
    minD2,
    rssiAtSquared: (txPower, d2) => txPower - slope * lnSquared(Math.max(d2, minD2)),
    distanceFor: (txPower, rssi) => Math.max(MIN_DISTANCE_M, 10 ** ((txPower - rssi) / (10 * exponent))),
  };
}
