import { describe, expect, it } from 'vitest';
import { createRandom, insidePolygon, type Polygon } from '../positioning/index.js';
import { isFree, lineOfSight, prepareFloor } from './line-of-sight.js';
import { findRoute, standableIn, walkableGraph } from './routing.js';
import type { LevelPoint, MapFeature, VenueMap } from './venue-map.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

const shelf = (id: string, level: number, polygon: Polygon, name: string | null = null): MapFeature => ({
  id,
  level,
  kind: 'shelf',
  name,
  polygon,
  height_m: 1.8,
  properties: {},
});

/** An L-shaped store with random shelves and walls, some overlapping, some touching the outline. */
function randomStore(seed: number): VenueMap {
  const random = createRandom(seed);
  const outline: Polygon = [
    [0, 0],
    [24, 0],
    [24, 10],
    [14, 10],
    [14, 18],
    [0, 18],
  ];
  const features: MapFeature[] = [];
  for (let i = 0; i < 9; i++) {
    const x = random.next() * 20;
    const y = random.next() * 15;
    const w = 0.6 + random.next() * 6;
    const h = 0.6 + random.next() * 3;
    features.push(shelf(`s${i}`, 0, rect(x, y, x + w, y + h)));
  }
  // A triangle, so corners are not all axis-aligned.
  features.push(
    shelf('t', 0, [
      [4, 12],
      [9, 13.5],
      [6, 16],
    ]),
  );
  return {
    levels: [{ level: 0, name: 'G', height_m: 4.5, outline }],
    features,
    connectors: [],
    products: [],
  };
}

/**
 * Brute force: Dijkstra over a 0.25 m grid, each node linked to every grid node within 3 cells it can
 * see. Any path it finds is a real walk, so it can never beat the optimum; and with so many directions
 * it comes within a few per cent of it.
 */
function gridShortest(map: VenueMap, from: LevelPoint, to: LevelPoint): number {
  const floor = prepareFloor({
    outline: map.levels[0]!.outline,
    obstacles: map.features.map((f) => f.polygon),
  });
  const h = 0.25;
  const cols = Math.ceil(24 / h) + 1;
  const rows = Math.ceil(18 / h) + 1;
  const points: [number, number][] = [];
  const index = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p: [number, number] = [c * h, r * h];
      if (isFree(p, floor)) index.set(r * cols + c, points.push(p) - 1);
    }
  }
  const start = points.push([from.x, from.y]) - 1;
  const goal = points.push([to.x, to.y]) - 1;
  const near = (p: [number, number]) => {
    const out: number[] = [];
    const c0 = Math.round(p[0] / h);
    const r0 = Math.round(p[1] / h);
    for (let dr = -3; dr <= 3; dr++)
      for (let dc = -3; dc <= 3; dc++) {
        const k = index.get((r0 + dr) * cols + (c0 + dc));
        if (k !== undefined && c0 + dc >= 0 && c0 + dc < cols) out.push(k);
      }
    return out;
  };
  const best = new Float64Array(points.length).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(points.length);
  best[start] = 0;
  // A plain O(n²) Dijkstra: slow and obviously right, which is the point of a brute force.
  const goalNeighbours = new Set(near(points[goal]!));
  for (;;) {
    let u = -1;
    for (let i = 0; i < points.length; i++) if (!done[i] && (u < 0 || best[i]! < best[u]!)) u = i;
    if (u < 0 || best[u] === Number.POSITIVE_INFINITY || u === goal) break;
    done[u] = 1;
    const neighbours = u === start ? near(points[start]!) : near(points[u]!);
    if (goalNeighbours.has(u)) neighbours.push(goal);
    for (const v of neighbours) {
      if (done[v] || !lineOfSight(points[u]!, points[v]!, floor)) continue;
      const d = best[u]! + Math.hypot(points[u]![0] - points[v]![0], points[u]![1] - points[v]![1]);
      if (d < best[v]!) best[v] = d;
    }
  }
  return best[goal]!;
}

/** Samples the route every 5 cm and checks no sample is inside an obstacle: an independent check. */
function throughObstacle(map: VenueMap, path: LevelPoint[]): boolean {
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (a.level !== b.level) continue;
    const n = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 0.05);
    for (let k = 1; k < n; k++) {
      const x = a.x + ((b.x - a.x) * k) / n;
      const y = a.y + ((b.y - a.y) * k) / n;
      for (const f of map.features) {
        if (f.level !== a.level || !insidePolygon(x, y, f.polygon)) continue;
        // Samples that land exactly on a shelf's edge are allowed (walking along its side).
        const free = isFree([x, y], { outline: map.levels[0]!.outline, obstacles: [f.polygon] });
        if (!free) return true;
      }
    }
  }
  return false;
}

