/**
 * A shopper's visit as a timed path: in at the entrance, along the aisles to a handful of shelves (some on
 * other levels, by escalator or lift), a pause at each, then out. Speeds differ between shoppers; the phone
 * is held 1.2 m above the floor and the body faces the way they walk, or the shelf while they browse.
 */
import type { Point, Random } from '../positioning/index.js';
import { PHONE_HEIGHT_M, pathFrom, poseOn } from './legs.js';
import type { Pose } from './radio.js';
import type { Venue } from './venue.js';
import type { Walkways } from './walkways.js';

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
  const speed = 0.6 + 0.8 * rng.next();
  const levels = venue.site.levels.map((l) => l.level);
  let level = 0;
  const floorZ = (l: number) => l * venue.levelHeight + PHONE_HEIGHT_M;
  const path = pathFrom(start, ways.nearestSpot(0, venue.entrance), floorZ(0));

  function walkTo(target: Point): void {
    for (const point of ways.route(level, path.here, target).slice(1)) path.walk(point, speed);
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
      if (ride.c.kind === 'lift') path.pause(5 + 20 * rng.next(), Math.PI / 2);
      const { from, to } = ride;
      path.legs.push({
        t0: path.t,
        t1: path.t + ride.c.seconds,
        x0: from.x,
        y0: from.y,
        z0: floorZ(from.level),
        x1: to.x,
        y1: to.y,
        z1: floorZ(to.level),
        heading: Math.atan2(to.y - from.y, to.x - from.x),
      });
      path.t += ride.c.seconds;
      level = to.level;
      path.z = floorZ(level);
      path.here = ways.nearestSpot(level, [to.x, to.y]);
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
    path.pause(5 + 35 * rng.next(), Math.PI / 2);
  }
  changeLevel(0);
  walkTo(ways.nearestSpot(0, venue.entrance));

  const pose = (time: number): Pose => poseOn(path.legs, time);

  return {
    start,
    end: path.t,
    pose,
    truth(time) {
      const p = pose(time);
      // On an escalator or in a lift, the level is the storey the phone is in: it changes as the phone
      // passes the upper floor's slab, which is also when the radio changes (radio.ts: slabs, no voids).
      return { x: p.x, y: p.y, level: Math.floor(p.z / venue.levelHeight) };
    },
  };
}
