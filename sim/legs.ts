/**
 * A person's path as timed straight legs, laid down one walk or pause at a time, and where they are on it
 * at any moment. Shared by shoppers inside and people on the pavement outside.
 */
import type { Point } from '../positioning/index.js';
import type { Pose } from './radio.js';

/** Phones are held this high above the floor. */
export const PHONE_HEIGHT_M = 1.2;

/** One straight stretch, from (x0, y0, z0) at t0 to (x1, y1, z1) at t1 (seconds). */
export interface Leg {
  t0: number;
  t1: number;
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
  heading: number;
}

/** A path being laid down: `t`, `here` and `z` (phone height) follow its end. */
export interface Path {
  legs: Leg[];
  t: number;
  here: Point;
  z: number;
  /** Walks straight from `here` to `to`. */
  walk(to: Point, speed: number): void;
  /** Stands still, facing `heading`. */
  pause(seconds: number, heading: number): void;
}

export function pathFrom(t: number, here: Point, z: number): Path {
  const path: Path = {
    legs: [],
    t,
    here,
    z,
    walk(to, speed) {
      const [x0, y0] = path.here;
      const [x1, y1] = to;
      const duration = Math.hypot(x1 - x0, y1 - y0) / speed;
      if (duration > 0) {
        const z = path.z;
        path.legs.push({
          t0: path.t,
          t1: path.t + duration,
          x0,
          y0,
          z0: z,
          x1,
          y1,
          z1: z,
          heading: Math.atan2(y1 - y0, x1 - x0),
        });
        path.t += duration;
      }
      path.here = to;
    },
    pause(seconds, heading) {
      const [x, y] = path.here;
      const z = path.z;
      path.legs.push({ t0: path.t, t1: path.t + seconds, x0: x, y0: y, z0: z, x1: x, y1: y, z1: z, heading });
      path.t += seconds;
    },
  };
  return path;
}

/** Where the path puts its walker at `time`: before the first leg at its start, after the last at its end. */
export function poseOn(legs: readonly Leg[], time: number): Pose {
  let lo = 0;
  let hi = legs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (legs[mid]!.t0 <= time) lo = mid;
    else hi = mid - 1;
  }
  const leg = legs[lo]!;
  const f = leg.t1 > leg.t0 ? Math.min(1, Math.max(0, (time - leg.t0) / (leg.t1 - leg.t0))) : 1;
  return {
    x: leg.x0 + (leg.x1 - leg.x0) * f,
    y: leg.y0 + (leg.y1 - leg.y0) * f,
    z: leg.z0 + (leg.z1 - leg.z0) * f,
    heading: leg.heading,
  };
}
