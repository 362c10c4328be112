/**
 * Inside or just outside? A map-aware filter keeps every position inside the outline, so a phone on the
 * pavement hearing the beacons through the shop window still gets a fix in the store, hugging the façade.
 * Its scan knows better, in two ways: the window takes a few dB off every beacon, and from outside the
 * near row of beacons is farther off and the far rows relatively nearer, a pattern no spot inside gives.
 *
 * So this weighs the scan's best fit inside the level, around the fix (which may lag a phone that walks
 * in), against its best fit on a band just beyond the façade: the walls the level's openings (its doors)
 * lie on, where the pavement or the mall corridor runs; side and back walls border neighbours or the
 * stock yard, where no passer-by stands, and a band there would only give an inside phone near them a
 * second, wrong place to be. A level without openings has every wall as its façade. Readings are taken as the phone reported them: the engine's learnt
 * receiver offset is added back, because for a passer-by it has learnt the window's loss as the phone's.
 * Each spot then fits its own offset under the likelihood's prior, so a quiet phone counts as outside
 * only as far as phones are not known to be that deaf; the prior is centred on what the store's phones
 * read (the engine takes that centre off the readings, phone-level.ts), not on the declared powers. The result is a log-likelihood ratio per scan,
 * > 0 favouring inside. Next to a wall it is weak either way: evidence to add up over scans, not a verdict.
 */
import { insidePolygon } from './geometry.js';
import { type LikelihoodOptions, readingsOf, type SpotTable, scorer, spotTable } from './likelihood.js';
import type { Scan } from './scan.js';
import { planOf, type SiteModel } from './site-model.js';
import type { Level, Polygon } from './types.js';
import { workArrays } from './work-arrays.js';

/** How far beyond the outline someone may stand and still hear the store (pavement, corridor), metres. */
const BAND_M = [1.5, 3.5] as const;
/**
 * How far the pavement in front of a façade is followed past its ends, metres: passers-by hear the store
 * before and after its front (bench:arrival: 6 m let 2–5% of passers-by in under harsh radio, 12 m and 20 m
 * the same 0–2%).
 */
const STREET_BEYOND_M = 12;
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
function bandTables(model: SiteModel, level: Level): SpotTable[] {
  let byLevel = bandTablesOf.get(model);
  if (!byLevel) {
    byLevel = new Map();
    bandTablesOf.set(model, byLevel);
  }
  let tables = byLevel.get(level.level);
  if (!tables) {
    const band = pavementOf(level, BAND_PITCH_M);
    tables = [];
    for (let from = 0; from < band.length / 2; from += PIECE) {
      const size = Math.min(PIECE, band.length / 2 - from);
      const x = new Float64Array(size);
      const y = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        x[i] = band[2 * (from + i)]!;
        y[i] = band[2 * (from + i) + 1]!;
      }
      tables.push(spotTable(model, level.level, x, y));
    }
    byLevel.set(level.level, tables);
  }
  return tables;
}

/** Work arrays shared by all devices (the engine is single-threaded). */
const spots = workArrays();

/** A wall of an outline: from (x0, y0) to (x1, y1). */
export type Wall = readonly [x0: number, y0: number, x1: number, y1: number];

/** An opening this close to a wall is in it, metres (maps draw doors a little off the outline). */
const ON_WALL_M = 1;

/** The outline's walls that an opening lies on; all of them when there are no openings (or none on a wall). */
export function facadeWalls(outline: Polygon, openings: readonly Polygon[] = []): Wall[] {
  const walls: Wall[] = outline.map(([x0, y0], i) => {
    const [x1, y1] = outline[(i + 1) % outline.length]!;
    return [x0, y0, x1, y1];
  });
  const corners = openings.flat();
  const withDoors = walls.filter((w) => corners.some(([x, y]) => distanceToWalls([w], x, y) <= ON_WALL_M));
  return withDoors.length > 0 ? withDoors : walls;
}

/** Distance from (x, y) to the nearest of `walls`, metres. */
export function distanceToWalls(walls: readonly Wall[], x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const [x0, y0, x1, y1] of walls) {
    const [dx, dy] = [x1 - x0, y1 - y0];
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - x0 - t * dx, y - y0 - t * dy));
  }
  return best;
}

/**
 * Where a passer-by may stand: x, y pairs on the pavement (or mall corridor) in front of the level's
 * façade, `pitchM` apart along it. Where the doors single out a façade, the street runs on past its ends,
 * in front of the neighbours.
 */
export function pavementOf(level: Level, pitchM: number): Float64Array {
  const facade = facadeWalls(level.outline, level.openings);
  return bandOf(level.outline, facade, facade.length < level.outline.length ? STREET_BEYOND_M : 0, pitchM);
}

/**
 * x, y pairs at each of BAND_M outside every one of `walls`, carried on `beyondM` past their ends, kept if
 * no nearer to the outline than that.
 */
function bandOf(outline: Polygon, walls: readonly Wall[], beyondM: number, pitchM: number): Float64Array {
  const allWalls = facadeWalls(outline);
  const points: number[] = [];
  for (const [ax, ay, bx, by] of walls) {
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0) continue;
    const steps = Math.max(1, Math.round(length / pitchM));
    const beyond = Math.round(beyondM / pitchM);
    const [nx, ny] = [(by - ay) / length, -(bx - ax) / length];
    // Outward is whichever normal leaves the polygon (outlines may wind either way).
    const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
    const side = insidePolygon(mx + nx * 0.1, my + ny * 0.1, outline) ? -1 : 1;
    for (let s = -beyond; s <= steps + beyond; s++) {
      const u = s < 0 ? (s * pitchM) / length : s > steps ? 1 + ((s - steps) * pitchM) / length : s / steps;
      const [ex, ey] = [ax + (bx - ax) * u, ay + (by - ay) * u];
      for (const d of BAND_M) {
        const [px, py] = [ex + side * nx * d, ey + side * ny * d];
        if (!insidePolygon(px, py, outline) && distanceToWalls(allWalls, px, py) >= d - 0.01)
          points.push(px, py);
      }
    }
  }
  return Float64Array.from(points);
}

/**
 * Log-likelihood ratio of "inside `level`'s outline, near the fix `at`" over "just beyond its façade"
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
  const ofLevel = model.site.levels.find((l) => l.level === level);
  if (!ofLevel || ofLevel.outline.length < 3) return null;
  const asHeard = { ...scan, rssi: scan.rssi.map((r) => r + receiverOffsetDb) };
  // The loudest ten at most, as the odds were designed and measured with (bench:arrival), whatever number
  // of anchors the engine's own likelihood takes. Without the radio map: a survey (or the shoppers) maps the inside only,
  // and inside spots fitted with it against a pavement without it leaned inside (harsh radio, open
  // floor: passers-by taken 1.3% → 7.3%).
  const readings = readingsOf(model, asHeard, level, Math.min(options.anchorsPerScan, ODDS_ANCHORS), false);
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
  for (const piece of bandTables(model, ofLevel)) {
    score.scoreMany(piece.x, piece.y, piece.x.length, outsideScores, piece);
    for (let i = 0; i < piece.x.length; i++) outside = Math.max(outside, outsideScores[i]!);
  }
  return Math.max(-CAP, Math.min(CAP, inside - outside));
}
