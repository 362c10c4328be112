/**
 * A starting layout for a level's beacons: a ceiling grid every `spacing` metres, centred on the
 * level so the margins to opposite walls are even, kept inside the outline and clear of the beacons
 * already hanging there. Pure: the route saves nothing until the clerk accepts.
 */
import { boundingBox, insidePolygon, type Level } from '../positioning/index.js';

/** 6 m on a ceiling grid keeps the blue dot within 3 m at p90 after the 4 m walk (docs/benchmarks.md). */
export const DEFAULT_PLAN_SPACING_M = 6;
/** Ceiling height above the level's floor, as the demo stores hang theirs. */
export const DEFAULT_CEILING_M = 3;

export interface PlannedBeacon {
  x: number;
  y: number;
  /** Height above the level's own floor, metres, as the registry keeps it. */
  z: number;
}

/**
 * Grid points inside `level`'s outline. Shelves and walls do not move a point: a beacon on the ceiling
 * may hang over them. A point within spacing/2 of an `existing` beacon is left out, that beacon covers it.
 */
export function planBeaconLayout(
  level: Pick<Level, 'outline'>,
  existing: readonly { x: number; y: number }[],
  { spacing = DEFAULT_PLAN_SPACING_M, ceiling = DEFAULT_CEILING_M } = {},
): PlannedBeacon[] {
  const box = boundingBox(level.outline);
  // As many points as cells of about `spacing` fit across, so each margin is between a quarter and
  // three quarters of the spacing, the same on both sides.
  const axis = (min: number, max: number) => {
    const count = Math.max(1, Math.round((max - min) / spacing));
    const first = (min + max - (count - 1) * spacing) / 2;
    return Array.from({ length: count }, (_, i) => round(first + i * spacing));
  };
  const planned: PlannedBeacon[] = [];
  for (const y of axis(box.minY, box.maxY))
    for (const x of axis(box.minX, box.maxX)) {
      if (!insidePolygon(x, y, level.outline)) continue;
      if (existing.some((b) => Math.hypot(b.x - x, b.y - y) < spacing / 2)) continue;
      planned.push({ x, y, z: ceiling });
    }
  return planned;
}

const round = (v: number) => Math.round(v * 100) / 100;
