/**
 * The street in front of a store: passers-by on the pavement whose phones hear the store's beacons through
 * the shop window, and visitors who walk along the pavement, in through the door, round the store and out
 * again. The truth says who came in and when they crossed the door, which is what a store-arrival
 * recogniser is judged against. Each person's phone scans and reports its outdoor location on its own
 * clock; everything follows from the seed.
 */
import { createRandom, type Point, seedFrom } from '../positioning/index.js';
import { type LocationReport, locationReports } from './location.js';
import { FACADE_LOSS_DB, type PavementWalk, planPasserBy, planWalkIn, planWalkOut } from './pavement.js';
import { DEFAULT_RADIO, type Pose, type RadioConditions, radioField } from './radio.js';
import { planVisit, type Truth } from './shopper.js';
import { nextScanAfter, type ScanBatch, scanAt } from './store-run.js';
import type { Venue } from './venue.js';
import { walkways } from './walkways.js';

export interface StorefrontOptions {
  venue: Venue;
  radio?: RadioConditions;
  seed: number;
  passersBy: number;
  visitors: number;
  /** People turn up spread over this many seconds. */
  spreadS?: number;
  /** Clock of the run's start, ms since the epoch. */
  startTs?: number;
  /** Extra loss through the shop window and façade, dB, at least and at most (one value per phone). */
  facadeLossDb?: readonly [number, number];
  /** Share of phones whose holder lets the mini-program read the location. */
  locationShare?: number;
  /** Share of those whose first report is a stale location from far away. */
  staleShare?: number;
}

export interface StorefrontTruth extends Truth {
  /** On the pavement, not in the store. */
  outside: boolean;
}

export interface StorefrontPerson {
  device: string;
  /** Whether they truly came into the store. */
  visited: boolean;
  /** When they crossed the door (y = 0) into the store, ms since the epoch; null for a passer-by. */
  doorTs: number | null;
  /** Their first and last moment in range, ms since the epoch. */
  startTs: number;
  endTs: number;
  truth(ts: number): StorefrontTruth;
  /** Their phone's scans in time order, up to `until` (ms since the epoch) when given. */
  scans(until?: number): Generator<ScanBatch>;
  /** Their phone's outdoor location reports in time order; none if it does not share its location. */
  locations: LocationReport[];
}

export function storefront(options: StorefrontOptions): StorefrontPerson[] {
  const { venue, seed } = options;
  const radio = options.radio ?? DEFAULT_RADIO;
  const startTs = options.startTs ?? 1_700_000_000_000;
  const spreadS = options.spreadS ?? 600;
  const [leastLoss, mostLoss] = options.facadeLossDb ?? FACADE_LOSS_DB;
  const field = radioField(venue, radio, seed);
  const ways = walkways(venue);
  const door = ways.nearestSpot(0, venue.entrance);
  const storePoint: Point = [venue.width / 2, venue.depth / 2];

  function person(device: string, visits: boolean): StorefrontPerson {
    const rng = createRandom(seedFrom(`${seed}:${device}`));
    const start = spreadS * rng.next();
    const offset = radio.receiverOffsetDb * rng.gaussian();
    const facadeLoss = leastLoss + (mostLoss - leastLoss) * rng.next();
    const sharesLocation = rng.next() < (options.locationShare ?? 0.7);
    const stale = rng.next() < (options.staleShare ?? 0.1);
    const walks: PavementWalk[] = [];
    if (visits) {
      const walkIn = planWalkIn(door, start, rng);
      const visit = planVisit(venue, ways, walkIn.end, rng);
      walks.push(walkIn, { ...visit, doorAt: null }, planWalkOut(venue, door, visit.end, rng));
    } else {
      walks.push(planPasserBy(venue, start, rng));
    }
    const end = walks[walks.length - 1]!.end;
    const pose = (t: number): Pose => (walks.find((w) => t < w.end) ?? walks[walks.length - 1]!).pose(t);
    const doorAt = walks[0]!.doorAt;
    const ms = (t: number) => startTs + Math.round(t * 1000);
    const truth = (ts: number): StorefrontTruth => {
      const p = pose((ts - startTs) / 1000);
      return { x: p.x, y: p.y, level: Math.floor(p.z / venue.levelHeight), outside: p.y < 0 };
    };
    return {
      device,
      visited: visits,
      doorTs: doorAt === null ? null : ms(doorAt),
      startTs: ms(start),
      endTs: ms(end),
      truth,
      *scans(until = Number.POSITIVE_INFINITY) {
        // Its own stream, so that the scans are the same however often and however far they are read.
        const scanRng = createRandom(seedFrom(`${seed}:${device}:scans`));
        for (let t = start * 1000 + 1000 * scanRng.next(); t <= end * 1000; t = nextScanAfter(t, scanRng)) {
          const ts = startTs + Math.round(t);
          if (ts > until) return;
          const p = pose(t / 1000);
          const loss = p.y < 0 ? facadeLoss : 0;
          yield scanAt(venue, field, device, ts, p, offset - loss, scanRng);
        }
      },
      locations: sharesLocation
        ? locationReports(
            {
              device,
              from: ms(start),
              to: ms(end),
              at: (ts) => [truth(ts).x, truth(ts).y],
              store: storePoint,
              stale,
            },
            createRandom(seedFrom(`${seed}:${device}:location`)),
          )
        : [],
    };
  }

  return [
    ...Array.from({ length: options.passersBy }, (_, i) => person(`passer-${seed}-${i}`, false)),
    ...Array.from({ length: options.visitors }, (_, i) => person(`visitor-${seed}-${i}`, true)),
  ];
}
