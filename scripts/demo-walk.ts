/**
 * The demo stores' calibration walks, done once as a clerk would through the API: open a walk on each
 * level, record what the simulated reference phone heard at each marked spot (the same radio the demo's
 * shoppers walk in), fit. The fit sets the beacons' txPower and the store's exponent, and the walk becomes
 * the level's radio survey, so the live demo's blue dots come from a surveyed store.
 */
import type { FastifyInstance } from 'fastify';
import { DEMO_PASSWORD } from '../db/seed.js';
import { calibrationWalk } from '../sim/index.js';
import { type DemoStore, registryIdentity } from './demo-shoppers.js';

/** The demo account that walks: a brand admin may calibrate every store. */
const WALKER = 'admin@freshmart.demo';

/** Walks each level not walked before; returns one line per walk done. */
export async function walkDemoCalibrations(
  app: FastifyInstance,
  stores: readonly DemoStore[],
): Promise<string[]> {
  if (stores.length === 0) return [];
  const call = async (method: 'GET' | 'POST', url: string, token?: string, payload?: object) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const { token } = await call('POST', '/auth/login', undefined, { email: WALKER, password: DEMO_PASSWORD });
  const done: string[] = [];
  for (const store of stores) {
    const walked = await app.db.tenant(store.tenantId, async (tx) => {
      const { rows } = await tx.query<{ level: number }>(
        `SELECT DISTINCT level FROM calibration_sessions WHERE store_id = $1 AND source = 'walk' AND status = 'fitted'`,
        [store.storeId],
      );
      return new Set(rows.map((r) => r.level));
    });
    const identity = registryIdentity(store);
    const samples = calibrationWalk({ venue: store.venue, seed: store.seed });
    for (const { level } of store.venue.site.levels) {
      if (walked.has(level)) continue;
      const spots = new Map<string, { x: number; y: number; readings: { anchor: string; rssi: number }[] }>();
      for (const s of samples) {
        const beacon = identity.get(s.anchor);
        if (s.level !== level || !beacon) continue;
        const key = `${s.x},${s.y}`;
        const spot = spots.get(key) ?? { x: s.x, y: s.y, readings: [] };
        spots.set(key, spot);
        spot.readings.push({ anchor: `${beacon.uuid}:${beacon.major}:${beacon.minor}`, rssi: s.rssi });
      }
      const session = await call('POST', `/stores/${store.storeId}/calibration-sessions`, token, { level });
      for (const spot of spots.values())
        await call('POST', `/calibration-sessions/${session.id}/points`, token, spot);
      const fitted = await call('POST', `/calibration-sessions/${session.id}/fit`, token, {});
      done.push(
        `${store.code} level ${level}: ${spots.size} spots, exponent ${fitted.result.exponent.toFixed(2)}, residual ${fitted.result.residualDb.toFixed(1)} dB`,
      );
    }
  }
  return done;
}
