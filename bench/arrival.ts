/**
 * Store-arrival benchmark: can the recogniser tell shoppers who walk in through the door from passers-by
 * whose phones hear the beacons through the shop window? Simulated pavements in front of several store
 * layouts and radio conditions; each phone's scans go through the positioning engine, and its fixes (and
 * outdoor location reports) into the recogniser. The naive baselines run on the same scans and fixes.
 * Prints one Markdown table per store and, last, one JSON line with the recogniser's worst figures.
 *
 *   npm run bench:arrival [-- --passers 150 --visitors 150 --seed 7 --follow 60]
 *
 * A visitor is followed for `--follow` seconds after crossing the door; recognised later counts as missed.
 * Time to recognition is from the door crossing to the timestamp of the fix (or scan) that settled it; live,
 * the engine closes a scan window about a second after it opens, which comes on top.
 */
import { parseArgs } from 'node:util';
import { createEngine, type Fix, insidePolygon, type Polygon } from '../positioning/index.js';
import {
  DEFAULT_RADIO,
  HARSH_RADIO,
  type LocationReport,
  type RadioConditions,
  type ScanBatch,
  type ScenarioName,
  scenario,
  storefront,
} from '../sim/index.js';
import { type ArrivalOptions, createArrivalRecogniser, type StoreFrame } from '../visits/index.js';
import { markdownTable } from './table.js';

const { values } = parseArgs({
  options: {
    passers: { type: 'string', default: '150' },
    visitors: { type: 'string', default: '150' },
    seed: { type: 'string', default: '7' },
    follow: { type: 'string', default: '60' },
  },
});
const passersBy = Number(values.passers);
const visitors = Number(values.visitors);
const seed = Number(values.seed);
const followS = Number(values.follow);

/**
 * Two layouts, each under the radio the engine was tuned on and a harsher one; one beacon per 100 m²; and
 * the two-level store in the building the engine was never tuned on.
 */
const CASES: { store: ScenarioName; radio: RadioConditions; radioName: string }[] = [
  { store: 'open-floor', radio: DEFAULT_RADIO, radioName: 'default' },
  { store: 'open-floor', radio: HARSH_RADIO, radioName: 'harsh' },
  { store: 'dense-shelving', radio: DEFAULT_RADIO, radioName: 'default' },
  { store: 'dense-shelving', radio: HARSH_RADIO, radioName: 'harsh' },
  { store: 'sparse-beacons', radio: DEFAULT_RADIO, radioName: 'default' },
  { store: 'other-radio', radio: HARSH_RADIO, radioName: 'harsh' },
];

/** The naive baseline's bar: a phone hearing this many beacons this loud is taken to be inside. */
const LOUD_DBM = -75;
const LOUD_BEACONS = 3;
/** The method the closing JSON line reports. */
const HEADLINE = 'recogniser (fixes + outdoor location)';

/** One way of deciding that a device has arrived; each returns the arrival's time the moment it decides. */
interface Method {
  name: string;
  scan(scan: ScanBatch): number | null;
  fix(fix: Fix): number | null;
  outdoor(report: LocationReport): number | null;
}

/** The stricter setting shows what trading time for fewer false arrivals buys. */
const STRICT: Partial<ArrivalOptions> = { depthM: 5, confirmFixes: 5, confirmMs: 4000 };

function methods(frame: StoreFrame, outline: Polygon): Method[] {
  const recogniser = (name: string, outdoor: boolean, options: Partial<ArrivalOptions> = {}): Method => {
    const r = createArrivalRecogniser(frame, options);
    const arrival = (events: { type: string; ts: number }[]) =>
      events.find((e) => e.type === 'arrival')?.ts ?? null;
    return {
      name,
      scan: () => null,
      fix: (fix) => arrival(r.update(fix)),
      outdoor: (report) => (outdoor ? arrival(r.outdoor(report)) : null),
    };
  };
  return [
    recogniser(HEADLINE, true),
    recogniser('recogniser (fixes only)', false),
    recogniser('recogniser, depth 5 m over 5 fixes', true, STRICT),
    {
      name: 'naive: any fix inside the outline',
      scan: () => null,
      fix: (fix) => (fix.level !== frame.groundLevel || insidePolygon(fix.x, fix.y, outline) ? fix.ts : null),
      outdoor: () => null,
    },
    {
      name: `naive: ≥ ${LOUD_BEACONS} beacons above ${LOUD_DBM} dBm`,
      scan: (scan) =>
        scan.observations.filter((o) => o.rssi > LOUD_DBM).length >= LOUD_BEACONS ? scan.ts : null,
      fix: () => null,
      outdoor: () => null,
    },
  ];
}

