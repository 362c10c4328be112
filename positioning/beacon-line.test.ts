import { describe, expect, it } from 'vitest';
import { beaconsInALine } from './beacon-line.js';
import type { Point } from './types.js';

const box = (w: number, d: number): Point[] => [
  [0, 0],
  [w, 0],
  [w, d],
  [0, d],
];
const row = (n: number, spacing: number, y: number) =>
  Array.from({ length: n }, (_, i) => ({ x: 4 + i * spacing, y }));

describe('beacons in a line', () => {
  it('knows a single row down a narrow shop, and a row along one wall, whatever its direction', () => {
    expect(beaconsInALine(row(12, 8, 4), box(100, 12))).toBe(true);
    expect(beaconsInALine(row(6, 8, 0.5), box(50, 20))).toBe(true);
    // The same shop turned by 30°: the line is across its beacons, not along an axis.
    const turn = (x: number, y: number): [number, number] => [
      x * Math.cos(0.52) - y * Math.sin(0.52),
      x * Math.sin(0.52) + y * Math.cos(0.52),
    ];
    const beacons = row(12, 8, 4).map(({ x, y }) => {
      const [tx, ty] = turn(x, y);
      return { x: tx, y: ty };
    });
    expect(
      beaconsInALine(
        beacons,
        box(100, 12).map(([x, y]) => turn(x, y)),
      ),
    ).toBe(true);
  });

  it('does not take a grid, or two rows across a narrow shop, for a line', () => {
    const grid = [2, 10, 18, 26].flatMap((y) => row(6, 8, y));
    expect(beaconsInALine(grid, box(50, 30))).toBe(false);
    expect(beaconsInALine([...row(12, 8, 3), ...row(12, 8, 9)], box(100, 12))).toBe(false);
  });

  it('takes one or two beacons for a line: they cannot tell a deaf phone from a far one either', () => {
    expect(beaconsInALine([{ x: 5, y: 5 }], box(10, 10))).toBe(true);
    expect(
      beaconsInALine(
        [
          { x: 2, y: 2 },
          { x: 8, y: 8 },
        ],
        box(10, 10),
      ),
    ).toBe(true);
  });
});
