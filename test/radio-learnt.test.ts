/**
 * A store that was not walked learns its radio map from its shoppers (positioning/radio-learner.ts);
 * the gateway keeps it in Redis, and staff ask how far it is known through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteForStore } from '../beacons/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { deviceStore } from '../gateway/device-store.js';
import { levelBasis } from '../positioning/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { teachRadio } from './support/radio.js';

let t: TestApp;
let clerk: string;
let tenantId: string;
let store: string;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  store = stores.find((s: { code: string }) => s.code === 'SH001').id;
});

afterAll(async () => t?.close());

describe('the radio map a store learns from its shoppers', () => {
  it('is not known at first, and once taught (and kept by the gateway) staff see how far it is', async () => {
    const radio = async () => {
      const response = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${store}/radio-learnt` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as {
        levels: { level: number; surveyed: boolean; beacons: number; known_share: number }[];
        phones: { level_db: number | null; phones: number };
      };
    };
    expect(await radio()).toEqual({
      levels: [
        { level: 0, surveyed: false, beacons: 0, known_share: 0 },
        { level: 1, surveyed: false, beacons: 0, known_share: 0 },
      ],
      phones: { level_db: null, phones: 0 },
    });

    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    const notes = [-2, -1, -3, -2.5, -1.5, 0].map((db, i) => ({ device: `p${i}`, db, ts: i }));
    await deviceStore(t.app.redis, 60).saveRadio([
      {
        key: `${tenantId}/${store}`,
        learnt: { ...teachRadio(site, 0, 30), phones: { basis: levelBasis(site), notes } },
      },
    ]);

    const {
      levels: [ground, upstairs],
      phones,
    } = await radio();
    // What its phones read: the median of six, some two dB quieter than the beacons declare.
    expect(phones).toEqual({ level_db: -1.7, phones: 6 });
    expect(ground!.beacons).toBeGreaterThan(10);
    expect(ground!.known_share).toBeGreaterThan(0.3);
    expect(upstairs).toEqual({ level: 1, surveyed: false, beacons: 0, known_share: 0 });

    // Measured against other declared powers (before a walk refitted them), they tell nothing.
    await deviceStore(t.app.redis, 60).saveRadio([
      { key: `${tenantId}/${store}`, learnt: { beacons: [], phones: { basis: 'another', notes } } },
    ]);
    expect((await radio()).phones).toEqual({ level_db: null, phones: 0 });
  });
});
