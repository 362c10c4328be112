/**
 * Indoor routing: a visibility graph per level (the corners of walls and shelves, the corners of
 * the outline, the ends of connectors), joined across levels by escalators, lifts and stairs, and
 * searched with A*. On a polygonal floor the shortest path bends only at obstacle corners, so the
 * visibility graph holds it exactly (test/venues-routing proves it against a brute-force grid).
 */
import { insidePolygon, type Point, type Polygon } from '../positioning/index.js';
import { isFree, lineOfSight, type PreparedFloor, prepareFloor } from './line-of-sight.js';
import type { RouteStep } from './schemas.js';
import { HEADINGS, type Heading, type Turn } from './step-codes.js';
import { type LevelPoint, type MapConnector, OBSTACLE_KINDS, type VenueMap } from './venue-map.js';

export type { RouteStep } from './schemas.js';

/** Walking pace used to turn connector ride times into metres and routes into minutes. */
export const WALK_M_PER_S = 1.2;

interface Node extends LevelPoint {
  /** Neighbours and the cost (metres) to reach them. */
  edges: { to: number; cost: number; connector?: MapConnector }[];
}

interface Landmark {
  level: number;
  name: string;
  polygon: Polygon;
}

export interface WalkableGraph {
  floors: Map<number, PreparedFloor>;
  nodes: Node[];
  landmarks: Landmark[];
  /** Each level's name on the map ("Ground floor"), as steps say where a connector leads. */
  levelNames: Map<number, string>;
}

export interface Route {
  distance_m: number;
  duration_s: number;
  path: LevelPoint[];
  steps: RouteStep[];
}

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Each corner moved `clearance` metres off both of its sides, into the free space: outward for an
 * obstacle, inward for the outline. Zero keeps the exact corners (the true shortest paths).
 */
function cornersWithClearance(polygon: Polygon, clearance: number, outward: boolean): Point[] {
  if (clearance === 0) return [...polygon];
  let area = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++)
    area += polygon[j]![0] * polygon[i]![1] - polygon[i]![0] * polygon[j]![1];
  // Normals pointing out of the polygon for a counter-clockwise ring; flipped for clockwise or for the outline.
  const sign = (area > 0 ? 1 : -1) * (outward ? 1 : -1);
  const normal = (a: Point, b: Point): Point => {
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    return [(sign * (b[1] - a[1])) / len, (sign * -(b[0] - a[0])) / len];
  };
  return polygon.map((p, i) => {
    const prev = polygon[(i + polygon.length - 1) % polygon.length]!;
    const next = polygon[(i + 1) % polygon.length]!;
    const n1 = normal(prev, p);
    const n2 = normal(p, next);
    const k = clearance / Math.max(0.2, 1 + n1[0] * n2[0] + n1[1] * n2[1]);
    return [p[0] + k * (n1[0] + n2[0]), p[1] + k * (n1[1] + n2[1])];
  });
}

/**
 * Builds the graph once per map; routing many times over it is cheap. With a `clearance` (metres)
 * routes keep that far from shelf corners, as people do; without one they are exactly the shortest.
 */
