/**
 * The demo stores' calibration walks, done once as a clerk would through the API: open a walk on each
 * level, record what the simulated reference phone heard at each marked spot (the same radio the demo's
 * shoppers walk in), fit. The fit sets the beacons' txPower and the store's exponent, and the walk becomes
 * the level's radio survey, so the live demo's blue dots come from a surveyed store.
 */
import type { FastifyInstance } from 'fastify';
import { anchorId } from '../beacons/index.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { calibrationWalk } from '../sim/index.js';
import { apiCaller, type Call } from './demo-api.js';
import { type DemoStore, registryIdentity } from './demo-shoppers.js';

/** The demo account that walks: a brand admin may calibrate every store. */
const WALKER = 'admin@freshmart.demo';

/** Walks each level not walked before; returns one line per walk done. */
export async function walkDemoCalibrations(
  app: FastifyInstance,
  stores: readonly DemoStore[],
): Promise<string[]> {
  if (stores.length === 0) return [];
  /** The answer's body; the demo cannot go on without it, so anything but success stops it, saying why. */
  const must = async <T>(call: Call, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const { status, body } = await call(method, url, payload);
    if (status >= 300) throw new Error(`${method} ${url}: ${status} ${JSON.stringify(body)}`);
    return body as T;
  };
  const { token } = await must<{ token: string }>(apiCaller(app), 'POST', '/auth/login', {
    email: WALKER,
    password: DEMO_PASSWORD,
  });
  const call = apiCaller(app, token);
  const done: string[] = [];
  for (const store of stores) {
    // Levels with a radio map already were walked, on an earlier start.
    const { levels } = await must<{ levels: { level: number }[] }>(
      call,
      'GET',
      `/stores/${store.storeId}/radio-survey`,
    );
    const walked = new Set(levels.map((l) => l.level));
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
        spot.readings.push({ anchor: anchorId(beacon), rssi: s.rssi });
      }
      const session = await must<{ id: string }>(
        call,
        'POST',
        `/stores/${store.storeId}/calibration-sessions`,
        {
          level,
        },
      );
      for (const spot of spots.values())
        await must(call, 'POST', `/calibration-sessions/${session.id}/points`, spot);
      const fitted = await must<{ result: { exponent: number; residualDb: number } }>(
        call,
        'POST',
        `/calibration-sessions/${session.id}/fit`,
        {},
      );
      done.push(
        `${store.code} level ${level}: ${spots.size} spots, exponent ${fitted.result.exponent.toFixed(2)}, residual ${fitted.result.residualDb.toFixed(1)} dB`,
      );
    }
  }
  return done;
}
