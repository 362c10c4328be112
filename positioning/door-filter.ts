/**
 * Did the phone come in through the door? A scan alone (inside-odds.ts) weighs "inside, near the fix"
 * against "just beyond the façade", and a phone at the shop window gives the same doubtful scan again and
 * again. What the scans cannot say, the way in can: from the pavement the only way inside is a door. So
 * this follows the phone as a hidden Markov model over spots on both sides, the level's free floor and a
 * pavement band in front of its façade, where a step moves a few metres and crosses the walls only at a
 * door. The phone's offset as heard is part of the state: it is the same phone on both sides of the glass,
 * so walking in shows as every reading growing louder at once (the window's loss left behind), which the
 * pavement's spots cannot explain with the offset they had. The belief is the log-odds of the probability
 * on the floor: a passer-by who walked past the door and stood at the window keeps almost none of it,
 * however well a spot behind the glass fits (bench:arrival: at most 0.3 nats for 149 or 150 passers-by of
 * 150 in each storefront), while a shopper who walked in carries it with them.
 *
 * Beside the readings it weighs how many of the level's beacons a scan heard (heard-count.ts): on the
 * pavement under harsh radio a phone hears a few faint beacons, the lucky ones, which fitted alone make it
 * seem louder than it is and hid the window's step at the door (bench:arrival, dense shelving under harsh
 * radio, seed 7: shoppers' median belief stayed about −3.5 nats for 12 s after the door; counting, it is
 * above 0 within 3 s, and the storefront's median recognition went from 14.0 to 11.8 s).
 *
 * Its weakness is the shopper who stops just inside the door under harsh radio: there the scans fit the
 * pavement as well as the floor, and the belief sinks back after the door's step. So the arrival
 * recogniser asks a belief of a phone before its usual sum, and lets one without it in on a sum no
 * passer-by reaches (visits/arrival.ts).
 *
 * Its offsets, like the inside odds', are counted from what the store's phones read (phone-level.ts).
 *
 * Pure; the state is a probability per spot and offset, kept per device by the engine (not in snapshots).
 */
import { centreOf } from './geometry.js';
import { countFit, type HeardCounts, heardCounts, marginColumn } from './heard-count.js';
import { pavementOf } from './inside-odds.js';
import { type LikelihoodOptions, readingsOf, type SpotTable, scorer, spotTable } from './likelihood.js';
import type { Scan } from './scan.js';
import { planOf, type SiteModel } from './site-model.js';
import type { Level } from './types.js';
import { workArrays } from './work-arrays.js';

/** Spacing of the spots, metres, at least... */
const PITCH_M = 2;
/** ...and wider on a floor that would need more spots than this (memory: spots × offsets × 4 bytes). */
const MOST_FLOOR_SPOTS = 320;
/** A door joins the pavement's spots and the floor's this close to its centre, metres. */
const DOOR_REACH_M = 3;
/** Walking speed a step's spread allows for, m/s; the spread is at least half the pitch. */
const SPEED_MS = 1.4;
/**
 * Scans are not independent (the same shadowing at the same spot), so each counts half its
 * log-likelihood; a phone standing still repeats its shadowing, so a scan counts in full only once the
 * fix moved MOVE_NEWS_M since the last, and STILL_NEWS of that standing.
 */
const TEMPER = 0.5;
const MOVE_NEWS_M = 2;
const STILL_NEWS = 0.25;
/** The belief's log-odds are held within this, nats. */
const CAP = 20;
/** Readings weighed: the loudest of the level, as the inside odds. */
const ANCHORS = 10;
/** The offsets as heard, dB: a phone's own (σ of several dB), less up to a coated window's loss outside. */
const OFFSETS_DB = Array.from({ length: 19 }, (_, b) => -24 + 2 * b);
const BINS = OFFSETS_DB.length;
/** Share of the probability that moves to a neighbouring offset per scan: phones turn, bodies shadow. */
const DRIFT = 0.05;
/** An offset holding less than this of the probability is not walked (its neighbours' drift refills it). */
const NEGLIGIBLE = 1e-8;
/** The floor under every state after a scan: the model's steps are not the only way people move. */
const FLOOR = 1e-15;
/** A state holding less than this is not walked: what it would move is beneath anything the belief shows. */
const SLIGHT = 1e-11;
/**
 * Through a door the window's loss is left behind (or taken on): the offset as heard steps by one of
 * these many bins, alike (2–12 dB: from glass nearly transparent to the radio to coated).
 */
const STEP_BINS = [1, 2, 3, 4, 5, 6];
/** The window's loss expected, dB: where the pavement's offsets are centred at first. */
const WINDOW_LOSS_DB = 6;
/** The readings' spread about a spot's best offset, per reading, in units of the likelihood's σ. */
const OFFSET_SPREAD = 1.25;

