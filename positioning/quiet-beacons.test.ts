import { describe, expect, it } from 'vitest';
import { observationsFor, scenario, storeRun } from '../sim/index.js';
import { createEngine, type Fix, type Observation, type Site } from './index.js';
import { readingsOf } from './likelihood.js';
import { adoptQuiet, noteHearing, quietIds } from './quiet-beacons.js';
import { siteModel } from './site-model.js';
import { medianError } from './test/median-error.js';

const { venue, radio } = scenario('dense-shelving');

describe('beacons gone quiet', () => {
  const model = siteModel(venue.site);
  const [x, y] = [10, 5];
  const near = model.anchors.flatMap((_, i) => (model.expectedRssi(i, x, y, 0) >= -75 ? [i] : []));
  const flat = near[0]!;
  const working = near.slice(1);
  // A phone at (10, 5) hears every beacon near it but one, whose battery is flat.
  const scan = (ts: number) => ({ ts, anchors: working, rssi: working.map(() => -70) });
  const silentOnes = (ts: number) => {
    const r = readingsOf(model, scan(ts), 0, 32);
    return r.ids.slice(r.heard);
  };

  it('stops holding a beacon that is never heard against the spots near it, until it is heard again', () => {
    expect(working.length).toBeGreaterThanOrEqual(3);
    expect(silentOnes(0)).toContain(flat);
    // Scans of a phone beyond the shop window, or one still learning its offset, judge nothing.
    for (let ts = 0; ts < 50; ts++) noteHearing(model, scan(ts), 0, x, y, false);
    expect(silentOnes(50)).toContain(flat);
    let judged = 0;
    while (silentOnes(judged).includes(flat)) {
      noteHearing(model, scan(judged), 0, x, y, true);
      judged += 1;
      expect(judged).toBeLessThanOrEqual(20);
    }
    // Several scans, not one: a working beacon misses some.
    expect(judged).toBeGreaterThanOrEqual(10);
    // The door filter and the inside odds, which read the scan as the map has it, still hold its silence.
    const asMapped = readingsOf(model, scan(judged), 0, 32, false);
    expect(asMapped.ids.slice(asMapped.heard)).toContain(flat);
    // The store's next engine (a redrawn map, a restart) starts knowing it.
    expect(quietIds(model)).toEqual([model.anchors[flat]!.id]);
    const next = siteModel(venue.site);
    adoptQuiet(next, quietIds(model));
    expect(next.quietBeacons.quiet[flat]).toBe(1);
    // The working ones are still held against spots once not heard.
    const others = readingsOf(model, { ts: 0, anchors: [flat], rssi: [-70] }, 0, 32);
    expect(others.ids.slice(others.heard)).toEqual(expect.arrayContaining(working));
    // Heard once, by any phone, and its silence counts again.
    noteHearing(model, { ts: 99, anchors: [flat], rssi: [-80] }, 0, 30, 30, false);
    expect(silentOnes(100)).toContain(flat);
  });

  it('keeps the fixes as good as a map without the beacons that went quiet', () => {
    const run = storeRun({ venue, radio, shoppers: 12, seed: 3 });
    // One beacon in seven sends nothing, but the map still has it.
    const gone = new Set(venue.site.anchors.filter((_, i) => i % 7 === 3).map((a) => a.id));
    const heard = observationsFor(run, 300).filter((o) => !gone.has(o.anchor));
    const errorOf = (site: Site, observations: readonly Observation[]) => {
      const engine = createEngine(site);
      return medianError(
        run,
        observations.flatMap((o): Fix[] => engine.observe(o)),
      );
    };
    const mapped = { ...venue.site, anchors: venue.site.anchors.filter((a) => !gone.has(a.id)) };
    // Holding their silence against the spots near them: 2.06 against 1.65 m.
    expect(errorOf(venue.site, heard)).toBeLessThan(errorOf(mapped, heard) + 0.15);
  });
});
