/**
 * Positioning benchmark: every simulated store, every method, in one run; the baselines (nearest beacon,
 * weighted centroid, plain least squares) share the engine's shell, so only the positioning differs.
 * Prints one Markdown table per store and, last, one JSON line with the engine's worst figures.
 *
 *   npm run bench:positioning [-- --shoppers 12 --seconds 600 --seed 7 --scenario two-levels --learnt 3600 --walk 4
 *                                 --declared -4 --radio '{"shadowingDb":0}']
 *
 * The engine learns each store's radio map from its shoppers as it goes (radio-learner.ts), which takes
 * longer than `--seconds` to show: one more table gives each store's engine over the second half of
 * `--learnt` seconds of shoppers (0 leaves it out). `--walk`: the calibration walk's points are this many
 * metres apart (the console offers 4, 3 and 2), five scans a point. `--declared D`: each beacon's site entry
 * declares its power D dB off the simulator's (sim's `declaredOff`): how much the engine leans on the
 * declared level. The calibration walk fits the powers of the beacons it hears often enough. `--radio JSON`:
 * every scenario's radio with these fields changed (sim's RadioConditions), e.g. a cleaner one than any here.
 *
 * Throughput is observations per second of CPU time (process.cpuUsage) on one thread, after a warm-up
 * replay, the best of three replays: other work on a shared machine slows a replay, never speeds it up.
 * JSON parsing is not included.
 */
import {
  calibrate,
  calibratedSite,
  createEngine,
  type Fix,
  METHOD_NAMES,
  type MethodName,
  type Observation,
  type Site,
} from '../positioning/index.js';
import {
  calibrationWalk,
  declaredOff,
  observationsFor,
  SCENARIOS,
  type ScenarioName,
  type StoreRun,
  scenario,
  storeRun,
} from '../sim/index.js';
import { benchArgs } from './args.js';
import { quantile } from './quantile.js';
import { radioChanges, radioNote } from './radio-option.js';
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

const args = benchArgs();
const shoppers = Number(args.get('shoppers') ?? 12);
const seconds = Number(args.get('seconds') ?? 600);
const seed = Number(args.get('seed') ?? 7);
const only = args.get('scenario');
const learntSeconds = Number(args.get('learnt') ?? 3600);
const walkSpacing = Number(args.get('walk') ?? 4);
const declaredDb = Number(args.get('declared') ?? 0);
const changes = radioChanges(args.get('radio'));
const radioOf = (name: ScenarioName) => ({ ...scenario(name).radio, ...changes });

/** Ticks as the replay CLI does: quiet devices get their last scan closed. */
const TICK_MS = 250;

function replay(method: MethodName, site: Site, observations: readonly Observation[], insideOdds = false) {
  const engine = createEngine(site, { method, insideOdds });
  const fixes: Fix[] = [];
  let lastTick = Number.NEGATIVE_INFINITY;
  const cpu = process.cpuUsage();
  for (const o of observations) {
    for (const fix of engine.observe(o)) fixes.push(fix);
    if (o.ts - lastTick >= TICK_MS) {
      for (const fix of engine.tick(o.ts)) fixes.push(fix);
      lastTick = o.ts;
    }
  }
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  const maxStateBytes = Math.max(
    0,
    ...engine.devices().map((d) => JSON.stringify(engine.snapshot(d)).length),
  );
  return { fixes, seconds, maxStateBytes };
}

function judge(run: StoreRun, fixes: readonly Fix[]): Omit<Figures, 'obsPerSecond' | 'maxStateBytes'> {
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
    fixes: errors.length,
  };
}

const percent = (v: number, digits: number) => `${(100 * v).toFixed(digits)}%`;

/** A table row's figures: median, p90, p95, level accuracy, share inside the radius, obs/s. */
const cells = (f: Figures) => [
  f.median.toFixed(2),
  f.p90.toFixed(2),
  f.p95.toFixed(2),
  percent(f.levelAccuracy, 2),
  percent(f.insideRadius, 1),
  Math.round(f.obsPerSecond).toLocaleString('en-US'),
];

interface Case {
  name: string;
  note: string;
  site: Site;
  run: StoreRun;
  /** With the walk's radio map: reported on its own line, not in the issue's worst-scenario figures. */
  surveyed?: boolean;
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const name of SCENARIOS) {
    if (only && name !== only) continue;
    const { venue } = scenario(name);
    const radio = radioOf(name);
    const run = storeRun({ venue, radio, shoppers, seed });
    const site = declaredOff(venue.site, declaredDb);
    const beacons = `${venue.site.anchors.length} beacons on ${venue.site.levels.length} level(s), ${venue.width}×${venue.depth} m${declaredDb !== 0 ? `, beacons declared ${declaredDb} dB off` : ''}${radioNote(changes)}`;
    all.push({ name, note: beacons, site, run });
    // The same store after the console's calibration walk (a lattice of `--walk` m, five scans a point, a
    // reference phone): its fit alone, in the untuned radio, and its fit with the radio map, in every store.
    const walk = calibrationWalk({ venue, radio, seed, spacing: walkSpacing });
    const fit = calibrate(site, walk);
    const fitted = `${beacons}; fitted exponent ${fit.exponent.toFixed(2)}, residual ${fit.residualDb.toFixed(1)} dB over ${fit.samples} readings`;
    if (name === 'other-radio') {
      all.push({ name: `${name}, calibrated`, note: fitted, site: calibratedSite(site, fit), run });
    }
    all.push({
      name: `${name}, surveyed`,
      note: `${fitted}; radio map from the same walk (points ${walkSpacing} m apart)`,
      site: calibratedSite(site, fit, walk),
      run,
      surveyed: true,
    });
  }
  return all;
}

