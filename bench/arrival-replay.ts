/**
 * The arrival recogniser alone, on what bench:arrival's `--fixes` wrote: the engine's fixes and the outdoor
 * reports, phone by phone. Seconds instead of minutes, so a rule or a threshold can be weighed on several
 * runs at once (the benchmark's figures for the headline recogniser, the very same when nothing changed).
 *
 *   npm run bench:arrival:replay -- fixes7.jsonl fixes11.jsonl [--options '{"arriveNats":5}']
 *
 * Prints a table per file (a row per storefront), with several files one of them pooled (as bench:arrival
 * pools its seeds' files) and, last, one JSON line per file with the worst figures across its storefronts,
 * then, with several files, one with the pooled figures' worst, as bench:arrival's last line.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ArrivalOptions, createArrivalRecogniser, type StoreFrame } from '../visits/index.js';
import * as tally from './arrival-tally.js';
import { markdownTable } from './table.js';

const { values, positionals } = parseArgs({
  options: { options: { type: 'string', default: '{}' } },
  allowPositionals: true,
});
const options = ((): Partial<ArrivalOptions> => {
  try {
    return JSON.parse(values.options);
  } catch (error) {
    console.error(`--options is not JSON: ${(error as Error).message}`);
    process.exit(2);
  }
})();
if (positionals.length === 0) {
  console.error(
    'usage: npm run bench:arrival:replay -- FILE... [--options JSON]  (FILE: bench:arrival --fixes)',
  );
  process.exit(2);
}

/** The time of the first arrival the recogniser gives for a person's events, if any. */
function arrivalOf(frame: StoreFrame, events: tally.PersonLine['events']): number | undefined {
  const recogniser = createArrivalRecogniser(frame, options);
  for (const [kind, event] of events) {
    const out = kind === 'fix' ? recogniser.update(event) : recogniser.outdoor(event);
    const arrival = out.find((e) => e.type === 'arrival');
    if (arrival) return arrival.ts;
  }
  return undefined;
}

const closing: string[] = [];
const pooled = new Map<string, tally.Tally>();
/** Prints a table of storefronts' tallies under `title`; their worst figures for the closing lines. */
function report(title: string, storefronts: Map<string, tally.Tally>): void {
  const all = [...storefronts].map(([store, t]) => [store, tally.figures(t)] as const);
  const rows = all.map(([store, f]) => [store, ...tally.cells(f)]);
  console.log(`\n### ${title}\n`);
  console.log(markdownTable(['storefront', ...tally.COLUMNS], rows));
  closing.push(JSON.stringify(tally.worstOf(all.map(([, f]) => f))));
}
for (const file of positionals) {
  const storefronts = new Map<string, tally.Tally>();
  let frame: StoreFrame | null = null;
  let counts: tally.Tally | null = null;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as tally.FixesLine;
    if ('store' in line) {
      frame = line.frame;
      counts = tally.emptyTally();
      storefronts.set(line.store, counts);
      continue;
    }
    if (!frame || !counts) throw new Error(`${file}: a person before any storefront`);
    tally.count(counts, line.doorTs, arrivalOf(frame, line.events));
  }
  report(file, storefronts);
  for (const [store, t] of storefronts) pooled.set(store, tally.merged(pooled.get(store), t));
}
if (positionals.length > 1) report(`${positionals.length} files pooled`, pooled);
console.log(`\n${closing.join('\n')}`);
