/**
 * Map-aware particle filter on the raw RSSI likelihood. Why particles and not only trilateration + Kalman:
 * the RSSI error is far from Gaussian (a shelf or a body takes 3-8 dB off one side only), the position
 * posterior is often two-humped (this aisle or the next), and shelves and walls are hard constraints that a
 * Gaussian cannot express but a particle that may not walk through them can. Counts stay modest (100;
 * 200 or 400 measured no better) and the filter runs once per scan, not per observation.
 */
import type { FloorPlan } from './floor-plan.js';
import type { Box } from './geometry.js';
import type { Scorer } from './likelihood.js';
import type { Random } from './random.js';
import { workArrays } from './work-arrays.js';

export interface Cloud {
  x: Float64Array;
  y: Float64Array;
  vx: Float64Array;
  vy: Float64Array;
  /** Normalised weights. */
  w: Float64Array;
}

export interface ParticleOptions {
  count: number;
  /** Typical walking speed (m/s) and the speed no shopper exceeds. */
  walkSpeed: number;
  maxSpeed: number;
  /** Share of particles re-drawn at each resampling around an independent fix (trilateration or coarse
   * search, see methods.ts), so that a lost filter finds its way back. */
  injection: number;
  /** How long a walking direction persists, seconds: shoppers keep going, then stop or turn. */
  headingMemoryS: number;
}

export const DEFAULT_PARTICLE_OPTIONS: ParticleOptions = {
  count: 100,
  walkSpeed: 0.8,
  maxSpeed: 2,
  injection: 0.05,
  headingMemoryS: 2,
};

export function emptyCloud(count: number): Cloud {
  return {
    x: new Float64Array(count),
    y: new Float64Array(count),
    vx: new Float64Array(count),
    vy: new Float64Array(count),
    w: new Float64Array(count).fill(1 / count),
  };
}

/** Places particles [from, to) around (cx, cy) on free cells, at rest. */
export function scatter(
  cloud: Cloud,
  plan: FloorPlan,
  cx: number,
  cy: number,
  sigma: number,
  rng: Random,
  from = 0,
  to = cloud.x.length,
): void {
  for (let i = from; i < to; i++) {
    let x = cx;
    let y = cy;
    for (let attempt = 0; attempt < 6; attempt++) {
      x = cx + sigma * rng.gaussian();
      y = cy + sigma * rng.gaussian();
      if (plan.isFree(x, y)) break;
      if (attempt === 5) [x, y] = plan.nearestFree(x, y);
    }
    cloud.x[i] = x;
    cloud.y[i] = y;
    cloud.vx[i] = 0;
    cloud.vy[i] = 0;
  }
}

/** Motion: a persistent random walk (Ornstein-Uhlenbeck velocity), speed-limited, blocked by the map. */
export function move(cloud: Cloud, plan: FloorPlan, dt: number, rng: Random, options: ParticleOptions): void {
  const keep = Math.exp(-dt / options.headingMemoryS);
  const kick = options.walkSpeed * Math.sqrt(1 - keep * keep);
  const maxSpeed2 = options.maxSpeed * options.maxSpeed;
  for (let i = 0; i < cloud.x.length; i++) {
    let vx = keep * cloud.vx[i]! + kick * rng.gaussian();
    let vy = keep * cloud.vy[i]! + kick * rng.gaussian();
    // Squares, not Math.hypot: this runs for every particle, and hypot's overflow care is slow.
    const speed2 = vx * vx + vy * vy;
    if (speed2 > maxSpeed2) {
      const scale = options.maxSpeed / Math.sqrt(speed2);
      vx *= scale;
      vy *= scale;
    }
    const x0 = cloud.x[i]!;
    const y0 = cloud.y[i]!;
    const x1 = x0 + vx * dt;
    const y1 = y0 + vy * dt;
    if (plan.canWalk(x0, y0, x1, y1)) {
      cloud.x[i] = x1;
      cloud.y[i] = y1;
      cloud.vx[i] = vx;
      cloud.vy[i] = vy;
    } else if (plan.canWalk(x0, y0, x1, y0)) {
      // Blocked: slide along the shelf or wall instead of stopping dead, as a shopper in an aisle does;
      // stopping would keep the cloud from ever learning the speed down the aisle.
      cloud.x[i] = x1;
      cloud.vx[i] = vx;
      cloud.vy[i] = 0;
    } else if (plan.canWalk(x0, y0, x0, y1)) {
      cloud.y[i] = y1;
      cloud.vx[i] = 0;
      cloud.vy[i] = vy;
    } else {
      cloud.vx[i] = 0;
      cloud.vy[i] = 0;
    }
  }
}

