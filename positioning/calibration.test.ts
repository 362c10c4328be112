import { describe, expect, it } from 'vitest';
import { type CalibrationSample, calibrate, calibratedSite, createRandom, type Site } from './index.js';

const uuid = '11111111-2222-3333-4444-555555555555';
const site: Site = {
  id: 'cal',
  levels: [
    {
      level: 0,
      outline: [
        [0, 0],
        [20, 0],
        [20, 20],
        [0, 20],
      ],
      obstacles: [],
    },
  ],
  anchors: [
    { id: `${uuid}:1:1`, x: 5, y: 5, z: 3, level: 0, txPower: -59 },
    { id: `${uuid}:1:2`, x: 15, y: 5, z: 3, level: 0, txPower: -59 },
    { id: `${uuid}:1:3`, x: 10, y: 15, z: 3, level: 0, txPower: -59 },
  ],
};
const truth = { exponent: 2.4, txPower: [-62, -57, -65] };

function walk(noiseDb: number): CalibrationSample[] {
  const rng = createRandom(1);
  const samples: CalibrationSample[] = [];
  for (let x = 1; x < 20; x += 1.5) {
    for (let y = 1; y < 20; y += 1.5) {
      site.anchors.forEach((a, i) => {
        const d = Math.hypot(a.x - x, a.y - y, a.z - 1.2);
        const rssi = truth.txPower[i]! - 10 * truth.exponent * Math.log10(d) + noiseDb * rng.gaussian();
        samples.push({ anchor: a.id, x, y, level: 0, rssi });
      });
    }
  }
  return samples;
}

describe('calibration', () => {
  it('recovers txPower and exponent exactly from clean readings', () => {
    const fit = calibrate(site, walk(0));
    expect(fit.exponent).toBeCloseTo(truth.exponent, 6);
    expect(fit.anchors.map((a) => a.txPower)).toEqual(truth.txPower.map((t) => expect.closeTo(t, 6)));
    expect(fit.residualDb).toBeLessThan(1e-6);
  });

  it('recovers them closely from noisy readings with outliers, and reports residuals', () => {
    const samples = walk(3);
    samples.push({ anchor: site.anchors[0]!.id, x: 5, y: 6, level: 0, rssi: -99 });
    samples.push({ anchor: 'not-an-anchor', x: 5, y: 6, level: 0, rssi: -70 });
    const fit = calibrate(site, samples);
    expect(fit.exponent).toBeGreaterThan(2.1);
    expect(fit.exponent).toBeLessThan(2.7);
    const errors = fit.anchors.map((a, i) => Math.abs(a.txPower - truth.txPower[i]!));
    expect(Math.max(...errors)).toBeLessThan(1.5);
    expect(fit.residualDb).toBeGreaterThan(2);
    expect(fit.residualDb).toBeLessThan(4);
    expect(fit.dropped).toBeGreaterThanOrEqual(1);
    expect(fit.unknown).toBe(1);
    const calibrated = calibratedSite(site, fit);
    expect(calibrated.pathLossExponent).toBe(fit.exponent);
    expect(calibrated.anchors[1]!.txPower).toBe(fit.anchors[1]!.txPower);
  });
});
