/**
 * People on the pavement in front of the store. The façade is the south wall (y = 0) with the door in its
 * middle; the pavement runs from y = -1.5 to -4 m. Passers-by walk its whole length past the store, some
 * stepping up to the window to look in; visitors walk along it to the door and turn in. Walking speeds
 * are 1.0–1.6 m/s, faster than browsing.
 */
import type { Point, Random } from '../positioning/index.js';
import { type Path, PHONE_HEIGHT_M, pathFrom, poseOn } from './legs.js';
import type { Pose } from './radio.js';
import type { Venue } from './venue.js';

const KERB_Y = -4;
/** Where the pavement meets the shop window. */
const WINDOW_Y = -1.5;
/** How far beyond the store's sides passers-by are followed: they hear the beacons before and after. */
const MARGIN_M = 15;
const WINDOW_SHOPPERS = 0.3;
/** Extra loss through the shop window and façade, dB, at least and at most (one value per phone). */
export const FACADE_LOSS_DB = [4, 10] as const;

/** A walk on the pavement, times in seconds of the run. */
export interface PavementWalk {
  start: number;
  end: number;
  /** When it crossed y = 0 into the store; null if it never did. */
  doorAt: number | null;
  pose(t: number): Pose;
}

const walkingSpeed = (rng: Random) => 1 + 0.6 * rng.next();
const laneOf = (rng: Random) => KERB_Y + (WINDOW_Y - KERB_Y) * rng.next();

/** Steps up to the window at `x`, looks in for 5–30 s, steps back into the lane. */
function lookInWindow(path: Path, x: number, speed: number, rng: Random): void {
  const lane = path.here[1];
  path.walk([x, lane], speed);
  path.walk([x, WINDOW_Y], speed);
  path.pause(5 + 25 * rng.next(), Math.PI / 2);
  path.walk([x, lane], speed);
}

/** Someone walking past the whole front, east or west; some stop at the window. */
export function planPasserBy(venue: Venue, start: number, rng: Random): PavementWalk {
  const speed = walkingSpeed(rng);
  const lane = laneOf(rng);
  const ends = [-MARGIN_M, venue.width + MARGIN_M];
  const [from, to] = rng.next() < 0.5 ? ends : ends.reverse();
  const path = pathFrom(start, [from!, lane], PHONE_HEIGHT_M);
  if (rng.next() < WINDOW_SHOPPERS) lookInWindow(path, 1 + (venue.width - 2) * rng.next(), speed, rng);
  path.walk([to!, lane], speed);
  return { start, end: path.t, doorAt: null, pose: (t) => poseOn(path.legs, t) };
}

/**
 * Someone coming along the pavement from 5–25 m either side of the door (some looking in the window first)
 * who turns in and walks straight through the door to `inside`; the walk ends there.
 */
export function planWalkIn(inside: Point, start: number, rng: Random): PavementWalk {
  const speed = walkingSpeed(rng);
  const lane = laneOf(rng);
  const side = rng.next() < 0.5 ? -1 : 1;
  const x = inside[0] + side * (5 + 20 * rng.next());
  const path = pathFrom(start, [x, lane], PHONE_HEIGHT_M);
  if (rng.next() < WINDOW_SHOPPERS) lookInWindow(path, x + (inside[0] - x) * rng.next(), speed, rng);
  path.walk([inside[0], lane], speed);
  const doorAt = path.t - lane / speed;
  path.walk(inside, speed);
  return { start, end: path.t, doorAt, pose: (t) => poseOn(path.legs, t) };
}

/** Someone walking out of the door from `inside` and away along the pavement, east or west. */
export function planWalkOut(venue: Venue, inside: Point, start: number, rng: Random): PavementWalk {
  const speed = walkingSpeed(rng);
  const lane = laneOf(rng);
  const path = pathFrom(start, inside, PHONE_HEIGHT_M);
  path.walk([inside[0], lane], speed);
  path.walk([rng.next() < 0.5 ? -MARGIN_M : venue.width + MARGIN_M, lane], speed);
  return { start, end: path.t, doorAt: null, pose: (t) => poseOn(path.legs, t) };
}
