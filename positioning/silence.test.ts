import { describe, expect, it } from 'vitest';
import { scenario } from '../sim/index.js';
import { readingsOf, scorer } from './likelihood.js';
import { noteSilence, type Silence, silentPenalty } from './silence.js';
import { siteModel } from './site-model.js';

/** A phone's silence after `scans` scans, each with `sure` beacons it should hear and `missed` of them not heard. */
function scansOf(scans: number, sure: number, missed: number): Silence | undefined {
  let silence: Silence | undefined;
  for (let i = 0; i < scans; i++) silence = noteSilence(silence, sure, missed);
  return silence;
}

describe("a phone's rate of missing beacons it should hear", () => {
  it('starts from the 15% real scans drop, and learns a phone that drops half of them', () => {
    expect(silentPenalty(undefined)).toBeCloseTo(-Math.log(0.15), 9);
    // Half missed: the silence of a near beacon is then worth about ln 2.
    expect(silentPenalty(scansOf(300, 4, 2))).toBeGreaterThan(0.6);
    expect(silentPenalty(scansOf(300, 4, 2))).toBeLessThan(0.8);
  });

  it('never makes a silence a wall, nor worthless', () => {
    expect(silentPenalty(scansOf(1000, 4, 0))).toBe(2);
    expect(silentPenalty(scansOf(1000, 4, 4))).toBe(0.25);
  });

  it('forgets: a phone taken out of a bag shows its new rate within minutes', () => {
    let silence = scansOf(600, 4, 3);
    for (let i = 0; i < 300; i++) silence = noteSilence(silence, 4, 0);
    expect(silentPenalty(silence)).toBeGreaterThan(1.5);
  });

  it('counts the beacons a phone would surely hear where it is placed, and those it did not', () => {
    const model = siteModel(scenario('open-floor').venue.site);
    const [x, y] = [10, 5];
    const expected = model.anchors.map((_, i) => model.expectedRssi(i, x, y, 0));
    const loud = expected.flatMap((db, i) => (db >= -75 ? [i] : []));
    expect(loud.length).toBeGreaterThanOrEqual(3);
    // The loudest is not heard; the others are, as expected.
    const heard = loud.slice(1).sort((a, b) => expected[b]! - expected[a]!);
    const scan = { ts: 0, anchors: heard, rssi: heard.map((i) => expected[i]!) };
    const score = scorer(readingsOf(model, scan, 0, 32), model.radio, { rssiSigmaDb: 5, offsetSigmaDb: 8 });
    expect(score.atFix(x, y)).toMatchObject({ sure: loud.length, missed: 1 });
    // And a silent beacon then costs what the phone's rate says.
    const fresh = score.score(x, y);
    const dropsHalf = scorer(readingsOf(model, scan, 0, 32), model.radio, {
      rssiSigmaDb: 5,
      offsetSigmaDb: 8,
      silentPenalty: silentPenalty(scansOf(300, 4, 2)),
    }).score(x, y);
    expect(dropsHalf).toBeGreaterThan(fresh + 0.5);
  });
});
