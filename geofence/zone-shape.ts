/**
 * Planar geometry of one zone: containment, distance to the border, and how much of an accuracy
 * circle lies inside. The store frame is Cartesian metres, so turf's geodesic measures do not
 * apply; containment uses point-in-polygon-hao (robust on edges), the rest is plain vector maths.
 */
import pointInPolygon from 'point-in-polygon-hao';
import type { Ring, Zone } from './types.js';

export interface ZoneShape {
  zone: Zone;
  bbox: [number, number, number, number];
  /** Edges as flat [ax, ay, bx, by, ...] for a tight distance loop. */
  edges: Float64Array;
}

function closed(ring: Ring): Ring {
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

export function zoneShape(zone: Zone): ZoneShape {
  if (zone.rings.length === 0 || zone.rings[0]!.length < 3)
    throw new Error(`zone ${zone.id}: needs a ring of 3 points or more`);
  const rings = zone.rings.map(closed);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const edges: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[i + 1]!;
      edges.push(ax, ay, bx, by);
      minX = Math.min(minX, ax);
      minY = Math.min(minY, ay);
      maxX = Math.max(maxX, ax);
      maxY = Math.max(maxY, ay);
    }
  }
  return { zone: { ...zone, rings }, bbox: [minX, minY, maxX, maxY], edges: Float64Array.from(edges) };
}

/** Inside or on the border (a shopper standing on the line is in the zone). */
export function contains(shape: ZoneShape, x: number, y: number): boolean {
  const [minX, minY, maxX, maxY] = shape.bbox;
  if (x < minX || x > maxX || y < minY || y > maxY) return false;
  return pointInPolygon([x, y], shape.zone.rings) !== false;
}

/** Distance from (x, y) to the nearest border edge. */
export function distanceToBorder(shape: ZoneShape, x: number, y: number): number {
  const e = shape.edges;
  let best = Infinity;
  for (let i = 0; i < e.length; i += 4) {
    const ax = e[i]!;
    const ay = e[i + 1]!;
    const dx = e[i + 2]! - ax;
    const dy = e[i + 3]! - ay;
    const lengthSq = dx * dx + dy * dy;
    const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSq));
    const px = ax + t * dx - x;
    const py = ay + t * dy - y;
    const d = px * px + py * py;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/**
 * Share of a circle of radius r on the inner side of a straight border at signed distance d
 * from its centre (d > 0: centre inside). Zone borders are long compared with a few metres of
 * accuracy, so the nearest border taken as a straight line is a close, cheap estimate.
 */
export function circleShareInside(d: number, r: number): number {
  if (r <= 0) return d >= 0 ? 1 : 0;
  if (d >= r) return 1;
  if (d <= -r) return 0;
  // The segment beyond the border spans the angle u = 2·acos(|d|/r); its share is (u − sin u)/2π.
  // Taken as atan2 of the half-chord, and u − sin u by its series when u is small, so a centre
  // close to the rim does not lose the share to cancellation (it must still grow with depth).
  const a = Math.abs(d);
  const u = 2 * Math.atan2(Math.sqrt((r - a) * (r + a)), a);
  const outsideShare = uMinusSinU(u) / (2 * Math.PI);
  return d >= 0 ? 1 - outsideShare : outsideShare;
}

function uMinusSinU(u: number): number {
  if (u > 0.5) return u - Math.sin(u);
  const u2 = u * u;
  return ((u2 * u) / 6) * (1 - (u2 / 20) * (1 - (u2 / 42) * (1 - (u2 / 72) * (1 - u2 / 110))));
}

/** Share of the fix's accuracy circle that lies inside the zone (0..1). */
export function coverage(shape: ZoneShape, x: number, y: number, accuracy: number): number {
  const inside = contains(shape, x, y);
  if (accuracy <= 0) return inside ? 1 : 0;
  const d = distanceToBorder(shape, x, y);
  return circleShareInside(inside ? d : -d, accuracy);
}
