/**
 * How well a position explains a scan: the robust log-likelihood of its RSSI readings under the path-loss
 * model. Shared by the particle filter (per particle) and the coarse search (per lattice point).
 *
 * Three things make it robust beyond a Gaussian:
 *  - the receiver's residual offset is marginalised per position (estimated from the readings themselves,
 *    shrunk towards zero by a prior), so a phone 6 dB deaf still fits where it truly is instead of 2× away;
 *  - residuals count quadratically to 1.5 σ and linearly beyond (Huber), with more room below the model
 *    than above, because bodies and shelves only ever take signal away;
 *  - anchors not heard count too: a position next to a beacon that stayed silent is unlikely. Without
 *    this, a scan of a few equally faint beacons fits "far from all of them" as well as the truth.
 */
import type { Box } from './geometry.js';
import type { PathLoss } from './path-loss.js';
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface LikelihoodOptions {
  /** Standard deviation of one reading around the model, dB: shadowing and fading together. */
  rssiSigmaDb: number;
  /** Prior standard deviation of the receiver offset still unlearnt, dB. */
  offsetSigmaDb: number;
}

/**
 * The anchors of one scan that take part, as flat arrays for the inner loop: first the `heard` loudest of
 * the device's level with their RSSI, then the level's anchors that were not heard.
 */
export interface Readings {
  heard: number;
  total: number;
  ax: Float64Array;
  ay: Float64Array;
  dz2: Float64Array;
  tx: Float64Array;
  rssi: Float64Array;
}

const MAX_HEARD = 32;
const HUBER_K = 1.5;
const residuals = new Float64Array(MAX_HEARD);
/** A beacon expected this loud is heard unless the scan drops it (10-20% of the time in real stores)... */
const SURELY_HEARD_DBM = -80;
/** ...so not hearing it costs about log(1/0.15) at full loudness, less near the threshold. */
const SILENT_PENALTY = 2;
/** Bound on the per-position receiver offset when pruning silent anchors, dB. */
const MAX_OFFSET_DB = 15;

/** The loudest `limit` readings of anchors on `level`, and the level's silent anchors. */
export function readingsOf(model: SiteModel, scan: Scan, level: number, limit: number): Readings {
  const onLevel = model.anchorsOn.get(level) ?? [];
  const size = onLevel.length;
  const r: Readings = {
    heard: 0,
    total: 0,
    ax: new Float64Array(size),
    ay: new Float64Array(size),
    dz2: new Float64Array(size),
    tx: new Float64Array(size),
    rssi: new Float64Array(size),
  };
  const z = model.deviceZ(level);
  const add = (anchor: number, rssi: number) => {
    const a = model.anchors[anchor]!;
    r.ax[r.total] = a.x;
    r.ay[r.total] = a.y;
    r.dz2[r.total] = (a.z - z) ** 2;
    r.tx[r.total] = a.txPower;
    r.rssi[r.total] = rssi;
    r.total += 1;
  };
  const max = Math.min(limit, MAX_HEARD);
  for (let i = 0; i < scan.anchors.length && r.heard < max; i++) {
    if (model.anchors[scan.anchors[i]!]!.level !== level) continue;
    add(scan.anchors[i]!, scan.rssi[i]!);
    r.heard += 1;
  }
  for (const anchor of onLevel) if (!scan.anchors.includes(anchor)) add(anchor, Number.NaN);
  return r;
}

export interface Scorer {
  /** Log-likelihood of the readings at (x, y), up to a constant. */
  score(x: number, y: number): number;
  /** The receiver offset residual that the last `score` call found best, dB. */
  lastOffset(): number;
  /** RMS of the heard anchors' residuals at (x, y) once the best offset is taken out, dB: how noisy the radio is. */
  misfit(x: number, y: number): number;
}

/**
 * `near`, when given, is the area every scored position will lie in (the particle cloud): silent anchors
 * too far from it to matter are then dropped once, instead of being skipped once per particle.
 */
export function scorer(readings: Readings, radio: PathLoss, options: LikelihoodOptions, near?: Box): Scorer {
  // The path loss is inlined in the loops below, which run some 2000 times a scan.
  const { slope, minD2 } = radio;
  const { heard, total, ax, ay, dz2, tx, rssi } = readings;
  const above = 1 / options.rssiSigmaDb;
  const below = 1 / (1.5 * options.rssiSigmaDb);
  const shrink = (options.rssiSigmaDb / options.offsetSigmaDb) ** 2;
  const halfPrior = 0.5 / options.offsetSigmaDb ** 2;
  // A silent anchor matters only within the squared distance where it would be surely heard:
  // d² < exp((tx + offset − SURELY_HEARD_DBM) / slope). Precomputed without the offset, scaled per call.
  const hearingD2 = tx.map((t) => Math.exp((t - SURELY_HEARD_DBM) / slope));
  const reach2 = Math.exp(MAX_OFFSET_DB / slope);
  const silent: number[] = [];
  for (let k = heard; k < total; k++) {
    const gx = near ? Math.max(0, near.minX - ax[k]!, ax[k]! - near.maxX) : 0;
    const gy = near ? Math.max(0, near.minY - ay[k]!, ay[k]! - near.maxY) : 0;
    if (gx * gx + gy * gy + dz2[k]! < hearingD2[k]! * reach2) silent.push(k);
  }
  const silentCount = silent.length;
  let offset = 0;
  return {
    score(x, y) {
      let sum = 0;
      for (let k = 0; k < heard; k++) {
        const dx = x - ax[k]!;
        const dy = y - ay[k]!;
        const d2 = dx * dx + dy * dy + dz2[k]!;
        const e = rssi[k]! - tx[k]! + slope * Math.log(Math.max(d2, minD2));
        residuals[k] = e;
        sum += e;
      }
      offset = sum / (heard + shrink);
      let ll = -halfPrior * offset * offset;
      for (let k = 0; k < heard; k++) {
        const e = residuals[k]! - offset;
        const u = Math.abs(e) * (e < 0 ? below : above);
        ll -= u < HUBER_K ? 0.5 * u * u : HUBER_K * (u - 0.5 * HUBER_K);
      }
      const offsetScale = Math.exp(offset / slope);
      for (let j = 0; j < silentCount; j++) {
        const k = silent[j]!;
        const dx = x - ax[k]!;
        const dy = y - ay[k]!;
        const d2 = dx * dx + dy * dy + dz2[k]!;
        if (d2 >= hearingD2[k]! * offsetScale) continue;
        const loudness = tx[k]! - slope * Math.log(Math.max(d2, minD2)) + offset - SURELY_HEARD_DBM;
        if (loudness > 0) ll -= SILENT_PENALTY * Math.min(1, loudness / 10);
      }
      return ll;
    },
    lastOffset: () => offset,
    misfit(x, y) {
      this.score(x, y);
      let sq = 0;
      for (let k = 0; k < heard; k++) sq += (residuals[k]! - offset) ** 2;
      return heard > 0 ? Math.sqrt(sq / heard) : 0;
    },
  };
}
