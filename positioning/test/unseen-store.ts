/**
 * Stores the simulator did not draw: a second, deliberately plain generator with its own radio and walkers,
 * for judging the engine on conditions it was never tuned on (the product is judged on other stores and
 * other radios than sim/'s). Each knob is one way a real building or phone differs: the path-loss
 * exponent, beacons that give more or less than they declare, shadowing that changes over metres, the
 * holder's body, phones that drop half their readings or hear less far, several readings a second instead
 * of one scan batch. Walkers go up and down the aisles between rows of shelves, at their own pace, stopping
 * now and then. Readings come out as the replay contract's lines, in time order.
 */
import {
  type Anchor,
  createRandom,
  createReplay,
  type EngineOptions,
  type Fix,
  type Point,
  type Random,
  type Site,
} from '../index.js';

export interface UnseenRadio {
  /** Metres between beacons on the ceiling grid (the first half a spacing from the walls). */
  spacingM: number;
  exponent: number;
  /** What the beacons truly give at 1 m, dBm, and what the site declares. */
  txPower: number;
  declaredTxPower: number;
  /** σ of each beacon's true power around `txPower`, dB. */
  txSpreadDb: number;
  /** σ of each reading's independent noise, dB. */
  noiseDb: number;
  /** σ of each phone's receiver offset, dB. */
  receiverOffsetDb: number;
  sensitivityDbm: number;
  /** `scan`: one batch a second (wx.onBeaconUpdate); `stream`: readings every 100 ms as a scanner sends them. */
  delivery: 'scan' | 'stream';
  /** Chance a beacon in hearing is in a batch (scan), or in a 100 ms slot (stream). */
  heard: number;
  /** σ of the shadowing, dB, and the distance over which it changes, metres. */
  shadowingDb: number;
  shadowingM: number;
  /** Loss for a beacon straight behind the walker, dB. */
  bodyLossDb: number;
  /** Loss through each floor slab between a beacon and the phone, dB. */
  slabLossDb: number;
}

export const PLAIN_RADIO: UnseenRadio = {
  spacingM: 8,
  exponent: 2.3,
  txPower: -60,
  declaredTxPower: -60,
  txSpreadDb: 0,
  noiseDb: 4,
  receiverOffsetDb: 4,
  sensitivityDbm: -95,
  delivery: 'scan',
  heard: 0.9,
  shadowingDb: 0,
  shadowingM: 3,
  bodyLossDb: 0,
  slabLossDb: 15,
};

export interface UnseenStoreOptions {
  widthM: number;
  depthM: number;
  walkers: number;
  seconds: number;
  seed: number;
  /** Floors, one above the other, the same plan on each, joined by escalators at the route's two ends. */
  levels: number;
}

const DEFAULTS: UnseenStoreOptions = {
  widthM: 50,
  depthM: 30,
  walkers: 4,
  seconds: 300,
  seed: 2026,
  levels: 1,
};
/** Phone and beacons above their floor; floors 4.5 m apart. */
const PHONE_Z = 1.2;
const BEACON_Z = 2.8;
const LEVEL_HEIGHT_M = 4.5;
/** An escalator ride, in tenths of a second; the walker is on the upper floor from its middle. */
const RIDE = 100;
/** Waves summed per beacon for its shadowing: enough for a field that looks Gaussian. */
const WAVES = 10;
const START_MS = 1_700_000_000_000;

export interface Pose {
  x: number;
  y: number;
  /** The floor the walker stands on (on the escalator: the nearer one), and the phone's height. */
  level: number;
  z: number;
  /** Unit vector of where the walker faces. */
  hx: number;
  hy: number;
}

export interface UnseenStore {
  site: Site;
  /** Observation lines, time-ordered. */
  lines: string[];
  /** Where a device was at a time (ms), to score a fix against. */
  truth(device: string, ts: number): Pose;
}

export function unseenStore(radio: UnseenRadio, options: Partial<UnseenStoreOptions> = {}): UnseenStore {
  const { widthM: W, depthM: D, walkers, seconds, seed, levels } = { ...DEFAULTS, ...options };
  const rng = createRandom(seed);
  const anchors: Anchor[] = [];
  const given: number[] = [];
  for (let level = 0; level < levels; level++)
    for (let x = radio.spacingM / 2; x < W; x += radio.spacingM)
      for (let y = radio.spacingM / 2; y < D; y += radio.spacingM) {
        anchors.push({
          id: `unseen:1:${anchors.length}`,
          x,
          y,
          z: level * LEVEL_HEIGHT_M + BEACON_Z,
          level,
          txPower: radio.declaredTxPower,
        });
        given.push(radio.txPower + radio.txSpreadDb * rng.gaussian());
      }
  // Rows of shelves 1 m deep every 6 m, clear of the walls by 8 m at either end (the cross aisles).
  const rows: number[] = [];
  for (let y = 6; y < D - 5; y += 6) rows.push(y);
  const shelf = (y: number): Point[] => [
    [8, y],
    [W - 8, y],
    [W - 8, y + 1],
    [8, y + 1],
  ];
  const site: Site = {
    id: 'unseen',
    levels: Array.from({ length: levels }, (_, level) => ({
      level,
      outline: [
        [0, 0],
        [W, 0],
        [W, D],
        [0, D],
      ],
      obstacles: rows.map(shelf),
    })),
    anchors,
    levelHeight: LEVEL_HEIGHT_M,
  };
  const shadowing = anchors.map(() => shadowField(rng, radio));
  const paths = Array.from({ length: walkers }, (_, w) => walk(rng, W, rows, w, seconds, levels));
  const heard: { ts: number; device: string; anchor: string; rssi: number }[] = [];
  paths.forEach((path, w) => {
    const offset = radio.receiverOffsetDb * rng.gaussian();
    path.forEach((pose, tenth) => {
      if (radio.delivery === 'scan' && tenth % 10 !== 9) return;
      anchors.forEach((a, i) => {
        if (rng.next() > radio.heard) return;
        const dx = a.x - pose.x;
        const dy = a.y - pose.y;
        const d = Math.max(0.5, Math.hypot(dx, dy, a.z - pose.z));
        const slabs = Math.abs(Math.floor(a.z / LEVEL_HEIGHT_M) - Math.floor(pose.z / LEVEL_HEIGHT_M));
        const behind = Math.max(0, -(dx * pose.hx + dy * pose.hy) / Math.max(0.1, Math.hypot(dx, dy)));
        const rssi = Math.round(
          given[i]! -
            10 * radio.exponent * Math.log10(d) +
            shadowing[i]!(pose.x, pose.y) -
            radio.bodyLossDb * behind -
            radio.slabLossDb * slabs +
            radio.noiseDb * rng.gaussian() +
            offset,
        );
        if (rssi >= radio.sensitivityDbm)
          heard.push({ ts: START_MS + tenth * 100, device: `walker-${w}`, anchor: a.id, rssi });
      });
    });
  });
  heard.sort((a, b) => a.ts - b.ts || a.device.localeCompare(b.device));
  return {
    site,
    lines: heard.map((o) => JSON.stringify(o)),
    truth: (device, ts) => {
      const path = paths[Number(device.split('-')[1])]!;
      return path[Math.min(path.length - 1, Math.round((ts - START_MS) / 100))]!;
    },
  };
}

