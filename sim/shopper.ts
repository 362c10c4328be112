/**
 * A shopper's visit as a timed path: in at the entrance, along the aisles to a handful of shelves (some on
 * other levels, by escalator or lift), a pause at each, then out. Speeds differ between shoppers; the phone
 * is held 1.2 m above the floor and the body faces the way they walk, or the shelf while they browse.
 */
import type { Point, Random } from '../positioning/index.js';
import type { Pose } from './radio.js';
import type { Venue } from './venue.js';
import type { Walkways } from './walkways.js';

const PHONE_HEIGHT_M = 1.2;

/** One straight stretch of the visit, from (x0, y0, z0) at t0 to (x1, y1, z1) at t1 (seconds). */
interface Leg {
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

/** Where the shopper truly is: what a fix is judged against. */
export interface Truth {
  x: number;
  y: number;
  level: number;
}

export interface Visit {
  start: number;
  end: number;
  pose(t: number): Pose;
  truth(t: number): Truth;
}

export function planVisit(venue: Venue, ways: Walkways, start: number, rng: Random): Visit {
  const legs: Leg[] = [];
  const speed = 0.6 + 0.8 * rng.next();
  const levels = venue.site.levels.map((l) => l.level);
  let t = start;
  let level = 0;
  let here: Point = ways.nearestSpot(0, venue.entrance);
  const floorZ = (l: number) => l * venue.levelHeight + PHONE_HEIGHT_M;

  function walkTo(target: Point): void {
    const path = ways.route(level, here, target);
    for (let i = 1; i < path.length; i++) {
      const [x0, y0] = path[i - 1]!;
      const [x1, y1] = path[i]!;
      const duration = Math.hypot(x1 - x0, y1 - y0) / speed;
      if (duration <= 0) continue;
      const z = floorZ(level);
      legs.push({
        t0: t,
        t1: t + duration,
        x0,
        y0,
        z0: z,
        x1,
        y1,
        z1: z,
        heading: Math.atan2(y1 - y0, x1 - x0),
      });
      t += duration;
    }
    here = path[path.length - 1]!;
  }

  function pause(seconds: number, heading: number): void {
    const [x, y] = here;
    const z = floorZ(level);
    legs.push({ t0: t, t1: t + seconds, x0: x, y0: y, z0: z, x1: x, y1: y, z1: z, heading });
    t += seconds;
  }

  function changeLevel(target: number): void {
    while (level !== target) {
      const up = target > level;
      const rides = venue.connectors
        .map((c) => (up ? { from: c.from, to: c.to, c } : { from: c.to, to: c.from, c }))
        .filter((r) => r.from.level === level);
      const ride = rides[Math.floor(rng.next() * rides.length)];
      if (!ride) return;
      walkTo(ways.nearestSpot(level, [ride.from.x, ride.from.y]));
      if (ride.c.kind === 'lift') pause(5 + 20 * rng.next(), Math.PI / 2);
      const { from, to } = ride;
      legs.push({
        t0: t,
        t1: t + ride.c.seconds,
        x0: from.x,
        y0: from.y,
        z0: floorZ(from.level),
        x1: to.x,
        y1: to.y,
        z1: floorZ(to.level),
        heading: Math.atan2(to.y - from.y, to.x - from.x),
      });
      t += ride.c.seconds;
      level = to.level;
      here = ways.nearestSpot(level, [to.x, to.y]);
    }
  }

  const stops = 3 + Math.floor(rng.next() * 6);
  for (let s = 0; s < stops; s++) {
    const stayOnLevel = levels.length === 1 || rng.next() < 0.7;
    const target = stayOnLevel ? level : levels[Math.floor(rng.next() * levels.length)]!;
    changeLevel(target);
    const zones = venue.zones.filter((z) => z.level === level);
    const zone = zones[Math.floor(rng.next() * zones.length)];
    const spot = zone
      ? ways.nearestSpot(level, [
          zone.polygon[0]![0] + rng.next() * (zone.polygon[1]![0] - zone.polygon[0]![0]),
          zone.polygon[0]![1] + 0.5,
        ])
      : ways.randomSpot(level, rng);
    walkTo(spot);
    pause(5 + 35 * rng.next(), Math.PI / 2);
  }
  changeLevel(0);
  walkTo(ways.nearestSpot(0, venue.entrance));

  function legAt(time: number): { leg: Leg; f: number } {
    let lo = 0;
    let hi = legs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (legs[mid]!.t0 <= time) lo = mid;
      else hi = mid - 1;
    }
    const leg = legs[lo]!;
    const f = leg.t1 > leg.t0 ? Math.min(1, Math.max(0, (time - leg.t0) / (leg.t1 - leg.t0))) : 1;
    return { leg, f };
  }

  function pose(time: number): Pose {
    const { leg, f } = legAt(time);
    return {
      x: leg.x0 + (leg.x1 - leg.x0) * f,
      y: leg.y0 + (leg.y1 - leg.y0) * f,
      z: leg.z0 + (leg.z1 - leg.z0) * f,
      heading: leg.heading,
    };
  }

  return {
    start,
    end: t,
    pose,
    truth(time) {
      const p = pose(time);
      // On an escalator or in a lift, the level is the storey the phone is in: it changes as the phone
      // passes the upper floor's slab, which is also when the radio changes (radio.ts: slabs, no voids).
      return { x: p.x, y: p.y, level: Math.floor(p.z / venue.levelHeight) };
    },
  };
}
