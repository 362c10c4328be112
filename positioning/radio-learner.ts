/**
 * The store's radio map, learnt from its shoppers. Shadowing (a pillar, a fridge, a metal shelf) makes a
 * beacon read louder or quieter at a spot, the same for every phone that passes: most of the error left at
 * 6-10 m beacon spacing, and no filter averages it away. A calibration walk measures it where it was walked
 * (a surveyed level keeps that map and learns nothing); without one, every fix the engine makes is a reading
 * of each heard beacon at a roughly known spot. One such reading says little (the fix errs by metres, the
 * phone's body turns), but the shoppers' errors differ while the shadowing stays, so what they agree on
 * builds up in the map (radio-map.ts: a 2 m kernel, shrunk towards the model where few readings tell).
 *
 * A cell of a beacon's grid shows its correction only once some twenty passes have told of it, and then
 * learns no more (the grid's `known`, site-model.ts): fixes made with a correction would teach it its own
 * errors, as the fix is pulled to where the map says the readings fit. Applied as it learnt, the map made
 * every store worse; applied every few minutes and learning on, it gained and then drifted back over the
 * hour; relearnt in generations (each cell's correction replaced by what the next sixty passes made with
 * it told), it drifted over eight hours of shoppers (dense shelving p90 2.8 → 7.0 m; docs/benchmarks-history.md).
 *
 * What a device teaches is held back where it would teach its own errors: not before its receiver offset
 * is settled (its residuals would carry the phone's own offset), and once per spot it walks through, not
 * once per second it stands there (a shopper standing at a shelf would otherwise write their own body's
 * shadow, or their fix's error, into the map as the store's).
 */
import type { DeviceState } from './device-state.js';
import type { PhoneNotes } from './phone-level.js';
import { addResidual, type RadioGrid, showsAny } from './radio-map.js';
import type { Scan } from './scan.js';
import { LEARN_REACH_M, type SiteModel } from './site-model.js';

/**
 * Scans a device's receiver offset learns from before its readings teach the map: as many as before its
 * ranges are trusted (methods.ts). bench (an hour of shoppers, seed 7): 5 cost the dense store 0.05 m of median.
 */
export const OFFSET_SETTLED_SCANS = 10;
/**
 * A device teaches again once its fix is this far from where it last taught, metres: about the shadowing's
 * correlation length. 1 m was no better anywhere and worse on the open floor (p90 2.5 against 2.3 m).
 */
const STEP_M = 2;

export function learnRadio(
  model: SiteModel,
  device: DeviceState,
  scan: Scan,
  level: number,
  x: number,
  y: number,
): void {
  if (model.surveyedLevels.has(level) || device.offset.scans < OFFSET_SETTLED_SCANS) return;
  const last = device.taughtAt;
  if (last && last[2] === level && Math.hypot(x - last[0], y - last[1]) < STEP_M) return;
  device.taughtAt = [x, y, level];
  for (let i = 0; i < scan.anchors.length; i++) {
    const a = scan.anchors[i]!;
    const anchor = model.anchors[a]!;
    if (anchor.level !== level || Math.hypot(anchor.x - x, anchor.y - y) > LEARN_REACH_M) continue;
    const grid = model.learnableMap(a);
    if (grid && addResidual(grid, x, y, scan.rssi[i]! - model.modelledRssi(a, x, y, level), 1) > 0)
      model.showLearnt(a);
  }
}

/**
 * What a store's shoppers have taught, beacon by beacon: for the engine of the same store's next site (a
 * beacon moved, the map redrawn), which keeps what still holds.
 */
export interface LearntRadio {
  beacons: { anchor: string; placed: string; grid: RadioGrid }[];
  /** What the store's phones read once inside (phone-level.ts); absent in what older gateways kept. */
  phones?: PhoneNotes;
  /** The beacons gone quiet (quiet-beacons.ts), by id; absent in what older gateways kept. */
  quiet?: string[];
}

/** Where and how loud a beacon is, and the store's path loss: what its learnt grid was learnt against. */
function placement(model: SiteModel, i: number): string {
  const a = model.anchors[i]!;
  return JSON.stringify([a.x, a.y, a.z, a.level, a.txPower, model.site.pathLossExponent ?? null]);
}

export function learntRadio(model: SiteModel): LearntRadio {
  const beacons: LearntRadio['beacons'] = [];
  model.learning.forEach((grid, i) => {
    if (!grid) return;
    const copy = {
      ...grid,
      values: grid.values.slice(),
      sums: grid.sums.slice(),
      weights: grid.weights.slice(),
    };
    beacons.push({ anchor: model.anchors[i]!.id, placed: placement(model, i), grid: copy });
  });
  return { beacons };
}

/**
 * Takes over what `learnt` knows of beacons that hang where they did, as loud, on a level of the same
 * bounds; returns how many. A surveyed level keeps its walk's map.
 */
export function adoptLearntRadio(model: SiteModel, learnt: LearntRadio): number {
  let adopted = 0;
  for (const { anchor, placed, grid } of learnt.beacons) {
    const i = model.anchorIndex.get(anchor);
    if (
      i === undefined ||
      placement(model, i) !== placed ||
      model.surveyedLevels.has(model.anchors[i]!.level)
    )
      continue;
    const mine = model.learnableMap(i);
    if (
      !mine ||
      mine.x0 !== grid.x0 ||
      mine.y0 !== grid.y0 ||
      mine.cols !== grid.cols ||
      mine.rows !== grid.rows
    )
      continue;
    if (
      mine.known !== grid.known ||
      [grid.values, grid.sums, grid.weights].some((v) => v.length !== mine.values.length)
    )
      continue;
    mine.values.set(grid.values);
    mine.sums.set(grid.sums);
    mine.weights.set(grid.weights);
    if (showsAny(mine)) model.showLearnt(i);
    adopted += 1;
  }
  return adopted;
}
