/** The demo's calibration walks: done once through the staff API, they leave every demo store surveyed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteForStore } from '../beacons/index.js';
import { seedDemo } from '../db/seed.js';
import { demoStores } from '../scripts/demo-shoppers.js';
import { walkDemoCalibrations } from '../scripts/demo-walk.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
});

afterAll(async () => t?.close());

describe('the demo calibration walks', () => {
  it('fits and surveys every level of every demo store once, and not again', async () => {
    const stores = await demoStores(t.app);
    expect(stores.length).toBeGreaterThan(0);
    const lines = await walkDemoCalibrations(t.app, stores);
    const levels = stores.reduce((n, s) => n + s.venue.site.levels.length, 0);
    expect(lines).toHaveLength(levels);
    for (const store of stores) {
      const site = (await t.db.tenant(store.tenantId, (tx) => siteForStore(tx, store.storeId)))!;
      // Every level walked, and every spot heard some of the registry's own beacons.
      expect(new Set(site.survey?.map((p) => p.level))).toEqual(new Set(site.levels.map((l) => l.level)));
      const known = new Set(site.anchors.map((a) => a.id));
      for (const spot of site.survey!) {
        expect(spot.beacons.length).toBeGreaterThan(0);
        for (const b of spot.beacons) expect(known.has(b.anchor)).toBe(true);
      }
      // The walk's fit was saved: the sim's beacons are not all at the nominal -59 dBm any more.
      expect(site.anchors.some((a) => a.txPower !== -59)).toBe(true);
    }
    expect(await walkDemoCalibrations(t.app, await demoStores(t.app))).toEqual([]);
  });
});
