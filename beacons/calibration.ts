/**
 * Calibration sessions: the console shows a clerk where to stand (a walk over marked points near the
 * beacons), the phone reports what it heard at each point, and the positioning engine's fit updates
 * every beacon's txPower and the store's path-loss exponent.
 */
import type { Tx } from '../db/pool.js';
import type { NodeSighting } from '../gateway/index.js';
import {
  type CalibrationFit,
  type CalibrationSample,
  calibrate,
  insidePolygon,
  type Site,
} from '../positioning/index.js';
import { beaconSettings, setBeaconSettings } from './registry.js';
import { siteForStore } from './site.js';

export interface CalibrationPoint {
  x: number;
  y: number;
  /** Height above the site's origin of a scanner on the ceiling; a hand-held phone's when absent. */
  z?: number;
  readings: { anchor: string; rssi: number }[];
}

export type RecordedPoint = Omit<CalibrationPoint, 'readings'> & { readings: number };

/** Where a session's readings come from: a clerk's walk, or fixed scanners hearing each other's beacons. */
export type CalibrationSource = 'walk' | 'scanners';

export interface CalibrationSession {
  id: string;
  store_id: string;
  level: number;
  source: CalibrationSource;
  status: 'open' | 'fitted';
  /** Where to stand next, in walking order; points already recorded are left out (none from scanners). */
  guide: { x: number; y: number }[];
  /**
   * The points recorded, each with how many readings: the readings themselves stay with the session for the
   * fit. A 2 m walk records some 600 points of a few dozen readings, and the phone posting each point
   * would otherwise get all of them back every time.
   */
  points: RecordedPoint[];
  result: (CalibrationFit & { previous_exponent: number }) | null;
  created_at: Date;
  fitted_at: Date | null;
}

/**
 * How far apart scanners' readings of each other's beacons still teach the fit: on a regular ceiling
 * grid the neighbours all stand at one spacing, and the exponent needs more than one distance (the
 * diagonal, the next but one); ceiling to ceiling, above the shelves, is clearer than a phone's view.
 */
const SCANNER_RANGE_M = 12.5;

/** Readings farther than this from every beacon teach the fit nothing (see positioning's calibration). */
const USEFUL_RANGE_M = 7;

/** The walk's usual distance between marked points, metres. */
export const DEFAULT_SPACING_M = 4;

/**
 * Beacons hanging this far apart need the 2 m walk: in the benchmark the 4 m walk takes stores with beacons
 * 6 m apart within 3 m at the 90th percentile and leaves those 10 m apart (one per 100 m²) just over it;
 * their 2 m walk takes them within (docs/benchmarks.md). An 8 m grid stays with the 4 m walk.
 */
const SPARSE_BEACONS_M = 9;

/** How far a level's beacons hang apart: the median distance from each to its nearest; null under two. */
export function beaconsApart(site: Site, level: number): number | null {
  const anchors = site.anchors.filter((a) => a.level === level);
  if (anchors.length < 2) return null;
  const nearest = anchors
    .map((a) => Math.min(...anchors.filter((b) => b !== a).map((b) => Math.hypot(a.x - b.x, a.y - b.y))))
    .sort((a, b) => a - b);
  return nearest[Math.floor(nearest.length / 2)]!;
}

/** The walk beacons hanging `apart` (beaconsApart) call for: points every 2 m where sparse, else every 4 m. */
export function walkSpacingFor(apart: number | null): number {
  return (apart ?? 0) >= SPARSE_BEACONS_M ? 2 : DEFAULT_SPACING_M;
}

/**
 * Marked points on a grid, in a serpentine walk (west to east, then back) so the clerk never doubles
 * back, kept to where one can stand and some beacon is within useful range.
 */
export function calibrationWalk(
  site: Site,
  level: number,
  spacing = DEFAULT_SPACING_M,
): { x: number; y: number }[] {
  const floor = site.levels.find((l) => l.level === level);
  if (!floor) return [];
  const anchors = site.anchors.filter((a) => a.level === level);
  const xs = floor.outline.map((p) => p[0]);
  const ys = floor.outline.map((p) => p[1]);
  const walk: { x: number; y: number }[] = [];
  let row = 0;
  for (let y = Math.min(...ys) + spacing / 2; y < Math.max(...ys); y += spacing, row++) {
    const line: { x: number; y: number }[] = [];
    for (let x = Math.min(...xs) + spacing / 2; x < Math.max(...xs); x += spacing) {
      // A row that lands on a shelf moves a little north or south into the aisle beside it.
      const spot = [0, -1, 1, -1.5, 1.5].map((dy) => ({ x, y: y + dy })).find((p) => clearOf(p, floor));
      if (!spot || !anchors.some((a) => Math.hypot(a.x - spot.x, a.y - spot.y) <= USEFUL_RANGE_M)) continue;
      line.push(spot);
    }
    walk.push(...(row % 2 === 0 ? line : line.reverse()));
  }
  return walk;
}

/** Half a metre of room around a marked point: room to stand, and no doubt which side of a shelf it is. */
const ROOM_M = 0.5;

function clearOf(p: { x: number; y: number }, floor: Site['levels'][number]): boolean {
  const around = [
    [p.x, p.y],
    [p.x - ROOM_M, p.y],
    [p.x + ROOM_M, p.y],
    [p.x, p.y - ROOM_M],
    [p.x, p.y + ROOM_M],
  ] as const;
  return around.every(
    ([x, y]) => insidePolygon(x, y, floor.outline) && !floor.obstacles.some((o) => insidePolygon(x, y, o)),
  );
}

