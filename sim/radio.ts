/**
 * The radio channel between a beacon and a phone: log-distance path loss plus everything a real store adds,
 * each as its own term so that scenarios can turn them up or down:
 *  - shadowing: a smooth random field per beacon (a few metres correlation), the same every time a shopper
 *    passes the same spot, so that it cannot be averaged away over time as white noise could;
 *  - fast fading: the power of 1-3 advertising packets averaged per scan, each Rayleigh-faded;
 *  - the shopper's body when the beacon is behind them, shelves and walls in the way, floor slabs;
 *  - per-beacon txPower error and per-phone offset, dropouts near the edge of hearing;
 *  - beacons gone quiet, when a scenario asks for some.
 */
import { createRandom, type Random, seedFrom, segmentCrossesPolygon } from '../positioning/index.js';
import { NOMINAL_TX_POWER, type Venue } from './venue.js';

export interface RadioConditions {
  exponent: number;
  shadowingDb: number;
  shadowingCorrelationM: number;
  /** Packets averaged per scan reading, at least and at most. */
  packets: readonly [number, number];
  /** Loss when the beacon is straight behind the shopper, dB. */
  bodyLossDb: number;
  shelfLossDb: number;
  wallLossDb: number;
  slabLossDb: number;
  /** Spread (σ, dB) of each beacon's true 1 m power around the declared one. */
  txPowerSpreadDb: number;
  /** Spread (σ, dB) of phones' receiver offsets. */
  receiverOffsetDb: number;
  /** Share of readings lost even when loud; more are lost towards the sensitivity. */
  dropout: number;
  sensitivityDbm: number;
  /** Share of the beacons that send nothing (a flat battery), though the store's map still has them. */
  quietShare?: number;
}

/** What the engine was tuned against. */
export const DEFAULT_RADIO: RadioConditions = {
  exponent: 2.0,
  shadowingDb: 3,
  shadowingCorrelationM: 4,
  packets: [1, 3],
  bodyLossDb: 4,
  shelfLossDb: 3,
  wallLossDb: 6,
  slabLossDb: 18,
  txPowerSpreadDb: 1.5,
  receiverOffsetDb: 3,
  dropout: 0.1,
  sensitivityDbm: -95,
  quietShare: 0,
};

/** A different building, never used for tuning: denser, more shadowing, worse beacons and phones. */
export const HARSH_RADIO: RadioConditions = {
  exponent: 2.5,
  shadowingDb: 5,
  shadowingCorrelationM: 3,
  packets: [1, 2],
  bodyLossDb: 6,
  shelfLossDb: 4,
  wallLossDb: 8,
  slabLossDb: 15,
  txPowerSpreadDb: 3,
  receiverOffsetDb: 6,
  dropout: 0.2,
  sensitivityDbm: -92,
};

/** Where the phone is and which way its holder faces. */
export interface Pose {
  x: number;
  y: number;
  /** Height of the phone above the site's origin. */
  z: number;
  heading: number;
}

export interface RadioField {
  /** Each beacon's true 1 m power (the site declares NOMINAL_TX_POWER). */
  txPower: readonly number[];
  /** What anchor `i`'s readings at `pose` centre on, dB: all but the fading, the phone's offset and its hearing. */
  expected(i: number, pose: Pose): number;
  /** One scan reading of anchor `i` at `pose`, rounded like a phone reports it; null when not heard. */
  reading(i: number, pose: Pose, receiverOffset: number, rng: Random): number | null;
}

/** Plane waves per beacon summed into its shadowing field; enough to look random, few enough to be cheap. */
const WAVES = 6;

/** The radio of one venue; the same seed gives the same beacons and shadowing to shoppers and installers. */
export function radioField(venue: Venue, radio: RadioConditions, seed: number): RadioField {
  const rng = createRandom(seedFrom(`${seed}:radio`));
  const anchors = venue.site.anchors;
  const txPower = anchors.map(() => NOMINAL_TX_POWER + radio.txPowerSpreadDb * rng.gaussian());
  const waves = anchors.map(() =>
    Array.from({ length: WAVES }, () => {
      const angle = 2 * Math.PI * rng.next();
      const k = (2 * Math.PI) / (radio.shadowingCorrelationM * (2 + 2 * rng.next()));
      return { kx: k * Math.cos(angle), ky: k * Math.sin(angle), phase: 2 * Math.PI * rng.next() };
    }),
  );
  const amplitude = radio.shadowingDb * Math.sqrt(2 / WAVES);
  // Drawn apart, so that the rest of the radio is the same with or without them.
  const quietRng = createRandom(seedFrom(`${seed}:quiet`));
  const quiet = anchors.map(() => quietRng.next() < (radio.quietShare ?? 0));

  function obstacleLoss(i: number, pose: Pose): number {
    const a = anchors[i]!;
    let loss = 0;
    const levelOfPhone = Math.floor(pose.z / venue.levelHeight);
    for (const wall of venue.walls) {
      if (wall.level === levelOfPhone && segmentCrossesPolygon(pose.x, pose.y, a.x, a.y, wall.polygon)) {
        loss += radio.wallLossDb;
      }
    }
    for (const shelf of venue.shelves) {
      if (shelf.level !== levelOfPhone) continue;
      // Only the stretch of the line of sight below the shelf's top can hit it.
      const top = levelOfPhone * venue.levelHeight + shelf.height;
      const reach = a.z > top ? Math.min(1, Math.max(0, (top - pose.z) / (a.z - pose.z))) : 1;
      if (reach <= 0) continue;
      const ex = pose.x + (a.x - pose.x) * reach;
      const ey = pose.y + (a.y - pose.y) * reach;
      if (segmentCrossesPolygon(pose.x, pose.y, ex, ey, shelf.polygon)) loss += radio.shelfLossDb;
    }
    return loss;
  }

  function expected(i: number, pose: Pose): number {
    const a = anchors[i]!;
    const dx = a.x - pose.x;
    const dy = a.y - pose.y;
    const d = Math.max(0.5, Math.hypot(dx, dy, a.z - pose.z));
    let rssi = txPower[i]! - 10 * radio.exponent * Math.log10(d);
    for (const w of waves[i]!) rssi += amplitude * Math.cos(w.kx * pose.x + w.ky * pose.y + w.phase);
    const slabs = Math.abs(Math.floor(a.z / venue.levelHeight) - Math.floor(pose.z / venue.levelHeight));
    rssi -= slabs * radio.slabLossDb;
    const behind =
      -(Math.cos(pose.heading) * dx + Math.sin(pose.heading) * dy) / Math.max(0.1, Math.hypot(dx, dy));
    if (behind > 0) rssi -= radio.bodyLossDb * behind;
    return rssi - obstacleLoss(i, pose);
  }

  return {
    txPower,
    expected,
    reading(i, pose, receiverOffset, rng) {
      if (quiet[i]) return null;
      let rssi = expected(i, pose);
      const [fewest, most] = radio.packets;
      const packets = fewest + Math.floor(rng.next() * (most - fewest + 1));
      let power = 0;
      for (let p = 0; p < packets; p++) power -= Math.log(1 - rng.next());
      rssi += 10 * Math.log10(power / packets) + receiverOffset;
      if (rssi < radio.sensitivityDbm) return null;
      const margin = rssi - radio.sensitivityDbm;
      const lost = radio.dropout + (margin < 10 ? 0.5 * (1 - margin / 10) : 0);
      return rng.next() < lost ? null : Math.round(rssi);
    },
  };
}
