/**
 * `npm run bench:geofence`: point-in-zone checks per second with 1,000 and 5,000 zones, the
 * indexed geofence against a plain loop over turf's booleanPointInPolygon in the same run, and
 * state-machine updates per second, and fix-to-push latency through the visits stage, a
 * campaign decision and the live push channel on the real Postgres and Mosquitto.
 */
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { buildZoneIndex, createZoneTracker, type Zone } from '../geofence/index.js';
import { createRandom } from '../positioning/index.js';
import { fixToPush } from './fix-to-push.js';
import { markdownTable } from './table.js';

/** Deterministic, so every run measures the same work. */
function random(seed: number): () => number {
  const source = createRandom(seed);
  return () => source.next();
}

/** A mall-sized floor: n shelf-and-counter zones of 2–8 m on a 10 m grid across three levels. */
function makeZones(n: number, rand: () => number): { zones: Zone[]; side: number } {
  const perLevel = Math.ceil(n / 3);
  const cols = Math.ceil(Math.sqrt(perLevel));
  const zones: Zone[] = [];
  for (let i = 0; i < n; i++) {
    const level = i % 3;
    const k = Math.floor(i / 3);
    const x0 = (k % cols) * 10 + rand() * 2;
    const y0 = Math.floor(k / cols) * 10 + rand() * 2;
    const w = 2 + rand() * 6;
    const h = 2 + rand() * 6;
    // Six-sided, slightly irregular: closer to drawn zones than boxes.
    const ring: [number, number][] = [
      [x0, y0],
      [x0 + w / 2, y0 - rand()],
      [x0 + w, y0],
      [x0 + w, y0 + h],
      [x0 + w / 2, y0 + h + rand()],
      [x0, y0 + h],
      [x0, y0],
    ];
    zones.push({ id: `z${i}`, level, rings: [ring] });
  }
  return { zones, side: cols * 10 };
}

function timeIt(seconds: number, work: () => number): number {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) done += work();
  return done / ((performance.now() - start) / 1000);
}

const rows: string[][] = [];
const results: Record<number, { indexed: number; naive: number }> = {};
for (const n of [1000, 5000]) {
  const rand = random(n);
  const { zones, side } = makeZones(n, rand);
  const index = buildZoneIndex(zones);
  const queries = Array.from(
    { length: 4096 },
    () => [rand() * side, rand() * side, Math.floor(rand() * 3)] as const,
  );
  const turfZones = zones.map((z) => ({ level: z.level, feature: polygon(z.rings) }));
  let sink = 0;
  const indexed = timeIt(1.5, () => {
    for (const [x, y, level] of queries) sink += index.zonesAt(x, y, level).length;
    return queries.length;
  });
  const naive = timeIt(1.5, () => {
    const batch = queries.slice(0, 64);
    for (const [x, y, level] of batch) {
      const p = point([x, y]);
      for (const z of turfZones) if (z.level === level && booleanPointInPolygon(p, z.feature)) sink++;
    }
    return batch.length;
  });
  if (sink < 0) console.log(sink);
  results[n] = { indexed, naive };
  rows.push([String(n), 'turf booleanPointInPolygon loop', Math.round(naive).toLocaleString('en'), '1×']);
  rows.push([
    String(n),
    'geofence zone index',
    Math.round(indexed).toLocaleString('en'),
    `${(indexed / naive).toFixed(0)}×`,
  ]);
}

// State machine: 2,000 shoppers walking among 1,000 zones, one fix per shopper per second.
const rand = random(42);
const { zones, side } = makeZones(1000, rand);
const tracker = createZoneTracker(buildZoneIndex(zones));
const shoppers = Array.from({ length: 2000 }, (_, i) => ({
  device: `d${i}`,
  x: rand() * side,
  y: rand() * side,
  level: i % 3,
}));
let clock = 0;
let events = 0;
const updates = timeIt(2, () => {
  clock += 1000;
  for (const s of shoppers) {
    s.x = Math.min(side, Math.max(0, s.x + (rand() - 0.5) * 2.4));
    s.y = Math.min(side, Math.max(0, s.y + (rand() - 0.5) * 2.4));
    events += tracker.update({
      ts: clock,
      device: s.device,
      x: s.x,
      y: s.y,
      level: s.level,
      accuracy: 1 + rand() * 3,
    }).length;
  }
  return shoppers.length;
});

console.log(`\nPoint-in-zone checks per second (one core, ${new Date().toISOString().slice(0, 10)})\n`);
console.log(markdownTable(['zones', 'method', 'checks/s', 'speed-up'], rows));
console.log(
  `\nZone state machine: ${Math.round(updates).toLocaleString('en')} fix updates/s (2,000 shoppers, 1,000 zones, accuracy 1–4 m; ${events} events)`,
);
const push = await fixToPush(500);
console.log(
  `Fix to push (500 shoppers entering a zone one after another; Postgres, Mosquitto): ${push.offers} offers heard, p50 ${push.p50_ms.toFixed(1)} ms, p99 ${push.p99_ms.toFixed(1)} ms\n`,
);
console.log(
  JSON.stringify({
    checks_per_s_5k: Math.round(results[5000]!.indexed),
    speedup_vs_naive: Math.round(results[5000]!.indexed / results[5000]!.naive),
    updates_per_s: Math.round(updates),
    fix_to_push_p99_ms: Math.round(push.p99_ms * 10) / 10,
  }),
);
