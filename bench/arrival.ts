/**
 * Store-arrival benchmark: can the recogniser tell shoppers who walk in through the door from passers-by
 * whose phones hear the beacons through the shop window? Simulated pavements in front of several store
 * layouts and radio conditions; each phone's scans go through the positioning engine, and its fixes (and
 * outdoor location reports) into the recogniser. The naive baselines run on the same scans and fixes.
 * Each store is run with several seeds, each its own draw of the radio (shadowing, the beacons' powers, the
 * phones) and of the people; the figures are pooled over them (150 visitors and 150 passers-by a seed, 900
 * each with the six seeds), since one store's draw of 150 decides a percent by a person or two. Prints one
 * Markdown table per store (the seeds pooled), one of the recogniser seed by seed and, last, one JSON line
 * with the recogniser's worst pooled figures across stores. The seeds run in parallel, one process each.
 *
 *   npm run bench:arrival [-- --passers 150 --visitors 150 --seeds 7,8,11,13,21,5 --follow 60 --walked
 *                             --taught 1800 --declared=-4 --only 'harsh|sparse' --fixes fixes.jsonl
 *                             --radio '{"quietShare":0.15}']
 *
 * `--seed N`: that seed alone (as `--seeds N`).
 * `--walked`: each store as after the console's calibration walk (its fit and its radio map).
 * `--taught S`: each store as after S seconds of twelve shoppers inside have taught its radio map
 * (positioning/radio-learner.ts), as the gateway's store engine learns it.
 * `--declared D`: each beacon's site entry declares its power D dB off the simulator's (sim's `declaredOff`;
 * −4 is nearer a real store).
 * `--only RE`: the stores whose "store radio" name matches RE.
 * `--radio JSON`: every store's radio with these fields changed (sim's RadioConditions).
 * `--fixes FILE`: also writes what reached the recogniser, phone by phone (arrival-tally.ts's FixesLine), for
 * `npm run bench:arrival:replay`, which runs the recogniser alone on it in seconds; with several seeds one
 * file a seed, FILE's name with `.seedN` before its extension.
 *
 * Each store opens as the run starts: the level its phones read (positioning/phone-level.ts) is learnt from
 * its visitors as they come, each phone's engine starting with what those settled inside before it told.
 *
 * A visitor is followed for `--follow` seconds after crossing the door; recognised later counts as missed.
 * Time to recognition is from the door crossing to the timestamp of the fix (or scan) that settled it; live,
 * the engine closes a scan window about a second after it opens, which comes on top.
 */
import { fork } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  calibrate,
  calibratedSite,
  createEngine,
  type Fix,
  insidePolygon,
  type LearntRadio,
  levelBasis,
  type PhoneNote,
  type Polygon,
  phoneLevel,
} from '../positioning/index.js';
import {
  buildVenue,
  calibrationWalk,
  DEFAULT_RADIO,
  declaredOff,
  doorOf,
  HARSH_RADIO,
  type LocationReport,
  observationsFor,
  type RadioConditions,
  type ScanBatch,
  scenario,
  storefront,
  storeRun,
  type Venue,
  withDoor,
} from '../sim/index.js';
import { createArrivalRecogniser, type StoreFrame } from '../visits/index.js';
import {
  COLUMNS,
  cells,
  count,
  emptyTally,
  type Figures,
  type FixesLine,
  figures,
  merged,
  type PersonLine,
  type Tally,
  worstOf,
} from './arrival-tally.js';
import { radioChanges, radioNote } from './radio-option.js';
import { markdownTable } from './table.js';

const { values } = parseArgs({
  options: {
    passers: { type: 'string', default: '150' },
    visitors: { type: 'string', default: '150' },
    seeds: { type: 'string', default: '7,8,11,13,21,5' },
    seed: { type: 'string' },
    // Internal: a seed's run in a child process writes its tallies here instead of printing them.
    tallies: { type: 'string' },
    follow: { type: 'string', default: '60' },
    walked: { type: 'boolean', default: false },
    taught: { type: 'string', default: '0' },
    declared: { type: 'string', default: '0' },
    only: { type: 'string', default: '' },
    fixes: { type: 'string' },
    radio: { type: 'string' },
  },
});
const changes = radioChanges(values.radio);
const declaredDb = Number(values.declared);
const taughtS = Number(values.taught);
const passersBy = Number(values.passers);
const visitors = Number(values.visitors);
const seeds = (values.seed ?? values.seeds).split(',').map(Number);
if (!seeds.every(Number.isInteger)) {
  console.error(`--seeds: whole numbers separated by commas, not "${values.seed ?? values.seeds}"`);
  process.exit(2);
}
const followS = Number(values.follow);

