import { describe, expect, it } from 'vitest';
import { buildVenue } from '../sim/index.js';
import { beaconsApart, calibrationWalk, walkSpacingFor } from './calibration.js';

const site = (beaconSpacing: number) =>
  buildVenue({ id: 'a', width: 60, depth: 40, levels: 2, layout: 'shelving', beaconSpacing }).site;

describe('the walk a level calls for', () => {
  it('asks for points every 2 m where beacons hang 10 m apart, every 4 m where they hang 6 m apart', () => {
    expect(beaconsApart(site(10), 0)).toBeCloseTo(10, 5);
    expect(walkSpacingFor(beaconsApart(site(10), 0))).toBe(2);
    expect(walkSpacingFor(beaconsApart(site(10), 1))).toBe(2);
    expect(beaconsApart(site(6), 1)).toBeLessThanOrEqual(6);
    expect(walkSpacingFor(beaconsApart(site(6), 0))).toBe(4);
    // The 2 m walk is about four times as many points.
    const sparse = site(10);
    expect(calibrationWalk(sparse, 0, 2).length).toBeGreaterThan(3 * calibrationWalk(sparse, 0, 4).length);
  });

  it('keeps the usual walk where a level has fewer than two beacons', () => {
    const one = site(10);
    const lonely = { ...one, anchors: one.anchors.filter((a) => a.level === 0).slice(0, 1) };
    expect(beaconsApart(lonely, 0)).toBeNull();
    expect(walkSpacingFor(beaconsApart(lonely, 0))).toBe(4);
    expect(walkSpacingFor(beaconsApart(lonely, 1))).toBe(4);
  });
});
