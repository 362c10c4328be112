/**
 * The zones of a store, indexed per level with a packed Hilbert R-tree (flatbush): a check costs
 * a tree descent plus an exact test on the few zones whose box holds the point, instead of a
 * test against every zone.
 */
import Flatbush from 'flatbush';
import type { Zone } from './types.js';
import { contains, coverage, type ZoneShape, zoneShape } from './zone-shape.js';

interface LevelIndex {
  tree: Flatbush;
  shapes: ZoneShape[];
}

export interface ZoneCoverage {
  zone: Zone;
  /** Share of the accuracy circle inside the zone. */
  share: number;
}

export interface ZoneIndex {
  readonly size: number;
  zone(id: string): Zone | undefined;
  /** Zones that contain the point (borders included). */
  zonesAt(x: number, y: number, level: number): Zone[];
  /** Zones that the accuracy circle touches, with the share of the circle inside each. */
  coverageAt(x: number, y: number, level: number, accuracy: number): ZoneCoverage[];
}

export function buildZoneIndex(zones: Zone[]): ZoneIndex {
  const byId = new Map<string, Zone>();
  const byLevel = new Map<number, ZoneShape[]>();
  for (const zone of zones) {
    if (byId.has(zone.id)) throw new Error(`zone ${zone.id} appears twice`);
    const shape = zoneShape(zone);
    byId.set(zone.id, shape.zone);
    const list = byLevel.get(zone.level) ?? [];
    list.push(shape);
    byLevel.set(zone.level, list);
  }
  const levels = new Map<number, LevelIndex>();
  for (const [level, shapes] of byLevel) {
    const tree = new Flatbush(shapes.length);
    for (const { bbox } of shapes) tree.add(bbox[0], bbox[1], bbox[2], bbox[3]);
    tree.finish();
    levels.set(level, { tree, shapes });
  }

  return {
    size: byId.size,
    zone: (id) => byId.get(id),
    zonesAt(x, y, level) {
      const index = levels.get(level);
      if (!index) return [];
      const found: Zone[] = [];
      for (const i of index.tree.search(x, y, x, y)) {
        const shape = index.shapes[i]!;
        if (contains(shape, x, y)) found.push(shape.zone);
      }
      return found;
    },
    coverageAt(x, y, level, accuracy) {
      const index = levels.get(level);
      if (!index) return [];
      const r = Math.max(0, accuracy);
      const found: ZoneCoverage[] = [];
      for (const i of index.tree.search(x - r, y - r, x + r, y + r)) {
        const shape = index.shapes[i]!;
        const share = coverage(shape, x, y, r);
        if (share > 0) found.push({ zone: shape.zone, share });
      }
      return found;
    },
  };
}
