/**
 * A Site compiled once for fast lookups: anchors by id, each level's floor plan and floor height.
 * Shared by every device of the site (one per worker, not one per device); read-only but for the radio
 * map, which the shoppers' own scans go on teaching (radio-learner.ts), between scans.
 */
import { beaconsInALine } from './beacon-line.js';
import { type FloorPlan, floorPlan } from './floor-plan.js';
import { canonicalAnchorId } from './observation-check.js';
import { DEFAULT_EXPONENT, type PathLoss, pathLoss } from './path-loss.js';
import { type QuietBeacons, quietBeacons } from './quiet-beacons.js';
import { correctionAt, emptyGrid, KERNEL_M, type RadioGrid, radioGrids } from './radio-map.js';
import type { Anchor, Site } from './types.js';

/** Where a phone is held or a scanner mounted, above its own floor. */
export const DEVICE_HEIGHT_M = 1.2;
/** Floor-to-floor height when the site does not say. */
export const DEFAULT_LEVEL_HEIGHT_M = 4.5;
/**
 * How far from its beacon a radio map may learn, metres. Where beacons are sparse, the farther ones tell
 * too (bench, an hour of shoppers, sparse store: medians 2.3-2.5 m with 15 m, 2.0-2.4 m with 30 m). A grid
 * of 73 m square at most (with the kernel's reach), clipped to its level: some 64 KB a beacon.
 */
export const LEARN_REACH_M = 30;
/**
 * Readings' worth after which a learnt cell shows and stops learning (radio-learner.ts): some twenty
 * passes nearby. 10 gave less and 40 came later (bench, an hour of shoppers, seeds 7 and 11).
 */
const LEARNT_KNOWN = 20;

export interface SiteModel {
  site: Site;
  anchors: readonly Anchor[];
  anchorIndex: ReadonlyMap<string, number>;
  /** Indices of each level's anchors. */
  anchorsOn: ReadonlyMap<number, readonly number[]>;
  levels: readonly number[];
  plans: ReadonlyMap<number, FloorPlan>;
  radio: PathLoss;
  /**
   * Each anchor's correction (radio-map.ts), by anchor index: from the site's survey, and learnt since from
   * shoppers' scans; undefined for an anchor neither has told of yet. A learnt grid is here only once some
   * cell of it shows (`showLearnt`): before, it would only be looked up for zeros, particle by particle.
   */
  radioMaps: (RadioGrid | undefined)[];
  /** The grids the shoppers teach, by anchor index, whether or not they show yet. */
  learning: readonly (RadioGrid | undefined)[];
  /** Levels whose beacons hang in one line across the floor (beacon-line.ts). */
  beaconsInALine: ReadonlySet<number>;
  /**
   * The levels the site's survey (a calibration walk) maps: their map is known from the start, and kept as
   * it is; the others' is learnt from shoppers (radio-learner.ts).
   */
  surveyedLevels: ReadonlySet<number>;
  /** The width of each surveyed level's map kernel, metres: a walk with closer points maps finer. */
  surveyKernelM: ReadonlyMap<number, number>;
  /** Beacons whose silence no longer counts, as the store's scans showed them gone quiet (quiet-beacons.ts). */
  quietBeacons: QuietBeacons;
  /** The anchor's learnt grid, made (empty, over its earshot) if it has none yet; undefined off any level. */
  learnableMap(anchor: number): RadioGrid | undefined;
  /** Puts the anchor's learnt grid to use, once a cell of it shows. */
  showLearnt(anchor: number): void;
  /** The RSSI the path-loss model alone expects, without the radio map: what the map's residuals are of. */
  modelledRssi(anchor: number, x: number, y: number, level: number): number;
  /** Height of a device standing on `level`, above the site's origin. */
  deviceZ(level: number): number;
  /** The RSSI a reference phone standing at (x, y) on `level` expects of anchor index `anchor`, map included. */
  expectedRssi(anchor: number, x: number, y: number, level: number): number;
}