export function walkableGraph(map: VenueMap, { clearance = 0 } = {}): WalkableGraph {
  const floors = new Map<number, PreparedFloor>();
  for (const level of map.levels) {
    const obstacles = map.features
      .filter((f) => f.level === level.level && OBSTACLE_KINDS.includes(f.kind))
      .map((f) => f.polygon);
    floors.set(level.level, prepareFloor({ outline: level.outline, obstacles }));
  }
  const nodes: Node[] = [];
  for (const [level, floor] of floors) {
    for (const [polygon, outward] of [
      [floor.outline, false] as const,
      ...floor.obstacles.map((o) => [o, true] as const),
    ]) {
      const roomy = cornersWithClearance(polygon, clearance, outward);
      polygon.forEach((exact, i) => {
        // A corner with no room around it (a shelf against a wall) keeps its exact place: still walkable.
        const [x, y] = isFree(roomy[i]!, floor) ? roomy[i]! : exact;
        if (isFree([x, y], floor)) nodes.push({ level, x, y, edges: [] });
      });
    }
  }
  const connectorEnds: [number, number, MapConnector][] = [];
  for (const c of map.connectors) {
    const from = nodes.push({ ...c.from, edges: [] }) - 1;
    const to = nodes.push({ ...c.to, edges: [] }) - 1;
    connectorEnds.push([from, to, c]);
  }
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!;
    const floor = floors.get(a.level);
    if (!floor) continue;
    for (let j = i + 1; j < nodes.length; j++) {
      const b = nodes[j]!;
      if (b.level !== a.level || !lineOfSight([a.x, a.y], [b.x, b.y], floor)) continue;
      const cost = dist(a, b);
      a.edges.push({ to: j, cost });
      b.edges.push({ to: i, cost });
    }
  }
  for (const [from, to, c] of connectorEnds) {
    // Never cheaper than the straight line: keeps the planar A* heuristic admissible across levels.
    const cost = Math.max(c.seconds * WALK_M_PER_S, dist(c.from, c.to));
    nodes[from]!.edges.push({ to, cost, connector: c });
    if (c.two_way) nodes[to]!.edges.push({ to: from, cost, connector: c });
  }
  const landmarks = map.features
    .filter((f) => f.name && (f.kind === 'shelf' || f.kind === 'zone'))
    .map((f) => ({ level: f.level, name: f.name!, polygon: f.polygon }));
  const levelNames = new Map(map.levels.map((l) => [l.level, l.name]));
  return { floors, nodes, landmarks, levelNames };
}

/** Whether a shopper can stand at p (inside the level's outline, outside every obstacle). */
export function standable(graph: WalkableGraph, p: LevelPoint): boolean {
  const floor = graph.floors.get(p.level);
  return Boolean(floor && isFree([p.x, p.y], floor));
}

/**
 * The walkable spot of an area (a zone, a door) nearest to `near`, on a grid of about 10 cm, or
 * undefined when none of it is walkable: where a route from or to the area begins or ends.
 */
export function standableIn(
  graph: WalkableGraph,
  area: { level: number; polygon: Polygon },
  near: { x: number; y: number },
): LevelPoint | undefined {
  const xs = area.polygon.map((p) => p[0]);
  const ys = area.polygon.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  // At most 100 × 100 samples: a big zone is sampled more coarsely, and has room to spare.
  const nx = Math.min(100, Math.max(1, Math.ceil((Math.max(...xs) - x0) / 0.1)));
  const ny = Math.min(100, Math.max(1, Math.ceil((Math.max(...ys) - y0) / 0.1)));
  const dx = (Math.max(...xs) - x0) / nx;
  const dy = (Math.max(...ys) - y0) / ny;
  let best: { p: LevelPoint; d: number } | undefined;
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const p = { level: area.level, x: x0 + (i + 0.5) * dx, y: y0 + (j + 0.5) * dy };
      const d = dist(p, near);
      if (best && d >= best.d) continue;
      if (insidePolygon(p.x, p.y, area.polygon) && standable(graph, p)) best = { p, d };
    }
  }
  return best?.p;
}

