/**
 * Calibration: fit each beacon's txPower and the site's path-loss exponent from readings taken at known
 * places: a calibration walk (stand at marked points, scan) or fixed scanners hearing each other.
 *
 * rssi = txPowerₐ − n·10·log10(d) is linear in the unknowns, so this is least squares in closed form:
 * with u = −10·log10(d), n is the pooled within-beacon slope of rssi on u and txPowerₐ = mean(rssi) − n·mean(u)
 * per beacon. Two rounds: the second drops readings more than 3 robust σ off the first fit (a body in the
 * way, a reflection). The phone or scanner used defines 0 dB of receiver offset; the engine learns every
 * other receiver's offset relative to it online.
 */
import { DEFAULT_EXPONENT } from './path-loss.js';
import { surveyOf } from './radio-map.js';
import { DEFAULT_LEVEL_HEIGHT_M, DEVICE_HEIGHT_M } from './site-model.js';
import type { Site } from './types.js';

/** One reading of one anchor taken at a known place. */
export interface CalibrationSample {
  anchor: string;
  x: number;
  y: number;
  level: number;
  /** Height of the receiver above the site's origin; a hand-held phone on `level` when absent. */
  z?: number;
  rssi: number;
}

export interface AnchorFit {
  id: string;
  txPower: number;
  samples: number;
  /** RMS of this beacon's residuals, dB. */
  residualDb: number;
}

export interface CalibrationFit {
  exponent: number;
  anchors: AnchorFit[];
  /** RMS of all kept residuals, dB. */
  residualDb: number;
  samples: number;
  /** Readings dropped as outliers, of anchors the site does not know, too far or through a floor. */
  dropped: number;
  unknown: number;
  outOfRange: number;
}

/**
 * Readings farther than this, or through a floor, are left out: far away only the luckiest readings rise
 * above the receiver's sensitivity, which flattens the fitted slope; floors add a loss the model lacks.
 * A hand-held phone's default.
 */
const MAX_DISTANCE_M = 8;
/** Beacons heard fewer times than this keep their configured txPower. */
const MIN_SAMPLES = 3;
const OUTLIER_SIGMAS = 3;

interface Point {
  a: number;
  u: number;
  rssi: number;
}

export function calibrate(
  site: Site,
  samples: readonly CalibrationSample[],
  options: { maxDistanceM?: number } = {},
): CalibrationFit {
  const maxDistanceM = options.maxDistanceM ?? MAX_DISTANCE_M;
  const index = new Map(site.anchors.map((a, i) => [a.id, i]));
  const levelHeight = site.levelHeight ?? DEFAULT_LEVEL_HEIGHT_M;
  let unknown = 0;
  let outOfRange = 0;
  const points: Point[] = [];
  for (const s of samples) {
    const a = index.get(s.anchor);
    if (a === undefined || !Number.isFinite(s.rssi)) {
      unknown += 1;
      continue;
    }
    const anchor = site.anchors[a]!;
    const z = s.z ?? s.level * levelHeight + DEVICE_HEIGHT_M;
    const d = Math.max(0.5, Math.hypot(anchor.x - s.x, anchor.y - s.y, anchor.z - z));
    if (anchor.level !== s.level || d > maxDistanceM) {
      outOfRange += 1;
      continue;
    }
    points.push({ a, u: -10 * Math.log10(d), rssi: s.rssi });
  }

  let fit = fitLine(site, points);
  const sigma = 1.4826 * median(points.map((p) => Math.abs(residual(fit, p))));
  const kept =
    sigma > 0 ? points.filter((p) => Math.abs(residual(fit, p)) <= OUTLIER_SIGMAS * sigma) : points;
  fit = fitLine(site, kept);

  const perAnchor = site.anchors.map(() => ({ n: 0, sq: 0 }));
  let sq = 0;
  for (const p of kept) {
    const e = residual(fit, p);
    perAnchor[p.a]!.n += 1;
    perAnchor[p.a]!.sq += e * e;
    sq += e * e;
  }
  return {
    exponent: fit.exponent,
    anchors: site.anchors.map((a, i) => ({
      id: a.id,
      txPower: fit.txPower[i]!,
      samples: perAnchor[i]!.n,
      residualDb: perAnchor[i]!.n > 0 ? Math.sqrt(perAnchor[i]!.sq / perAnchor[i]!.n) : Number.NaN,
    })),
    residualDb: kept.length > 0 ? Math.sqrt(sq / kept.length) : Number.NaN,
    samples: kept.length,
    dropped: points.length - kept.length,
    unknown,
    outOfRange,
  };
}

/**
 * The site with the fitted exponent and txPowers; given the walk's samples too, with its survey, so that
 * the engine also expects each beacon as loud as the walk found it spot by spot (radio-map.ts).
 */
export function calibratedSite(
  site: Site,
  fit: CalibrationFit,
  samples?: readonly CalibrationSample[],
): Site {
  const txPower = new Map(fit.anchors.map((a) => [a.id, a.txPower]));
  return {
    ...site,
    pathLossExponent: fit.exponent,
    anchors: site.anchors.map((a) => ({ ...a, txPower: txPower.get(a.id) ?? a.txPower })),
    ...(samples ? { survey: surveyOf(samples) } : {}),
  };
}

interface Line {
  exponent: number;
  txPower: number[];
}

function fitLine(site: Site, points: readonly Point[]): Line {
  const stats = site.anchors.map(() => ({ n: 0, u: 0, r: 0 }));
  for (const p of points) {
    const s = stats[p.a]!;
    s.n += 1;
    s.u += p.u;
    s.r += p.rssi;
  }
  for (const s of stats) {
    if (s.n > 0) {
      s.u /= s.n;
      s.r /= s.n;
    }
  }
  let num = 0;
  let den = 0;
  for (const p of points) {
    const s = stats[p.a]!;
    if (s.n < MIN_SAMPLES) continue;
    num += (p.u - s.u) * (p.rssi - s.r);
    den += (p.u - s.u) ** 2;
  }
  const exponent = den > 0 ? num / den : (site.pathLossExponent ?? DEFAULT_EXPONENT);
  return {
    exponent,
    txPower: site.anchors.map((a, i) => {
      const s = stats[i]!;
      return s.n >= MIN_SAMPLES ? s.r - exponent * s.u : a.txPower;
    }),
  };
}

function residual(line: Line, p: Point): number {
  return p.rssi - (line.txPower[p.a]! + line.exponent * p.u);
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}
