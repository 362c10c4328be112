/**
 * Positioning benchmark: every scenario of the simulator, every method, in one run.
 * Prints one Markdown table per scenario and, last, one JSON line with the engine's worst-scenario figures.
 * Usage: npm run bench:positioning [-- --shoppers 12 --seconds 600 --seed 7]
 */
import {
  createEngine,
  type Fix,
  METHOD_NAMES,
  type MethodName,
  type Observation,
} from '../positioning/index.js';
import { observationsFor, SCENARIOS, type StoreRun, scenario, storeRun } from '../sim/index.js';
import { markdownTable } from './table.js';

interface Figures {
  median: number;
  p90: number;
  p95: number;
  levelAccuracy: number;
  insideRadius: number;
  obsPerSecond: number;
  fixes: number;
  maxStateBytes: number;
}

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length - 1; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const shoppers = Number(args.get('shoppers') ?? 12);
const seconds = Number(args.get('seconds') ?? 600);
const seed = Number(args.get('seed') ?? 7);
const only = args.get('scenario');
const methods = (args.get('methods')?.split(',') as MethodName[] | undefined) ?? METHOD_NAMES;

function replay(method: MethodName, site: Parameters<typeof createEngine>[0], observations: Observation[]) {
  const engine = createEngine(site, { method });
  const fixes: Fix[] = [];
  let lastTick = Number.NEGATIVE_INFINITY;
  const t0 = performance.now();
  for (const o of observations) {
    for (const fix of engine.observe(o)) fixes.push(fix);
    if (o.ts - lastTick >= 500) {
      for (const fix of engine.tick(o.ts)) fixes.push(fix);
      lastTick = o.ts;
    }
  }
  const elapsed = (performance.now() - t0) / 1000;
  const maxStateBytes = Math.max(
    0,
    ...engine.devices().map((d) => JSON.stringify(engine.snapshot(d)).length),
  );
  return { fixes, elapsed, maxStateBytes };
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function judge(
  run: StoreRun,
  fixes: Fix[],
  observations: number,
  elapsed: number,
  maxStateBytes: number,
): Figures {
  const errors: number[] = [];
  let levelRight = 0;
  let inside = 0;
  for (const fix of fixes) {
    const truth = run.truth(fix.device, fix.ts);
    if (!truth) continue;
    const error = Math.hypot(fix.x - truth.x, fix.y - truth.y);
    errors.push(error);
    if (fix.level === truth.level) levelRight += 1;
    if (error <= fix.accuracy) inside += 1;
  }
  errors.sort((a, b) => a - b);
  return {
    median: quantile(errors, 0.5),
    p90: quantile(errors, 0.9),
    p95: quantile(errors, 0.95),
    levelAccuracy: levelRight / errors.length,
    insideRadius: inside / errors.length,
    obsPerSecond: observations / elapsed,
    fixes: errors.length,
    maxStateBytes,
  };
}

const results = new Map<string, Figures>();
for (const name of SCENARIOS) {
  if (only && name !== only) continue;
  const { venue, radio } = scenario(name);
  const run = storeRun({ venue, radio, shoppers, seed });
  const observations = observationsFor(run, seconds);
  const rows: string[][] = [];
  for (const method of methods) {
    const { fixes, elapsed, maxStateBytes } = replay(method, venue.site, observations);
    const f = judge(run, fixes, observations.length, elapsed, maxStateBytes);
    if (method === 'engine') results.set(name, f);
    rows.push([
      method,
      f.median.toFixed(2),
      f.p90.toFixed(2),
      f.p95.toFixed(2),
      `${(100 * f.levelAccuracy).toFixed(2)}%`,
      `${(100 * f.insideRadius).toFixed(1)}%`,
      Math.round(f.obsPerSecond).toLocaleString('en-US'),
      String(f.fixes),
      (f.maxStateBytes / 1024).toFixed(1),
    ]);
  }
  console.log(`\n### ${name} (${venue.site.anchors.length} beacons, ${observations.length} observations)\n`);
  console.log(
    markdownTable(
      ['method', 'median m', 'p90 m', 'p95 m', 'level acc', 'in radius', 'obs/s', 'fixes', 'state KB'],
      rows,
    ),
  );
}

const engine = [...results.values()];
if (engine.length > 0) {
  const worst = {
    p90_m: Math.max(...engine.map((f) => f.p90)),
    median_m: Math.max(...engine.map((f) => f.median)),
    level_acc: Math.min(...engine.map((f) => f.levelAccuracy)),
    obs_per_s: Math.round(Math.min(...engine.map((f) => f.obsPerSecond))),
  };
  console.log(
    `\n${JSON.stringify({ p90_m: +worst.p90_m.toFixed(3), median_m: +worst.median_m.toFixed(3), level_acc: +worst.level_acc.toFixed(4), obs_per_s: worst.obs_per_s })}`,
  );
}