/**
 * Two layouts, each under the radio the engine was tuned on and a harsher one; one beacon per 100 m²; the
 * two-level store in the building the engine was never tuned on; and a shop neither the engine nor the
 * recogniser was tuned on: a narrow boutique, beacons 7 m apart, a radio between the two, and shop
 * windows from nearly transparent to the radio (2 dB) to heavily coated (16 dB).
 */
const BOUTIQUE_RADIO: RadioConditions = {
  ...HARSH_RADIO,
  exponent: 2.2,
  shadowingDb: 4,
  shadowingCorrelationM: 5,
  receiverOffsetDb: 4,
  dropout: 0.15,
};
const boutique = () =>
  buildVenue({ id: 'boutique', width: 14, depth: 32, levels: 1, layout: 'open', beaconSpacing: 7 });
const CASES: {
  store: string;
  venue: () => Venue;
  radio: RadioConditions;
  radioName: string;
  facadeLossDb?: readonly [number, number];
}[] = [
  {
    store: 'open-floor',
    venue: () => scenario('open-floor').venue,
    radio: DEFAULT_RADIO,
    radioName: 'default',
  },
  { store: 'open-floor', venue: () => scenario('open-floor').venue, radio: HARSH_RADIO, radioName: 'harsh' },
  {
    store: 'dense-shelving',
    venue: () => scenario('dense-shelving').venue,
    radio: DEFAULT_RADIO,
    radioName: 'default',
  },
  {
    store: 'dense-shelving',
    venue: () => scenario('dense-shelving').venue,
    radio: HARSH_RADIO,
    radioName: 'harsh',
  },
  {
    store: 'sparse-beacons',
    venue: () => scenario('sparse-beacons').venue,
    radio: DEFAULT_RADIO,
    radioName: 'default',
  },
  {
    store: 'other-radio',
    venue: () => scenario('other-radio').venue,
    radio: HARSH_RADIO,
    radioName: 'harsh',
  },
  {
    store: 'boutique (untuned)',
    venue: boutique,
    radio: BOUTIQUE_RADIO,
    radioName: 'in-between',
    facadeLossDb: [2, 16],
  },
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

/** The fixes as an engine without the inside odds (nor the door filter) would give them: what they buy. */
const withoutOdds = ({ insideOdds: _odds, insideBelief: _belief, ...fix }: Fix): Fix => fix;
/** The fixes without the door filter's belief: what it buys. */
const withoutBelief = ({ insideBelief: _belief, ...fix }: Fix): Fix => fix;
/** The fixes without the step in loudness: what it buys. */
const withoutStep = ({ louderDb: _step, ...fix }: Fix): Fix => fix;

function methods(frame: StoreFrame, outline: Polygon): Method[] {
  const recogniser = (name: string, outdoor: boolean, as: (fix: Fix) => Fix = (fix) => fix): Method => {
    const r = createArrivalRecogniser(frame);
    const arrival = (events: { type: string; ts: number }[]) =>
      events.find((e) => e.type === 'arrival')?.ts ?? null;
    return {
      name,
      scan: () => null,
      fix: (fix) => arrival(r.update(as(fix))),
      outdoor: (report) => (outdoor ? arrival(r.outdoor(report)) : null),
    };
  };
  return [
    recogniser(HEADLINE, true),
    recogniser('recogniser (fixes only)', false),
    recogniser('recogniser without the door filter', true, withoutBelief),
    recogniser('recogniser without the step in loudness', true, withoutStep),
    recogniser('recogniser without the inside odds nor the door filter (depth and step)', true, withoutOdds),
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

/**
 * What a store's run with one seed gives: each method's tally, and the level its phones read (phone-level.ts)
 * from the `settled` phones that settled inside.
 */
interface StoreResult {
  tallies: [method: string, Tally][];
  level: number | null;
  settled: number;
}

function runCase(
  c: (typeof CASES)[number],
  seed: number,
  writeFixes: ((line: FixesLine) => void) | undefined,
): StoreResult {
  const venue = c.venue();
  const outline = venue.site.levels[0]!.outline;
  // The door the storefront's visitors walk through, as a store's map would draw it; the engine's Site
  // knows it too, as beacons/site.ts builds it from the map.
  const frame: StoreFrame = {
    outline: outline.map(([x, y]) => [x, y]),
    groundLevel: 0,
    openings: [doorOf(venue).map(([x, y]) => [x, y])],
  };
  const mapped = withDoor(venue, declaredOff(venue.site, declaredDb));
  const walk = values.walked ? calibrationWalk({ venue, radio: c.radio, seed }) : undefined;
  const site = walk ? calibratedSite(mapped, calibrate(mapped, walk), walk) : mapped;
  // What a store's shoppers taught its radio map before these people came by: the gateway's engine, with
  // the inside odds (scans heard from beyond the façade teach nothing), fed `taughtS` seconds of them.
  let learnt: LearntRadio | undefined;
  if (taughtS > 0) {
    const teacher = createEngine(site, { insideOdds: true });
    for (const o of observationsFor(storeRun({ venue, radio: c.radio, shoppers: 12, seed }), taughtS))
      teacher.observe(o);
    learnt = teacher.learntRadio();
  }
  const people = storefront({
    venue,
    radio: c.radio,
    seed,
    passersBy,
    visitors,
    ...(c.facadeLossDb ? { facadeLossDb: c.facadeLossDb } : {}),
  });
  const tallies = new Map<string, Tally>();
  writeFixes?.({ store: `${c.store} ${c.radioName}`, frame });
  // What the store's phones read once inside (positioning/phone-level.ts), as the store's engine learns it
  // from its visitors: each phone's engine starts with the notes of those who settled before it came (and
  // of the shoppers who taught the map, before everyone).
  const notes: PhoneNote[] = (learnt?.phones?.notes ?? []).map((n) => ({
    ...n,
    ts: Number.NEGATIVE_INFINITY,
  }));
  // The beacons the store's phones so far showed gone quiet (positioning/quiet-beacons.ts), as its engine keeps them.
  let quiet = learnt?.quiet ?? [];
  for (const person of [...people].sort((a, b) => a.startTs - b.startTs)) {
    // One engine per phone: phones do not share state, and the engine's tick walks every device it holds.
    const engine = createEngine(site, { insideOdds: true });
    engine.adoptLearntRadio({
      beacons: learnt?.beacons ?? [],
      phones: { basis: levelBasis(site), notes: notes.filter((n) => n.ts < person.startTs) },
      quiet,
    });
    const until = person.doorTs === null ? person.endTs : person.doorTs + followS * 1000;
    const scans = [...person.scans(until)];
    const reports = person.locations.filter((r) => r.ts <= until);
    const all = methods(frame, outline);
    const arrivedAt = new Map<Method, number>();
    const settle = (m: Method, ts: number | null) => {
      if (ts !== null && !arrivedAt.has(m)) arrivedAt.set(m, ts);
    };
    const line: PersonLine = { device: person.device, doorTs: person.doorTs, events: [] };
    const feedFixes = (fixes: readonly Fix[]) => {
      for (const fix of fixes) {
        if (writeFixes) line.events.push(['fix', fix]);
        for (const m of all) settle(m, m.fix(fix));
      }
    };
    let next = 0;
    for (const scan of scans) {
      // Outdoor reports and fixes reach the recogniser in time order, as they would live.
      for (; next < reports.length && reports[next]!.ts <= scan.ts; next++) {
        if (writeFixes) line.events.push(['outdoor', reports[next]!]);
        for (const m of all) settle(m, m.outdoor(reports[next]!));
      }
      feedFixes(engine.tick(scan.ts));
      for (const o of scan.observations) feedFixes(engine.observe(o));
      for (const m of all) settle(m, m.scan(scan));
    }
    feedFixes(engine.tick(until + 2000));
    writeFixes?.(line);
    const told = engine.learntRadio();
    notes.push(...(told.phones?.notes ?? []).filter((n) => n.device === person.device));
    quiet = told.quiet ?? [];
    for (const m of all) {
      const t = tallies.get(m.name) ?? emptyTally();
      tallies.set(m.name, t);
      count(t, person.doorTs, arrivedAt.get(m));
    }
  }
  return { tallies: [...tallies], level: phoneLevel(notes), settled: notes.length };
}

const chosen = CASES.filter((c) => new RegExp(values.only).test(`${c.store} ${c.radioName}`)).map((c) => ({
  ...c,
  radio: { ...c.radio, ...changes },
}));

/** One seed's run of every chosen store, and its CPU time in seconds. */
interface SeedRun {
  stores: StoreResult[];
  cpuS: number;
}

/** One seed's run of every chosen store, in this process. */
function runSeed(seed: number, fixesFile: string | undefined): SeedRun {
  const cpu = process.cpuUsage();
  if (fixesFile) writeFileSync(fixesFile, '');
  const writeFixes = fixesFile
    ? (line: FixesLine) => appendFileSync(fixesFile, `${JSON.stringify(line)}\n`)
    : undefined;
  const stores = chosen.map((c) => runCase(c, seed, writeFixes));
  const used = process.cpuUsage(cpu);
  return { stores, cpuS: (used.user + used.system) / 1e6 };
}

/** The file of fixes for `seed` when several run. */
const fixesFileOf = (seed: number) =>
  values.fixes && seeds.length > 1 ? values.fixes.replace(/(\.[^./]*)?$/, `.seed${seed}$1`) : values.fixes;

/**
 * Each seed in a child process running this script with `--seed` (as many at once as there are cores),
 * which writes its tallies to a file for this one to pool.
 */
async function runSeedsApart(): Promise<SeedRun[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-arrival-'));
  // This run's arguments but those naming seeds and files (each value-taking): each child gets its own.
  const passOn: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const own = argv[i]!.match(/^--(seeds?|fixes|tallies)(=?)/);
    if (!own) passOn.push(argv[i]!);
    else if (own[2] === '') i += 1;
  }
  const runOne = (seed: number) =>
    new Promise<SeedRun>((resolve, reject) => {
      const tallies = join(dir, `${seed}.json`);
      const fixes = fixesFileOf(seed);
      const args = [
        ...passOn,
        '--seed',
        String(seed),
        '--tallies',
        tallies,
        ...(fixes ? ['--fixes', fixes] : []),
      ];
      const child = fork(process.argv[1]!, args, { execArgv: process.execArgv, stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(readFileSync(tallies, 'utf8')))
          : reject(new Error(`seed ${seed}: exited with ${code}`)),
      );
    });
  const results = new Array<SeedRun>(seeds.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < seeds.length; i = next++) results[i] = await runOne(seeds[i]!);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(seeds.length, availableParallelism()) }, lane));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

