/**
 * Golden traces: simulated observations in (test/in), fixes out (test/out), compared line by line.
 * Both are rewritten only on purpose, with REGEN=1 (for example after a deliberate change to the engine).
 * Test files are not bundled into the mini-program; only they and replay-cli.ts touch the file system.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { observationsFor, scenario, storeRun } from '../../sim/index.js';
import { createReplay } from '../index.js';
import { badInput, type Trace } from './traces.js';

const here = dirname(fileURLToPath(import.meta.url));
const regen = process.env.REGEN === '1';

function simulated(name: 'dense-shelving' | 'two-levels', shoppers: number, seconds: number): Trace {
  const { venue, radio } = scenario(name);
  const run = storeRun({ venue, radio, shoppers, seed: 11 });
  return { site: venue.site, lines: observationsFor(run, seconds).map((o) => JSON.stringify(o)) };
}

const traces: Record<string, () => Trace> = {
  'dense-shelving': () => simulated('dense-shelving', 1, 40),
  'two-levels': () => simulated('two-levels', 1, 40),
  'bad-input': () => badInput(simulated('dense-shelving', 2, 20)),
};

describe('golden traces', () => {
  for (const [name, make] of Object.entries(traces)) {
    it(name, () => {
      const inSite = join(here, 'in', `${name}.site.json`);
      const inLines = join(here, 'in', `${name}.jsonl`);
      const out = join(here, 'out', `${name}.jsonl`);
      if (regen || !existsSync(inLines)) {
        const trace = make();
        mkdirSync(dirname(inSite), { recursive: true });
        writeFileSync(inSite, `${JSON.stringify(trace.site)}\n`);
        writeFileSync(inLines, `${trace.lines.join('\n')}\n`);
      }
      const site = JSON.parse(readFileSync(inSite, 'utf8'));
      const siteBefore = JSON.stringify(site);
      // With the odds the gateway asks for, so the golden fixes pin them too.
      const replay = createReplay(site, { insideOdds: true });
      const fixes = readFileSync(inLines, 'utf8')
        .split('\n')
        .flatMap((line) => replay.line(line));
      const report = `${JSON.stringify(replay.report())}`;
      const written = [...fixes, report].join('\n');
      if (regen || !existsSync(out)) {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, `${written}\n`);
      }
      expect(written).toBe(readFileSync(out, 'utf8').trimEnd());
      expect(JSON.stringify(site)).toBe(siteBefore);
      expect(fixes.length).toBeGreaterThan(10);
    });
  }
});
