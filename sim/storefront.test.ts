import { describe, expect, it } from 'vitest';
import { insidePolygon } from '../positioning/index.js';
import { scenario, storefront } from './index.js';

describe('storefront: passers-by and visitors', () => {
  const { venue, radio } = scenario('dense-shelving');
  const people = storefront({ venue, radio, seed: 1, passersBy: 6, visitors: 4 });
  const outline = venue.site.levels[0]!.outline;
  const everySecond = (from: number, to: number) =>
    Array.from({ length: Math.floor((to - from) / 1000) + 1 }, (_, i) => from + i * 1000);

  it('is deterministic from its seed', () => {
    const scans = (seed: number) =>
      storefront({ venue, radio, seed, passersBy: 2, visitors: 2 }).map((p) => [
        ...p.scans(p.startTs + 30_000),
        p.locations,
      ]);
    expect(scans(1)).toEqual(scans(1));
    expect(scans(1)).not.toEqual(scans(2));
  });

  it('keeps passers-by on the pavement, hearing the store through its window', () => {
    const passers = people.filter((p) => !p.visited);
    expect(passers).toHaveLength(6);
    for (const p of passers) {
      expect(p.doorTs).toBeNull();
      for (const ts of everySecond(p.startTs, p.endTs)) {
        const t = p.truth(ts);
        expect(t.outside).toBe(true);
        expect(t.y).toBeGreaterThanOrEqual(-4);
        expect(t.y).toBeLessThanOrEqual(-1.5);
      }
      expect([...p.scans()].some((s) => s.observations.length > 0)).toBe(true);
    }
  });

  it('walks visitors in through the door at the moment the truth says', () => {
    const visitors = people.filter((p) => p.visited);
    expect(visitors).toHaveLength(4);
    for (const p of visitors) {
      const door = p.doorTs!;
      expect(p.truth(door - 500).outside).toBe(true);
      expect(Math.abs(p.truth(door).y)).toBeLessThan(0.01);
      expect(Math.abs(p.truth(door).x - venue.entrance[0])).toBeLessThan(0.5);
      const t = p.truth(door + 2000);
      expect(t.outside).toBe(false);
      expect(insidePolygon(t.x, t.y, outline)).toBe(true);
    }
  });

  it('reports outdoor locations about every 10 s, GPS-accurate to 10–40 m', () => {
    // Stale reports (a cached location kilometres away) come first and are left out here.
    const fresh = people
      .map((p) => p.locations.filter((r) => r.distance_m < 1000))
      .filter((r) => r.length > 1);
    expect(fresh.length).toBeGreaterThan(0);
    for (const reports of fresh) {
      for (let i = 1; i < reports.length; i++) {
        expect(reports[i]!.ts - reports[i - 1]!.ts).toBeGreaterThanOrEqual(8_900);
        expect(reports[i]!.ts - reports[i - 1]!.ts).toBeLessThanOrEqual(11_100);
      }
      for (const r of reports) {
        expect(r.accuracy_m).toBeGreaterThanOrEqual(10);
        expect(r.accuracy_m).toBeLessThanOrEqual(40);
      }
    }
  });
});
