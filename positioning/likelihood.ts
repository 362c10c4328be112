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
import { lnSquared, type PathLoss } from './path-loss.js';
import { correctionAt, isKnown, type RadioGrid } from './radio-map.js';
import type { Scan } from './scan.js';
import type { SiteModel } from './site-model.js';
import { workArrays } from './work-arrays.js';

export interface LikelihoodOptions {
  /** Standard deviation of one reading around the model, dB: shadowing and fading together. */
  rssiSigmaDb: number;
  /** Prior standard deviation of the receiver offset still unlearnt, dB. */
  offsetSigmaDb: number;
  /**
   * The receiver offset already taken off the readings, dB (0 when left out). Whether a silent beacon should
   * have been heard is a matter of what this phone reads, not of the beacon's declared power: see
   * SURELY_HEARD_DBM.
   */
  takenOffDb?: number;
  /** Nats a silent beacon costs where it would surely be heard (silence.ts); SILENT_PENALTY when left out. */
  silentPenalty?: number;
}

/**
 * The anchors of one scan that take part, as flat arrays for the inner loop: first the `heard` loudest of
 * the device's level with their RSSI, then the level's anchors that were not heard.
 */
export interface Readings {
  heard: number;
  total: number;
  /** Each entry's anchor index in the SiteModel. */
  ids: number[];
  // Plain arrays: a scan builds these afresh, and small plain arrays cost the collector less than typed ones.
  ax: number[];
  ay: number[];
  dz2: number[];
  tx: number[];
  rssi: number[];
  /** The heard anchors' radio maps (radio-map.ts: surveyed, or learnt from shoppers), where they have one. */
  maps: (RadioGrid | undefined)[];
}

const MAX_HEARD = 32;
const HUBER_K = 1.5;
const residuals = new Float64Array(MAX_HEARD);
/** Work arrays of `scoreMany`, shared by all devices (the engine is single-threaded). */
const many = workArrays(2);
/** Stands in for a table's arrays when there is none, so that they keep one type in the loops. */
const sx0 = new Float64Array(0);

/**
 * A beacon this phone is expected to read this loud is heard unless the scan drops it (10-20% of the time in
 * real stores)... Expected as this phone hears, its learnt offset included: against the declared power
 * alone, a store whose beacons declare 4 dB more than phones read there (or a deaf phone) had its silent
 * beacons punished where they were at the edge of hearing, and the fixes pushed away from them
 * (bench:positioning, harsh radio, seed 7: p90 4.72 m as declared, 7.85 m declared 4 dB louder; with the
 * offset, 4.30 and 4.42 m).
 */
const SURELY_HEARD_DBM = -80;
/**
 * ...so not hearing it costs about log(1/0.15) at full loudness, less near the threshold; the engine passes each
 * phone's own rate once its scans have shown it (silence.ts).
 */
const SILENT_PENALTY = 2;
/** dB over SURELY_HEARD_DBM from which a silent beacon costs the whole penalty. */
const FULLY_SURE_DB = 10;
/**
 * A phone's rate of missing beacons is counted from those expected this far over SURELY_HEARD_DBM: at full
 * loudness only, a phone would take minutes to show its rate (a 6 m grid puts one or two beacons that close).
 */
const COUNTED_FROM_DB = 5;
/** Bound on the per-position receiver offset when pruning silent anchors, dB. */
const MAX_OFFSET_DB = 15;

/**
 * The loudest `limit` readings of anchors on `level`, and the level's silent anchors; with what the store
 * learnt (its radio map, surveyed or learnt, and its beacons gone quiet) unless `learnt` is false.
 */
