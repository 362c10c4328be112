import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationWalk, observationsFor, scenario, storeRun } from '../sim/index.js';
import { newDevice } from './device-state.js';
import {
  calibrate,
  calibratedSite,
  createEngine,
  type Fix,
  learntCoverage,
  type Observation,
  type Site,
} from './index.js';
import { learnRadio } from './radio-learner.js';
import { addResidual, correctionAt, emptyGrid, isKnown } from './radio-map.js';
import type { Scan } from './scan.js';
import { siteModel } from './site-model.js';
import { medianError } from './test/median-error.js';

const { venue, radio } = scenario('dense-shelving');

function replay(site: Site, observations: readonly Observation[], learnRadio = true): Fix[] {
  const engine = createEngine(site, { learnRadio });
  const fixes: Fix[] = [];
  for (const o of observations) fixes.push(...engine.observe(o));
  return fixes;
}

/** A device whose receiver offset has settled, and a scan of the first `n` anchors at -70 dBm. */
function settled() {
  const device = newDevice('phone-1');
  device.offset.scans = 50;
  return device;
}
function scanOf(anchors: number, ts: number): Scan {
  return {
    ts,
    anchors: Array.from({ length: anchors }, (_, i) => i),
    rssi: Array.from({ length: anchors }, () => -70),
  };
}

// Each replays twenty minutes of a twelve-shopper store: seconds alone, more beside the browser tests.
describe('the radio map learnt from shoppers', { timeout: 120_000 }, () => {
  it('makes a busy store err less once its shoppers have taught it', () => {
    const run = storeRun({ venue, radio, shoppers: 12, seed: 9 });
    const observations = observationsFor(run, 1200);
    const later = (fixes: Fix[]) => fixes.filter((f) => f.ts >= run.startTs + 600_000);
    const learnt = medianError(run, later(replay(venue.site, observations)));
    const not = medianError(run, later(replay(venue.site, observations, false)));
    expect(learnt).toBeLessThan(0.85 * not);
  });

  it('shows a cell once enough readings told of it, and keeps it from then on', () => {
    const box = { minX: 0, minY: 0, maxX: 20, maxY: 20 };
    const grid = emptyGrid(box, { minX: 5, minY: 5, maxX: 15, maxY: 15 }, 5)!;
    for (let i = 0; i < 4; i++) addResidual(grid, 10, 10, 6, 1);
    expect(isKnown(grid, 10, 10)).toBe(false);
    expect(correctionAt(grid, 10, 10)).toBe(0);
    addResidual(grid, 10, 10, 6, 1);
    expect(isKnown(grid, 10, 10)).toBe(true);
    const shown = correctionAt(grid, 10, 10);
    expect(shown).toBeCloseTo((5 * 6) / 6, 5);
    // Readings made where the map shows would teach it its own errors: they no longer count.
    for (let i = 0; i < 20; i++) addResidual(grid, 10, 10, -10, 1);
    expect(correctionAt(grid, 10, 10)).toBe(shown);
  });

  it('learns once per spot a device walks through, not once per scan it stands there', () => {
    const model = siteModel(venue.site);
    const device = settled();
    const a = model.anchors[0]!;
    for (let t = 0; t < 30; t++) learnRadio(model, device, scanOf(1, t * 1000), a.level, a.x + 1, a.y + 1);
    const grid = model.learning[0]!;
    const stood = Math.max(...grid.weights);
    expect(stood).toBeLessThanOrEqual(1);
    learnRadio(model, device, scanOf(1, 31_000), a.level, a.x + 4, a.y + 1);
    expect(Math.max(...grid.weights)).toBeGreaterThan(stood);
    // Nothing shows yet, so the likelihood is not handed the grid to look up zeros in.
    expect(model.radioMaps[0]).toBeUndefined();
  });

  it('hands the likelihood a learnt grid once a cell of it shows', () => {
    const model = siteModel(venue.site);
    const device = settled();
    const a = model.anchors[0]!;
    // Twenty-odd passes over the same few spots, 2 m apart so that each one teaches.
    for (let pass = 0; pass < 30 && !model.radioMaps[0]; pass++) {
      for (let step = 0; step < 4; step++) {
        const t = (pass * 4 + step) * 1000;
        learnRadio(model, device, scanOf(1, t), a.level, a.x + 2 * step, a.y + 1);
      }
    }
    expect(model.radioMaps[0]).toBe(model.learning[0]);
    expect(isKnown(model.radioMaps[0]!, a.x + 2, a.y + 1)).toBe(true);
  });

  it('learns nothing from a phone whose offset is not settled, nor on a level a walk surveyed', () => {
    const model = siteModel(venue.site);
    const a = model.anchors[0]!;
    learnRadio(model, newDevice('new-phone'), scanOf(3, 0), a.level, a.x, a.y);
    expect(model.radioMaps.every((g) => g === undefined)).toBe(true);
    expect(model.learning.every((g) => g === undefined)).toBe(true);

    // A store on two levels whose walk went round the ground floor only: the first floor learns.
    const { venue: twoLevels, radio: itsRadio } = scenario('two-levels');
    const walk = calibrationWalk({ venue: twoLevels, radio: itsRadio, seed: 5 }).filter((s) => s.level === 0);
    const site = calibratedSite(twoLevels.site, calibrate(twoLevels.site, walk), walk);
    const surveyed = siteModel(site);
    expect([...surveyed.surveyedLevels]).toEqual([0]);
    const before = surveyed.radioMaps.map((g) => g && Float32Array.from(g.values));
    const ground = surveyed.anchorsOn.get(0)!;
    const upstairs = surveyed.anchorsOn.get(1)!;
    const heard = (anchors: readonly number[], ts: number): Scan => ({
      ts,
      anchors: anchors.slice(0, 4),
      rssi: anchors.slice(0, 4).map(() => -70),
    });
    const g = surveyed.anchors[ground[0]!]!;
    learnRadio(surveyed, settled(), heard(ground, 0), 0, g.x, g.y);
    expect(surveyed.radioMaps.map((m) => m && Float32Array.from(m.values))).toEqual(before);
    const u = surveyed.anchors[upstairs[0]!]!;
    learnRadio(surveyed, settled(), heard(upstairs, 0), 1, u.x, u.y);
    expect(surveyed.learning[upstairs[0]!]).toBeDefined();
    expect(surveyed.learning[ground[0]!]).toBeUndefined();
  });
});

