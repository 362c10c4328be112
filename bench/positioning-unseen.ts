/**
 * The engine on stores the simulator did not draw (positioning/test/unseen-store.ts), one radio condition
 * at a time, beside the three baselines, through the replay's line interface as an outside harness would
 * feed it. What it asks: does the engine stay ahead of the simple methods, and does its accuracy radius
 * stay honest, when the building or the phones are unlike the simulator's? Prints one Markdown table and,
 * last, one JSON line of the engine's figures over all conditions.
 *
 *   npm run bench:positioning:unseen [-- --draws 2 --seconds 300 --options '{"anchorsPerScan":10}']
 *
 * Each condition is drawn `--draws` times (its own beacons' powers, shadowing, phones and walkers each
 * time; four walkers of `--seconds` each) and the draws' errors pooled. `--options`: the engine's options
 * (createEngine's, each field whole), to measure a variant against the same stores.
 */
import { type EngineOptions, METHOD_NAMES, type MethodName } from '../positioning/index.js';
import {
  PLAIN_RADIO,
  replayedFixes,
  type UnseenRadio,
  type UnseenStoreOptions,
  unseenStore,
} from '../positioning/test/unseen-store.js';
import { benchArgs } from './args.js';
import { quantile } from './quantile.js';
import { markdownTable } from './table.js';

const args = benchArgs();
const draws = Number(args.get('draws') ?? 2);
const seconds = Number(args.get('seconds') ?? 300);
const engineOptions = JSON.parse(args.get('options') ?? '{}') as Partial<EngineOptions>;

/** The plain radio (8 m grid, exponent 2.3, 4 dB noise, one scan a second) with all of these at once. */
const HARSH: Partial<UnseenRadio> = {
  exponent: 2.2,
  shadowingDb: 4,
  shadowingM: 4,
  bodyLossDb: 5,
  txSpreadDb: 2,
};
/** Each condition changes the plain radio so, and some the store's shape. */
const CONDITIONS: [string, Partial<UnseenRadio>, Partial<UnseenStoreOptions>?][] = [
  ['plain', {}],
  ['a fixed scanner: readings every 100 ms', { delivery: 'stream', heard: 0.3 }],
  ['open hall: exponent 1.8', { exponent: 1.8 }],
  ['crowded: exponent 2.7', { exponent: 2.7 }],
  ['exponent 3.0, beacons at -55 dBm', { exponent: 3, txPower: -55, declaredTxPower: -55 }],
  ['quiet radio: 2 dB noise', { noiseDb: 2 }],
  ['noisy radio: 6 dB noise', { noiseDb: 6 }],
  ['shadowing 4 dB over 3 m', { shadowingDb: 4, shadowingM: 3 }],
  ['shadowing 6 dB over 5 m', { shadowingDb: 6, shadowingM: 5 }],
  ['the holder’s body: 6 dB', { bodyLossDb: 6 }],
  ['beacons every 6 m', { spacingM: 6 }],
  ['beacons every 10 m', { spacingM: 10 }],
  ['beacons every 10 m, shadowing 4 dB', { spacingM: 10, shadowingDb: 4, shadowingM: 3 }],
  ['beacons declare 4 dB more than they give', { declaredTxPower: -56 }],
  ['beacons’ powers ±3 dB', { txSpreadDb: 3 }],
  ['phones hear to -88 dBm', { sensitivityDbm: -88 }],
  ['phones drop half their readings', { heard: 0.5 }],
  ['all of it: shadowing, bodies, powers', HARSH],
  ['all of it, beacons every 6 m', { ...HARSH, spacingM: 6 }],
  ['all of it, beacons every 10 m', { ...HARSH, spacingM: 10 }],
  ['a narrow shop, 100 × 12 m: one row of beacons', {}, { widthM: 100, depthM: 12 }],
  ['a narrow shop, all of it', HARSH, { widthM: 100, depthM: 12 }],
  ['two floors, an escalator between them', {}, { levels: 2 }],
  ['two floors, slabs of only 8 dB', { slabLossDb: 8 }, { levels: 2 }],
  ['three floors, all of it', HARSH, { levels: 3 }],
];

interface Figures {
  median: number;
  p90: number;
  inside: number;
  level: number;
}

function measure(radio: UnseenRadio, shape: Partial<UnseenStoreOptions>, method: MethodName): Figures {
  const errors: number[] = [];
  let inside = 0;
  let levelRight = 0;
  for (let draw = 1; draw <= draws; draw++) {
    const store = unseenStore(radio, { ...shape, seed: draw, seconds });
    const options = method === 'engine' ? { ...engineOptions, method } : { method };
    for (const { fix, at, error } of replayedFixes(store, options)) {
      errors.push(error);
      if (error <= fix.accuracy) inside += 1;
      if (fix.level === at.level) levelRight += 1;
    }
  }
  errors.sort((a, b) => a - b);
  return {
    median: quantile(errors, 0.5),
    p90: quantile(errors, 0.9),
    inside: inside / errors.length,
    level: levelRight / errors.length,
  };
}

const m = (v: number) => v.toFixed(2);
const rows: string[][] = [];
const engine: Figures[] = [];
let engineBest = 0;
for (const [name, change, shape = {}] of CONDITIONS) {
  const figures = Object.fromEntries(
    METHOD_NAMES.map((method) => [method, measure({ ...PLAIN_RADIO, ...change }, shape, method)]),
  ) as Record<MethodName, Figures>;
  const e = figures.engine;
  engine.push(e);
  const bestBaseline = Math.min(figures.nearest.p90, figures.centroid.p90, figures['least-squares'].p90);
  if (e.p90 <= bestBaseline) engineBest += 1;
  rows.push([
    name,
    m(figures.nearest.p90),
    m(figures.centroid.p90),
    m(figures['least-squares'].p90),
    m(e.median),
    m(e.p90),
    `${(100 * e.inside).toFixed(1)}%`,
    `${(100 * e.level).toFixed(2)}%`,
  ]);
}

console.log(
  `### Stores the simulator did not draw (50 × 30 m, five aisles, unless said; ${draws} draws of four walkers × ${seconds} s a condition)\n`,
);
console.log(
  markdownTable(
    [
      'condition',
      'nearest p90 m',
      'centroid p90 m',
      'least squares p90 m',
      'engine median m',
      'engine p90 m',
      'engine inside radius',
      'engine level',
    ],
    rows,
  ),
);
const p90s = engine.map((f) => f.p90).sort((a, b) => a - b);
const insides = engine.map((f) => f.inside);
console.log(
  `\n${JSON.stringify({
    conditions: engine.length,
    engine_best_p90: engineBest,
    p90_median_m: Number(m(quantile(p90s, 0.5))),
    p90_worst_m: Number(m(p90s.at(-1)!)),
    inside_min: Number(Math.min(...insides).toFixed(3)),
    inside_max: Number(Math.max(...insides).toFixed(3)),
    level_min: Number(Math.min(...engine.map((f) => f.level)).toFixed(4)),
  })}`,
);
