/**
 * A store's radio survey, for positioning's radio map: the readings of each level's latest fitted walk,
 * spot by spot. A beacon moved since that walk is left out (its readings describe where it hung then),
 * and so is one added since (the walk never heard it); a walk fitted before beacons' places were kept
 * with it (beacons_at) is not used, as that cannot be told.
 */
import type { Tx } from '../db/pool.js';
import { type Anchor, canonicalAnchorId, type SurveyPoint, surveyOf } from '../positioning/index.js';
import type { CalibrationPoint } from './calibration.js';

/** How far a beacon may have been nudged on the map since the walk and still keep its readings, metres. */
const MOVED_M = 0.5;

interface Walk {
  level: number;
  points: CalibrationPoint[];
  beacons_at: Record<string, [number, number, number]>;
  fitted_at: Date;
  /** The survey last made of it, and for which of its beacons still in place (their ids, sorted). */
  made?: { inPlace: string; survey: SurveyPoint[] };
}

/**
 * Walks read so far, by id and fit time. A fitted walk does not change (points are added only while it
 * is open, and a fit again moves its fit time), and the gateway asks for every store's site every few
 * seconds: the walks' readings, thousands a level, are read and parsed once.
 */
const walksRead = new Map<string, Walk>();
const KEEP_WALKS = 500;

/** The latest fitted walk of each level that kept where the beacons hung. */
async function latestWalks(tx: Tx, storeId: string): Promise<Walk[]> {
  const { rows: latest } = await tx.query<{ id: string; fitted_at: Date }>(
    `SELECT DISTINCT ON (level) id, fitted_at FROM calibration_sessions
     WHERE store_id = $1 AND source = 'walk' AND status = 'fitted' AND beacons_at IS NOT NULL
     ORDER BY level, fitted_at DESC`,
    [storeId],
  );
  const keyOf = (w: { id: string; fitted_at: Date }) => `${w.id}@${w.fitted_at.toISOString()}`;
  const unread = latest.filter((w) => !walksRead.has(keyOf(w)));
  if (unread.length > 0) {
    const { rows } = await tx.query<Walk & { id: string }>(
      'SELECT id, level, points, beacons_at, fitted_at FROM calibration_sessions WHERE id = ANY($1)',
      [unread.map((w) => w.id)],
    );
    for (const { id, ...walk } of rows) walksRead.set(keyOf({ id, fitted_at: walk.fitted_at }), walk);
  }
  return latest.flatMap((w) => {
    const walk = walksRead.get(keyOf(w));
    if (!walk) return [];
    // Most recently used last, so that the oldest goes first when there are too many.
    walksRead.delete(keyOf(w));
    walksRead.set(keyOf(w), walk);
    while (walksRead.size > KEEP_WALKS) walksRead.delete(walksRead.keys().next().value!);
    return [walk];
  });
}

/** Whether each of the level's beacons hangs where it did on the walk, by canonical anchor id. */
function stillInPlace(walk: Walk, anchors: readonly Anchor[]): Map<string, boolean> {
  const then = new Map(Object.entries(walk.beacons_at).map(([id, at]) => [canonicalAnchorId(id), at]));
  return new Map(
    anchors
      .filter((a) => a.level === walk.level)
      .map((a) => {
        const id = canonicalAnchorId(a.id);
        const at = then.get(id);
        return [id, !!at && a.level === at[2] && Math.hypot(a.x - at[0], a.y - at[1]) <= MOVED_M];
      }),
  );
}

export async function surveyForStore(
  tx: Tx,
  storeId: string,
  anchors: readonly Anchor[],
): Promise<SurveyPoint[]> {
  return (await latestWalks(tx, storeId)).flatMap((walk) => {
    const inPlace = stillInPlace(walk, anchors);
    // The gateway asks every few seconds; the means change only when a beacon moves in or out of place.
    const key = [...inPlace]
      .filter(([, stayed]) => stayed)
      .map(([id]) => id)
      .sort()
      .join(' ');
    if (walk.made?.inPlace !== key) {
      const survey = surveyOf(
        walk.points.flatMap((p) =>
          p.readings
            .map((r) => ({ ...r, anchor: canonicalAnchorId(r.anchor) }))
            .filter((r) => inPlace.get(r.anchor) === true)
            .map((r) => ({ anchor: r.anchor, rssi: r.rssi, x: p.x, y: p.y, level: walk.level })),
        ),
      );
      walk.made = { inPlace: key, survey };
    }
    return walk.made.survey;
  });
}

/** What the console shows a clerk: each level's radio map, and the beacons left out of it until the next walk. */
export interface SurveyStatus {
  level: number;
  walked_at: Date;
  spots: number;
  left_out: { anchor: string; why: 'moved' | 'added' }[];
}

export async function surveyStatus(
  tx: Tx,
  storeId: string,
  anchors: readonly Anchor[],
): Promise<SurveyStatus[]> {
  return (await latestWalks(tx, storeId)).map((walk) => {
    const known = new Set(Object.keys(walk.beacons_at).map(canonicalAnchorId));
    return {
      level: walk.level,
      walked_at: walk.fitted_at,
      spots: walk.points.length,
      left_out: [...stillInPlace(walk, anchors)]
        .filter(([, stayed]) => !stayed)
        .map(([anchor]) => ({ anchor, why: known.has(anchor) ? ('moved' as const) : ('added' as const) })),
    };
  });
}
