/**
 * Log-distance path loss: rssi = txPower - 10·n·log10(d), d in metres, txPower the RSSI at 1 m.
 * One exponent `n` per site (walls, shelves and people set it, not the beacon) and one txPower per beacon
 * (batteries, casings and mounting set that). Calibration fits both; see calibration.ts.
 */

/** Free space; a safe start for a site that has not been calibrated yet. */
export const DEFAULT_EXPONENT = 2.0;

/** Distances below this are clamped: the model is meaningless inside the beacon's near field. */
const MIN_DISTANCE_M = 0.5;

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
    rssiAtSquared: (txPower, d2) => txPower - slope * Math.log(Math.max(d2, minD2)),
    distanceFor: (txPower, rssi) => Math.max(MIN_DISTANCE_M, 10 ** ((txPower - rssi) / (10 * exponent))),
  };
}
