import { describe, expect, it } from 'vitest';
import { insidePolygon } from '../positioning/index.js';
import { planBeaconLayout } from './layout-plan.js';

const rectangle = (w: number, d: number) =>
  [
    [0, 0],
    [w, 0],
    [w, d],
    [0, d],
  ] as const;

describe('beacon layout plan', () => {
  it('hangs a 30 × 24 m floor every 6 m on the ceiling with even margins', () => {
    const plan = planBeaconLayout({ outline: rectangle(30, 24) }, []);
    expect(plan).toHaveLength(5 * 4);
    const xs = [...new Set(plan.map((p) => p.x))];
    const ys = [...new Set(plan.map((p) => p.y))];
    expect(xs).toEqual([3, 9, 15, 21, 27]);
    expect(ys).toEqual([3, 9, 15, 21]);
    expect(plan.every((p) => p.z === 3)).toBe(true);
  });

  it('keeps the margins even when the spacing does not divide the floor', () => {
    const plan = planBeaconLayout({ outline: rectangle(33, 20) }, [], { spacing: 8, ceiling: 4 });
    const xs = plan.map((p) => p.x);
    const ys = plan.map((p) => p.y);
    expect(Math.min(...xs)).toBeCloseTo(33 - Math.max(...xs));
    expect(Math.min(...ys)).toBeCloseTo(20 - Math.max(...ys));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
    expect(plan.every((p) => p.z === 4)).toBe(true);
  });

  it('keeps every point of an L-shaped floor inside it', () => {
    const outline = [
      [0, 0],
      [30, 0],
      [30, 12],
      [12, 12],
      [12, 30],
      [0, 30],
    ] as const;
    const plan = planBeaconLayout({ outline }, []);
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.every((p) => insidePolygon(p.x, p.y, outline))).toBe(true);
    // The missing quarter (x and y both above 12) has none; a full 30 × 30 grid of 25 would.
    expect(plan.some((p) => p.x > 12 && p.y > 12)).toBe(false);
    expect(plan).toHaveLength(25 - 9);
  });

  it('leaves out the points an existing beacon already covers', () => {
    const existing = [
      { x: 4, y: 2 },
      { x: 15, y: 15 },
    ];
    const plan = planBeaconLayout({ outline: rectangle(30, 24) }, existing);
    expect(plan).toHaveLength(20 - 2);
    expect(plan.some((p) => p.x === 3 && p.y === 3)).toBe(false);
    expect(plan.some((p) => p.x === 15 && p.y === 15)).toBe(false);
    for (const p of plan)
      for (const b of existing) expect(Math.hypot(p.x - b.x, p.y - b.y)).toBeGreaterThan(3);
  });

  it('fills the holes a sparser grid leaves, and nothing more', () => {
    // A 48 × 40 m level hung every 8 m (4 m from the walls), planned at 6 m.
    const existing = [];
    for (let x = 4; x < 48; x += 8) for (let y = 4; y < 40; y += 8) existing.push({ x, y });
    const plan = planBeaconLayout({ outline: rectangle(48, 40) }, existing);
    const all = [...existing, ...plan];
    const farthest = (x: number, y: number) => Math.min(...all.map((b) => Math.hypot(b.x - x, b.y - y)));
    // No spot within the 6 m grid's extent (3…45 × 2…38) is farther than 4.5 m from a beacon now …
    for (let x = 3; x <= 45; x += 0.5)
      for (let y = 2; y <= 38; y += 0.5) expect(farthest(x, y)).toBeLessThanOrEqual(4.5);
    // … with one beacon in each 8 m cell's middle, far fewer than a second full grid.
    expect(plan).toHaveLength(5 * 4);
    expect(plan.every((p) => (p.x - 4) % 8 === 4 && (p.y - 4) % 8 === 4)).toBe(true);
  });

  it('hangs the bare half of a level on the grid, beside the half already hung', () => {
    const existing = [];
    for (let x = 3; x < 15; x += 6) for (let y = 3; y < 24; y += 6) existing.push({ x, y });
    const plan = planBeaconLayout({ outline: rectangle(30, 24) }, existing);
    expect(plan.map((p) => [p.x, p.y])).toEqual(
      [3, 9, 15, 21].flatMap((y) => [15, 21, 27].map((x) => [x, y])),
    );
  });

  it('does not change the outline or the beacons it is given', () => {
    const outline = rectangle(30, 24).map((p) => [...p] as const);
    const existing = [{ x: 4, y: 2 }];
    const before = JSON.stringify({ outline, existing });
    planBeaconLayout({ outline }, existing);
    expect(JSON.stringify({ outline, existing })).toBe(before);
  });
});
