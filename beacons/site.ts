/**
 * The positioning Site of a store, built from its map (levels, walls and shelves as obstacles, doors as
 * openings), its beacon registry (anchors, with the fitted path-loss exponent) and its walks' radio
 * survey: what the gateway hands the engine.
 */
import type { Tx } from '../db/pool.js';
import type { Site } from '../positioning/index.js';
import { loadVenueMap, OBSTACLE_KINDS } from '../venues/index.js';
import { anchorId } from './beacon.js';
import { beaconSettings, listBeacons } from './registry.js';
import { surveyForStore } from './survey.js';

const DEFAULT_LEVEL_HEIGHT_M = 4.5;

/**
 * Undefined when the store has no map yet (the engine needs at least one level's outline). `survey`
 * false leaves the walks' survey out, for callers that want only the map and the beacons.
 */
export async function siteForStore(
  tx: Tx,
  storeId: string,
  { survey: surveyed = true } = {},
): Promise<Site | undefined> {
  const map = await loadVenueMap(tx, storeId);
  if (map.levels.length === 0) return undefined;
  const levelHeight =
    map.levels.find((l) => l.level === 0)?.height_m ?? map.levels[0]?.height_m ?? DEFAULT_LEVEL_HEIGHT_M;
  const settings = await beaconSettings(tx, storeId);
  const beacons = await listBeacons(tx, storeId);
  // The registry keeps height above the beacon's own floor; the Site wants it above the origin.
  const anchors = beacons.map((b) => ({
    id: anchorId(b),
    x: b.x,
    y: b.y,
    z: b.level * levelHeight + b.z,
    level: b.level,
    txPower: b.tx_power,
  }));
  const survey = surveyed ? await surveyForStore(tx, storeId, anchors) : [];
  return {
    id: storeId,
    levels: map.levels.map((l) => ({
      level: l.level,
      outline: l.outline,
      obstacles: map.features
        .filter((f) => f.level === l.level && OBSTACLE_KINDS.includes(f.kind))
        .map((f) => f.polygon),
      // Its doors mark the façade, where the street is: the inside odds weigh the pavement there.
      openings: map.features.filter((f) => f.level === l.level && f.kind === 'opening').map((f) => f.polygon),
    })),
    anchors,
    pathLossExponent: settings.path_loss_exponent,
    levelHeight,
    // The latest fitted walk of each level: the engine then expects beacons as loud as they were found.
    ...(survey.length > 0 ? { survey } : {}),
  };
}