export interface DoorMap {
  /** Spots: the floor's first (`inside` of them), then the pavement's. */
  count: number;
  inside: number;
  pitch: number;
  tables: SpotTable[];
  /** Neighbours of spot i: `next[from[i]..from[i + 1])`, with their squared distances. */
  from: Int32Array;
  next: Int32Array;
  d2: Float64Array;
  /** Per neighbour: 1 through a door inwards, -1 outwards, 0 on one side. */
  crossing: Int8Array;
  /** What each spot expects of how many beacons a scan hears. */
  counts: HeardCounts;
}

export interface DoorBelief {
  level: number;
  /** Probability of each offset and spot of the level's DoorMap, offset-major. */
  p: Float32Array;
  /** The fix after the last scan. */
  x: number;
  y: number;
  /** Log-odds of the floor after the last scan, nats. */
  odds: number;
  /** The faintest reading the phone gave so far, as heard, dBm: where its hearing ends. */
  faintest: number;
}

/**
 * The belief from which a phone is taken to be inside, nats: below it, the phone may still be beyond the
 * shop window, and its learnt offset may hold the window's loss rather than what the phone hears.
 */
const INSIDE_BELIEF_NATS = 2;

/**
 * Whether the door filter leaves room for the phone being beyond the shop window (false without a filter:
 * the replay's engine, a level without a door). Such a phone's silent beacons count as declared, and its
 * offset learns from loud beacons only: counted from its learnt offset, or learnt from quieter beacons, they
 * let a passer-by's fix go deeper (bench:arrival, seed 7: 11 passers-by of 1,050 taken instead of 3, and
 * 7 instead of 3; from 0 nats, one more with seed 11).
 */
export const mayBeBeyondWindow = (belief: DoorBelief | null | undefined): boolean =>
  belief ? belief.odds < INSIDE_BELIEF_NATS : false;

const mapsOf = new WeakMap<SiteModel, Map<number, DoorMap | null>>();

/** The spots and steps of a level, once per site; null for a level without an outline or a door. */
export function doorMap(model: SiteModel, level: Level): DoorMap | null {
  let byLevel = mapsOf.get(model);
  if (!byLevel) {
    byLevel = new Map();
    mapsOf.set(model, byLevel);
  }
  if (!byLevel.has(level.level)) byLevel.set(level.level, buildMap(model, level));
  return byLevel.get(level.level)!;
}

function buildMap(model: SiteModel, level: Level): DoorMap | null {
  const doors = (level.openings ?? []).map(centreOf);
  if (level.outline.length < 3 || doors.length === 0) return null;
  const plan = planOf(model, level.level);
  const { minX, minY, maxX, maxY } = plan.bounds;
  const spotsAt = (pitch: number) => {
    const spots: [number, number][] = [];
    for (let x = minX + pitch / 2; x < maxX; x += pitch)
      for (let y = minY + pitch / 2; y < maxY; y += pitch) if (plan.isFree(x, y)) spots.push([x, y]);
    return spots;
  };
  let pitch = PITCH_M;
  let floor = spotsAt(pitch);
  while (floor.length > MOST_FLOOR_SPOTS) {
    pitch *= Math.max(1.05, Math.sqrt(floor.length / MOST_FLOOR_SPOTS));
    floor = spotsAt(pitch);
  }
  // The pavement as the inside odds see it, on the floor's finest pitch.
  const band = pavementOf(level, PITCH_M);
  const xs = [...floor.map(([x]) => x)];
  const ys = [...floor.map(([, y]) => y)];
  for (let i = 0; i < band.length; i += 2) {
    xs.push(band[i]!);
    ys.push(band[i + 1]!);
  }
  const inside = floor.length;
  const count = xs.length;
  const nearDoor = (i: number) =>
    doors.some(([dx, dy]) => Math.hypot(xs[i]! - dx, ys[i]! - dy) <= Math.max(DOOR_REACH_M, pitch));
  const reach2 = Math.max(5, 2.5 * pitch) ** 2;
  const from = new Int32Array(count + 1);
  const next: number[] = [];
  const d2: number[] = [];
  const crossing: number[] = [];
  for (let i = 0; i < count; i++) {
    from[i] = next.length;
    for (let j = 0; j < count; j++) {
      const d = (xs[i]! - xs[j]!) ** 2 + (ys[i]! - ys[j]!) ** 2;
      const across = i < inside !== j < inside;
      if (d > reach2 || (across && !(nearDoor(i) && nearDoor(j)))) continue;
      next.push(j);
      d2.push(d);
      crossing.push(across ? (j < inside ? 1 : -1) : 0);
    }
  }
  from[count] = next.length;
  // In pieces of neighbouring spots, so that the likelihood skips the silent anchors out of a piece's reach.
  const tables: SpotTable[] = [];
  for (let start = 0; start < count; start += PIECE) {
    const end = Math.min(count, start + PIECE);
    const x = Float64Array.from(xs.slice(start, end));
    const y = Float64Array.from(ys.slice(start, end));
    tables.push(spotTable(model, level.level, x, y));
  }
  return {
    count,
    inside,
    pitch,
    tables,
    from,
    next: Int32Array.from(next),
    d2: Float64Array.from(d2),
    crossing: Int8Array.from(crossing),
    counts: heardCounts(model, level.level, xs, ys),
  };
}