export function readingsOf(
  model: SiteModel,
  scan: Scan,
  level: number,
  limit: number,
  learnt = true,
): Readings {
  const onLevel = model.anchorsOn.get(level) ?? [];
  const r: Readings = { heard: 0, total: 0, ids: [], ax: [], ay: [], dz2: [], tx: [], rssi: [], maps: [] };
  const z = model.deviceZ(level);
  const add = (anchor: number, rssi: number) => {
    const a = model.anchors[anchor]!;
    r.ids.push(anchor);
    r.ax.push(a.x);
    r.ay.push(a.y);
    r.dz2.push((a.z - z) ** 2);
    r.tx.push(a.txPower);
    r.rssi.push(rssi);
    r.total += 1;
  };
  const max = Math.min(limit, MAX_HEARD);
  for (let i = 0; i < scan.anchors.length && r.heard < max; i++) {
    if (model.anchors[scan.anchors[i]!]!.level !== level) continue;
    add(scan.anchors[i]!, scan.rssi[i]!);
    r.maps.push(learnt ? model.radioMaps[scan.anchors[i]!] : undefined);
    r.heard += 1;
  }
  // A beacon gone quiet (quiet-beacons.ts) says nothing by its silence.
  const { quiet } = model.quietBeacons;
  for (const anchor of onLevel)
    if (!(learnt && quiet[anchor]) && scan.anchors.indexOf(anchor) < 0) add(anchor, Number.NaN);
  return r;
}

/**
 * Spots fixed for the life of a site (the band outside a store's walls, say), with each level anchor's
 * squared distance and its log computed once: scoring them then takes no logarithm.
 */
export interface SpotTable {
  x: Float64Array;
  y: Float64Array;
  /** Row of each SiteModel anchor index (-1 off the level); row r covers entries [r·n, (r+1)·n). */
  rowOf: Int32Array;
  d2: Float64Array;
  logD2: Float64Array;
}

/** The table of `x`, `y` on `level`: the same arithmetic as the scorer's, so the very same numbers. */
export function spotTable(model: SiteModel, level: number, x: Float64Array, y: Float64Array): SpotTable {
  const onLevel = model.anchorsOn.get(level) ?? [];
  const n = x.length;
  const z = model.deviceZ(level);
  const rowOf = new Int32Array(model.anchors.length).fill(-1);
  const d2 = new Float64Array(onLevel.length * n);
  const logD2 = new Float64Array(onLevel.length * n);
  onLevel.forEach((anchor, row) => {
    const a = model.anchors[anchor]!;
    const dz2 = (a.z - z) ** 2;
    rowOf[anchor] = row;
    for (let p = 0; p < n; p++) {
      const dx = x[p]! - a.x;
      const dy = y[p]! - a.y;
      const at = row * n + p;
      d2[at] = dx * dx + dy * dy + dz2;
      logD2[at] = lnSquared(Math.max(d2[at]!, model.radio.minD2));
    }
  });
  return { x, y, rowOf, d2, logD2 };
}

export interface Scorer {
  /** Log-likelihood of the readings at (x, y), up to a constant. */
  score(x: number, y: number): number;
  /**
   * `score` at each of `n` positions into `out`: the particle filter's loop, anchor by anchor for speed.
   * With `table` (positions fixed once for all, see `spotTable`), its positions and their precomputed
   * distances are used instead of `x` and `y`.
   */
  scoreMany(
    x: Float64Array,
    y: Float64Array,
    n: number,
    out: Float64Array,
    table?: SpotTable,
    offsetsOut?: Float64Array,
  ): void;
  /** The receiver offset residual that the last `score` call found best, dB. */
  lastOffset(): number;
  /** What the readings say at the fix (x, y), scored once. */
  atFix(x: number, y: number): FixReading;
}

export interface FixReading {
  /** RMS of the heard anchors' residuals once the best offset is taken out, dB: how noisy the radio is. */
  misfit: number;
  /** How many anchors this phone would surely hear here (COUNTED_FROM_DB over it), and of them, how many it did not. */
  sure: number;
  missed: number;
}

/**
 * `near`, when given, is the area every scored position will lie in (the particle cloud): silent anchors
 * too far from it to matter are then dropped once, instead of being skipped once per particle.
 */