export function siteModel(site: Site): SiteModel {
  const levelHeight = site.levelHeight ?? DEFAULT_LEVEL_HEIGHT_M;
  // Anchors in id order, whatever order the site lists them in: ties between equally loud anchors are then
  // broken the same way, and the fixes do not depend on how the site file happens to be sorted.
  // Ids in their one spelling (canonicalAnchorId), so that observations find their anchor however written.
  const anchors = site.anchors
    .map((a) => ({ ...a, id: canonicalAnchorId(a.id), z: heightAboveOrigin(a.z, a.level, levelHeight) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const anchorIndex = new Map(anchors.map((a, i) => [a.id, i]));
  const plans = new Map(site.levels.map((l) => [l.level, floorPlan(l)]));
  const radio = pathLoss(site.pathLossExponent ?? DEFAULT_EXPONENT);
  const deviceZ = (level: number) => level * levelHeight + DEVICE_HEIGHT_M;
  const surveyed = site.survey?.map((p) => ({
    ...p,
    beacons: p.beacons.map((b) => ({ ...b, anchor: canonicalAnchorId(b.anchor) })),
  }));
  // The path-loss model alone: what the survey's residuals are measured against.
  const modelled = (i: number, x: number, y: number, level: number) => {
    const a = anchors[i]!;
    return radio.rssiAtSquared(a.txPower, (a.x - x) ** 2 + (a.y - y) ** 2 + (a.z - deviceZ(level)) ** 2);
  };
  const bounds = (level: number) => plans.get(level)?.bounds;
  const earshot = (i: number) => {
    const a = anchors[i]!;
    return {
      minX: a.x - LEARN_REACH_M,
      minY: a.y - LEARN_REACH_M,
      maxX: a.x + LEARN_REACH_M,
      maxY: a.y + LEARN_REACH_M,
    };
  };
  const radioMaps: (RadioGrid | undefined)[] = surveyed
    ? radioGrids({ anchorIndex, anchors, bounds, expected: modelled }, surveyed)
    : anchors.map(() => undefined);
  const learning: (RadioGrid | undefined)[] = anchors.map(() => undefined);
  const surveyKernelM = new Map(
    anchors.flatMap((a, i) => {
      const grid = radioMaps[i];
      return grid ? [[a.level, grid.kernelM ?? KERNEL_M] as const] : [];
    }),
  );
  return {
    site,
    anchors,
    anchorIndex,
    anchorsOn: new Map(
      site.levels.map((l) => [l.level, anchors.flatMap((a, i) => (a.level === l.level ? [i] : []))]),
    ),
    levels: site.levels.map((l) => l.level),
    plans,
    radio,
    radioMaps,
    beaconsInALine: new Set(
      site.levels
        .filter((l) =>
          beaconsInALine(
            anchors.filter((a) => a.level === l.level),
            l.outline,
          ),
        )
        .map((l) => l.level),
    ),
    surveyedLevels: new Set(surveyKernelM.keys()),
    surveyKernelM,
    quietBeacons: quietBeacons(anchors.length),
    learning,
    learnableMap(i) {
      const box = bounds(anchors[i]!.level);
      learning[i] ??= box && emptyGrid(box, earshot(i), LEARNT_KNOWN);
      return learning[i];
    },
    showLearnt(i) {
      radioMaps[i] = learning[i];
    },
    modelledRssi: modelled,
    deviceZ,
    expectedRssi: (i, x, y, level) => {
      const map = radioMaps[i];
      return modelled(i, x, y, level) + (map ? correctionAt(map, x, y) : 0);
    },
  };
}

/** Slack on a storey's bounds when telling the two ways of giving a height apart, metres. */
const STOREY_SLACK_M = 0.5;

/**
 * An anchor's `z` above the site's origin, as the engine reckons. Sites give it so; but a map may give each
 * beacon's height above its own floor, the way an installer measures it. On level 0 the two agree; on
 * another level a height that lies outside the level's own storey but within one storey of the ground is
 * such a height above its floor (an absolute one would put the beacon on another floor).
 */
function heightAboveOrigin(z: number, level: number, levelHeight: number): number {
  const floor = level * levelHeight;
  const inStorey = z >= floor - STOREY_SLACK_M && z <= floor + levelHeight + STOREY_SLACK_M;
  const aboveItsFloor = z >= 0 && z <= levelHeight + STOREY_SLACK_M;
  return level !== 0 && !inStorey && aboveItsFloor ? floor + z : z;
}

export function planOf(model: SiteModel, level: number): FloorPlan {
  const plan = model.plans.get(level) ?? model.plans.values().next().value;
  if (!plan) throw new Error('SS_ERR_SITE_INVALID: a site needs at least one level');
  return plan;
}

/** An iBeacon's measured power is a signed byte, about −40 to −100 dBm in practice. */
const PLAUSIBLE_TX_POWER = [-110, 0] as const;

/**
 * Takes the beacon's own advertised 1 m power from a reading, for an anchor whose site entry had none
 * (`txPowerAssumed`): the manufacturer's calibration beats the usual −59 dBm. The first plausible one
 * counts; a site's own value is never replaced.
 */
export function adoptAdvertisedPower(model: SiteModel, anchor: number, txPower: number | undefined): void {
  const a = model.anchors[anchor]!;
  if (!a.txPowerAssumed || txPower === undefined) return;
  if (txPower <= PLAUSIBLE_TX_POWER[0] || txPower >= PLAUSIBLE_TX_POWER[1]) return;
  a.txPower = txPower;
  a.txPowerAssumed = false;
}
