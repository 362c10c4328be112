import { describe, expect, it } from 'vitest';
import { buildVenue, DEFAULT_RADIO, HARSH_RADIO, storeRun } from '../sim/index.js';
import { bestSpot, reachOf, searchArea } from './coarse-search.js';
import { readingsOf, scorer } from './likelihood.js';
import { planOf, siteModel } from './site-model.js';

// A hypermarket floor, 160 × 120 m with a beacon every 10 m: where searching only within earshot matters.
const venue = buildVenue({
  id: 'hypermarket',
  width: 160,
  depth: 120,
  levels: 1,
  layout: 'shelving',
  beaconSpacing: 10,
});
const model = siteModel(venue.site);
const plan = planOf(model, 0);
const likelihood = { rssiSigmaDb: 5, offsetSigmaDb: 8 };

describe('the coarse search within earshot', () => {
  it.each([
    ['default', DEFAULT_RADIO],
    ['harsh', HARSH_RADIO],
  ] as const)('finds the very spot the whole-floor search finds (%s radio)', (_name, radio) => {
    const run = storeRun({ venue, radio, shoppers: 4, seed: 9 });
    let compared = 0;
    let narrowed = 0;
    for (const batch of run.scans()) {
      if (compared === 60) break;
      const heard = batch.observations
        .map((o) => ({ anchor: model.anchorIndex.get(o.anchor)!, rssi: o.rssi }))
        .sort((a, b) => b.rssi - a.rssi);
      const scan = { ts: batch.ts, anchors: heard.map((h) => h.anchor), rssi: heard.map((h) => h.rssi) };
      const readings = readingsOf(model, scan, 0, 32);
      if (readings.heard === 0) continue;
      const area = searchArea(plan, readings);
      const whole = bestSpot(plan, scorer(readings, model.radio, likelihood));
      const near = area ? reachOf(area) : undefined;
      const within = bestSpot(plan, scorer(readings, model.radio, likelihood, near), area);
      expect(within).toEqual(whole);
      compared += 1;
      if (area && (area.maxX - area.minX) * (area.maxY - area.minY) < 0.5 * 160 * 120) narrowed += 1;
    }
    expect(compared).toBe(60);
    // It does narrow the search, or it would be no use (to under half the floor for 21 of these 60 scans
    // under the default radio, 7 under the harsh one: the margin is generous).
    expect(narrowed).toBeGreaterThanOrEqual(5);
  });
});
