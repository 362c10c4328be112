import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationsFor, scenario, storeRun } from '../sim/index.js';
import { checkSite, createEngine, createReplay, type Fix, type Observation, type Site } from './index.js';
import { adoptAdvertisedPower, siteModel } from './site-model.js';
import { medianError } from './test/median-error.js';

const { venue, radio } = scenario('dense-shelving');
const run = storeRun({ venue, radio, shoppers: 2, seed: 5 });
const observations = observationsFor(run, 20);
const lines = observations.map((o) => JSON.stringify(o));

function replayAll(site: Site, input: readonly string[]): Fix[] {
  const replay = createReplay(site);
  return input.flatMap((line) => replay.line(line)).map((text) => JSON.parse(text));
}

const baseline = replayAll(venue.site, lines);

describe('engine properties', () => {
  it('gives fixes at least every 2 s per device while it is heard', () => {
    const byDevice = new Map<string, number[]>();
    for (const f of baseline) byDevice.set(f.device, [...(byDevice.get(f.device) ?? []), f.ts]);
    expect(byDevice.size).toBe(2);
    for (const ts of byDevice.values()) {
      for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBeLessThanOrEqual(2000);
    }
  });

  it('does not depend on the order of the anchors in the site', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...venue.site.anchors], { minLength: venue.site.anchors.length }),
        (anchors) => {
          expect(replayAll({ ...venue.site, anchors }, lines)).toEqual(baseline);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('translates its fixes with the site', () => {
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }), (dx, dy) => {
        const shift = ([x, y]: readonly [number, number]) => [x + dx, y + dy] as const;
        const site: Site = {
          ...venue.site,
          levels: venue.site.levels.map((l) => ({
            ...l,
            outline: l.outline.map(shift),
            obstacles: l.obstacles.map((o) => o.map(shift)),
          })),
          anchors: venue.site.anchors.map((a) => ({ ...a, x: a.x + dx, y: a.y + dy })),
        };
        const moved = replayAll(site, lines);
        expect(moved.length).toBe(baseline.length);
        // Rounding to centimetres and floating point on shifted grids allow a few centimetres.
        moved.forEach((f, i) => {
          const b = baseline[i]!;
          expect({ ts: f.ts, device: f.device, level: f.level }).toEqual({
            ts: b.ts,
            device: b.device,
            level: b.level,
          });
          expect(Math.hypot(f.x - dx - b.x, f.y - dy - b.y)).toBeLessThan(0.05);
        });
      }),
      { numRuns: 6 },
    );
  });

  it('matches anchors however their ids are spelt, in the site or in the readings', () => {
    // iOS and WeChat report uuids in upper case; maps may drop the dashes or pad major and minor.
    const spellings = [
      (id: string) => id.toUpperCase(),
      (id: string) => id.replace(/-/g, ''),
      (id: string) =>
        id.replace(
          /:(\d+):(\d+)$/,
          (_m, major, minor) => `:${major.padStart(5, '0')}:${minor.padStart(3, '0')}`,
        ),
      (id: string) => ` ${id} `,
    ];
    const spell = fc.constantFrom(...spellings);
    fc.assert(
      fc.property(spell, spell, (inSite, inReadings) => {
        const site = { ...venue.site, anchors: venue.site.anchors.map((a) => ({ ...a, id: inSite(a.id) })) };
        const readings = observations.map((o) => JSON.stringify({ ...o, anchor: inReadings(o.anchor) }));
        expect(replayAll(site, readings)).toEqual(baseline);
      }),
      { numRuns: 6 },
    );
  });

  it('is causal: the fixes of a prefix of the input are a prefix of the fixes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length }), (cut) => {
        const prefix = replayAll(venue.site, lines.slice(0, cut));
        expect(baseline.slice(0, prefix.length)).toEqual(prefix);
      }),
      { numRuns: 10 },
    );
  });

  it('skips and counts any junk, never throws', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.anything(),
            fc.record({ ts: fc.double(), device: fc.string(), anchor: fc.string(), rssi: fc.double() }),
          ),
        ),
        (junk) => {
          const engine = createEngine(venue.site);
          for (const value of junk) expect(() => engine.observe(value as Observation)).not.toThrow();
          for (const o of observations.slice(0, 200)) engine.observe(o);
          const r = engine.rejections();
          expect(r.invalid + r['unknown-anchor'] + r['out-of-order'] + r.duplicate).toBeGreaterThanOrEqual(
            junk.length,
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('device state', () => {
  it('snapshots to JSON under 50 KB and restores to the very same fixes', () => {
    const half = Math.floor(observations.length / 2);
    const whole = createEngine(venue.site);
    const expected = observations.flatMap((o) => whole.observe(o));

    const first = createEngine(venue.site);
    const fixes = observations.slice(0, half).flatMap((o) => first.observe(o));
    const second = createEngine(venue.site);
    for (const device of first.devices()) {
      const json = JSON.stringify(first.snapshot(device));
      expect(json.length).toBeLessThan(50 * 1024);
      second.restore(device, JSON.parse(json));
    }
    fixes.push(...observations.slice(half).flatMap((o) => second.observe(o)));
    expect(fixes).toEqual(expected);
  });

  it('still restores a version 1 snapshot (a 4×4 track covariance) to the very same fixes', () => {
    const half = Math.floor(observations.length / 2);
    const whole = createEngine(venue.site);
    const expected = observations.flatMap((o) => whole.observe(o));
    const first = createEngine(venue.site);
    const fixes = observations.slice(0, half).flatMap((o) => first.observe(o));
    const second = createEngine(venue.site);
    for (const device of first.devices()) {
      const snapshot = first.snapshot(device)!;
      expect(snapshot.version).toBe(2);
      // Version 1 kept [x, y, vx, vy] with both axes' (identical) blocks in one 4×4 covariance.
      const [[a, b], [c, d]] = snapshot.track!.covariance as [[number, number], [number, number]];
      const covariance = [
        [a, 0, b, 0],
        [0, a, 0, b],
        [c, 0, d, 0],
        [0, c, 0, d],
      ];
      second.restore(device, { ...snapshot, version: 1, track: { ...snapshot.track!, covariance } });
    }
    fixes.push(...observations.slice(half).flatMap((o) => second.observe(o)));
    expect(fixes).toEqual(expected);
  });

  it('flushes one device at once, with the fix its window would have given', () => {
    const device = observations[0]!.device;
    const mine = observations.filter((o) => o.device === device);
    const closing = mine.findIndex((o) => o.ts - mine[0]!.ts >= 900);
    const waited = createEngine(venue.site);
    const expected = mine.slice(0, closing + 1).flatMap((o) => waited.observe(o));
    expect(expected).toHaveLength(1);

    const flushed = createEngine(venue.site);
    for (const o of observations.slice(0, observations.indexOf(mine[closing - 1]!) + 1)) flushed.observe(o);
    expect(flushed.flush(device)).toEqual(expected);
    expect(flushed.flush(device)).toEqual([]);
    expect(flushed.flush('never-heard')).toEqual([]);
    // The flushed device goes on from a fresh window: the reading that would have closed it opens one.
    expect(flushed.observe(mine[closing]!)).toEqual([]);
  });

  it('forgets devices that went quiet', () => {
    const engine = createEngine(venue.site);
    for (const o of observations) engine.observe(o);
    const last = observations[observations.length - 1]!.ts;
    expect(engine.forgetQuiet(last + 1000)).toBe(0);
    engine.tick(last + 5000);
    expect(engine.forgetQuiet(last + 60_000)).toBe(2);
    expect(engine.devices()).toEqual([]);
  });

  it('takes a beacon’s advertised power where the site gives none, and never over the site’s own', () => {
    const unstated = checkSite({
      ...venue.site,
      anchors: venue.site.anchors.map(({ txPower: _tx, ...a }) => a),
    });
    const model = siteModel(unstated);
    const [first, second] = [0, 1];
    adoptAdvertisedPower(model, first, -64);
    adoptAdvertisedPower(model, first, -70);
    adoptAdvertisedPower(model, second, 12);
    // The first plausible one counts; a positive power is no iBeacon's.
    expect(model.anchors[first]).toMatchObject({ txPower: -64, txPowerAssumed: false });
    expect(model.anchors[second]).toMatchObject({ txPower: -59, txPowerAssumed: true });

    // Beacons that say they are 5 dB quieter at 1 m than the usual -59 the site would otherwise assume.
    const advertised = lines.map((line) => JSON.stringify({ ...JSON.parse(line), txPower: -64 }));
    expect(replayAll(unstated, advertised)).not.toEqual(replayAll(unstated, lines));
    // The site's own value wins over what the beacon says of itself.
    expect(replayAll(venue.site, advertised)).toEqual(baseline);
    // Only the site check marks a power as assumed: a file that says so of its own value keeps it.
    const claims = {
      ...venue.site,
      anchors: venue.site.anchors.map((a) => ({ ...a, txPowerAssumed: true })),
    };
    expect(replayAll(checkSite(claims), advertised)).toEqual(baseline);
  });
});

describe('a radio cleaner than the model', () => {
  it('is weighed as sharply as it is: the fixes keep up with a walking shopper', () => {
    // The sparse store with the shadowing, the fading, the bodies and the dropouts taken out. Held at the
    // model's 5 dB spread, the fixes trailed walking shoppers by 1.5–2 s and erred more than the weighted
    // centroid (median 1.49 against 1.70 m here); weighed by the phone's own misfit, 1.11 m.
    const sparse = scenario('sparse-beacons');
    const clean = { ...sparse.radio, shadowingDb: 0, packets: [40, 40] as const, bodyLossDb: 0, dropout: 0 };
    const cleanRun = storeRun({ venue: sparse.venue, radio: clean, shoppers: 4, seed: 5 });
    const seen = observationsFor(cleanRun, 300);
    const errorOf = (method: 'centroid' | 'engine') => {
      const engine = createEngine(sparse.venue.site, { method });
      return medianError(
        cleanRun,
        seen.flatMap((o) => engine.observe(o)),
      );
    };
    expect(errorOf('engine')).toBeLessThan(0.75 * errorOf('centroid'));
  });
});