const PIECE = 16;

/** Work arrays shared by all devices. */
const work = workArrays();

/** Either side alike, each spread evenly; offsets as phones' go, the pavement's a window's loss quieter. */
function firstBelief(map: DoorMap, offsetSigmaDb: number): Float32Array {
  const { count, inside } = map;
  const p = new Float32Array(count * BINS);
  for (let b = 0; b < BINS; b++) {
    const onFloor = Math.exp(-0.5 * (OFFSETS_DB[b]! / offsetSigmaDb) ** 2);
    const onPavement = Math.exp(-0.5 * ((OFFSETS_DB[b]! + WINDOW_LOSS_DB) / offsetSigmaDb) ** 2);
    for (let i = 0; i < count; i++)
      p[b * count + i] = i < inside ? (onFloor * 0.5) / inside : (onPavement * 0.5) / (count - inside);
  }
  return p;
}

/** Where the phone may have walked in `dt` seconds, its offset stepping at a door and drifting a little. */
function walk(map: DoorMap, p: Float32Array, dt: number): void {
  const { count, from, next, crossing } = map;
  const size = count * BINS;
  const moved = work(0, size);
  moved.fill(0, 0, size);
  const weights = stepWeights(map, dt);
  for (let b = 0; b < BINS; b++) {
    const o = b * count;
    let mass = 0;
    for (let i = 0; i < count; i++) mass += p[o + i]!;
    if (mass < NEGLIGIBLE) continue;
    for (let i = 0; i < count; i++) {
      const pi = p[o + i]!;
      // A state this unlikely moves nothing a belief held to ±CAP nats could show.
      if (pi < SLIGHT) continue;
      for (let e = from[i]!; e < from[i + 1]!; e++) {
        const way = crossing[e]!;
        if (way === 0) {
          moved[o + next[e]!]! += pi * weights[e]!;
          continue;
        }
        const share = (pi * weights[e]!) / STEP_BINS.length;
        for (const step of STEP_BINS) moved[clampBin(b + way * step) * count + next[e]!]! += share;
      }
    }
  }
  for (let b = 0; b < BINS; b++) {
    const stay = 1 - (b > 0 ? DRIFT / 2 : 0) - (b < BINS - 1 ? DRIFT / 2 : 0);
    for (let i = 0; i < count; i++) {
      const at = b * count + i;
      const down = b > 0 ? moved[at - count]! : 0;
      const up = b < BINS - 1 ? moved[at + count]! : 0;
      p[at] = stay * moved[at]! + (DRIFT / 2) * (down + up);
    }
  }
}

const clampBin = (b: number) => Math.max(0, Math.min(BINS - 1, b));

/** The step's weights to each spot's neighbours after `dt` seconds; the last few intervals' kept, per map. */
const weightsOf = new WeakMap<DoorMap, Map<number, Float64Array>>();
function stepWeights(map: DoorMap, dt: number): Float64Array {
  // Scans come about once a second: a tenth of a second either way makes no difference to a step.
  const key = Math.round(dt * 10);
  let kept = weightsOf.get(map);
  if (!kept) {
    kept = new Map();
    weightsOf.set(map, kept);
  }
  const found = kept.get(key);
  if (found) return found;
  const { count, from, d2 } = map;
  const spread = Math.max(map.pitch / 2, (SPEED_MS * key) / 10);
  const k = -0.5 / (spread * spread);
  const weights = new Float64Array(d2.length);
  for (let i = 0; i < count; i++) {
    let total = 0;
    for (let e = from[i]!; e < from[i + 1]!; e++) {
      weights[e] = Math.exp(k * d2[e]!);
      total += weights[e]!;
    }
    for (let e = from[i]!; e < from[i + 1]!; e++) weights[e] = weights[e]! / total;
  }
  if (kept.size >= 64) kept.delete(kept.keys().next().value!);
  kept.set(key, weights);
  return weights;
}

/**
 * Each spot's fit of the scan (readings as heard, without the radio map, as the inside odds) and the
 * offset it fits best: `fit[i]` with the per-scan prior on the offset taken out (the state's offset
 * carries it), `best[i]` that offset, and what each dB off it costs.
 */
