import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lnSquared, pathLoss } from './path-loss.js';

describe('path loss', () => {
  it('takes the log of a squared distance to within 5e-4 of Math.log (0.003 dB of RSSI), near and far alike', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (d2) => {
        expect(Math.abs(lnSquared(d2) - Math.log(d2))).toBeLessThan(5e-4);
      }),
    );
    // The table's own lattice and its ends are exact.
    for (const d2 of [1, 2.5, 16, 4095.9375, 4096]) expect(lnSquared(d2)).toBeCloseTo(Math.log(d2), 12);
  });

  it('expects a beacon 10 dB quieter ten times as far at an exponent of 1, 20 dB at 2', () => {
    expect(pathLoss(1).rssiAtSquared(-59, 100) - pathLoss(1).rssiAtSquared(-59, 1)).toBeCloseTo(-10, 3);
    expect(pathLoss(2).rssiAtSquared(-59, 10_000) - pathLoss(2).rssiAtSquared(-59, 100)).toBeCloseTo(-20, 3);
    expect(pathLoss(2).distanceFor(-59, -79)).toBeCloseTo(10, 6);
  });
});
