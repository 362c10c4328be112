import { describe, expect, it } from 'vitest';
import { scenario } from '../sim/index.js';
import { readingsOf, scorer } from './likelihood.js';
import { siteModel } from './site-model.js';

describe('likelihood of a scan', () => {
  const model = siteModel(scenario('open-floor').venue.site);
  const [x, y] = [10, 5];
  const expected = model.anchors.map((_, i) => model.expectedRssi(i, x, y, 0));
  // Heard as expected: the beacons expected louder than -75 dBm at the spot. Silent: the rest.
  const heard = expected.flatMap((db, i) => (db >= -75 ? [i] : []));
  const scan = { ts: 0, anchors: heard, rssi: heard.map((i) => expected[i]!) };
  const readings = readingsOf(model, scan, 0, 32);
  const options = { rssiSigmaDb: 5, offsetSigmaDb: 8 };
  const scoreAt = (takenOffDb: number) =>
    scorer(readings, model.radio, { ...options, takenOffDb }).score(x, y);
  // The same readings with no silent beacon at all.
  const unsilenced = scorer({ ...readings, total: readings.heard }, model.radio, options).score(x, y);

  it('holds a silent beacon against a spot only if this phone would surely have heard it there', () => {
    expect(heard.length).toBeGreaterThanOrEqual(3);
    expect(expected.filter((db) => db < -75 && db >= -80).length).toBeGreaterThan(0);
    expect(expected.filter((db) => db < -80 && db >= -85).length).toBeGreaterThan(0);
    // As declared, the silent beacons expected at -80 to -75 dBm cost the spot.
    expect(scoreAt(0)).toBeLessThan(unsilenced - 0.1);
    // A phone reading 5 dB below the declared powers (deaf, or beacons that declare too much) would not
    // surely hear any of them...
    expect(scoreAt(-5)).toBeCloseTo(unsilenced, 9);
    // ...and one reading 5 dB above would surely have heard those at -85 to -80 dBm too.
    expect(scoreAt(5)).toBeLessThan(scoreAt(0) - 0.1);
  });
});
