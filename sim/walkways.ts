/**
 * Where shoppers can walk and how they get from A to B: a 0.5 m grid per level, kept clear of shelves by a
 * shoulder's width, searched breadth-first, then straightened so that paths run down aisles, not in steps.
 */
import { type FloorPlan, floorPlan, type Point, type Random } from '../positioning/index.js';
import type { Venue } from './venue.js';

const CELL_M = 0.5;
/** Half a shopper's width: paths keep this far from shelves and walls. */
const CLEARANCE_M = 0.35;

export interface Walkways {
  /** A walkable path from a to b on one level, both ends included; [a, b] if no path is found. */
  route(level: number, a: Point, b: Point): Point[];
  /** A random walkable point of the level. */
  randomSpot(level: number, rng: Random): Point;
  /** The walkable point nearest to p. */
  nearestSpot(level: number, p: Point): Point;
}

interface Grid {
  plan: FloorPlan;
  cols: number;
  rows: number;
  walkable: Uint8Array;
  cells: number[];
}

export function walkways(venue: Venue): Walkways {
  const grids = new Map<number, Grid>(venue.site.levels.map((l) => [l.level, gridOf(floorPlan(l))]));

  function gridOf(plan: FloorPlan): Grid {
    const cols = Math.ceil(venue.width / CELL_M);
    const rows = Math.ceil(venue.depth / CELL_M);
    const walkable = new Uint8Array(cols * rows);
    const cells: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = (c + 0.5) * CELL_M;
        const y = (r + 0.5) * CELL_M;
        const clear =
          plan.isFree(x, y) &&
          plan.isFree(x + CLEARANCE_M, y) &&
          plan.isFree(x - CLEARANCE_M, y) &&
          plan.isFree(x, y + CLEARANCE_M) &&
          plan.isFree(x, y - CLEARANCE_M);
        if (clear) {
          walkable[r * cols + c] = 1;
          cells.push(r * cols + c);
        }
      }
    }
    return { plan, cols, rows, walkable, cells };
  }

  const grid = (level: number): Grid => grids.get(level) ?? grids.values().next().value!;
  const centre = (g: Grid, cell: number): Point => [
    ((cell % g.cols) + 0.5) * CELL_M,
    (Math.floor(cell / g.cols) + 0.5) * CELL_M,
  ];

  function nearestCell(g: Grid, [x, y]: Point): number {
    let best = g.cells[0]!;
    let bestD = Number.POSITIVE_INFINITY;
    for (const cell of g.cells) {
      const [cx, cy] = centre(g, cell);
      const d = (cx - x) ** 2 + (cy - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = cell;
      }
    }
    return best;
  }

  function search(g: Grid, from: number, to: number): number[] | null {
    const previous = new Int32Array(g.walkable.length).fill(-1);
    previous[from] = from;
    const queue = [from];
    for (let head = 0; head < queue.length; head++) {
      const cell = queue[head]!;
      if (cell === to) break;
      const c = cell % g.cols;
      const r = Math.floor(cell / g.cols);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const nr = r + dr;
          const nc = c + dc;
          if (nr < 0 || nc < 0 || nr >= g.rows || nc >= g.cols) continue;
          const next = nr * g.cols + nc;
          if (!g.walkable[next] || previous[next] !== -1) continue;
          // No cutting corners diagonally past a shelf end.
          if (dr !== 0 && dc !== 0 && (!g.walkable[r * g.cols + nc] || !g.walkable[nr * g.cols + c]))
            continue;
          previous[next] = cell;
          queue.push(next);
        }
      }
    }
    if (previous[to] === -1) return null;
    const cells = [to];
    while (cells[cells.length - 1] !== from) cells.push(previous[cells[cells.length - 1]!]!);
    return cells.reverse();
  }

  /** Whether a shopper, not just a point, fits along a-b: the line and its two shoulders stay free. */
  function clear(plan: FloorPlan, [ax, ay]: Point, [bx, by]: Point): boolean {
    const length = Math.hypot(bx - ax, by - ay) || 1;
    const ox = (-(by - ay) / length) * CLEARANCE_M;
    const oy = ((bx - ax) / length) * CLEARANCE_M;
    return (
      plan.canWalk(ax, ay, bx, by) &&
      plan.canWalk(ax + ox, ay + oy, bx + ox, by + oy) &&
      plan.canWalk(ax - ox, ay - oy, bx - ox, by - oy)
    );
  }

  /** Keeps only the corners: from each kept point, jump to the farthest point still in straight sight. */
  function straighten(plan: FloorPlan, points: Point[]): Point[] {
    const kept: Point[] = [points[0]!];
    let i = 0;
    while (i < points.length - 1) {
      let j = points.length - 1;
      while (j > i + 1 && !clear(plan, points[i]!, points[j]!)) j--;
      kept.push(points[j]!);
      i = j;
    }
    return kept;
  }

  return {
    route(level, a, b) {
      const g = grid(level);
      const cells = search(g, nearestCell(g, a), nearestCell(g, b));
      if (!cells) return [a, b];
      return straighten(g.plan, [a, ...cells.map((c) => centre(g, c)), b]);
    },
    randomSpot(level, rng) {
      const g = grid(level);
      return centre(g, g.cells[Math.floor(rng.next() * g.cells.length)]!);
    },
    nearestSpot(level, p) {
      const g = grid(level);
      return centre(g, nearestCell(g, p));
    },
  };
}
