/**
 * How many of a level's beacons a scan hears, as evidence of where the phone is and how loud it reads.
 * The readings' fit weighs the beacons heard; the ones not heard say as much, and together more than one
 * at a time can: a phone on the pavement under harsh radio hears three faint beacons of thirty, the
 * lucky ones that rose above its hearing, so fitted alone they make it seem several dB louder than it is
 * (bench:arrival, dense shelving under harsh radio: the door filter's pavement offset came out 3–4 dB
 * loud, which hid the window's step at the door, and shoppers' belief stayed near −3 nats for 12 s after
 * it). A beacon is heard when its level, expected plus the phone's offset plus noise, clears the phone's
 * hearing (its faintest reading so far), unless the scan drops it; so a spot and an offset expect a count,
 * tabled per spot by the margin between offset and hearing.
 *
 * Pure; the tables are per site, the hearing per device.
 */
import type { SiteModel } from './site-model.js';

/** A reading's spread about its expected level, dB: the likelihood's σ. */
const SPREAD_DB = 5;
/** Share of loud beacons a scan misses all the same (10–20% in real stores). */
const DROPOUT = 0.15;
/**
 * Beacons near each other rise and fade together (shadowing, a body turning), so the count spreads more
 * than independent coins: this share of its square adds to its variance.
 */
const TOGETHER = 0.05;
/** The margins tabled, dB: an offset less the faintest reading, from about −90 dBm hearing to −130. */
const LOWEST_MARGIN_DB = 50;
const MARGINS = 81;

export interface HeardCounts {
  /** Per spot and margin: the count expected, and its log-likelihood's scale and normaliser. */
  mean: Float32Array;
  halfPrecision: Float32Array;
  halfLogVar: Float32Array;
}

/** The counts each spot expects, by margin, from the path-loss model alone. */
export function heardCounts(
  model: SiteModel,
  level: number,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): HeardCounts {
  const onLevel = (model.anchorsOn.get(level) ?? []).map((a) => model.anchors[a]!);
  const z = model.deviceZ(level);
  const n = xs.length;
  const counts: HeardCounts = {
    mean: new Float32Array(n * MARGINS),
    halfPrecision: new Float32Array(n * MARGINS),
    halfLogVar: new Float32Array(n * MARGINS),
  };
  for (let i = 0; i < n; i++) {
    const expected = onLevel.map((a) =>
      model.radio.rssiAtSquared(a.txPower, (xs[i]! - a.x) ** 2 + (ys[i]! - a.y) ** 2 + (a.z - z) ** 2),
    );
    for (let m = 0; m < MARGINS; m++) {
      let mean = 0;
      let variance = 1;
      for (const level of expected) {
        const q = heardChance(level + LOWEST_MARGIN_DB + m);
        mean += q;
        variance += q * (1 - q);
      }
      variance += TOGETHER * mean * mean;
      counts.mean[i * MARGINS + m] = mean;
      counts.halfPrecision[i * MARGINS + m] = 0.5 / variance;
      counts.halfLogVar[i * MARGINS + m] = 0.5 * Math.log(variance);
    }
  }
  return counts;
}

/**
 * The tables' column for an offset `marginDb` above the phone's hearing (beyond the tabled ones, the
 * nearest): once per offset, not per spot.
 */
export const marginColumn = (marginDb: number): number =>
  Math.max(0, Math.min(MARGINS - 1, Math.round(marginDb - LOWEST_MARGIN_DB)));

/** Log-likelihood of hearing `heard` beacons at spot `i`, in the margin's `column` (`marginColumn`). */
export function countFit(counts: HeardCounts, i: number, column: number, heard: number): number {
  const at = i * MARGINS + column;
  return -counts.halfPrecision[at]! * (heard - counts.mean[at]!) ** 2 - counts.halfLogVar[at]!;
}

/**
 * The chance a beacon expected `aboveDb` over the phone's hearing is heard, tabled every 0.1 dB (a site's
 * tables take a million of them: one per spot, beacon and margin).
 */
const CHANCE_STEP_DB = 0.1;
const CHANCE_REACH_DB = 8 * SPREAD_DB;
const chances = Float64Array.from(
  { length: Math.round((2 * CHANCE_REACH_DB) / CHANCE_STEP_DB) + 1 },
  (_, k) => (1 - DROPOUT) * normalCdf((k * CHANCE_STEP_DB - CHANCE_REACH_DB) / SPREAD_DB),
);
function heardChance(aboveDb: number): number {
  if (aboveDb <= -CHANCE_REACH_DB) return 0;
  if (aboveDb >= CHANCE_REACH_DB) return 1 - DROPOUT;
  return chances[Math.round((aboveDb + CHANCE_REACH_DB) / CHANCE_STEP_DB)]!;
}

/** Φ, the standard normal's distribution function (Abramowitz–Stegun 7.1.26: ample for a count). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const tail =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return z >= 0 ? 1 - 0.5 * tail : 0.5 * tail;
}