/** Work arrays shared by all devices (the engine is single-threaded), so a scan allocates nothing. */
const scratch = workArrays();

function scratchOf(n: number, slot: number, copyOf?: Float64Array): Float64Array {
  const array = scratch(slot, n).subarray(0, n);
  if (copyOf) array.set(copyOf);
  return array;
}

/** Multiplies each weight by the likelihood of the scan at that particle. */
export function weigh(cloud: Cloud, scorer: Scorer): void {
  const n = cloud.x.length;
  const logLikelihood = scratchOf(n, 0);
  scorer.scoreMany(cloud.x, cloud.y, n, logLikelihood);
  let best = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) if (logLikelihood[p]! > best) best = logLikelihood[p]!;
  let total = 0;
  for (let p = 0; p < n; p++) {
    const w = cloud.w[p]! * Math.exp(logLikelihood[p]! - best);
    cloud.w[p] = w;
    total += w;
  }
  if (!(total > 0)) cloud.w.fill(1 / n);
  else for (let p = 0; p < n; p++) cloud.w[p]! /= total;
}

/** Systematic resampling when the effective sample size falls under half the count. */
export function resample(cloud: Cloud, rng: Random): boolean {
  const n = cloud.w.length;
  let sumSq = 0;
  for (let p = 0; p < n; p++) sumSq += cloud.w[p]! ** 2;
  if (1 / sumSq > n / 2) return false;
  const x = scratchOf(n, 0, cloud.x);
  const y = scratchOf(n, 1, cloud.y);
  const vx = scratchOf(n, 2, cloud.vx);
  const vy = scratchOf(n, 3, cloud.vy);
  const step = 1 / n;
  let u = rng.next() * step;
  let c = cloud.w[0]!;
  let j = 0;
  for (let p = 0; p < n; p++) {
    while (u > c && j < n - 1) c += cloud.w[++j]!;
    cloud.x[p] = x[j]!;
    cloud.y[p] = y[j]!;
    cloud.vx[p] = vx[j]!;
    cloud.vy[p] = vy[j]!;
    u += step;
  }
  cloud.w.fill(step);
  return true;
}

/** The box around all particles. */
export function cloudBox(cloud: Cloud): Box {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < cloud.x.length; p++) {
    minX = Math.min(minX, cloud.x[p]!);
    maxX = Math.max(maxX, cloud.x[p]!);
    minY = Math.min(minY, cloud.y[p]!);
    maxY = Math.max(maxY, cloud.y[p]!);
  }
  return { minX, minY, maxX, maxY };
}

export interface CloudEstimate {
  x: number;
  y: number;
  /** Weighted root mean square distance of the particles from (x, y), metres. */
  spread: number;
}

export function estimate(cloud: Cloud): CloudEstimate {
  let x = 0;
  let y = 0;
  for (let p = 0; p < cloud.w.length; p++) {
    x += cloud.w[p]! * cloud.x[p]!;
    y += cloud.w[p]! * cloud.y[p]!;
  }
  let s = 0;
  for (let p = 0; p < cloud.w.length; p++)
    s += cloud.w[p]! * ((cloud.x[p]! - x) ** 2 + (cloud.y[p]! - y) ** 2);
  return { x, y, spread: Math.sqrt(s) };
}
