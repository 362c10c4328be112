/**
 * Where on a whole level a scan fits best, by scoring a lattice of free points. Used to start a device
 * (and to find it again when lost) without trusting a single trilateration: with an unknown receiver offset
 * the ranges are all wrong by one factor, and least squares can then land in any corner of the store.
 * It also yields the receiver offset that fits there, a good start for the online estimate.
 */
import type { FloorPlan } from './floor-plan.js';
import type { Box } from './geometry.js';
import type { Readings, Scorer } from './likelihood.js';

/** Lattice pitch, metres: finer than half the beacon spacing of any sensible deployment. */
const PITCH_M = 2;
/** The search scores every second point each way first (a 4 m lattice: the likelihood is smooth at that
 * scale between beacons 6-10 m apart), then the 2 m lattice around the few best: a quarter of the cost. */
const BEST_COARSE = 3;
const REFINE_CELLS = 2;

interface Lattice {
  /** x, y of each point. */
  points: Float64Array;
  /** Point at column c, row r of the 2 m grid (r × cols + c), or -1 where the grid cell has no free point. */
  at: Int32Array;
  /** Grid cell (r × cols + c) of each point. */
  cell: Int32Array;
  cols: number;
  rows: number;
  /** The points on even columns and rows. */
  coarse: Int32Array;
}

const lattices = new WeakMap<FloorPlan, Lattice>();

function latticeOf(plan: FloorPlan): Lattice {
  let lattice = lattices.get(plan);
  if (!lattice) {
    const points: number[] = [];
    const coarse: number[] = [];
    const cell: number[] = [];
    const { minX, minY, maxX, maxY } = plan.bounds;
    const cols = Math.max(0, Math.ceil((maxX - minX - PITCH_M / 2) / PITCH_M));
    const rows = Math.max(0, Math.ceil((maxY - minY - PITCH_M / 2) / PITCH_M));
    const at = new Int32Array(cols * rows).fill(-1);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = minX + PITCH_M / 2 + c * PITCH_M;
        const y = minY + PITCH_M / 2 + r * PITCH_M;
        const [fx, fy] = plan.nearestFree(x, y);
        if (Math.abs(fx - x) > PITCH_M / 2 || Math.abs(fy - y) > PITCH_M / 2) continue;
        at[r * cols + c] = points.length / 2;
        if (r % 2 === 0 && c % 2 === 0) coarse.push(points.length / 2);
        cell.push(r * cols + c);
        points.push(fx, fy);
      }
    }
    lattice = {
      points: Float64Array.from(points),
      at,
      cell: Int32Array.from(cell),
      cols,
      rows,
      coarse: Int32Array.from(coarse),
    };
    lattices.set(plan, lattice);
  }
  return lattice;
}

export interface BestSpot {
  x: number;
  y: number;
  /** The receiver offset residual that fits best there, dB. */
  offset: number;
}

/** Loud readings that bound where a phone can be: the loudest few heard. */
const BOUNDING_READINGS = 3;
/**
 * How much louder than the path loss at 2 a reading may be and still come from its anchor, dB: a hot
 * receiver, fading up and shadowing together; generous, because the box only has to hold the truth.
 */
const HEARING_MARGIN_DB = 20;

/**
 * Where to search for a phone that heard these readings: within reach of each of its loudest anchors, the
 * reach being the distance at which the path loss at an exponent of 2 leaves the reading
 * HEARING_MARGIN_DB to spare. On a big floor (a hypermarket, a mall level) this keeps the search near the
 * phone instead of scoring thousands of points out of earshot. Null (search the whole level) when the
 * reaches do not meet or hold no point of the lattice.
 */
export function searchArea(plan: FloorPlan, readings: Readings): Box | null {
  let box: Box = { minX: -Infinity, minY: -Infinity, maxX: Infinity, maxY: Infinity };
  for (let k = 0; k < Math.min(readings.heard, BOUNDING_READINGS); k++) {
    const reach = 10 ** ((readings.tx[k]! - readings.rssi[k]! + HEARING_MARGIN_DB) / 20);
    box = {
      minX: Math.max(box.minX, readings.ax[k]! - reach),
      minY: Math.max(box.minY, readings.ay[k]! - reach),
      maxX: Math.min(box.maxX, readings.ax[k]! + reach),
      maxY: Math.min(box.maxY, readings.ay[k]! + reach),
    };
  }
  if (!Number.isFinite(box.minX)) return null;
  const { points, coarse } = latticeOf(plan);
  return coarse.some((i) => inside(box, points[2 * i]!, points[2 * i + 1]!)) ? box : null;
}

/** Refinement reaches this far beyond the coarse points it starts from, metres. */
const SEARCH_REACH_M = (REFINE_CELLS + 1) * PITCH_M;

/** Where every point `bestSpot` scores within `area` lies: what its scorer may be told (`near`). */
export function reachOf(area: Box): Box {
  return {
    minX: area.minX - SEARCH_REACH_M,
    minY: area.minY - SEARCH_REACH_M,
    maxX: area.maxX + SEARCH_REACH_M,
    maxY: area.maxY + SEARCH_REACH_M,
  };
}

const inside = (box: Box, x: number, y: number) =>
  x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;

/** The best lattice point for `scorer`, its coarse pass within `area` (from `searchArea`) when given. */
export function bestSpot(plan: FloorPlan, scorer: Scorer, area: Box | null = null): BestSpot | null {
  const lattice = latticeOf(plan);
  const { points, at, cell, cols, rows } = lattice;
  const coarse = area
    ? lattice.coarse.filter((i) => inside(area, points[2 * i]!, points[2 * i + 1]!))
    : lattice.coarse;
  const scores = new Float64Array(points.length / 2).fill(Number.NaN);
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  // Each pass scores its points in one `scoreMany` call (anchor by anchor, the particle filter's fast
  // loop, with the very same numbers as `score`); the first best in visiting order wins, as one by one.
  const pass = (ids: ArrayLike<number>) => {
    const fresh: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const i = ids[k]!;
      if (i < 0 || !Number.isNaN(scores[i]!)) continue;
      scores[i] = Number.POSITIVE_INFINITY; // queued: a point met twice is scored once
      fresh.push(i);
    }
    const n = fresh.length;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    fresh.forEach((i, k) => {
      xs[k] = points[2 * i]!;
      ys[k] = points[2 * i + 1]!;
    });
    const out = new Float64Array(n);
    scorer.scoreMany(xs, ys, n, out);
    fresh.forEach((i, k) => {
      scores[i] = out[k]!;
      if (out[k]! > bestScore) {
        bestScore = out[k]!;
        best = i;
      }
    });
  };
  pass(coarse);
  const leaders = [...coarse].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, BEST_COARSE);
  const around: number[] = [];
  for (const i of leaders) {
    const c0 = cell[i]! % cols;
    const r0 = Math.floor(cell[i]! / cols);
    for (let r = Math.max(0, r0 - REFINE_CELLS); r <= Math.min(rows - 1, r0 + REFINE_CELLS); r++)
      for (let c = Math.max(0, c0 - REFINE_CELLS); c <= Math.min(cols - 1, c0 + REFINE_CELLS); c++)
        around.push(at[r * cols + c]!);
  }
  pass(around);
  if (best < 0) return null;
  // The offset that fits best there, from the one-point scorer.
  scorer.score(points[2 * best]!, points[2 * best + 1]!);
  return { x: points[2 * best]!, y: points[2 * best + 1]!, offset: scorer.lastOffset() };
}
