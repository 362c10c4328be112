/**
 * Map awareness: an occupancy grid of one level, built once per site and shared by every device.
 * A grid answers "may a shopper stand here / walk from here to there" in a few array reads, which is what
 * a particle filter needs hundreds of times per scan; exact polygon tests would cost a hundred times more.
 */
import { type Box, boundingBox, insidePolygon } from './geometry.js';
import type { Level, Point } from './types.js';

/** Small enough to keep a 0.6 m shelf and a 1 m aisle apart, large enough to stay under a few MB. */
export const CELL_M = 0.2;

export interface FloorPlan {
  level: number;
  bounds: Box;
  isFree(x: number, y: number): boolean;
  /** Whether the straight walk between two points stays on free cells. */
  canWalk(x0: number, y0: number, x1: number, y1: number): boolean;
  /** The centre of the free cell nearest to (x, y), or the point itself when it is free. */
  nearestFree(x: number, y: number): Point;
}

export function floorPlan(level: Level): FloorPlan {
  const box = boundingBox(level.outline);
  const cols = Math.max(1, Math.ceil((box.maxX - box.minX) / CELL_M));
  const rows = Math.max(1, Math.ceil((box.maxY - box.minY) / CELL_M));
  const free = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = box.minX + (c + 0.5) * CELL_M;
      const y = box.minY + (r + 0.5) * CELL_M;
      free[r * cols + c] = insidePolygon(x, y, level.outline) ? 1 : 0;
    }
  }
  for (const obstacle of level.obstacles) blockObstacle(obstacle);

  function blockObstacle(obstacle: readonly Point[]): void {
    const ob = boundingBox(obstacle);
    const c0 = Math.max(0, Math.floor((ob.minX - box.minX) / CELL_M));
    const c1 = Math.min(cols - 1, Math.floor((ob.maxX - box.minX) / CELL_M));
    const r0 = Math.max(0, Math.floor((ob.minY - box.minY) / CELL_M));
    const r1 = Math.min(rows - 1, Math.floor((ob.maxY - box.minY) / CELL_M));
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const x = box.minX + (c + 0.5) * CELL_M;
        const y = box.minY + (r + 0.5) * CELL_M;
        if (insidePolygon(x, y, obstacle)) free[r * cols + c] = 0;
      }
    }
    // Walls thinner than a cell have no cell centre inside them: block the cells their edges pass through.
    for (let i = 0, j = obstacle.length - 1; i < obstacle.length; j = i++) {
      const [ax, ay] = obstacle[j]!;
      const [bx, by] = obstacle[i]!;
      const steps = Math.ceil(Math.hypot(bx - ax, by - ay) / (CELL_M / 2)) + 1;
      for (let s = 0; s <= steps; s++) {
        const cell = cellAt(ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps);
        if (cell >= 0) free[cell] = 0;
      }
    }
  }

  function cellAt(x: number, y: number): number {
    const c = Math.floor((x - box.minX) / CELL_M);
    const r = Math.floor((y - box.minY) / CELL_M);
    return c < 0 || r < 0 || c >= cols || r >= rows ? -1 : r * cols + c;
  }

  function isFree(x: number, y: number): boolean {
    const cell = cellAt(x, y);
    return cell >= 0 && free[cell] === 1;
  }

  function centre(cell: number): Point {
    return [box.minX + ((cell % cols) + 0.5) * CELL_M, box.minY + (Math.floor(cell / cols) + 0.5) * CELL_M];
  }

  return {
    level: level.level,
    bounds: box,
    isFree,
    canWalk(x0, y0, x1, y1) {
      const steps = Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / CELL_M);
      // In cells from the grid's corner, stepping along: every particle walks through here each scan.
      const c0 = (x0 - box.minX) / CELL_M;
      const r0 = (y0 - box.minY) / CELL_M;
      const dc = (x1 - x0) / CELL_M / steps;
      const dr = (y1 - y0) / CELL_M / steps;
      for (let s = 1; s <= steps; s++) {
        const c = Math.floor(c0 + dc * s);
        const r = Math.floor(r0 + dr * s);
        if (c < 0 || r < 0 || c >= cols || r >= rows || free[r * cols + c] !== 1) return false;
      }
      return steps > 0 || isFree(x1, y1);
    },
    nearestFree(x, y) {
      if (isFree(x, y)) return [x, y];
      const c = Math.min(cols - 1, Math.max(0, Math.floor((x - box.minX) / CELL_M)));
      const r = Math.min(rows - 1, Math.max(0, Math.floor((y - box.minY) / CELL_M)));
      // Square rings outwards; the first free cell of a ring is within a cell of the true nearest.
      for (let ring = 1; ring < Math.max(cols, rows); ring++) {
        let best = -1;
        let bestD = Number.POSITIVE_INFINITY;
        for (let rr = r - ring; rr <= r + ring; rr++) {
          for (let cc = c - ring; cc <= c + ring; cc++) {
            const onRing = Math.abs(rr - r) === ring || Math.abs(cc - c) === ring;
            if (!onRing || rr < 0 || cc < 0 || rr >= rows || cc >= cols || !free[rr * cols + cc]) continue;
            const d = (rr - r) ** 2 + (cc - c) ** 2;
            if (d < bestD) {
              bestD = d;
              best = rr * cols + cc;
            }
          }
        }
        if (best >= 0) return centre(best);
      }
      return [x, y];
    },
  };
}