export function scorer(readings: Readings, radio: PathLoss, options: LikelihoodOptions, near?: Box): Scorer {
  // The path loss is inlined in the loops below, which run some 2000 times a scan.
  const { slope, minD2 } = radio;
  const { heard, total, ids, ax, ay, dz2, tx, rssi, maps } = readings;
  const above = 1 / options.rssiSigmaDb;
  const below = 1 / (1.5 * options.rssiSigmaDb);
  const shrink = (options.rssiSigmaDb / options.offsetSigmaDb) ** 2;
  const penalty = options.silentPenalty ?? SILENT_PENALTY;
  const halfPrior = 0.5 / options.offsetSigmaDb ** 2;
  // A silent anchor matters only within the squared distance where it would be surely heard:
  // d² < exp((tx + offset − SURELY_HEARD_DBM) / slope). Precomputed without the offset, scaled per call.
  const reach2 = Math.exp(MAX_OFFSET_DB / slope);
  const surelyHeard = SURELY_HEARD_DBM - (options.takenOffDb ?? 0);
  // The silent anchors that can matter, packed so that the per-position loop reads them in a row.
  const sIds: number[] = [];
  const sx: number[] = [];
  const sy: number[] = [];
  const sz2: number[] = [];
  const sHearing: number[] = [];
  const sLoud: number[] = [];
  for (let k = heard; k < total; k++) {
    const gx = near ? Math.max(0, near.minX - ax[k]!, ax[k]! - near.maxX) : 0;
    const gy = near ? Math.max(0, near.minY - ay[k]!, ay[k]! - near.maxY) : 0;
    const hearingD2 = Math.exp((tx[k]! - surelyHeard) / slope);
    if (gx * gx + gy * gy + dz2[k]! >= hearingD2 * reach2) continue;
    sIds.push(ids[k]!);
    sx.push(ax[k]!);
    sy.push(ay[k]!);
    sz2.push(dz2[k]!);
    sHearing.push(hearingD2);
    sLoud.push(tx[k]! - surelyHeard);
  }
  const silentCount = sx.length;
  // Each heard reading less its anchor's txPower: the residual is this plus the path loss.
  const excess: number[] = [];
  for (let k = 0; k < heard; k++) excess.push(rssi[k]! - tx[k]!);
  const norm = 1 / (heard + shrink);
  let offset = 0;
  return {
    score(x, y) {
      let sum = 0;
      for (let k = 0; k < heard; k++) {
        const dx = x - ax[k]!;
        const dy = y - ay[k]!;
        const d2 = dx * dx + dy * dy + dz2[k]!;
        const map = maps[k];
        const e = excess[k]! + slope * lnSquared(Math.max(d2, minD2)) - (map ? correctionAt(map, x, y) : 0);
        residuals[k] = e;
        sum += e;
      }
      offset = sum * norm;
      let ll = -halfPrior * offset * offset;
      for (let k = 0; k < heard; k++) {
        const e = residuals[k]! - offset;
        const u = e < 0 ? -e * below : e * above;
        ll -= u < HUBER_K ? 0.5 * u * u : HUBER_K * (u - 0.5 * HUBER_K);
      }
      if (silentCount === 0) return ll;
      const offsetScale = Math.exp(offset / slope);
      for (let j = 0; j < silentCount; j++) {
        const dx = x - sx[j]!;
        const dy = y - sy[j]!;
        const d2 = dx * dx + dy * dy + sz2[j]!;
        if (d2 >= sHearing[j]! * offsetScale) continue;
        const loudness = sLoud[j]! - slope * lnSquared(Math.max(d2, minD2)) + offset;
        if (loudness > 0) ll -= penalty * Math.min(1, loudness / FULLY_SURE_DB);
      }
      return ll;
    },
    scoreMany(x, y, n, out, table, offsetsOut) {
      // Where the positions are: the table's own when given, as the distances are.
      const px = table ? table.x : x;
      const py = table ? table.y : y;
      // The same sums as `score`, in the same order, so both give the very same numbers; looping over
      // anchors outside and positions inside keeps each anchor's constants in registers.
      const tableD2 = table ? table.d2 : sx0;
      const tableLogD2 = table ? table.logD2 : sx0;
      const sums = many(0, n);
      const offsets = many(1, n);
      const scales = many(2, n);
      const e = many(3, heard * n);
      sums.fill(0, 0, n);
      for (let k = 0; k < heard; k++) {
        const xk = ax[k]!;
        const yk = ay[k]!;
        const zk = dz2[k]!;
        const base = excess[k]!;
        const row = k * n;
        const fixed = table ? table.rowOf[ids[k]!]! * n : -1;
        const map = maps[k];
        for (let p = 0; p < n; p++) {
          let r: number;
          if (fixed >= 0) r = base + slope * tableLogD2[fixed + p]!;
          else {
            const dx = x[p]! - xk;
            const dy = y[p]! - yk;
            const d2 = dx * dx + dy * dy + zk;
            r = base + slope * lnSquared(Math.max(d2, minD2));
          }
          if (map) r -= correctionAt(map, px[p]!, py[p]!);
          e[row + p] = r;
          sums[p]! += r;
        }
      }
      let widest = 0;
      for (let p = 0; p < n; p++) {
        const o = sums[p]! * norm;
        offsets[p] = o;
        out[p] = -halfPrior * o * o;
        if (silentCount > 0) {
          scales[p] = Math.exp(o / slope);
          if (scales[p]! > widest) widest = scales[p]!;
        }
      }
      for (let k = 0; k < heard; k++) {
        const row = k * n;
        for (let p = 0; p < n; p++) {
          const r = e[row + p]! - offsets[p]!;
          const u = r < 0 ? -r * below : r * above;
          out[p]! -= u < HUBER_K ? 0.5 * u * u : HUBER_K * (u - 0.5 * HUBER_K);
        }
      }
      // A silent anchor out of hearing of the box around all positions, at the loudest offset found, is
      // out of hearing of each of them: skipping it outright gives the very same numbers.
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (let p = 0; silentCount > 0 && p < n; p++) {
        minX = Math.min(minX, px[p]!);
        maxX = Math.max(maxX, px[p]!);
        minY = Math.min(minY, py[p]!);
        maxY = Math.max(maxY, py[p]!);
      }
      for (let j = 0; j < silentCount; j++) {
        const xj = sx[j]!;
        const yj = sy[j]!;
        const zj = sz2[j]!;
        const hearing = sHearing[j]!;
        const gx = Math.max(0, minX - xj, xj - maxX);
        const gy = Math.max(0, minY - yj, yj - maxY);
        if (gx * gx + gy * gy + zj >= hearing * widest) continue;
        const loud = sLoud[j]!;
        const fixed = table ? table.rowOf[sIds[j]!]! * n : -1;
        for (let p = 0; p < n; p++) {
          let d2: number;
          if (fixed >= 0) d2 = tableD2[fixed + p]!;
          else {
            const dx = x[p]! - xj;
            const dy = y[p]! - yj;
            d2 = dx * dx + dy * dy + zj;
          }
          if (d2 >= hearing * scales[p]!) continue;
          const logD2 = fixed >= 0 ? tableLogD2[fixed + p]! : lnSquared(Math.max(d2, minD2));
          const loudness = loud - slope * logD2 + offsets[p]!;
          if (loudness > 0) out[p]! -= penalty * Math.min(1, loudness / FULLY_SURE_DB);
        }
      }
      if (n > 0) offset = offsets[n - 1]!;
      if (offsetsOut) offsetsOut.set(offsets.subarray(0, n));
    },
    lastOffset: () => offset,
    atFix(x, y) {
      this.score(x, y);
      let sq = 0;
      for (let k = 0; k < heard; k++) sq += (residuals[k]! - offset) ** 2;
      let sure = 0;
      let missed = 0;
      for (let k = 0; k < total; k++) {
        const dx = x - ax[k]!;
        const dy = y - ay[k]!;
        const d2 = Math.max(dx * dx + dy * dy + dz2[k]!, minD2);
        if (tx[k]! - surelyHeard - slope * lnSquared(d2) + offset < COUNTED_FROM_DB) continue;
        sure += 1;
        if (k >= heard) missed += 1;
      }
      return { misfit: heard > 0 ? Math.sqrt(sq / heard) : 0, sure, missed };
    },
  };
}

/** Share of the heard readings whose radio map is known at (x, y): how far the map takes the shadowing out. */
export function knownShare(readings: Readings, x: number, y: number): number {
  let known = 0;
  for (let k = 0; k < readings.heard; k++) {
    const map = readings.maps[k];
    if (map && isKnown(map, x, y)) known += 1;
  }
  return readings.heard > 0 ? known / readings.heard : 0;
}
