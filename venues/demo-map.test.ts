/** The demo maps: a coffee counter for a store that has one, where shoppers pass and clear of the shelves. */
import { describe, expect, it } from 'vitest';
import { DEMO_FLOORS } from '../db/seed.js';
import { demoMap } from './demo-map.js';
import type { MapFeature } from './venue-map.js';

const box = (f: MapFeature) => {
  const xs = f.polygon.map((p) => p[0]);
  const ys = f.polygon.map((p) => p[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
};
const overlap = (a: MapFeature, b: MapFeature) => {
  const p = box(a);
  const q = box(b);
  return a.level === b.level && p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
};
const counterOf = (services: string[], floor = DEMO_FLOORS.SH001!) =>
  demoMap({ id: 'SH001', ...floor }, [], services).map.features.filter(
    (f) => f.kind === 'zone' && f.name === 'Coffee counter',
  );

describe('a demo map', () => {
  it('has a coffee counter on the ground floor of a store with the coffee_counter service, and only there', () => {
    expect(counterOf(['pickup', 'delivery'])).toEqual([]);
    const { map } = demoMap({ id: 'SH001', ...DEMO_FLOORS.SH001! }, [], ['pickup', 'coffee_counter']);
    const [counter, ...more] = map.features.filter((f) => f.name === 'Coffee counter');
    expect(more).toEqual([]);
    expect(counter).toMatchObject({ kind: 'zone', level: 0 });
    // Clear of every shelf, wall and the tills, inside the store, beside the tills along the shop front.
    for (const other of map.features.filter((f) => f !== counter && f.kind !== 'opening'))
      expect(overlap(counter!, other), other.name!).toBe(false);
    const c = box(counter!);
    const tills = box(map.features.find((f) => f.name === 'Tills')!);
    expect(c.x0).toBeGreaterThan(tills.x1);
    expect(c.y0).toBeLessThan(tills.y1);
    expect(c.x1).toBeLessThan(DEMO_FLOORS.SH001!.width);
    // It reaches the first shelving row, where shoppers stop to browse: within half a metre of a shelf.
    const shelves = map.features.filter((f) => f.kind === 'shelf' && f.level === 0).map(box);
    expect(shelves.some((s) => s.y0 - c.y1 < 0.5 && s.x0 < c.x1 && c.x0 < s.x1)).toBe(true);
  });
});
