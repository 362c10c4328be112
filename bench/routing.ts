/**
 * Indoor routing and the accuracy map on the demo stores' maps: building the visibility graph, a
 * route query, and the baseline a route could otherwise be found with (Dijkstra over a 0.25 m grid
 * with 8 neighbours, what a simple navigation grid does), both on the same random pairs.
 *   npm run bench:routing
 */
import { predictedAccuracy } from '../beacons/index.js';
import { createRandom } from '../positioning/index.js';
import {
  demoMap,
  findRoute,
  isFree,
  type LevelPoint,
  lineOfSight,
  prepareFloor,
  standable,
  walkableGraph,
} from '../venues/index.js';
import { markdownTable } from './table.js';

const STORES = {
  'SH001 (40×30 m, 2 levels)': { width: 40, depth: 30, levels: 2, layout: 'shelving', beaconSpacing: 7 },
  'SH003 (50×36 m)': { width: 50, depth: 36, levels: 1, layout: 'shelving', beaconSpacing: 8 },
} as const;
const QUERIES = 200;
const GRID_M = 0.25;

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

/** A binary heap of [priority, cell], so the baseline is not slowed by its queue. */
class MinHeap {
  private items: [number, number][] = [];
  get size() {
    return this.items.length;
  }
  push(priority: number, cell: number) {
    const h = this.items;
    h.push([priority, cell]);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p]![0] <= h[i]![0]) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }
  pop(): [number, number] {
    const h = this.items;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < h.length && h[l]![0] < h[m]![0]) m = l;
        if (l + 1 < h.length && h[l + 1]![0] < h[m]![0]) m = l + 1;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** The baseline: Dijkstra on a grid of free cells, 8 neighbours, a step only where the line is clear. */
function gridRoute(
  floor: ReturnType<typeof prepareFloor>,
  width: number,
  depth: number,
  a: LevelPoint,
  b: LevelPoint,
): number {
  const cols = Math.round(width / GRID_M) + 1;
  const rows = Math.round(depth / GRID_M) + 1;
  const at = (p: LevelPoint) => Math.round(p.y / GRID_M) * cols + Math.round(p.x / GRID_M);
  const best = new Float64Array(cols * rows).fill(Number.POSITIVE_INFINITY);
  const heap = new MinHeap();
  heap.push(0, at(a));
  best[at(a)] = 0;
  const goal = at(b);
  while (heap.size) {
    const [d, i] = heap.pop();
    if (i === goal) return d;
    if (d > best[i]!) continue;
    const x = (i % cols) * GRID_M;
    const y = Math.floor(i / cols) * GRID_M;
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ] as const) {
      const nx = x + dx * GRID_M;
      const ny = y + dy * GRID_M;
      if (nx < 0 || ny < 0 || nx > width || ny > depth) continue;
      const j = Math.round(ny / GRID_M) * cols + Math.round(nx / GRID_M);
      const nd = d + Math.hypot(dx, dy) * GRID_M;
      if (nd >= best[j]! || !isFree([nx, ny], floor) || !lineOfSight([x, y], [nx, ny], floor)) continue;
      best[j] = nd;
      heap.push(nd, j);
    }
  }
  return Number.POSITIVE_INFINITY;
}

const rows: string[][] = [];
const summary: Record<string, number> = {};
for (const [name, spec] of Object.entries(STORES)) {
  const { map, anchors } = demoMap({ id: name, ...spec }, []);
  // The exact graph first: it also warms the code up, so the timed build is not the JIT's first run.
  const exact = walkableGraph(map);
  const built = timed(() => walkableGraph(map, { clearance: 0.4 }));
  const random = createRandom(7);
  const pick = (level: number): LevelPoint => {
    for (;;) {
      const p = { level, x: random.next() * spec.width, y: random.next() * spec.depth };
      // Whole grid points, so the grid baseline starts and ends exactly where the route does.
      const q = { level, x: Math.round(p.x / GRID_M) * GRID_M, y: Math.round(p.y / GRID_M) * GRID_M };
      if (standable(exact, q)) return q;
    }
  };
  const pairs = Array.from({ length: QUERIES }, () => [pick(0), pick(0)] as const);
  const routes = timed(() => pairs.map(([a, b]) => findRoute(built.value, a, b)));
  const exactRoutes = pairs.map(([a, b]) => findRoute(exact, a, b)!.distance_m);
  const floor = prepareFloor({ outline: map.levels[0]!.outline, obstacles: exact.floors.get(0)!.obstacles });
  const gridPairs = pairs.slice(0, 20);
  const grid = timed(() => gridPairs.map(([a, b]) => gridRoute(floor, spec.width, spec.depth, a, b)));
  const longer = grid.value.reduce((s, g, i) => s + g / exactRoutes[i]!, 0) / gridPairs.length;
  const site = {
    id: name,
    levels: [...exact.floors].map(([level, f]) => ({ level, outline: f.outline, obstacles: f.obstacles })),
    anchors,
    levelHeight: 4.5,
  };
  const accuracy = timed(() => predictedAccuracy(site, 0));
  const failed = routes.value.filter((r) => !r).length;
  if (failed) console.log(`${name}: ${failed} of ${QUERIES} pairs had no route with clearance`);
  const roomy =
    routes.value.reduce((sum, r, i) => sum + (r ? r.distance_m / exactRoutes[i]! : 1), 0) / QUERIES;
  const perQuery = routes.ms / QUERIES;
  const gridPerQuery = grid.ms / gridPairs.length;
  rows.push([
    name,
    'visibility graph + A* (0.4 m clearance)',
    `${built.ms.toFixed(0)} ms`,
    `${perQuery.toFixed(2)} ms`,
    roomy.toFixed(3),
  ]);
  rows.push([
    name,
    'grid Dijkstra, 0.25 m, 8 neighbours',
    '—',
    `${gridPerQuery.toFixed(1)} ms`,
    longer.toFixed(3),
  ]);
  rows.push([name, 'predicted-accuracy map, level 0 (1 m cells)', '—', `${accuracy.ms.toFixed(0)} ms`, '']);
  if (name.startsWith('SH001')) {
    summary['route_ms_sh001'] = Math.round(perQuery * 100) / 100;
    summary['graph_build_ms_sh001'] = Math.round(built.ms);
    summary['grid_ms_sh001'] = Math.round(gridPerQuery * 10) / 10;
    summary['grid_longer_x'] = Math.round(longer * 1000) / 1000;
    summary['accuracy_map_ms_sh001'] = Math.round(accuracy.ms);
  }
}

console.log(
  `\nRoutes between ${QUERIES} random pairs of places per store (one core, ${new Date().toISOString().slice(0, 10)}); grid baseline on the first 20\n`,
);
console.log(markdownTable(['store', 'method', 'build', 'per route', 'length vs shortest'], rows));
console.log(`\n${JSON.stringify(summary)}`);
