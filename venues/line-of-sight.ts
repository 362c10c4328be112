/**
 * Whether a shopper can walk straight from a to b on one level: the segment stays inside the
 * outline and never passes through the inside of an obstacle. Grazing a shelf's corner or walking
 * along its side is allowed (that is what makes shortest paths bend exactly at corners).
 */
import { boundingBox, insidePolygon, type Point, type Polygon } from '../positioning/index.js';

const EPS = 1e-9;

export interface Floor {
  outline: Polygon;
  obstacles: readonly Polygon[];
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A floor prepared for many line-of-sight questions: bounding boxes computed once. */
export interface PreparedFloor extends Floor {
  boxes: Box[];
}

export function prepareFloor(floor: Floor): PreparedFloor {
  return { ...floor, boxes: floor.obstacles.map((o) => boundingBox(o)) };
}

function orient(a: Point, b: Point, c: Point): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(p: Point, a: Point, b: Point): boolean {
  if (Math.abs(orient(a, b, p)) > EPS * (1 + Math.hypot(b[0] - a[0], b[1] - a[1]))) return false;
  return (
    p[0] >= Math.min(a[0], b[0]) - EPS &&
    p[0] <= Math.max(a[0], b[0]) + EPS &&
    p[1] >= Math.min(a[1], b[1]) - EPS &&
    p[1] <= Math.max(a[1], b[1]) + EPS
  );
}

export function onBoundary(p: Point, polygon: Polygon): boolean {
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    if (onSegment(p, polygon[j]!, polygon[i]!)) return true;
  }
  return false;
}

export function strictlyInside(p: Point, polygon: Polygon): boolean {
  return !onBoundary(p, polygon) && insidePolygon(p[0], p[1], polygon);
}

/** A point a shopper may stand on: inside or on the outline, not strictly inside any obstacle. */
export function isFree(p: Point, floor: Floor): boolean {
  if (!onBoundary(p, floor.outline) && !insidePolygon(p[0], p[1], floor.outline)) return false;
  return !floor.obstacles.some((o) => strictlyInside(p, o));
}

/**
 * Adds to `cuts` the parameters t in (0, 1) where segment a-b meets the polygon's boundary; returns
 * false when it crosses an edge properly (a clean X), which already settles the question.
 */
function meet(a: Point, b: Point, polygon: Polygon, cuts: number[]): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const at = (p: Point) => ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const c = polygon[j]!;
    const d = polygon[i]!;
    const o1 = orient(c, d, a);
    const o2 = orient(c, d, b);
    const o3 = orient(a, b, c);
    const o4 = orient(a, b, d);
    const scale = EPS * (1 + len2);
    if (
      ((o1 > scale && o2 < -scale) || (o1 < -scale && o2 > scale)) &&
      ((o3 > scale && o4 < -scale) || (o3 < -scale && o4 > scale))
    )
      return false;
    if (onSegment(c, a, b)) cuts.push(at(c));
    if (onSegment(d, a, b)) cuts.push(at(d));
  }
  return true;
}

export function lineOfSight(a: Point, b: Point, floor: PreparedFloor): boolean {
  if (Math.abs(a[0] - b[0]) < EPS && Math.abs(a[1] - b[1]) < EPS) return true;
  const cuts = [0, 1];
  const minX = Math.min(a[0], b[0]);
  const maxX = Math.max(a[0], b[0]);
  const minY = Math.min(a[1], b[1]);
  const maxY = Math.max(a[1], b[1]);
  const near: Polygon[] = [];
  for (let k = 0; k < floor.obstacles.length; k++) {
    const box = floor.boxes[k]!;
    if (box.maxX < minX || box.minX > maxX || box.maxY < minY || box.minY > maxY) continue;
    const obstacle = floor.obstacles[k]!;
    if (!meet(a, b, obstacle, cuts)) return false;
    near.push(obstacle);
  }
  if (!meet(a, b, floor.outline, cuts)) return false;
  // Between two consecutive boundary contacts the segment is wholly inside or outside each polygon.
  cuts.sort((p, q) => p - q);
  for (let i = 1; i < cuts.length; i++) {
    if (cuts[i]! - cuts[i - 1]! < 1e-12) continue;
    const t = (cuts[i]! + cuts[i - 1]!) / 2;
    const m: Point = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    if (!onBoundary(m, floor.outline) && !insidePolygon(m[0], m[1], floor.outline)) return false;
    if (near.some((o) => strictlyInside(m, o))) return false;
  }
  return true;
}