const engineFigures = new Map<string, Figures>();
const surveyedFigures = new Map<string, Figures>();
for (const c of cases()) {
  const observations = observationsFor(c.run, seconds);
  const rows: string[][] = [];
  // The engine as the replay CLI runs it, then as the gateway does (each fix also carries insideOdds).
  const methods = [
    ...METHOD_NAMES.map((m) => ({ method: m, odds: false })),
    { method: 'engine' as const, odds: true },
  ];
  for (const { method, odds } of methods) {
    replay(method, c.site, observations.slice(0, 20_000), odds);
    const runs = [1, 2, 3].map(() => replay(method, c.site, observations, odds));
    const { fixes, maxStateBytes } = runs[0]!;
    const cpu = Math.min(...runs.map((r) => r.seconds));
    const f: Figures = { ...judge(c.run, fixes), obsPerSecond: observations.length / cpu, maxStateBytes };
    if (method === 'engine' && !odds) (c.surveyed ? surveyedFigures : engineFigures).set(c.name, f);
    rows.push([
      odds ? 'engine + insideOdds (gateway)' : method,
      ...cells(f),
      (f.maxStateBytes / 1024).toFixed(1),
    ]);
  }
  console.log(
    `\n### ${c.name}\n\n${c.note}; ${shoppers} shoppers, ${seconds} s, ${observations.length} observations.\n`,
  );
  console.log(
    markdownTable(
      ['method', 'median m', 'p90 m', 'p95 m', 'level', 'in radius', 'obs/s (1 core)', 'state KB'],
      rows,
    ),
  );
}

/**
 * Each store (as its map came, no walk) after half of `learntSeconds` of shoppers have taught its radio map,
 * judged over the other half: the engine alone, one replay (its throughput is that replay's, the learning
 * half included).
 */
const learntFigures = new Map<string, Figures>();
if (learntSeconds > 0) {
  const rows: string[][] = [];
  for (const name of SCENARIOS) {
    if (only && name !== only) continue;
    const { venue } = scenario(name);
    const run = storeRun({ venue, radio: radioOf(name), shoppers, seed });
    const site = declaredOff(venue.site, declaredDb);
    const observations = observationsFor(run, learntSeconds);
    const { fixes, seconds: cpu, maxStateBytes } = replay('engine', site, observations);
    const taught = run.startTs + (learntSeconds * 1000) / 2;
    const f: Figures = {
      ...judge(
        run,
        fixes.filter((fix) => fix.ts >= taught),
      ),
      obsPerSecond: observations.length / cpu,
      maxStateBytes,
    };
    learntFigures.set(name, f);
    rows.push([name, ...cells(f)]);
  }
  console.log(
    `\n### Taught by their shoppers\n\nThe engine in each store as its map came, over the second half of ${learntSeconds} s of ${shoppers} shoppers (the first half taught its radio map).\n`,
  );
  console.log(
    markdownTable(['store', 'median m', 'p90 m', 'p95 m', 'level', 'in radius', 'obs/s (1 core)'], rows),
  );
}

/** The engine's worst figures over these stores, as the issue's JSON line gives them. */
function worstOf(figures: readonly Figures[]) {
  return {
    p90_m: Number(Math.max(...figures.map((f) => f.p90)).toFixed(3)),
    median_m: Number(Math.max(...figures.map((f) => f.median)).toFixed(3)),
    level_acc: Number(Math.min(...figures.map((f) => f.levelAccuracy)).toFixed(4)),
    obs_per_s: Math.round(Math.min(...figures.map((f) => f.obsPerSecond))),
  };
}

// The issue's figures are the stores as their maps come, with no walk, in their first `seconds`: the last
// line. The same stores once their shoppers have taught them, and after the walk, come before it.
if (learntFigures.size > 0)
  console.log(`\ntaught by shoppers, worst store: ${JSON.stringify(worstOf([...learntFigures.values()]))}`);
if (surveyedFigures.size > 0)
  console.log(`\nsurveyed, worst store: ${JSON.stringify(worstOf([...surveyedFigures.values()]))}`);
if (engineFigures.size > 0) console.log(`\n${JSON.stringify(worstOf([...engineFigures.values()]))}`);
