/**
 * A starting layout for a level's beacons: a ceiling grid every `spacing` metres, centred on the
 * level so the margins to opposite walls are even, kept inside the outline; where beacons already
 * hang, only what they leave uncovered. Pure: the route saves nothing until the clerk accepts.
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
 * Where to hang beacons on `level` so that no spot within the grid's extent is farther than ¾ of the
 * spacing from one (a full grid's worst spot, a cell's middle, is spacing/√2 ≈ 0.71 of it away). Shelves
 * and walls do not move a point: a beacon on the ceiling may hang over them. First the grid's points
 * with no beacon within a spacing of them (all of them on an empty level; the bare half of a half-hung
 * one), then the holes still left, farthest first (the cells' middles of a sparser grid already hung).
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
  const [xs, ys] = [axis(box.minX, box.maxX), axis(box.minY, box.maxY)];
  const grid = ys.flatMap((y) => xs.flatMap((x) => (insidePolygon(x, y, level.outline) ? [{ x, y }] : [])));
  // The holes are looked for on a 1 m lattice over the grid's extent.
  const lattice: { x: number; y: number }[] = [];
  for (let y = ys[0]!; y <= ys.at(-1)! + 1e-9; y += LATTICE_M)
    for (let x = xs[0]!; x <= xs.at(-1)! + 1e-9; x += LATTICE_M)
      if (insidePolygon(x, y, level.outline)) lattice.push({ x, y });
  const bare = grid.filter((p) => !existing.some((b) => Math.hypot(b.x - p.x, b.y - p.y) < spacing));
  const filled = holes(lattice, [...existing, ...bare], REACH * spacing);
  return [...bare, ...filled].map((p) => ({ ...p, z: ceiling }));
}

/** Spots of `lattice` farther than `reach` from every beacon, filled farthest first until none is. */
function holes(
  lattice: readonly { x: number; y: number }[],
  hanging: readonly { x: number; y: number }[],
  reach: number,
): { x: number; y: number }[] {
  const added: { x: number; y: number }[] = [];
  // Each spot keeps its distance to the nearest beacon as beacons are added.
  const spots = lattice.map((s) => ({
    ...s,
    nearest: Math.min(...hanging.map((b) => Math.hypot(b.x - s.x, b.y - s.y))),
  }));
  for (;;) {
    let farthest: (typeof spots)[number] | undefined;
    for (const s of spots) if (!farthest || s.nearest > farthest.nearest) farthest = s;
    if (!farthest || farthest.nearest <= reach) return added;
    const hole = { x: round(farthest.x), y: round(farthest.y) };
    added.push(hole);
    for (const s of spots) s.nearest = Math.min(s.nearest, Math.hypot(s.x - hole.x, s.y - hole.y));
  }
}

/** How far from every beacon, in spacings, a spot is a hole. */
const REACH = 0.75;
/** The holes are looked for this finely. */
const LATTICE_M = 1;

const round = (v: number) => Math.round(v * 100) / 100;
