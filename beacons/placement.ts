/** Where a beacon may hang: on a level of the store's map, within reach of that level's outline. */
import { boundingBox, distanceToWalls, facadeWalls, insidePolygon } from '../positioning/index.js';
import type { VenueMap } from '../venues/index.js';

/**
 * How far outside its level's outline a beacon may still be: outlines are clicked round a plan image
 * by eye, and a beacon may hang over the entrance, just outside the wall.
 */
export const OUTLINE_SLACK_M = 3;

export interface PlacementProblem {
  field: 'level' | 'x' | 'y';
  problem: string;
}

/**
 * Why a beacon cannot hang at (x, y) on `level`, if it cannot. A store with no map yet takes beacons
 * anywhere: installers often register them (a CSV from the supplier) before anyone draws the plan.
 */
export function placementProblem(
  map: Pick<VenueMap, 'levels'>,
  { level, x, y }: { level: number; x: number; y: number },
): PlacementProblem | undefined {
  if (map.levels.length === 0) return undefined;
  const outline = map.levels.find((l) => l.level === level)?.outline;
  if (!outline) {
    const known = map.levels.map((l) => l.level).join(', ');
    return { field: 'level', problem: `${level} is not a level of this store's map (levels: ${known})` };
  }
  if (insidePolygon(x, y, outline)) return undefined;
  const off = distanceToWalls(facadeWalls(outline), x, y);
  if (off <= OUTLINE_SLACK_M) return undefined;
  // Name the coordinate that is out of the outline's span; x when both are, or neither (a notch).
  const box = boundingBox(outline);
  const yOut = y < box.minY - OUTLINE_SLACK_M || y > box.maxY + OUTLINE_SLACK_M;
  const xOut = x < box.minX - OUTLINE_SLACK_M || x > box.maxX + OUTLINE_SLACK_M;
  return {
    field: yOut && !xOut ? 'y' : 'x',
    problem: `(${x}, ${y}) is ${off.toFixed(1)} m outside level ${level}'s outline (${OUTLINE_SLACK_M} m allowed)`,
  };
}