function spotFits(
  model: SiteModel,
  map: DoorMap,
  scan: Scan,
  level: number,
  likelihood: LikelihoodOptions,
): { fit: Float64Array; best: Float64Array; perDb2: number } | null {
  const readings = readingsOf(model, scan, level, ANCHORS, false);
  const heard = readings.heard;
  if (heard === 0) return null;
  const score = scorer(readings, model.radio, likelihood);
  const fit = work(2, map.count);
  const best = work(3, map.count);
  const piece = work(4, PIECE);
  const offsets = work(5, PIECE);
  const { rssiSigmaDb, offsetSigmaDb } = likelihood;
  const shrink = (rssiSigmaDb / offsetSigmaDb) ** 2;
  const perDb2 = heard / (2 * (OFFSET_SPREAD * rssiSigmaDb) ** 2);
  let at = 0;
  for (const table of map.tables) {
    const n = table.x.length;
    score.scoreMany(table.x, table.y, n, piece, table, offsets);
    for (let i = 0; i < n; i++) {
      const shrunk = offsets[i]!;
      const mean = (shrunk * (heard + shrink)) / heard;
      fit[at + i] = piece[i]! + (0.5 / offsetSigmaDb ** 2) * shrunk * shrunk + perDb2 * (shrunk - mean) ** 2;
      best[at + i] = mean;
    }
    at += n;
  }
  return { fit, best, perDb2 };
}

/**
 * The belief after one more scan, `dt` seconds after the last (`belief` null: the first), whose readings
 * had `receiverOffsetDb` taken off and whose fix is `fix`, with its log-odds for inside. Takes over
 * `belief`'s arrays. Null on a level without a door, or for a scan that heard none of its beacons.
 */
export function followDoor(
  model: SiteModel,
  level: Level,
  belief: DoorBelief | null,
  scan: Scan,
  receiverOffsetDb: number,
  dt: number,
  fix: { x: number; y: number },
  options: { likelihood: LikelihoodOptions },
): DoorBelief | null {
  const map = doorMap(model, level);
  if (!map) return null;
  const asHeard = { ...scan, rssi: scan.rssi.map((r) => r + receiverOffsetDb) };
  const fits = spotFits(model, map, asHeard, level.level, options.likelihood);
  if (!fits) return null;
  const { count, inside } = map;
  const going = belief !== null && belief.level === level.level && belief.p.length === count * BINS;
  const p = going ? belief.p : firstBelief(map, options.likelihood.offsetSigmaDb);
  if (going) walk(map, p, dt);
  const moved = going ? Math.hypot(fix.x - belief.x, fix.y - belief.y) : MOVE_NEWS_M;
  const temper = TEMPER * Math.min(1, STILL_NEWS + moved / MOVE_NEWS_M);
  const { fit, best, perDb2 } = fits;
  // The phone's hearing, the faintest it gave so far; and how many of the level's beacons this scan heard.
  let faintest = going ? belief.faintest : Number.POSITIVE_INFINITY;
  let heard = 0;
  for (let k = 0; k < asHeard.anchors.length; k++) {
    if (model.anchors[asHeard.anchors[k]!]!.level !== level.level) continue;
    heard += 1;
    faintest = Math.min(faintest, asHeard.rssi[k]!);
  }
  const weights = work(6, count * BINS);
  // Relative to the best state's, so that some state keeps its probability whatever the scan.
  let top = Number.NEGATIVE_INFINITY;
  for (let b = 0; b < BINS; b++) {
    const column = marginColumn(OFFSETS_DB[b]! - faintest);
    for (let i = 0; i < count; i++) {
      const w = fit[i]! - perDb2 * (OFFSETS_DB[b]! - best[i]!) ** 2 + countFit(map.counts, i, column, heard);
      weights[b * count + i] = w;
      if (w > top) top = w;
    }
  }
  let total = 0;
  for (let at = 0; at < count * BINS; at++) {
    p[at] = p[at]! * Math.exp(temper * (weights[at]! - top));
    total += p[at]!;
  }
  let onFloor = 0;
  let onPavement = 0;
  for (let b = 0; b < BINS; b++) {
    for (let i = 0; i < count; i++) {
      const at = b * count + i;
      // A floor under every state: the model's steps are not the only way people move.
      p[at] = p[at]! / total + FLOOR;
      if (i < inside) onFloor += p[at]!;
      else onPavement += p[at]!;
    }
  }
  const odds = Math.max(-CAP, Math.min(CAP, Math.log(onFloor / onPavement)));
  return { level: level.level, p, x: fix.x, y: fix.y, odds, faintest };
}
