/**
 * Where a route starts or ends, as a client writes it: `x,y,level` (metres in the store frame),
 * `zone:<name or id>` (a zone, or a door such as the entrance), or `sku:<code>` (the spot in front
 * of the shelf that holds it).
 */
import type { Polygon } from '../positioning/index.js';
import type { LevelPoint, VenueMap } from './venue-map.js';

export type Place =
  | { kind: 'point'; point: LevelPoint }
  | { kind: 'zone'; ref: string }
  | { kind: 'sku'; sku: string };

export const PLACE_PATTERN =
  '^(-?[0-9]+(\\.[0-9]+)?,-?[0-9]+(\\.[0-9]+)?,-?[0-9]+|zone:.{1,200}|sku:.{1,64})$';

export function parsePlace(text: string): Place | undefined {
  if (text.startsWith('zone:')) return { kind: 'zone', ref: text.slice(5) };
  if (text.startsWith('sku:')) return { kind: 'sku', sku: text.slice(4) };
  const parts = text.split(',').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n)) || !Number.isInteger(parts[2]))
    return undefined;
  return { kind: 'point', point: { x: parts[0]!, y: parts[1]!, level: parts[2]! } };
}

/** The area-weighted centroid: where "go to the bakery zone" should lead for a convex zone. */
function centroid(polygon: Polygon): { x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    const cross = xj * yi - xi * yj;
    a += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  return a === 0 ? { x: polygon[0]![0], y: polygon[0]![1] } : { x: cx / (3 * a), y: cy / (3 * a) };
}

export interface ResolvedPlace {
  point: LevelPoint;
  label: string;
  /** Other points of the place worth trying when the first is blocked (a zone's corners). */
  alternatives: LevelPoint[];
  /** The area a zone or door covers: anywhere walkable in it will do when none of the points is. */
  area?: { level: number; polygon: Polygon };
}

/**
 * `names`: what the catalogue calls SKUs by code (product name and variant), so that a product is
 * called as on its shelf label; a code it lacks is called by the code.
 */
export function resolvePlace(
  map: VenueMap,
  place: Place,
  names: ReadonlyMap<string, string> = new Map(),
): ResolvedPlace | undefined {
  if (place.kind === 'point') return { point: place.point, label: 'your destination', alternatives: [] };
  if (place.kind === 'sku') {
    const p = map.products.find((q) => q.sku === place.sku);
    if (!p) return undefined;
    const shelf = map.features.find((f) => f.id === p.feature)?.name;
    // The level only where there is more than one to be on.
    const level = map.levels.length > 1 ? map.levels.find((l) => l.level === p.level)?.name : undefined;
    const where = [shelf && (p.slot ? `${shelf}, slot ${p.slot}` : shelf), level].filter(Boolean).join(', ');
    return {
      point: { level: p.level, x: p.x, y: p.y },
      label: `${names.get(place.sku) ?? place.sku}${where ? ` (${where})` : ''}`,
      alternatives: [],
    };
  }
  // A door counts: shoppers start at the entrance, and it is drawn as an opening, not a zone.
  const zone = map.features.find(
    (f) => (f.kind === 'zone' || f.kind === 'opening') && (f.id === place.ref || f.name === place.ref),
  );
  if (!zone) return undefined;
  const c = centroid(zone.polygon);
  return {
    point: { level: zone.level, ...c },
    label: zone.name ?? (zone.kind === 'zone' ? 'the zone' : 'the door'),
    alternatives: zone.polygon.map(([x, y]) => ({
      level: zone.level,
      x: c.x + (x - c.x) * 0.9,
      y: c.y + (y - c.y) * 0.9,
    })),
    area: { level: zone.level, polygon: zone.polygon },
  };
}