interface Row {
  id: string;
  store_id: string;
  level: number;
  source: CalibrationSource;
  status: 'open' | 'fitted';
  spacing_m: number;
  points: CalibrationPoint[];
  result: CalibrationSession['result'];
  created_at: Date;
  fitted_at: Date | null;
}

const COLUMNS = 'id, store_id, level, source, status, spacing_m, points, result, created_at, fitted_at';

async function present(tx: Tx, row: Row): Promise<CalibrationSession> {
  const site = await siteForStore(tx, row.store_id, { survey: false });
  const done = new Set(row.points.map((p) => `${p.x},${p.y}`));
  const guide =
    row.status === 'open' && row.source === 'walk' && site
      ? calibrationWalk(site, row.level, row.spacing_m).filter((p) => !done.has(`${p.x},${p.y}`))
      : [];
  return { ...row, points: row.points.map((p) => ({ ...p, readings: p.readings.length })), guide };
}

export async function openCalibration(
  tx: Tx,
  tenantId: string,
  storeId: string,
  level: number,
  points: CalibrationPoint[] = [],
  source: CalibrationSource = 'walk',
  spacingM = DEFAULT_SPACING_M,
): Promise<CalibrationSession> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO calibration_sessions (tenant_id, store_id, level, source, points, spacing_m)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [tenantId, storeId, level, source, JSON.stringify(points), spacingM],
  );
  return present(tx, rows[0]!);
}

/**
 * The points of a calibration from fixed scanners (the gateway's node sightings): one per hearing
 * scanner on `level`, at its beacon's place and height, with every reading it took of the level's other
 * beacons.
 */
export function scannerPoints(
  site: Site,
  level: number,
  readings: readonly Pick<NodeSighting, 'at' | 'heard' | 'rssi'>[],
): CalibrationPoint[] {
  const onLevel = new Map(site.anchors.filter((a) => a.level === level).map((a) => [a.id, a]));
  const points = new Map<string, CalibrationPoint>();
  for (const r of readings) {
    const at = onLevel.get(r.at);
    if (!at || !onLevel.has(r.heard) || r.heard === r.at) continue;
    const point = points.get(r.at) ?? { x: at.x, y: at.y, z: at.z, readings: [] };
    points.set(r.at, point);
    point.readings.push({ anchor: r.heard, rssi: r.rssi });
  }
  return [...points.values()];
}

export async function getCalibration(tx: Tx, id: string): Promise<CalibrationSession | undefined> {
  const row = (await tx.query<Row>(`SELECT ${COLUMNS} FROM calibration_sessions WHERE id = $1`, [id]))
    .rows[0];
  return row && present(tx, row);
}

/** The store a session belongs to, without reading its points; undefined for an unknown session. */
export async function calibrationStore(tx: Tx, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ store_id: string }>(
    'SELECT store_id FROM calibration_sessions WHERE id = $1',
    [id],
  );
  return rows[0]?.store_id;
}

/** Records what the phone heard standing at one point; undefined when the session is unknown or closed. */
export async function recordCalibrationPoint(
  tx: Tx,
  id: string,
  point: CalibrationPoint,
): Promise<CalibrationSession | undefined> {
  const { rows } = await tx.query<Row>(
    `UPDATE calibration_sessions SET points = points || $2::jsonb WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
    [id, JSON.stringify([point])],
  );
  return rows[0] && present(tx, rows[0]);
}

/**
 * Fits txPower per beacon and the path-loss exponent from the session's readings and writes them to
 * the registry and the store's settings. Beacons heard too seldom keep their txPower (the fit says so).
 * Where each beacon hung is kept with the session: a fitted walk is also the level's radio survey
 * (survey.ts), minus the beacons moved since.
 */
export async function fitCalibration(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<CalibrationSession | undefined> {
  const row = (
    await tx.query<Row>(`SELECT ${COLUMNS} FROM calibration_sessions WHERE id = $1 FOR UPDATE`, [id])
  ).rows[0];
  if (!row) return undefined;
  const site = await siteForStore(tx, row.store_id, { survey: false });
  if (!site) return undefined;
  const samples: CalibrationSample[] = row.points.flatMap((p) =>
    p.readings.map((r) => ({
      anchor: r.anchor,
      rssi: r.rssi,
      x: p.x,
      y: p.y,
      level: row.level,
      ...(p.z === undefined ? {} : { z: p.z }),
    })),
  );
  const fit = calibrate(site, samples, row.source === 'scanners' ? { maxDistanceM: SCANNER_RANGE_M } : {});
  const previous = (await beaconSettings(tx, row.store_id)).path_loss_exponent;
  for (const a of fit.anchors) {
    const [uuid, major, minor] = a.id.split(':');
    await tx.query(
      'UPDATE beacons SET tx_power = $5 WHERE store_id = $1 AND uuid = $2 AND major = $3 AND minor = $4',
      [row.store_id, uuid, Number(major), Number(minor), Math.round(a.txPower)],
    );
  }
  if (fit.samples > 0)
    await setBeaconSettings(tx, tenantId, row.store_id, {
      path_loss_exponent: Math.min(6, Math.max(1, fit.exponent)),
    });
  const beaconsAt = Object.fromEntries(site.anchors.map((a) => [a.id, [a.x, a.y, a.level]]));
  const { rows } = await tx.query<Row>(
    `UPDATE calibration_sessions SET status = 'fitted', fitted_at = now(), result = $2, beacons_at = $3
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, JSON.stringify({ ...fit, previous_exponent: previous }), JSON.stringify(beaconsAt)],
  );
  return present(tx, rows[0]!);
}
