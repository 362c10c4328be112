/**
 * How far a store's radio map, learnt from its shoppers, is known yet, level by level: for the staff who
 * wonder whether a calibration walk is still worth it (GET /stores/:id/radio-learnt, the console).
 */
import { adoptLearntRadio, type LearntRadio } from './radio-learner.js';
import { isKnown } from './radio-map.js';
import { siteModel } from './site-model.js';
import type { Site } from './types.js';

export interface LevelRadio {
  level: number;
  /** A walk's survey maps it: it learns nothing from shoppers. */
  surveyed: boolean;
  /** The level's beacons whose map `learnt` holds and still applies. */
  beacons: number;
  /** Share of the level's free floor (1 m cells) where at least three beacons' learnt map is known. */
  known_share: number;
}

/** Beacons whose map must be known at a spot for it to count: a fix leans on three at least. */
const KNOWN_BEACONS = 3;

export function learntCoverage(site: Site, learnt: LearntRadio | undefined): LevelRadio[] {
  const model = siteModel(site);
  if (learnt) adoptLearntRadio(model, learnt);
  return [...model.plans.values()].map((plan) => {
    const onLevel = (model.anchorsOn.get(plan.level) ?? []).filter((i) => model.radioMaps[i]);
    const surveyed = model.surveyedLevels.has(plan.level);
    let free = 0;
    let known = 0;
    const { minX, minY, maxX, maxY } = plan.bounds;
    for (let x = minX + 0.5; x < maxX; x += 1) {
      for (let y = minY + 0.5; y < maxY; y += 1) {
        if (!plan.isFree(x, y)) continue;
        free += 1;
        let told = 0;
        for (const i of onLevel) if (isKnown(model.radioMaps[i]!, x, y) && ++told >= KNOWN_BEACONS) break;
        if (told >= KNOWN_BEACONS) known += 1;
      }
    }
    return {
      level: plan.level,
      surveyed,
      beacons: surveyed ? 0 : onLevel.length,
      known_share: surveyed || free === 0 ? 0 : Math.round((1000 * known) / free) / 1000,
    };
  });
}
