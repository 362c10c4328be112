/**
 * The radio map of a surveyed store: how much louder or quieter each beacon is, spot by spot, than the
 * path-loss model says. Shadowing (a pillar, a fridge, a metal shelf's reflection) is the same every time a
 * shopper passes the same spot, so no filter averages it away; it is most of the error left at 6-10 m beacon
 * spacing. A survey (an installer scanning at marked points, the calibration walk) measures it where it was
 * walked; the map smooths those residuals into a 1 m grid per beacon, shrunk towards 0 (the model) where
 * few readings tell, and the likelihood expects each reading that much louder or quieter.
 */
import type { CalibrationSample } from './calibration.js';
import type { SurveyPoint } from './types.js';

/** One beacon's correction, dB, on a 1 m grid over the part of its level the survey heard it; 0 beyond. */
export interface RadioGrid {
  x0: number;
  y0: number;
  cols: number;
  rows: number;
  values: Float32Array;
}

const CELL_M = 1;
/**
 * Kernel width: a little under the shadowing's correlation length in stores (3-5 m). 1.5 and 3 m did
 * worse than 2 with the 4 m walk (sparse store p90 3.83 and 4.06 m against 3.79, seed 7).
 */
const KERNEL_M = 2;
/**
 * Readings' worth of the model's own say (0 dB) at a cell. One reading's: the walk's readings a few metres
 * off tell more than the model does (2 and 4 cost 0.1-0.5 m of p90 over seeds 7 and 11; 0.5 no better).
 */
const PRIOR_READINGS = 1;

/** Where the map needs to know the model: one beacon's expected RSSI at a spot on its level. */
export interface MapModel {
  anchorIndex: ReadonlyMap<string, number>;
  anchors: readonly { level: number }[];
  /** Bounds of each level's outline. */
  bounds(level: number): { minX: number; minY: number; maxX: number; maxY: number } | undefined;
  expected(anchor: number, x: number, y: number, level: number): number;
}

/**
 * One grid per anchor index; undefined for a beacon the survey never heard on its own level. Each grid
 * covers only the spots that heard its beacon, plus the kernel's reach (where the correction has fallen
 * to nothing), so memory goes with the survey, not with the store's size times its beacons.
 */
export function radioGrids(model: MapModel, survey: readonly SurveyPoint[]): (RadioGrid | undefined)[] {
  const reach = Math.ceil((3 * KERNEL_M) / CELL_M);
  const heardAt = model.anchors.map(
    () => [] as { x: number; y: number; readings: number; residual: number }[],
  );
  for (const point of survey) {
    for (const heard of point.beacons) {
      const a = model.anchorIndex.get(heard.anchor);
      if (a === undefined || model.anchors[a]!.level !== point.level || !(heard.readings > 0)) continue;
      const residual = heard.rssi - model.expected(a, point.x, point.y, point.level);
      heardAt[a]!.push({ x: point.x, y: point.y, readings: heard.readings, residual });
    }
  }
  return heardAt.map((spots, a) => {
    const box = model.bounds(model.anchors[a]!.level);
    if (spots.length === 0 || !box) return undefined;
    // Cells on the level's own lattice (from its box's corner), clipped to the box.
    const cell = (v: number, min: number) => Math.round((v - min) / CELL_M);
    const lastCol = cell(box.maxX, box.minX);
    const lastRow = cell(box.maxY, box.minY);
    const i0 = Math.max(0, Math.min(...spots.map((s) => cell(s.x, box.minX))) - reach);
    const j0 = Math.max(0, Math.min(...spots.map((s) => cell(s.y, box.minY))) - reach);
    const i1 = Math.min(lastCol, Math.max(...spots.map((s) => cell(s.x, box.minX))) + reach);
    const j1 = Math.min(lastRow, Math.max(...spots.map((s) => cell(s.y, box.minY))) + reach);
    if (i1 < i0 || j1 < j0) return undefined;
    const grid: RadioGrid = {
      x0: box.minX + i0 * CELL_M,
      y0: box.minY + j0 * CELL_M,
      cols: i1 - i0 + 1,
      rows: j1 - j0 + 1,
      values: new Float32Array((i1 - i0 + 1) * (j1 - j0 + 1)),
    };
    const sums = new Float64Array(grid.values.length);
    const weights = new Float64Array(grid.values.length);
    for (const spot of spots) {
      const ci = cell(spot.x, grid.x0);
      const cj = cell(spot.y, grid.y0);
      for (let j = Math.max(0, cj - reach); j <= Math.min(grid.rows - 1, cj + reach); j++) {
        for (let i = Math.max(0, ci - reach); i <= Math.min(grid.cols - 1, ci + reach); i++) {
          const dx = grid.x0 + i * CELL_M - spot.x;
          const dy = grid.y0 + j * CELL_M - spot.y;
          const k = spot.readings * Math.exp(-(dx * dx + dy * dy) / (2 * KERNEL_M * KERNEL_M));
          sums[j * grid.cols + i]! += k * spot.residual;
          weights[j * grid.cols + i]! += k;
        }
      }
    }
    for (let c = 0; c < sums.length; c++) grid.values[c] = sums[c]! / (PRIOR_READINGS + weights[c]!);
    return grid;
  });
}

/** The correction at (x, y), bilinear between cells; 0 off the grid (where the survey did not reach). */
export function correctionAt(grid: RadioGrid, x: number, y: number): number {
  const fx = (x - grid.x0) / CELL_M;
  const fy = (y - grid.y0) / CELL_M;
  if (fx < 0 || fy < 0 || fx > grid.cols - 1 || fy > grid.rows - 1) return 0;
  const i = Math.min(grid.cols - 2, Math.floor(fx));
  const j = Math.min(grid.rows - 2, Math.floor(fy));
  if (i < 0 || j < 0) return grid.values[Math.round(fy) * grid.cols + Math.round(fx)]!;
  const tx = fx - i;
  const ty = fy - j;
  const v = grid.values;
  const c = grid.cols;
  const top = v[j * c + i]! * (1 - tx) + v[j * c + i + 1]! * tx;
  const bottom = v[(j + 1) * c + i]! * (1 - tx) + v[(j + 1) * c + i + 1]! * tx;
  return top * (1 - ty) + bottom * ty;
}

/** A survey's readings grouped by the spot they were taken at: each beacon's mean RSSI there. */
export function surveyOf(samples: readonly CalibrationSample[]): SurveyPoint[] {
  const spots = new Map<
    string,
    { level: number; x: number; y: number; sums: Map<string, [number, number]> }
  >();
  for (const s of samples) {
    if (!Number.isFinite(s.rssi)) continue;
    const key = `${s.level}:${s.x}:${s.y}`;
    let spot = spots.get(key);
    if (!spot) {
      spot = { level: s.level, x: s.x, y: s.y, sums: new Map() };
      spots.set(key, spot);
    }
    const sum = spot.sums.get(s.anchor) ?? [0, 0];
    sum[0] += s.rssi;
    sum[1] += 1;
    spot.sums.set(s.anchor, sum);
  }
  return [...spots.values()].map(({ level, x, y, sums }) => ({
    level,
    x,
    y,
    beacons: [...sums].map(([anchor, [total, readings]]) => ({ anchor, rssi: total / readings, readings })),
  }));
}
