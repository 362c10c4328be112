/**
 * A store's radio map: how much louder or quieter each beacon is, spot by spot, than the path-loss model
 * says. Shadowing (a pillar, a fridge, a metal shelf's reflection) is the same every time a
 * shopper passes the same spot, so no filter averages it away; it is most of the error left at 6-10 m beacon
 * spacing. A survey (an installer scanning at marked points, the calibration walk) measures it where it was
 * walked; the map smooths those residuals into a 1 m grid per beacon, shrunk towards 0 (the model) where
 * few readings tell, and the likelihood expects each reading that much louder or quieter. Where a level was
 * not surveyed, its shoppers' fixes fill the same kind of grid (radio-learner.ts).
 */
import Flatbush from 'flatbush';
import type { CalibrationSample } from './calibration.js';
import type { SurveyPoint } from './types.js';

/**
 * One beacon's correction, dB, on a 1 m grid over the part of its level the survey heard it and the shoppers
 * may teach it (radio-learner.ts); 0 beyond. Kept as the kernel-weighted sums of residuals and their weights,
 * so that a reading learnt later adds to what is there.
 */
export interface RadioGrid {
  x0: number;
  y0: number;
  cols: number;
  rows: number;
  values: Float32Array;
  sums: Float32Array;
  weights: Float32Array;
  /** Readings' worth after which a cell's correction shows and stays (0: at once, and it goes on learning). */
  known: number;
  /** The kernel's width, metres; KERNEL_M when absent. */
  kernelM?: number;
}

const CELL_M = 1;
/**
 * Kernel width: a little under the shadowing's correlation length in stores (3-5 m). 1.5 and 3 m did
 * worse than 2 with the 4 m walk (sparse store p90 3.83 and 4.06 m against 3.79, seed 7). The shoppers'
 * map (radio-learner.ts) keeps it; a survey's is half its points' spacing, within these bounds.
 */
export const KERNEL_M = 2;
/**
 * The narrowest a survey's kernel goes, metres. A 2 m walk smoothed at 2 m lost most of what it measured
 * (the kernel keeps only a tenth of shadowing that changes over 6 m); at 1 m, five scans a point, the
 * sparse store went from 1.14/2.78 m (median/p90) to 0.89/2.38, the harsh untuned radio from 1.31/3.14 to
 * 0.92/2.68 (seed 7, 300 s, a throwaway script; docs/benchmarks-history.md); a 4 m walk at 1 m was worse (p90 3.58
 * against 3.10).
 */
const MIN_KERNEL_M = 1;
/** Cells within this many of a reading take a share of it: the kernel has fallen to 1% beyond. */
const reachOf = (kernelM: number) => Math.ceil((3 * kernelM) / CELL_M);
/**
 * Readings' worth of the model's own say (0 dB) at a cell. One reading's: the walk's readings a few metres
 * off tell more than the model does (2 and 4 cost 0.1-0.5 m of p90 over seeds 7 and 11; 0.5 no better).
 */
const PRIOR_READINGS = 1;

export interface Area {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Where the map needs to know the model: one beacon's expected RSSI at a spot on its level. */
export interface MapModel {
  anchorIndex: ReadonlyMap<string, number>;
  anchors: readonly { level: number }[];
  /** Bounds of each level's outline. */
  bounds(level: number): Area | undefined;
  expected(anchor: number, x: number, y: number, level: number): number;
}

/** An empty grid over `area` and the kernel's reach around it, on the level box's lattice, clipped to it. */
export function emptyGrid(box: Area, area: Area, known = 0, kernelM = KERNEL_M): RadioGrid | undefined {
  const cell = (v: number, min: number) => Math.round((v - min) / CELL_M);
  const reach = reachOf(kernelM);
  const i0 = Math.max(0, cell(area.minX, box.minX) - reach);
  const j0 = Math.max(0, cell(area.minY, box.minY) - reach);
  const i1 = Math.min(cell(box.maxX, box.minX), cell(area.maxX, box.minX) + reach);
  const j1 = Math.min(cell(box.maxY, box.minY), cell(area.maxY, box.minY) + reach);
  if (i1 < i0 || j1 < j0) return undefined;
  const size = (i1 - i0 + 1) * (j1 - j0 + 1);
  return {
    x0: box.minX + i0 * CELL_M,
    y0: box.minY + j0 * CELL_M,
    cols: i1 - i0 + 1,
    rows: j1 - j0 + 1,
    values: new Float32Array(size),
    sums: new Float32Array(size),
    weights: new Float32Array(size),
    known,
    ...(kernelM === KERNEL_M ? {} : { kernelM }),
  };
}

/** The kernel's factors along one axis, shared (the engine is single-threaded). */
const along = [
  new Float64Array(2 * reachOf(KERNEL_M) + 1),
  new Float64Array(2 * reachOf(KERNEL_M) + 1),
] as const;

/**
 * Adds one residual (dB the beacon read above the model) heard at (x, y), worth `readings` readings, to the
 * grid's cells within the kernel's reach. A cell's correction shows once the grid's `known` readings' worth
 * have told of it, and from then on it stays as it is: what it learns is no longer added (why:
 * radio-learner.ts). Returns how many cells came to show by this reading (none where `known` is 0: there
 * every cell shows from its first reading).
 */
export function addResidual(
  grid: RadioGrid,
  x: number,
  y: number,
  residual: number,
  readings: number,
): number {
  const known = grid.known;
  const kernel = grid.kernelM ?? KERNEL_M;
  const reach = reachOf(kernel);
  const ci = Math.round((x - grid.x0) / CELL_M);
  const cj = Math.round((y - grid.y0) / CELL_M);
  const [i0, i1] = [Math.max(0, ci - reach), Math.min(grid.cols - 1, ci + reach)];
  const [j0, j1] = [Math.max(0, cj - reach), Math.min(grid.rows - 1, cj + reach)];
  if (i1 < i0 || j1 < j0) return 0;
  // The Gaussian is separable: one exp per row and per column, not per cell.
  const [kx, ky] = along;
  const spread = 2 * kernel * kernel;
  let shown = 0;
  for (let i = i0; i <= i1; i++) kx[i - i0] = Math.exp(-((grid.x0 + i * CELL_M - x) ** 2) / spread);
  for (let j = j0; j <= j1; j++)
    ky[j - j0] = readings * Math.exp(-((grid.y0 + j * CELL_M - y) ** 2) / spread);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const c = j * grid.cols + i;
      if (known > 0 && grid.weights[c]! >= known) continue;
      const k = kx[i - i0]! * ky[j - j0]!;
      const before = grid.weights[c]!;
      grid.sums[c]! += k * residual;
      grid.weights[c]! += k;
      if (grid.weights[c]! >= known) {
        grid.values[c] = grid.sums[c]! / (PRIOR_READINGS + grid.weights[c]!);
        if (before < known) shown += 1;
      }
    }
  }
  return shown;
}

