/**
 * Predicted positioning accuracy of a beacon layout, per square metre, before anyone walks the
 * store: the Cramér-Rao bound of the log-distance model. Each beacon heard at distance d gives
 * position information (10·n / (σ·ln 10))² · û ûᵀ / d² along its direction û; the bound on the error
 * is √trace(J⁻¹) of their sum. Where fewer than three beacons are heard the bound says little, so such
 * cells get the cap. Suggestions: the spots where one more beacon lowers the mean bound most.
 */
import { boundingBox, insidePolygon, type Site } from '../positioning/index.js';

export interface AccuracyOptions {
  /** Cell size, metres. */
  cell: number;
  /** RSSI noise, dB: 4 to 6 in a shop with people in it. */
  sigmaDb: number;
  /** Weakest RSSI a phone reliably reports, dBm. */
  sensitivityDbm: number;
  /** Worst error reported, metres; cells heard by fewer than three beacons get it. */
  capM: number;
  /** Height of a phone in hand above its floor, metres. */
  phoneHeightM: number;
  suggestions: number;
}

export const DEFAULT_ACCURACY: AccuracyOptions = {
  cell: 1,
  sigmaDb: 5,
  sensitivityDbm: -90,
  capM: 10,
  phoneHeightM: 1.2,
  suggestions: 3,
};

export interface AccuracyMap {
  level: number;
  cell: number;
  /** Lower-left corner of the grid, metres. */
  origin: [number, number];
  cols: number;
  rows: number;
  /** Row-major from the south-west, metres; null where nobody can stand (outside, inside a shelf). */
  error_m: (number | null)[];
  mean_m: number;
  p90_m: number;
  /** Share of walkable cells worse than 3 m. */
  poor_share: number;
  suggestions: { x: number; y: number; mean_m: number; gain_m: number }[];
}

interface Info {
  xx: number;
  xy: number;
  yy: number;
  heard: number;
}

export function predictedAccuracy(
  site: Site,
  level: number,
  options: Partial<AccuracyOptions> = {},
): AccuracyMap | undefined {
  const o = { ...DEFAULT_ACCURACY, ...options };
  const floor = site.levels.find((l) => l.level === level);
  if (!floor) return undefined;
  const n = site.pathLossExponent ?? 2;
  const levelHeight = site.levelHeight ?? 4.5;
  const phoneZ = level * levelHeight + o.phoneHeightM;
  const k = ((10 * n) / (o.sigmaDb * Math.LN10)) ** 2;
  const xs = floor.outline.map((p) => p[0]);
  const ys = floor.outline.map((p) => p[1]);
  const x0 = Math.floor(Math.min(...xs));
  const y0 = Math.floor(Math.min(...ys));
  const cols = Math.ceil((Math.max(...xs) - x0) / o.cell);
  const rows = Math.ceil((Math.max(...ys) - y0) / o.cell);
  const cells: { i: number; x: number; y: number }[] = [];
  // Each shelf's box first: a big floor has hundreds of shelves, and a cell lies in the box of one at most.
  const obstacles = floor.obstacles.map((polygon) => ({ polygon, box: boundingBox(polygon) }));
  const onObstacle = (x: number, y: number) =>
    obstacles.some(
      ({ polygon, box }) =>
        x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY && insidePolygon(x, y, polygon),
    );
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = x0 + (c + 0.5) * o.cell;
      const y = y0 + (r + 0.5) * o.cell;
      if (!insidePolygon(x, y, floor.outline) || onObstacle(x, y)) continue;
      cells.push({ i: r * cols + c, x, y });
    }
  }
  const anchors = site.anchors.filter((a) => a.level === level);
  // Farther than this the beacon drops below the phone's sensitivity (taking the typical -59 dBm at 1 m).
  const range = (txPower: number) => 10 ** ((txPower - o.sensitivityDbm) / (10 * n));
  // Each beacon's reach, squared, worked out once rather than for every cell.
  const heardWithin = anchors.map((a) => ({ a, reach2: range(a.txPower) ** 2 }));
  const add = (info: Info, { a, reach2 }: (typeof heardWithin)[number], x: number, y: number) => {
    const dx = x - a.x;
    const dy = y - a.y;
    const d2 = dx * dx + dy * dy + (phoneZ - a.z) ** 2;
    if (d2 > reach2) return;
    const w = k / (d2 * d2);
    info.xx += w * dx * dx;
    info.xy += w * dx * dy;
    info.yy += w * dy * dy;
    info.heard += 1;
  };
  const boundOf = (xx: number, xy: number, yy: number, heard: number): number => {
    const det = xx * yy - xy * xy;
    if (heard < 3 || det <= 1e-12) return o.capM;
    return Math.min(o.capM, Math.sqrt((xx + yy) / det));
  };
  const bound = (info: Info) => boundOf(info.xx, info.xy, info.yy, info.heard);
  const infos = cells.map((cell) => {
    const info: Info = { xx: 0, xy: 0, yy: 0, heard: 0 };
    for (const beacon of heardWithin) add(info, beacon, cell.x, cell.y);
    return info;
  });
  const errors = infos.map(bound);
  const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);
  const meanNow = mean(errors);

  // Try a ceiling beacon over the walkable cells of a 2 m lattice: keep the best, at least 5 m apart.
  // Asked for none (a plan's figures only), the search is skipped: it costs a full map per spot, which
  // is why each spot's map is summed in place, with nothing allocated per cell (a 100 × 80 m floor took
  // 4.6 s with a copy of every cell's information per spot, over every other cell of the list).
  const ceilingDz2 = (phoneZ - (level * levelHeight + 3)) ** 2;
  const reach2 = range(-59) ** 2;
  const total = errors.reduce((sum, e) => sum + e, 0);
  const tried: { x: number; y: number; mean_m: number; gain_m: number }[] = [];
  for (const spot of o.suggestions > 0 ? cells : []) {
    if ((spot.i % cols) % 2 !== 0 || Math.floor(spot.i / cols) % 2 !== 0) continue;
    let after = total;
    for (let j = 0; j < cells.length; j++) {
      const cell = cells[j]!;
      const dx = cell.x - spot.x;
      const dy = cell.y - spot.y;
      const d2 = dx * dx + dy * dy + ceilingDz2;
      if (d2 > reach2) continue;
      const w = k / (d2 * d2);
      const info = infos[j]!;
      after += boundOf(info.xx + w * dx * dx, info.xy + w * dx * dy, info.yy + w * dy * dy, info.heard + 1);
      after -= errors[j]!;
    }
    const mean_m = after / cells.length;
    tried.push({ x: spot.x, y: spot.y, mean_m, gain_m: meanNow - mean_m });
  }
  tried.sort((a, b) => b.gain_m - a.gain_m);
  const suggestions: AccuracyMap['suggestions'] = [];
  for (const t of tried) {
    if (suggestions.length >= o.suggestions || t.gain_m <= 1e-6) break;
    if (suggestions.every((s) => Math.hypot(s.x - t.x, s.y - t.y) >= 5)) suggestions.push(t);
  }

  const grid: (number | null)[] = new Array(cols * rows).fill(null);
  cells.forEach((cell, j) => {
    grid[cell.i] = Math.round(errors[j]! * 100) / 100;
  });
  const sorted = [...errors].sort((a, b) => a - b);
  return {
    level,
    cell: o.cell,
    origin: [x0, y0],
    cols,
    rows,
    error_m: grid,
    mean_m: meanNow,
    p90_m: sorted[Math.floor(sorted.length * 0.9)] ?? 0,
    poor_share: errors.length ? errors.filter((e) => e > 3).length / errors.length : 0,
    suggestions,
  };
}
