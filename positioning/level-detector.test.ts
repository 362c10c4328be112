import { describe, expect, it } from 'vitest';
import { followLevel, startLevel } from './level-detector.js';
import type { Scan } from './scan.js';
import { siteModel } from './site-model.js';
import type { Site } from './types.js';

const uuid = '11111111-2222-3333-4444-555555555555';
const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
] as const;
const site: Site = {
  id: 'levels',
  levels: [0, 1].map((level) => ({ level, outline: square, obstacles: [] })),
  anchors: [0, 1].flatMap((level) =>
    [1, 2, 3].map((n) => ({
      id: `${uuid}:${level + 1}:${n}`,
      x: 3 * n,
      y: 5,
      z: 3 + 4.5 * level,
      level,
      txPower: -59,
    })),
  ),
};
const model = siteModel(site);
/** A scan where level 0's anchors read `l0` dBm and level 1's read `l1`. */
const scan = (l0: number, l1: number): Scan => {
  const rssi = model.anchors.map((a) => (a.level === 0 ? l0 : l1));
  const order = rssi.map((_, i) => i).sort((a, b) => rssi[b]! - rssi[a]!);
  return { ts: 0, anchors: order, rssi: order.map((i) => rssi[i]!) };
};

describe('level detection', () => {
  it('starts on the loudest level and ignores another level that is only a little louder', () => {
    const track = startLevel(model, scan(-70, -85));
    expect(track.level).toBe(0);
    for (let i = 0; i < 20; i++) expect(followLevel(track, model, scan(-75, -72))).toBe(false);
  });

  it('moves after a few clearly louder scans, and at once when a floor lies between', () => {
    const track = startLevel(model, scan(-70, -85));
    expect(followLevel(track, model, scan(-76, -70))).toBe(false);
    expect(followLevel(track, model, scan(-70, -80))).toBe(false);
    expect(followLevel(track, model, scan(-76, -70))).toBe(false);
    expect(followLevel(track, model, scan(-76, -70))).toBe(false);
    expect(followLevel(track, model, scan(-76, -70))).toBe(true);
    expect(track.level).toBe(1);
    expect(followLevel(track, model, scan(-68, -85))).toBe(true);
    expect(track.level).toBe(0);
  });
});
