import { describe, expect, it } from 'vitest';
import { fitToWidth, metresPerPixel, pixelToFrame, transformFromTiepoints } from './floor-plan.js';

describe('floor plan transform', () => {
  it('lays a fresh upload over the width given, north up', () => {
    const t = fitToWidth(800, 600, 40);
    expect(pixelToFrame(t, [0, 600])).toEqual([0, 0]);
    expect(pixelToFrame(t, [800, 0])).toEqual([40, 30]);
  });

  it('takes scale, rotation and offset from two points of known position', () => {
    // A plan drawn 20 px per metre, rotated 30° and shifted: recover it from two of its points.
    const s = 1 / 20;
    const r = Math.PI / 6;
    const truth = (u: number, v: number): [number, number] => [
      s * (Math.cos(r) * u + Math.sin(r) * v) + 3,
      s * (Math.sin(r) * u - Math.cos(r) * v) + 7,
    ];
    const t = transformFromTiepoints(
      { px: [100, 50], at: truth(100, 50) },
      { px: [700, 420], at: truth(700, 420) },
    )!;
    expect(metresPerPixel(t)).toBeCloseTo(s, 12);
    for (const p of [
      [0, 0],
      [333, 777],
      [-5, 12],
    ] as const) {
      const [x, y] = pixelToFrame(t, p);
      expect(x).toBeCloseTo(truth(p[0], p[1])[0], 9);
      expect(y).toBeCloseTo(truth(p[0], p[1])[1], 9);
    }
    expect(transformFromTiepoints({ px: [1, 1], at: [0, 0] }, { px: [1, 1], at: [5, 0] })).toBeUndefined();
  });
});
