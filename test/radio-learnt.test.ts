/**
 * A store that was not walked learns its radio map from its shoppers (positioning/radio-learner.ts);
 * the gateway keeps it in Redis, and staff ask how far it is known through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteForStore } from '../beacons/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { deviceStore } from '../gateway/device-store.js';
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
      return response.json().levels as {
        level: number;
        surveyed: boolean;
        beacons: number;
        known_share: number;
      }[];
    };
    expect(await radio()).toEqual([
      { level: 0, surveyed: false, beacons: 0, known_share: 0 },
      { level: 1, surveyed: false, beacons: 0, known_share: 0 },
    ]);

    const site = (await t.db.tenant(tenantId, (tx) => siteForStore(tx, store)))!;
    await deviceStore(t.app.redis, 60).saveRadio([
      { key: `${tenantId}/${store}`, learnt: teachRadio(site, 0, 30) },
    ]);

    const [ground, upstairs] = await radio();
    expect(ground!.beacons).toBeGreaterThan(10);
    expect(ground!.known_share).toBeGreaterThan(0.3);
    expect(upstairs).toEqual({ level: 1, surveyed: false, beacons: 0, known_share: 0 });
  });
});
