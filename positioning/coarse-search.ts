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

const lattices = new WeakMap<FloorPlan, Float64Array>();

function latticeOf(plan: FloorPlan): Float64Array {
  let lattice = lattices.get(plan);
  if (!lattice) {
    const points: number[] = [];
    const { minX, minY, maxX, maxY } = plan.bounds;
    for (let y = minY + PITCH_M / 2; y < maxY; y += PITCH_M) {
      for (let x = minX + PITCH_M / 2; x < maxX; x += PITCH_M) {
        const [fx, fy] = plan.nearestFree(x, y);
        if (Math.abs(fx - x) <= PITCH_M / 2 && Math.abs(fy - y) <= PITCH_M / 2) points.push(fx, fy);
      }
    }
    lattice = Float64Array.from(points);
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
  const lattice = latticeOf(plan);
  let best: BestSpot | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lattice.length; i += 2) {
    const score = scorer.score(lattice[i]!, lattice[i + 1]!);
    if (score > bestScore) {
      bestScore = score;
      best = { x: lattice[i]!, y: lattice[i + 1]!, offset: scorer.lastOffset() };
    }
  }
  return best;
}