/** A binary heap of node indices by priority: A* needs nothing more. */
class Queue {
  private items: { node: number; priority: number }[] = [];
  get size() {
    return this.items.length;
  }
  push(node: number, priority: number) {
    const items = this.items;
    items.push({ node, priority });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.priority <= items[i]!.priority) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!.node;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && items[l]!.priority < items[m]!.priority) m = l;
        if (r < items.length && items[r]!.priority < items[m]!.priority) m = r;
        if (m === i) break;
        [items[m], items[i]] = [items[i]!, items[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** What the first and last steps call the two ends: "Oatly燕麦奶 1L (Aisle 7 bay 2, slot 3)". */
export interface RouteEnds {
  /** Without one, the start is named by the shelf or zone beside it, if any. */
  departure?: string;
  arrival?: string;
}

/**
 * The shortest walk from `from` to `to`, or undefined when there is none (either end inside an
 * obstacle or off the map, or no connector joins their levels).
 */
export function findRoute(
  graph: WalkableGraph,
  from: LevelPoint,
  to: LevelPoint,
  names: RouteEnds = {},
): Route | undefined {
  if (!standable(graph, from) || !standable(graph, to)) return undefined;
  // The two ends join the graph as temporary nodes, seeing what they see on their level.
  const start = graph.nodes.length;
  const goal = start + 1;
  const ends: Node[] = [
    { ...from, edges: [] },
    { ...to, edges: [] },
  ];
  const node = (i: number) => (i >= start ? ends[i - start]! : graph.nodes[i]!);
  const toGoal = new Map<number, number>();
  const sees = (a: LevelPoint, b: LevelPoint) =>
    a.level === b.level && lineOfSight([a.x, a.y], [b.x, b.y], graph.floors.get(a.level)!);
  graph.nodes.forEach((n, i) => {
    if (sees(n, to)) toGoal.set(i, dist(n, to));
    if (sees(from, n)) ends[0]!.edges.push({ to: i, cost: dist(from, n) });
  });
  if (sees(from, to)) ends[0]!.edges.push({ to: goal, cost: dist(from, to) });

  const g = new Map<number, number>([[start, 0]]);
  const came = new Map<number, { prev: number; connector?: MapConnector }>();
  const queue = new Queue();
  queue.push(start, dist(from, to));
  const done = new Set<number>();
  while (queue.size > 0) {
    const current = queue.pop();
    if (current === goal) break;
    if (done.has(current)) continue;
    done.add(current);
    const base = g.get(current)!;
    const edges = node(current).edges.concat(
      toGoal.has(current) ? [{ to: goal, cost: toGoal.get(current)! }] : [],
    );
    for (const edge of edges) {
      const cost = base + edge.cost;
      if (cost >= (g.get(edge.to) ?? Number.POSITIVE_INFINITY)) continue;
      g.set(edge.to, cost);
      came.set(edge.to, edge.connector ? { prev: current, connector: edge.connector } : { prev: current });
      queue.push(edge.to, cost + dist(node(edge.to), to));
    }
  }
  if (!g.has(goal)) return undefined;

  const chain: { at: LevelPoint; connector?: MapConnector }[] = [];
  for (let i: number | undefined = goal; i !== undefined; ) {
    const step = came.get(i);
    const n = node(i);
    chain.unshift({
      at: { level: n.level, x: n.x, y: n.y },
      ...(step?.connector ? { connector: step.connector } : {}),
    });
    i = step?.prev;
  }
  const distance = g.get(goal)!;
  return {
    distance_m: distance,
    duration_s: distance / WALK_M_PER_S,
    path: chain.map((c) => c.at),
    steps: turnByTurn(chain, graph, names),
  };
}

/** Signed turn in degrees from heading a→b to heading b→c: positive is left (x east, y north). */
function turnAngle(a: LevelPoint, b: LevelPoint, c: LevelPoint): number {
  const h1 = Math.atan2(b.y - a.y, b.x - a.x);
  const h2 = Math.atan2(c.y - b.y, c.x - b.x);
  let d = ((h2 - h1) * 180) / Math.PI;
  while (d > 180) d -= 360;
  while (d <= -180) d += 360;
  return d;
}

const TURN_WORDS: Record<Turn, string> = {
  bear_left: 'Bear left',
  left: 'Turn left',
  bear_right: 'Bear right',
  right: 'Turn right',
  around: 'Turn around',
  step_off: 'Step off and walk on',
};

function turnOf(angle: number): Turn | undefined {
  const side = angle > 0 ? 'left' : 'right';
  const a = Math.abs(angle);
  if (a < 15) return undefined;
  if (a < 50) return `bear_${side}`;
  if (a < 150) return side;
  return 'around';
}

/** The nearest named shelf or zone within 3 m, to say "at Aisle 7" rather than at coordinates. */
function landmarkAt(p: LevelPoint, landmarks: Landmark[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const l of landmarks) {
    if (l.level !== p.level) continue;
    for (let i = 0, j = l.polygon.length - 1; i < l.polygon.length; j = i++) {
      const d = pointSegment(p, l.polygon[j]!, l.polygon[i]!);
      if (d <= 3 && (!best || d < best.d)) best = { name: l.name, d };
    }
  }
  return best?.name;
}

function pointSegment(p: LevelPoint, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a[0]) * dx + (p.y - a[1]) * dy) / len2));
  return Math.hypot(p.x - (a[0] + t * dx), p.y - (a[1] + t * dy));
}

