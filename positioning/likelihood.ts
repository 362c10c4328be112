/**
 * How well a position explains a scan: the robust log-likelihood of its RSSI readings under the path-loss
 * model. Shared by the particle filter (per particle) and the coarse search (per lattice point).
 *
 * Two things make it robust beyond a Gaussian:
 *  - the receiver's residual offset is marginalised per position (estimated from the readings themselves,
 *    shrunk towards zero by a prior), so a phone 6 dB deaf still fits where it truly is instead of 2× away;
 *  - residuals count quadratically to 1.5 σ and linearly beyond (Huber), with more room below the model
 *    than above, because bodies and shelves only ever take signal away;
 *  - anchors not heard count too: a position next to a beacon that stayed silent is unlikely. Without
 *    this, a scan of a few equally faint beacons fits "far from all of them" as well as the truth.
 */
import type { PathLoss } from './path-loss.js';
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';

export interface LikelihoodOptions {
  /** Standard deviation of one reading around the model, dB: shadowing and fading together. */
  rssiSigmaDb: number;
  /** Prior standard deviation of the receiver offset still unlearnt, dB. */
  offsetSigmaDb: number;
}

/** The readings of one scan that take part, as flat arrays for the inner loop. */
export interface Readings {
  count: number;
  ax: Float64Array;
  ay: Float64Array;
  dz2: Float64Array;
  tx: Float64Array;
  rssi: Float64Array;
  /** Anchors of the level that were not heard: being close to one of them is unlikely. */
  silent: { count: number; ax: Float64Array; ay: Float64Array; dz2: Float64Array; tx: Float64Array };
}

const MAX_READINGS = 32;
const HUBER_K = 1.5;
const residuals = new Float64Array(MAX_READINGS);
/** A beacon expected this loud is heard unless the scan drops it (10-20% of the time in real stores)... */
const SURELY_HEARD_DBM = -80;
/** ...so not hearing it costs about log(1/0.15) at full loudness, less near the threshold. */
const SILENT_PENALTY = 2;

/** The loudest `limit` readings of anchors on `level`. */
export function readingsOf(model: SiteModel, scan: Scan, level: number, limit: number): Readings {
  const size = Math.min(limit, MAX_READINGS);
  const r: Omit<Readings, 'silent'> = {
    count: 0,
    ax: new Float64Array(size),
    ay: new Float64Array(size),
    dz2: new Float64Array(size),
    tx: new Float64Array(size),
    rssi: new Float64Array(size),
  };
  const z = model.deviceZ(level);
  for (let i = 0; i < scan.anchors.length && r.count < size; i++) {
    const a = model.anchors[scan.anchors[i]!]!;
    if (a.level !== level) continue;
    r.ax[r.count] = a.x;
    r.ay[r.count] = a.y;
    r.dz2[r.count] = (a.z - z) ** 2;
    r.tx[r.count] = a.txPower;
    r.rssi[r.count] = scan.rssi[i]!;
    r.count += 1;
  }
  const heard = new Set(scan.anchors);
  const quiet = (model.anchorsOn.get(level) ?? []).filter((i) => !heard.has(i));
  const silent = {
    count: quiet.length,
    ax: Float64Array.from(quiet, (i) => model.anchors[i]!.x),
    ay: Float64Array.from(quiet, (i) => model.anchors[i]!.y),
    dz2: Float64Array.from(quiet, (i) => (model.anchors[i]!.z - z) ** 2),
    tx: Float64Array.from(quiet, (i) => model.anchors[i]!.txPower),
  };
  return { ...r, silent };
}

export interface Scorer {
  /** Log-likelihood of the readings at (x, y), up to a constant. */
  score(x: number, y: number): number;
  /** The receiver offset residual that the last `score` call found best, dB. */
  lastOffset(): number;
}

export function scorer(readings: Readings, radio: PathLoss, options: LikelihoodOptions): Scorer {
  // The path loss is inlined in the loops below, which run some 2000 times a scan.
  const { slope, minD2 } = radio;
  const above = 1 / options.rssiSigmaDb;
  const below = 1 / (1.5 * options.rssiSigmaDb);
  const shrink = (options.rssiSigmaDb / options.offsetSigmaDb) ** 2;
  const halfPrior = 0.5 / options.offsetSigmaDb ** 2;
  const n = readings.count;
  // A silent anchor matters only within the squared distance where it would be surely heard:
  // d² < exp((tx + offset − SURELY_HEARD_DBM) / slope). Precomputed without the offset, scaled per call.
  const silent = readings.silent;
  const hearingD2 = silent.tx.map((tx) => Math.exp((tx - SURELY_HEARD_DBM) / slope));
  let offset = 0;
  return {
    score(x, y) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const dx = x - readings.ax[k]!;
        const dy = y - readings.ay[k]!;
        const d2 = dx * dx + dy * dy + readings.dz2[k]!;
        const e = readings.rssi[k]! - readings.tx[k]! + slope * Math.log(Math.max(d2, minD2));
        residuals[k] = e;
        sum += e;
      }
      offset = sum / (n + shrink);
      let ll = -halfPrior * offset * offset;
      for (let k = 0; k < n; k++) {
        const e = residuals[k]! - offset;
        const u = Math.abs(e) * (e < 0 ? below : above);
        ll -= u < HUBER_K ? 0.5 * u * u : HUBER_K * (u - 0.5 * HUBER_K);
      }
      const offsetScale = Math.exp(offset / slope);
      for (let k = 0; k < silent.count; k++) {
        const dx = x - silent.ax[k]!;
        const dy = y - silent.ay[k]!;
        const d2 = dx * dx + dy * dy + silent.dz2[k]!;
        if (d2 >= hearingD2[k]! * offsetScale) continue;
        const loudness = silent.tx[k]! - slope * Math.log(Math.max(d2, minD2)) + offset - SURELY_HEARD_DBM;
        if (loudness > 0) ll -= SILENT_PENALTY * Math.min(1, loudness / 10);
      }
      return ll;
    },
    lastOffset: () => offset,
  };
}
