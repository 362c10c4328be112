/**
 * Inside or just outside? A map-aware filter keeps every position inside the outline, so a phone on the
 * pavement hearing the beacons through the shop window still gets a fix in the store, hugging the façade.
 * Its scan knows better, in two ways: the window takes a few dB off every beacon, and from outside the
 * near row of beacons is farther off and the far rows relatively nearer, a pattern no spot inside gives.
 *
 * So this weighs the scan's best fit inside the level, around the fix (which may lag a phone that walks
 * in), against its best fit on a band just beyond the outline, on every side (the pavement, a mall
 * corridor, the shop next door). Readings are taken as the phone reported them: the engine's learnt
 * receiver offset is added back, because for a passer-by it has learnt the window's loss as the phone's.
 * Each spot then fits its own offset under the likelihood's prior, so a quiet phone counts as outside
 * only as far as phones are not known to be that deaf. The result is a log-likelihood ratio per scan,
 * > 0 favouring inside. Next to a wall it is weak either way: evidence to add up over scans, not a verdict.
 */
import { insidePolygon } from './geometry.js';
import { type LikelihoodOptions, readingsOf, type SpotTable, scorer, spotTable } from './likelihood.js';
import type { Scan } from './scan.js';
import { planOf, type SiteModel } from './site-model.js';
import type { Polygon } from './types.js';

/** How far beyond the outline someone may stand and still hear the store (pavement, corridor), metres. */
const BAND_M = [1.5, 3.5] as const;
/** Spacing of the band's points along each wall, metres: about the beacons' shadowing correlation. */
const BAND_PITCH_M = 3;
/** Inside, spots within this of the fix are tried (the fix lags a walking phone), metres... */
const NEAR_M = 6;
/** ...on a lattice this fine (the coarse search's pitch). */
const PITCH_M = 2;
/** One scan is never proof, however clear: the ratio saturates here. */
const CAP = 10;
/** Readings the odds weigh: the loudest of the level. */
const ODDS_ANCHORS = 10;

/** Spots on the 2 m grid within NEAR_M of the fix, at most. */
const DISK_SPOTS = (2 * Math.floor(NEAR_M / PITCH_M) + 1) ** 2;

const bandTablesOf = new WeakMap<SiteModel, Map<number, SpotTable[]>>();
/** Band spots per table: consecutive spots lie along one wall, so a piece's box is narrow and the
 * likelihood can skip the silent anchors out of its reach at once. */
const PIECE = 12;

/** The band's spots in pieces, with their distances to the level's anchors, once per site and level. */
function bandTables(model: SiteModel, level: number, outline: Polygon): SpotTable[] {
  let byLevel = bandTablesOf.get(model);
  if (!byLevel) {
    byLevel = new Map();
    bandTablesOf.set(model, byLevel);
  }
  let tables = byLevel.get(level);
  if (!tables) {
    const band = bandOf(outline);
    tables = [];
    for (let from = 0; from < band.length / 2; from += PIECE) {
      const size = Math.min(PIECE, band.length / 2 - from);
      const x = new Float64Array(size);
      const y = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        x[i] = band[2 * (from + i)]!;
        y[i] = band[2 * (from + i) + 1]!;
      }
      tables.push(spotTable(model, level, x, y));
    }
    byLevel.set(level, tables);
  }
  return tables;
}

/** Work arrays shared by all devices (the engine is single-threaded). */
const scratch: Float64Array[] = [];

function spots(slot: number, size: number): Float64Array {
  if (!scratch[slot] || scratch[slot].length < size) scratch[slot] = new Float64Array(size);
  return scratch[slot];
}

/** x, y pairs at each of BAND_M outside every edge, kept if no nearer to the outline than that. */
function bandOf(outline: Polygon): Float64Array {
  const points: number[] = [];
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [ax, ay] = outline[j]!;
    const [bx, by] = outline[i]!;
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0) continue;
    const steps = Math.max(1, Math.round(length / BAND_PITCH_M));
    const [nx, ny] = [(by - ay) / length, -(bx - ax) / length];
    for (let s = 0; s <= steps; s++) {
      const [ex, ey] = [ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps];
      // Outward is whichever normal leaves the polygon (outlines may wind either way).
      const side = insidePolygon(ex + nx * 0.1, ey + ny * 0.1, outline) ? -1 : 1;
      for (const d of BAND_M) {
        const [px, py] = [ex + side * nx * d, ey + side * ny * d];
        if (!insidePolygon(px, py, outline) && distanceTo(outline, px, py) >= d - 0.01) points.push(px, py);
      }
    }
  }
  return Float64Array.from(points);
}

function distanceTo(outline: Polygon, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [ax, ay] = outline[j]!;
    const [bx, by] = outline[i]!;
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/**
 * Log-likelihood ratio of "inside `level`'s outline, near the fix `at`" over "just beyond the outline"
 * for one scan whose readings had `receiverOffsetDb` taken off, capped to ±CAP; null when the level has
 * no outline or the scan heard none of its anchors.
 */
export function insideOdds(
  model: SiteModel,
  scan: Scan,
  receiverOffsetDb: number,
  level: number,
  at: { x: number; y: number },
  options: { likelihood: LikelihoodOptions; anchorsPerScan: number },
): number | null {
  const outline = model.site.levels.find((l) => l.level === level)?.outline;
  if (!outline || outline.length < 3) return null;
  const asHeard = { ...scan, rssi: scan.rssi.map((r) => r + receiverOffsetDb) };
  // The loudest ten at most, as the odds were designed and measured with (bench:arrival), whatever number
  // of anchors the engine's own likelihood takes.
  const readings = readingsOf(model, asHeard, level, Math.min(options.anchorsPerScan, ODDS_ANCHORS));
  if (readings.heard === 0) return null;
  const score = scorer(readings, model.radio, options.likelihood);
  const plan = planOf(model, level);
  // The fix and the free spots near it, then the band, each scored in one `scoreMany` call (the same
  // numbers as `score` spot by spot, for a fraction of the cost; the band's distances are computed once).
  const xs = spots(0, DISK_SPOTS + 1);
  const ys = spots(1, DISK_SPOTS + 1);
  xs[0] = at.x;
  ys[0] = at.y;
  let n = 1;
  for (let dx = -NEAR_M; dx <= NEAR_M; dx += PITCH_M) {
    for (let dy = -NEAR_M; dy <= NEAR_M; dy += PITCH_M) {
      if (dx * dx + dy * dy > NEAR_M * NEAR_M || !plan.isFree(at.x + dx, at.y + dy)) continue;
      xs[n] = at.x + dx;
      ys[n] = at.y + dy;
      n += 1;
    }
  }
  const scores = spots(2, Math.max(n, DISK_SPOTS + 1));
  score.scoreMany(xs, ys, n, scores);
  let inside = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) inside = Math.max(inside, scores[i]!);
  const outsideScores = spots(3, PIECE);
  let outside = Number.NEGATIVE_INFINITY;
  for (const piece of bandTables(model, level, outline)) {
    score.scoreMany(piece.x, piece.y, piece.x.length, outsideScores, piece);
    for (let i = 0; i < piece.x.length; i++) outside = Math.max(outside, outsideScores[i]!);
  }
  return Math.max(-CAP, Math.min(CAP, inside - outside));
}