const started = Date.now();
if (values.tallies) {
  writeFileSync(values.tallies, JSON.stringify(runSeed(seeds[0]!, values.fixes)));
  process.exit(0);
}
const runs = seeds.length === 1 ? [runSeed(seeds[0]!, values.fixes)] : await runSeedsApart();

const headlines: Figures[] = [];
const bySeed: string[][] = [];
const seedsNote = seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.join(', ')} pooled`;
chosen.forEach((c, s) => {
  const pooled = new Map<string, Tally>();
  for (const run of runs) {
    for (const [name, t] of run.stores[s]!.tallies) pooled.set(name, merged(pooled.get(name), t));
  }
  const levels = runs.map((run) => run.stores[s]!.level);
  const settled = runs.map((run) => run.stores[s]!.settled);
  const rows: string[][] = [];
  for (const [name, t] of pooled) {
    const f = figures(t);
    if (name === HEADLINE) headlines.push(f);
    rows.push([name, ...cells(f)]);
  }
  bySeed.push([
    `${c.store}, ${c.radioName}`,
    ...runs.map((run) => {
      const f = figures(run.stores[s]!.tallies.find(([name]) => name === HEADLINE)![1]);
      return `${(100 * f.recall).toFixed(1)}% · ${(100 * f.falseRate).toFixed(1)}% · ${f.medianS.toFixed(1)} s`;
    }),
  ]);
  const level = levels.every((l) => l === null)
    ? "Too few phones settled inside to tell the store's phone level."
    : `The store's phones read ${levels.map((l) => (l === null ? '?' : l.toFixed(1))).join(', ')} dB against the beacons' declared powers (the median of the ${settled.join(', ')} phones settled inside).`;
  console.log(
    `\n### ${c.store}, ${c.radioName} radio${values.walked ? ', after the calibration walk' : ''}${taughtS > 0 ? `, taught by ${taughtS} s of shoppers` : ''}${declaredDb !== 0 ? `, beacons declared ${declaredDb} dB off` : ''}${radioNote(changes)}\n\n${visitors} visitors and ${passersBy} passers-by a seed, ${seedsNote}. ${level}\n`,
  );
  console.log(markdownTable(['method', ...COLUMNS], rows));
});
if (runs.length > 1) {
  console.log(`\n### ${HEADLINE}, seed by seed: recall · passers-by taken · median\n`);
  console.log(markdownTable(['storefront', ...seeds.map((seed) => `seed ${seed}`)], bySeed));
}
const cpuS = runs.reduce((sum, run) => sum + run.cpuS, 0);
console.log(
  `\n${chosen.length} stores × ${seeds.length} seed(s) in ${((Date.now() - started) / 1000).toFixed(0)} s, ${cpuS.toFixed(0)} s of CPU.`,
);
if (values.fixes) console.log(`Fixes written to ${seeds.map(fixesFileOf).join(', ')}.`);
console.log(`\n${JSON.stringify(worstOf(headlines))}`);