describe("a store's next site", () => {
  /** What fifteen minutes of twelve shoppers taught a store's engine: replayed once for the tests below. */
  let taught: ReturnType<typeof createEngine>;
  beforeAll(() => {
    const run = storeRun({ venue, radio, shoppers: 12, seed: 9 });
    taught = createEngine(venue.site);
    for (const o of observationsFor(run, 900)) taught.observe(o);
  }, 120_000);

  it('keeps what its shoppers taught of the beacons that stayed, and not of one that moved', () => {
    const learnt = taught.learntRadio();
    expect(learnt.beacons.length).toBeGreaterThan(10);

    const [moved, ...stayed] = venue.site.anchors;
    const next = createEngine({ ...venue.site, anchors: [{ ...moved!, x: moved!.x + 3 }, ...stayed] });
    expect(next.adoptLearntRadio(learnt)).toBe(learnt.beacons.filter((b) => b.anchor !== moved!.id).length);
    const again = next.learntRadio();
    expect(again.beacons.map((b) => b.anchor)).not.toContain(moved!.id);
    const kept = learnt.beacons.find((b) => b.anchor === stayed[0]!.id)!;
    expect(again.beacons.find((b) => b.anchor === kept.anchor)!.grid.values).toEqual(kept.grid.values);
  });

  it('tells how much of the floor it knows: nothing at first, a share once taught', () => {
    expect(learntCoverage(venue.site, createEngine(venue.site).learntRadio())).toEqual([
      { level: 0, surveyed: false, beacons: 0, known_share: 0 },
    ]);
    const [ground] = learntCoverage(venue.site, taught.learntRadio());
    expect(ground!.beacons).toBeGreaterThan(10);
    expect(ground!.known_share).toBeGreaterThan(0.1);
    expect(ground!.known_share).toBeLessThan(1);
  });
});