/**
 * One grid per anchor index; undefined for a beacon the survey never heard on its own level. Each grid
 * covers only the spots that heard its beacon, plus the kernel's reach and one cell more (where the
 * correction has faded to 0, so that it fades between cells rather than at the grid's edge): memory goes
 * with the survey, not with the store's size times its beacons.
 */
export function radioGrids(model: MapModel, survey: readonly SurveyPoint[]): (RadioGrid | undefined)[] {
  const kernels = new Map<number, number>();
  for (const level of new Set(survey.map((p) => p.level))) {
    const spacing = spacingOf(survey.filter((p) => p.level === level));
    kernels.set(level, Math.max(MIN_KERNEL_M, Math.min(KERNEL_M, spacing / 2)));
  }
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
    const level = model.anchors[a]!.level;
    const grid = emptyGrid(
      box,
      {
        minX: Math.min(...spots.map((s) => s.x)) - CELL_M,
        minY: Math.min(...spots.map((s) => s.y)) - CELL_M,
        maxX: Math.max(...spots.map((s) => s.x)) + CELL_M,
        maxY: Math.max(...spots.map((s) => s.y)) + CELL_M,
      },
      0,
      kernels.get(level),
    );
    if (!grid) return undefined;
    for (const spot of spots) addResidual(grid, spot.x, spot.y, spot.residual, spot.readings);
    return grid;
  });
}

/**
 * How far apart a level's survey spots stand: the upper quartile of each spot's distance to its nearest
 * other one (the walk's lattice; a point moved off a shelf stands nearer its neighbours), metres;
 * infinite for fewer than two spots.
 */
function spacingOf(spots: readonly { x: number; y: number }[]): number {
  if (spots.length < 2) return Number.POSITIVE_INFINITY;
  const index = new Flatbush(spots.length);
  for (const { x, y } of spots) index.add(x, y, x, y);
  index.finish();
  // The nearest of each spot is itself (or a spot walked twice); the next, its neighbour on the lattice.
  const nearest = spots.map(({ x, y }, i) => {
    const [other] = index.neighbors(x, y, 1, Number.POSITIVE_INFINITY, (j) => j !== i);
    return Math.hypot(spots[other!]!.x - x, spots[other!]!.y - y);
  });
  nearest.sort((a, b) => a - b);
  return nearest[Math.floor(0.75 * nearest.length)]!;
}

/** Whether any of the grid's cells shows its correction. */
export function showsAny(grid: RadioGrid): boolean {
  if (grid.known === 0) return true;
  return grid.weights.some((w) => w >= grid.known);
}

/** Whether the grid's correction near (x, y) is known (shows). */
export function isKnown(grid: RadioGrid, x: number, y: number): boolean {
  const i = Math.round((x - grid.x0) / CELL_M);
  const j = Math.round((y - grid.y0) / CELL_M);
  if (i < 0 || j < 0 || i >= grid.cols || j >= grid.rows) return false;
  const w = grid.weights[j * grid.cols + i]!;
  return w > 0 && w >= grid.known;
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
