/**
 * A store's radio survey, for positioning's radio map: the readings of each level's latest fitted walk,
 * spot by spot. A beacon moved since that walk is left out (its readings describe where it hung then);
 * a walk fitted before beacons' places were kept with it (beacons_at) is not used, as that cannot be told.
 */
import type { Tx } from '../db/pool.js';
import { type Anchor, canonicalAnchorId, type SurveyPoint, surveyOf } from '../positioning/index.js';
import type { CalibrationPoint } from './calibration.js';

/** How far a beacon may have been nudged on the map since the walk and still keep its readings, metres. */
const MOVED_M = 0.5;

export async function surveyForStore(
  tx: Tx,
  storeId: string,
  anchors: readonly Anchor[],
): Promise<SurveyPoint[]> {
  const { rows } = await tx.query<{
    level: number;
    points: CalibrationPoint[];
    beacons_at: Record<string, [number, number, number]>;
  }>(
    `SELECT DISTINCT ON (level) level, points, beacons_at FROM calibration_sessions
     WHERE store_id = $1 AND source = 'walk' AND status = 'fitted' AND beacons_at IS NOT NULL
     ORDER BY level, fitted_at DESC`,
    [storeId],
  );
  const now = new Map(anchors.map((a) => [canonicalAnchorId(a.id), a]));
  return rows.flatMap(({ level, points, beacons_at }) => {
    const then = new Map(Object.entries(beacons_at).map(([id, at]) => [canonicalAnchorId(id), at]));
    const stayed = (id: string) => {
      const a = now.get(id);
      const at = then.get(id);
      return !!a && !!at && a.level === at[2] && Math.hypot(a.x - at[0], a.y - at[1]) <= MOVED_M;
    };
    return surveyOf(
      points.flatMap((p) =>
        p.readings
          .filter((r) => stayed(canonicalAnchorId(r.anchor)))
          .map((r) => ({ anchor: canonicalAnchorId(r.anchor), rssi: r.rssi, x: p.x, y: p.y, level })),
      ),
    );
  });
}