interface Tally {
  recognised: number;
  visitors: number;
  falsePassers: number;
  passers: number;
  delays: number[];
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function runCase(store: ScenarioName, radio: RadioConditions): Map<string, Tally> {
  const { venue } = scenario(store);
  const outline = venue.site.levels[0]!.outline;
  const frame: StoreFrame = { outline: outline.map(([x, y]) => [x, y]), groundLevel: 0 };
  const people = storefront({ venue, radio, seed, passersBy, visitors });
  const tallies = new Map<string, Tally>();
  for (const person of people) {
    // One engine per phone: phones do not share state, and the engine's tick walks every device it holds.
    const engine = createEngine(venue.site);
    const until = person.doorTs === null ? person.endTs : person.doorTs + followS * 1000;
    const scans = [...person.scans(until)];
    const reports = person.locations.filter((r) => r.ts <= until);
    const all = methods(frame, outline);
    const arrivedAt = new Map<Method, number>();
    const settle = (m: Method, ts: number | null) => {
      if (ts !== null && !arrivedAt.has(m)) arrivedAt.set(m, ts);
    };
    const feedFixes = (fixes: readonly Fix[]) => {
      for (const fix of fixes) for (const m of all) settle(m, m.fix(fix));
    };
    let next = 0;
    for (const scan of scans) {
      // Outdoor reports and fixes reach the recogniser in time order, as they would live.
      for (; next < reports.length && reports[next]!.ts <= scan.ts; next++) {
        for (const m of all) settle(m, m.outdoor(reports[next]!));
      }
      feedFixes(engine.tick(scan.ts));
      for (const o of scan.observations) feedFixes(engine.observe(o));
      for (const m of all) settle(m, m.scan(scan));
    }
    feedFixes(engine.tick(until + 2000));
    for (const m of all) {
      const t = tallies.get(m.name) ?? {
        recognised: 0,
        visitors: 0,
        falsePassers: 0,
        passers: 0,
        delays: [],
      };
      tallies.set(m.name, t);
      const at = arrivedAt.get(m);
      if (person.doorTs === null) {
        t.passers += 1;
        if (at !== undefined) t.falsePassers += 1;
      } else {
        t.visitors += 1;
        if (at !== undefined) {
          t.recognised += 1;
          t.delays.push((at - person.doorTs) / 1000);
        }
      }
    }
  }
  return tallies;
}

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
const worst = { recall: 1, false_rate: 0, median_s: Number.NEGATIVE_INFINITY };
const started = Date.now();
const cpu = process.cpuUsage();
for (const c of CASES) {
  const tallies = runCase(c.store, c.radio);
  const rows: string[][] = [];
  for (const [name, t] of tallies) {
    const delays = [...t.delays].sort((a, b) => a - b);
    const recall = t.recognised / t.visitors;
    const falseRate = t.falsePassers / t.passers;
    const median = quantile(delays, 0.5);
    if (name === HEADLINE) {
      worst.recall = Math.min(worst.recall, recall);
      worst.false_rate = Math.max(worst.false_rate, falseRate);
      worst.median_s = Math.max(worst.median_s, median);
    }
    rows.push([
      name,
      percent(recall),
      percent(falseRate),
      median.toFixed(1),
      quantile(delays, 0.9).toFixed(1),
      percent(delays.filter((d) => d < 0).length / t.visitors),
    ]);
  }
  console.log(
    `\n### ${c.store}, ${c.radioName} radio\n\n${visitors} visitors, ${passersBy} passers-by, seed ${seed}.\n`,
  );
  console.log(
    markdownTable(['method', 'recall', 'passers-by taken', 'median s', 'p90 s', 'before the door'], rows),
  );
}
const used = process.cpuUsage(cpu);
console.log(
  `\n${CASES.length} stores in ${((Date.now() - started) / 1000).toFixed(0)} s, ${((used.user + used.system) / 1e6).toFixed(0)} s of CPU.`,
);
console.log(
  `\n${JSON.stringify({
    recall: Number(worst.recall.toFixed(4)),
    false_rate: Number(worst.false_rate.toFixed(4)),
    median_s: Number(worst.median_s.toFixed(1)),
  })}`,
);