/** A 20 × 10 m floor with one shelf, Aisle 7, across its middle. */
const aisleSeven: VenueMap = {
  levels: [{ level: 0, name: 'G', height_m: 4.5, outline: rect(0, 0, 20, 10) }],
  features: [shelf('a7', 0, rect(8, 2, 10, 8), 'Aisle 7')],
  connectors: [],
  products: [],
};

describe('routing', () => {
  it('finds the shortest walk around obstacles, never beaten by a brute-force grid search', () => {
    let compared = 0;
    for (let seed = 1; compared < 6 && seed < 40; seed++) {
      const map = randomStore(seed);
      const graph = walkableGraph(map);
      const random = createRandom(seed * 7919);
      const pick = (): LevelPoint => {
        for (;;) {
          const p = { level: 0, x: random.next() * 24, y: random.next() * 18 };
          if (isFree([p.x, p.y], graph.floors.get(0)!)) return p;
        }
      };
      const from = pick();
      const to = pick();
      const route = findRoute(graph, from, to);
      const grid = gridShortest(map, from, to);
      if (!route) {
        expect(grid, `seed ${seed}: the grid found a way the graph missed`).toBe(Number.POSITIVE_INFINITY);
        continue;
      }
      compared++;
      expect(route.distance_m, `seed ${seed}`).toBeLessThanOrEqual(grid + 1e-9);
      expect(grid, `seed ${seed}`).toBeLessThanOrEqual(route.distance_m * 1.04 + 0.3);
      expect(throughObstacle(map, route.path), `seed ${seed}`).toBe(false);
    }
    expect(compared).toBe(6);
  });

  it('walks straight when nothing is in the way, and around a shelf when one is', () => {
    const graph = walkableGraph(aisleSeven);
    expect(findRoute(graph, { level: 0, x: 1, y: 9 }, { level: 0, x: 19, y: 9 })!.distance_m).toBeCloseTo(18);
    const around = findRoute(
      graph,
      { level: 0, x: 5, y: 6 },
      { level: 0, x: 13, y: 6 },
      { arrival: 'Milk' },
    )!;
    // 5,6 → 8,8 → 10,8 → 13,6: over the shelf's north side, two diagonals of √13 and its 2 m top.
    expect(around.distance_m).toBeCloseTo(2 * Math.sqrt(13) + 2);
    expect(around.steps.map((s) => s.instruction)).toEqual([
      'Start at Aisle 7 and head north-east',
      'Bear right at Aisle 7',
      'Bear right at Aisle 7',
      'Arrive at Milk',
    ]);
    // Beside the words, what a phone needs to word the steps in its own language.
    expect(around.steps.map(({ instruction, distance_m, level, x, y, ...coded }) => coded)).toEqual([
      { kind: 'depart', landmark: 'Aisle 7', heading: 'north_east' },
      { kind: 'turn', turn: 'bear_right', landmark: 'Aisle 7' },
      { kind: 'turn', turn: 'bear_right', landmark: 'Aisle 7' },
      { kind: 'arrive', place: 'Milk' },
    ]);
    expect(findRoute(graph, { level: 0, x: 9, y: 5 }, { level: 0, x: 1, y: 1 })).toBeUndefined();
  });

  it('starts from an area at its walkable spot nearest its middle, and says where it starts', () => {
    const graph = walkableGraph(aisleSeven);
    // A zone round the shelf: its middle is in the shelf; the nearest walkable spot is by its side.
    const spot = standableIn(graph, { level: 0, polygon: rect(7, 1, 11, 9) }, { x: 9, y: 5 })!;
    expect(spot.level).toBe(0);
    expect(Math.min(Math.abs(spot.x - 8), Math.abs(spot.x - 10))).toBeLessThan(0.1);
    expect(spot.y).toBeCloseTo(5, 0);
    // A door drawn across the outline: the spot just inside it.
    const door = standableIn(graph, { level: 0, polygon: rect(2, -0.2, 5, 0.2) }, { x: 3.5, y: 0 })!;
    expect(door.y).toBeGreaterThanOrEqual(0);
    expect(door.y).toBeLessThan(0.2);
    expect(door.x).toBeCloseTo(3.5, 0);
    // Wholly in a shelf, or on no level: nowhere to stand.
    expect(standableIn(graph, { level: 0, polygon: rect(8.5, 3, 9.5, 7) }, { x: 9, y: 5 })).toBeUndefined();
    expect(standableIn(graph, { level: 3, polygon: rect(1, 1, 2, 2) }, { x: 1.5, y: 1.5 })).toBeUndefined();

    const route = findRoute(
      graph,
      door,
      { level: 0, x: 15, y: 5 },
      { departure: 'Entrance', arrival: 'Milk' },
    )!;
    expect(route.steps[0]!.instruction).toMatch(/^Start at Entrance and head /);
    expect(route.steps[0]).toMatchObject({ kind: 'depart', place: 'Entrance' });
    expect(route.steps[0]).not.toHaveProperty('landmark');
    expect(route.steps.at(-1)!.instruction).toBe('Arrive at Milk');
  });

  it('keeps the clearance asked for from shelf corners, at a small cost in length', () => {
    const exact = findRoute(walkableGraph(aisleSeven), { level: 0, x: 5, y: 6 }, { level: 0, x: 13, y: 6 })!;
    const roomy = findRoute(
      walkableGraph(aisleSeven, { clearance: 0.4 }),
      { level: 0, x: 5, y: 6 },
      { level: 0, x: 13, y: 6 },
    )!;
    expect(roomy.path.slice(1, -1)).toEqual([
      { level: 0, x: 7.6, y: 8.4 },
      { level: 0, x: 10.4, y: 8.4 },
    ]);
    expect(roomy.distance_m).toBeGreaterThan(exact.distance_m);
    expect(roomy.distance_m).toBeLessThan(exact.distance_m + 1.5);
  });

  it('crosses levels through a connector, the faster one when there are two', () => {
    const names = ['Ground floor', 'First floor'];
    const level = (n: number) => ({ level: n, name: names[n]!, height_m: 4.5, outline: rect(0, 0, 30, 20) });
    const map: VenueMap = {
      levels: [level(0), level(1)],
      features: [],
      connectors: [
        {
          id: 'e',
          kind: 'escalator',
          name: null,
          from: { level: 0, x: 25, y: 5 },
          to: { level: 1, x: 25, y: 12 },
          seconds: 15,
          two_way: false,
        },
        {
          id: 'l',
          kind: 'lift',
          name: 'Lift A',
          from: { level: 0, x: 2, y: 18 },
          to: { level: 1, x: 2, y: 18 },
          seconds: 40,
          two_way: true,
        },
      ],
      products: [],
    };
    const graph = walkableGraph(map);
    const up = findRoute(graph, { level: 0, x: 20, y: 5 }, { level: 1, x: 25, y: 15 })!;
    expect(up.path.map((p) => p.level)).toEqual([0, 0, 1, 1]);
    expect(up.distance_m).toBeCloseTo(5 + 18 + 3);
    expect(up.steps.map((s) => s.kind)).toEqual(['depart', 'connector', 'turn', 'arrive']);
    // Levels as the map names them.
    expect(up.steps[1]!.instruction).toBe('Take the escalator to First floor');
    // Unnamed ends: the start heads east and names nothing; the end is a bare destination.
    expect(up.steps.map(({ instruction, distance_m, level, x, y, ...coded }) => coded)).toEqual([
      { kind: 'depart', heading: 'east' },
      { kind: 'connector', connector: { kind: 'escalator' }, to_level: 1, to_level_name: 'First floor' },
      { kind: 'turn', turn: 'step_off' },
      { kind: 'arrive' },
    ]);
    expect(up.steps.map((s) => s.instruction)).toEqual([
      'Start and head east',
      'Take the escalator to First floor',
      'Step off and walk on',
      'Arrive at your destination',
    ]);
    // The escalator runs up only: down is by the lift.
    const down = findRoute(graph, { level: 1, x: 25, y: 15 }, { level: 0, x: 20, y: 5 })!;
    expect(down.steps[1]!.instruction).toBe('Take Lift A to Ground floor');
    expect(down.steps[1]).toMatchObject({
      connector: { kind: 'lift', name: 'Lift A' },
      to_level: 0,
      to_level_name: 'Ground floor',
    });
  });
});