/** The store frame's y is its north (see the georeference), so headings read as on the floor plan. */
function compass(a: LevelPoint, b: LevelPoint): Heading {
  const angle = Math.atan2(b.y - a.y, b.x - a.x);
  return HEADINGS[(Math.round(angle / (Math.PI / 4)) + 8) % 8]!;
}

const CONNECTOR_WORDS = { escalator: 'the escalator', lift: 'the lift', stairs: 'the stairs' };

/**
 * The steps in English (`instruction`) and as codes and names beside it (turn, heading, landmark,
 * connector, level, place) that a client words in its shopper's language.
 */
function turnByTurn(
  chain: { at: LevelPoint; connector?: MapConnector }[],
  { landmarks, levelNames }: WalkableGraph,
  { departure, arrival }: RouteEnds,
): RouteStep[] {
  const steps: RouteStep[] = [];
  const at = (landmark: string | undefined) => (landmark ? ` at ${landmark}` : '');
  const leg = (i: number) =>
    i + 1 < chain.length && !chain[i + 1]!.connector ? dist(chain[i]!.at, chain[i + 1]!.at) : 0;
  const first = chain[0]!.at;
  const second = chain[1]?.at;
  const heading = second && !chain[1]!.connector ? compass(first, second) : undefined;
  const beside = departure ? undefined : landmarkAt(first, landmarks);
  steps.push({
    kind: 'depart',
    instruction: `Start${at(departure ?? beside)}${heading ? ` and head ${heading.replace('_', '-')}` : ''}`,
    distance_m: leg(0),
    ...first,
    ...(departure ? { place: departure } : {}),
    ...(beside ? { landmark: beside } : {}),
    ...(heading ? { heading } : {}),
  });
  for (let i = 1; i < chain.length - 1; i++) {
    const here = chain[i]!;
    const next = chain[i + 1]!;
    if (next.connector) {
      const { kind, name } = next.connector;
      const level = next.at.level;
      const levelName = levelNames.get(level);
      steps.push({
        kind: 'connector',
        instruction: `Take ${name ?? CONNECTOR_WORDS[kind]} to ${levelName ?? `level ${level}`}`,
        distance_m: 0,
        ...here.at,
        connector: name ? { kind, name } : { kind },
        to_level: level,
        ...(levelName ? { to_level_name: levelName } : {}),
      });
      continue;
    }
    const prev = chain[i - 1]!;
    const turn = here.connector ? 'step_off' : turnOf(turnAngle(prev.at, here.at, next.at));
    if (!turn) {
      steps.at(-1)!.distance_m += leg(i);
      continue;
    }
    const landmark = landmarkAt(here.at, landmarks);
    steps.push({
      kind: 'turn',
      instruction: `${TURN_WORDS[turn]}${at(landmark)}`,
      distance_m: leg(i),
      ...here.at,
      turn,
      ...(landmark ? { landmark } : {}),
    });
  }
  const end = chain.at(-1)!.at;
  steps.push({
    kind: 'arrive',
    instruction: `Arrive at ${arrival ?? 'your destination'}`,
    distance_m: 0,
    ...end,
    ...(arrival ? { place: arrival } : {}),
  });
  for (const s of steps) s.distance_m = Math.round(s.distance_m * 10) / 10;
  return steps;
}
