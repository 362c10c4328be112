/**
 * `npm run --silent replay -- --site site.json --input observations.jsonl --output fixes.jsonl`
 * Stdin and stdout when a path is left out. The only file in positioning/ that touches Node I/O:
 * everything else is in replay.ts, which is pure.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createReplay } from './replay.js';
import { checkSite } from './site-check.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { site: { type: 'string' }, input: { type: 'string' }, output: { type: 'string' } },
  });
  if (!values.site) {
    process.stderr.write(
      'usage: replay --site site.json [--input observations.jsonl] [--output fixes.jsonl]\n',
    );
    return 2;
  }
  const warn = (why: string) => process.stderr.write(`replay: site: ${why}\n`);
  // A byte-order mark, as editors on Windows write one, is not part of the JSON.
  const siteText = readFileSync(values.site, 'utf8').replace(/^\uFEFF/, '');
  const replay = createReplay(checkSite(JSON.parse(siteText), warn));
  const input = values.input ? createReadStream(values.input) : process.stdin;
  const output: Writable = values.output ? createWriteStream(values.output) : process.stdout;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const fixes = replay.line(line);
    if (fixes.length > 0 && !output.write(`${fixes.join('\n')}\n`)) {
      await new Promise((resolve) => output.once('drain', resolve));
    }
  }
  if (output !== process.stdout) await new Promise<void>((resolve) => output.end(() => resolve()));
  const r = replay.report();
  const rejected = Object.entries(r.rejected)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stderr.write(
    `replay: ${r.lines} lines, ${r.observations} observations, ${r.fixes} fixes; skipped: ${rejected}\n`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`replay: ${error.message}\n`);
    process.exitCode = 1;
  },
);