/** Each fix a replay of the store gives (through the replay's line interface), beside where its walker was. */
export function replayedFixes(
  store: UnseenStore,
  options: Partial<EngineOptions> = {},
): { fix: Fix; at: Pose; error: number }[] {
  const replay = createReplay(store.site, options);
  return store.lines.flatMap((line) =>
    replay.line(line).map((out) => {
      const fix = JSON.parse(out) as Fix;
      const at = store.truth(fix.device, fix.ts);
      return { fix, at, error: Math.hypot(fix.x - at.x, fix.y - at.y) };
    }),
  );
}

/** A beacon's shadowing over the floor: a sum of plane waves of random direction and length. */
function shadowField(rng: Random, radio: UnseenRadio): (x: number, y: number) => number {
  const waves = Array.from({ length: WAVES }, () => {
    const angle = 2 * Math.PI * rng.next();
    const k = Math.abs(rng.gaussian()) / radio.shadowingM;
    return { kx: k * Math.cos(angle), ky: k * Math.sin(angle), phase: 2 * Math.PI * rng.next() };
  });
  const amplitude = radio.shadowingDb * Math.sqrt(2 / WAVES);
  return (x, y) => {
    let s = 0;
    for (const w of waves) s += Math.cos(w.kx * x + w.ky * y + w.phase);
    return amplitude * s;
  };
}

/**
 * A walker's pose every 100 ms: along each aisle (and the front and back walls) in turn, turning at the
 * cross aisles, back and forth through the store, stopping at a shelf now and then for 5–20 s; in a store
 * of several floors, riding an escalator (at the front left, and where the last aisle ends) to the next one
 * when passing it after a minute or two on a floor.
 */
function walk(
  rng: Random,
  W: number,
  rows: number[],
  walker: number,
  seconds: number,
  levels: number,
): Pose[] {
  const lanes = [3, ...rows.map((y) => y + 3.5)];
  const route: [number, number][] = lanes.flatMap((y, i): [number, number][] =>
    i % 2
      ? [
          [W - 4, y],
          [4, y],
        ]
      : [
          [4, y],
          [W - 4, y],
        ],
  );
  const speed = 0.6 + 0.6 * rng.next();
  let leg = (walker * 3) % route.length;
  let way = 1;
  let [x, y] = route[leg]!;
  let hx = 1;
  let hy = 0;
  let stopped = 0;
  let level = walker % levels;
  let up = 1;
  let riding = 0;
  let sinceRide = 0;
  const poses: Pose[] = [];
  for (let tenth = 0; tenth < seconds * 10; tenth++) {
    sinceRide += 1;
    if (riding > 0) {
      riding -= 1;
      const done = (RIDE - riding) / RIDE;
      const z = (level + up * done) * LEVEL_HEIGHT_M + PHONE_Z;
      poses.push({ x, y, level: done < 0.5 ? level : level + up, z, hx, hy });
      if (riding === 0) level += up;
      continue;
    }
    if (stopped > 0) stopped -= 1;
    else {
      if (leg + way < 0 || leg + way >= route.length) way = -way;
      const [tx, ty] = route[leg + way]!;
      const left = Math.hypot(tx - x, ty - y);
      if (left <= speed / 10) {
        [x, y] = [tx, ty];
        leg += way;
        // At an escalator (the route's first and last corners), after a minute or two on this floor: ride it.
        const atEscalator = leg === 0 || leg === route.length - 1;
        if (levels > 1 && atEscalator && sinceRide > 600 + walker * 300) {
          if (level + up < 0 || level + up >= levels) up = -up;
          riding = RIDE;
          sinceRide = 0;
        }
      } else {
        hx = (tx - x) / left;
        hy = (ty - y) / left;
        x += hx * (speed / 10);
        y += hy * (speed / 10);
      }
      if (rng.next() < 0.004) stopped = 50 + Math.floor(150 * rng.next());
    }
    poses.push({ x, y, level, z: level * LEVEL_HEIGHT_M + PHONE_Z, hx, hy });
  }
  return poses;
}
