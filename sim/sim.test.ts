import { describe, expect, it, vi } from 'vitest';
import { insidePolygon } from '../positioning/index.js';
import { liveScans, observationsFor, scenario, storeRun } from './index.js';

describe('store simulator', () => {
  const { venue, radio } = scenario('two-levels');

  it('is deterministic from its seed', () => {
    const a = observationsFor(storeRun({ venue, radio, shoppers: 3, seed: 1 }), 30);
    const b = observationsFor(storeRun({ venue, radio, shoppers: 3, seed: 1 }), 30);
    const c = observationsFor(storeRun({ venue, radio, shoppers: 3, seed: 2 }), 30);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('scans about once a second, in time order, with plausible RSSI', () => {
    const run = storeRun({ venue, radio, shoppers: 4, seed: 3 });
    const scans = [...take(run.scans(), 200)];
    for (let i = 1; i < scans.length; i++) expect(scans[i]!.ts).toBeGreaterThanOrEqual(scans[i - 1]!.ts);
    const perDevice = new Map<string, number[]>();
    for (const s of scans) perDevice.set(s.device, [...(perDevice.get(s.device) ?? []), s.ts]);
    for (const ts of perDevice.values()) {
      for (let i = 1; i < ts.length; i++)
        expect(Math.abs(ts[i]! - ts[i - 1]! - 1000)).toBeLessThanOrEqual(50);
    }
    for (const o of scans.flatMap((s) => s.observations)) {
      expect(o.rssi).toBeLessThan(-30);
      expect(o.rssi).toBeGreaterThanOrEqual(radio.sensitivityDbm);
    }
  });

  it('keeps shoppers inside the store and out of the shelves, on both levels', () => {
    const run = storeRun({ venue, radio, shoppers: 6, seed: 4 });
    const levels = new Set<number>();
    for (const scan of take(run.scans(), 3000)) {
      const t = run.truth(scan.device, scan.ts)!;
      levels.add(t.level);
      const level = venue.site.levels.find((l) => l.level === t.level)!;
      expect(insidePolygon(t.x, t.y, level.outline)).toBe(true);
      for (const shelf of venue.shelves.filter((s) => s.level === t.level)) {
        expect(insidePolygon(t.x, t.y, shelf.polygon)).toBe(false);
      }
    }
    expect([...levels].sort()).toEqual([0, 1]);
  });

  it('walks passers-by past the window: heard, never in the store, and leaving the shoppers as they were', () => {
    const alone = storeRun({ venue, radio, shoppers: 3, seed: 5 });
    const withStreet = storeRun({ venue, radio, shoppers: 3, passersBy: 2, seed: 5 });
    const scans = [...take(withStreet.scans(), 1500)];
    const passers = scans.filter((s) => s.device.startsWith('passer-'));
    expect(new Set(passers.map((s) => s.device)).size).toBeGreaterThanOrEqual(2);
    expect(passers.some((s) => s.observations.length > 0)).toBe(true);
    for (const s of passers) expect(withStreet.truth(s.device, s.ts)).toBeNull();
    const shoppers = scans.filter((s) => !s.device.startsWith('passer-'));
    expect(shoppers).toEqual([...take(alone.scans(), shoppers.length)]);
  });

  it('streams scans in (accelerated) real time for the live demo', async () => {
    // On a fake clock: what is checked is the pacing, each scan due at its run time over the speed.
    vi.useFakeTimers();
    try {
      const run = storeRun({ venue, radio, shoppers: 2, seed: 6 });
      const scans = liveScans(run, 10);
      const first = (await scans.next()).value!;
      const wallStart = Date.now();
      for (let n = 0; n < 20; n++) {
        const pending = scans.next();
        await vi.runOnlyPendingTimersAsync();
        const scan = (await pending).value!;
        expect(scan.observations.length).toBeGreaterThan(0);
        expect(Date.now() - wallStart).toBeGreaterThanOrEqual(Math.floor((scan.ts - first.ts) / 10));
        expect(Date.now() - wallStart).toBeLessThanOrEqual(Math.ceil((scan.ts - first.ts) / 10) + 1);
      }
      await scans.return(undefined);
    } finally {
      vi.useRealTimers();
    }
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n <= 0) return;
  }
}
