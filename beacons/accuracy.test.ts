import { describe, expect, it } from 'vitest';
import { buildVenue } from '../sim/index.js';
import { predictedAccuracy } from './accuracy.js';
import { calibrationWalk } from './calibration.js';

const venue = (beaconSpacing: number) =>
  buildVenue({ id: 'a', width: 40, depth: 30, levels: 1, layout: 'shelving', beaconSpacing });

describe('predicted accuracy', () => {
  it('is better with denser beacons, and points at the gap where a beacon is missing', () => {
    // The search for where one more beacon helps most is the slow part: asked for only where it is read.
    const figures = { suggestions: 0 };
    const dense = predictedAccuracy(venue(6).site, 0, figures)!;
    const sparse = predictedAccuracy(venue(12).site, 0, figures)!;
    expect(dense.mean_m).toBeLessThan(sparse.mean_m);
    expect(dense.cols * dense.rows).toBe(40 * 30);
    // Shelves are not walkable, so they have no figure.
    expect(dense.error_m.filter((e) => e === null).length).toBeGreaterThan(100);

    const site = venue(8).site;
    const far = site.anchors.reduce((a, b) => (b.x + b.y > a.x + a.y ? b : a));
    const holed = { ...site, anchors: site.anchors.filter((a) => a !== far) };
    const map = predictedAccuracy(holed, 0)!;
    const best = map.suggestions[0]!;
    expect(best.gain_m).toBeGreaterThan(0);
    expect(Math.hypot(best.x - far.x, best.y - far.y)).toBeLessThan(10);
    expect(map.mean_m).toBeGreaterThan(predictedAccuracy(site, 0, figures)!.mean_m);
  });

  it('gives the cap where fewer than three beacons are heard', () => {
    const site = venue(8).site;
    const two = { ...site, anchors: site.anchors.slice(0, 2) };
    const map = predictedAccuracy(two, 0, { capM: 10, suggestions: 0 })!;
    expect(map.error_m.filter((e) => e !== null).every((e) => e === 10)).toBe(true);
    expect(predictedAccuracy(site, 3)).toBeUndefined();
  });
});

describe('calibration walk', () => {
  it('marks points one can stand on near beacons, in a serpentine order', () => {
    const site = venue(8).site;
    const walk = calibrationWalk(site, 0);
    expect(walk.length).toBeGreaterThan(20);
    expect(new Set(walk.map((p) => `${p.x},${p.y}`)).size).toBe(walk.length);
    // Rows alternate direction: west to east, then east to west.
    const rows = [...new Set(walk.map((p) => p.y))];
    const xsOf = (y: number) => walk.filter((p) => p.y === y).map((p) => p.x);
    expect(xsOf(rows[0]!)).toEqual([...xsOf(rows[0]!)].sort((a, b) => a - b));
    expect(xsOf(rows[1]!)).toEqual([...xsOf(rows[1]!)].sort((a, b) => b - a));
  });
});
