/**
 * Where on a whole level a scan fits best, by scoring a lattice of free points. Used to start a device
 * (and to find it again when lost) without trusting a single trilateration: with an unknown receiver offset
 * the ranges are all wrong by one factor, and least squares can then land in any corner of the store.
 * It also yields the receiver offset that fits there, a good start for the online estimate.
 */
import type { FloorPlan } from './floor-plan.js';
import type { Scorer } from './likelihood.js';

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

export function bestSpot(plan: FloorPlan, scorer: Scorer): BestSpot | null {
  const { points, at, cell, cols, rows, coarse } = latticeOf(plan);
  const scores = new Float64Array(points.length / 2).fill(Number.NaN);
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestOffset = 0;
  const visit = (i: number) => {
    if (i < 0 || !Number.isNaN(scores[i]!)) return;
    const score = scorer.score(points[2 * i]!, points[2 * i + 1]!);
    scores[i] = score;
    if (score > bestScore) {
      bestScore = score;
      best = i;
      bestOffset = scorer.lastOffset();
    }
  };
  for (const i of coarse) visit(i);
  const leaders = [...coarse].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, BEST_COARSE);
  for (const i of leaders) {
    const c0 = cell[i]! % cols;
    const r0 = Math.floor(cell[i]! / cols);
    for (let r = Math.max(0, r0 - REFINE_CELLS); r <= Math.min(rows - 1, r0 + REFINE_CELLS); r++)
      for (let c = Math.max(0, c0 - REFINE_CELLS); c <= Math.min(cols - 1, c0 + REFINE_CELLS); c++)
        visit(at[r * cols + c]!);
  }
  return best < 0 ? null : { x: points[2 * best]!, y: points[2 * best + 1]!, offset: bestOffset };
}
