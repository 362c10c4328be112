import { describe, expect, it } from 'vitest';
import { scenario } from '../sim/index.js';
import { learnOffset, type ReceiverOffset } from './receiver-offset.js';
import { siteModel } from './site-model.js';

describe('receiver offset', () => {
  // One beacon per 100 m²: just inside the door two beacons are expected louder than -80 dBm.
  const model = siteModel(scenario('sparse-beacons').venue.site);
  const [x, y] = [30, 1];
  const byLoudness = model.anchors
    .map((_, i) => ({ i, expected: model.expectedRssi(i, x, y, 0) }))
    .sort((a, b) => b.expected - a.expected);
  /** A scan of the given anchors, each `louder` dB above what the model expects at the spot. */
  const scanOf = (anchors: number[], louder: number) => ({
    ts: 0,
    anchors,
    rssi: anchors.map((i) => model.expectedRssi(i, x, y, 0) + louder),
  });

  it('tops up with the loudest expected anchors where fewer than three are loud, both offsets', () => {
    expect(byLoudness.filter((a) => a.expected >= -80)).toHaveLength(2);
    const three = byLoudness.slice(0, 3).map((a) => a.i);
    const offset: ReceiverOffset = { db: 0, scans: 0 };
    expect(learnOffset(offset, model, scanOf(three, 6), 0, x, y)).toBeCloseTo(6, 6);
    expect(offset).toMatchObject({ scans: 1, plainScans: 1 });
    expect(offset.db).toBeCloseTo(3, 6);
    expect(offset.plainDb).toBeCloseTo(3, 6);
    // Two anchors alone tell nothing.
    expect(learnOffset({ db: 0, scans: 0 }, model, scanOf(three.slice(0, 2), 6), 0, x, y)).toBeNull();
  });

  it("learns the positions' offset from loud anchors only for a phone that may be beyond the shop window", () => {
    const three = byLoudness.slice(0, 3).map((a) => a.i);
    const offset: ReceiverOffset = { db: 0, scans: 0 };
    expect(learnOffset(offset, model, scanOf(three, 6), 0, x, y, false)).toBeCloseTo(6, 6);
    // The step is measured all the same; the offset the positions use has not moved.
    expect(offset).toMatchObject({ db: 0, scans: 0, plainScans: 1 });
    expect(offset.plainDb).toBeCloseTo(3, 6);
  });

  it('learns both offsets alike where three anchors are loud', () => {
    const offset: ReceiverOffset = { db: 0, scans: 0 };
    const spot = model.anchors[byLoudness[0]!.i]!;
    const under = model.anchors
      .map((_, i) => i)
      .filter((i) => model.expectedRssi(i, spot.x, spot.y, 0) >= -80);
    expect(under.length).toBeGreaterThanOrEqual(3);
    const scan = {
      ts: 0,
      anchors: under,
      rssi: under.map((i) => model.expectedRssi(i, spot.x, spot.y, 0) - 4),
    };
    expect(learnOffset(offset, model, scan, 0, spot.x, spot.y)).toBeCloseTo(-4, 6);
    expect(offset.scans).toBe(1);
    expect(offset.db).toBeCloseTo(-2, 6);
    expect(offset.plainDb).toBeCloseTo(-2, 6);
  });
});
