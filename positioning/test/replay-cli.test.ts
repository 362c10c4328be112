/** The replay CLI end to end: files in, files out, stdin/stdout, malformed lines counted on stderr. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'replay-cli.ts');
const tsx = join(here, '..', '..', 'node_modules', '.bin', 'tsx');
const site = join(here, 'in', 'bad-input.site.json');
const input = join(here, 'in', 'bad-input.jsonl');
/**
 * The golden file holds the fixes (with the gateway's insideOdds and louderDb, which the CLI leaves out),
 * then the replay's report.
 */
const golden = readFileSync(join(here, 'out', 'bad-input.jsonl'), 'utf8')
  .trimEnd()
  .split('\n');
const expected = golden.slice(0, -1).map((line) => {
  const { insideOdds: _odds, louderDb: _louder, ...fix } = JSON.parse(line);
  return JSON.stringify(fix);
});
const skipped = Object.entries(JSON.parse(golden.at(-1)!).rejected)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ');

it('replays files and reports what it skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const output = join(dir, 'fixes.jsonl');
  const run = spawnSync(tsx, [cli, '--site', site, '--input', input, '--output', output], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  expect(readFileSync(output, 'utf8').trimEnd().split('\n')).toEqual(expected);
  expect(run.stderr).toContain(`skipped: ${skipped}`);
});

it('reads stdin and writes stdout when paths are left out', () => {
  const stdout = execFileSync(tsx, [cli, '--site', site], { input: readFileSync(input), encoding: 'utf8' });
  expect(stdout.trimEnd().split('\n')).toEqual(expected);
});

it('reads files an editor on Windows saved, with a byte-order mark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const bom = '\uFEFF';
  writeFileSync(join(dir, 'site.json'), bom + readFileSync(site, 'utf8'));
  const stdout = execFileSync(tsx, [cli, '--site', join(dir, 'site.json')], {
    input: bom + readFileSync(input, 'utf8'),
    encoding: 'utf8',
  });
  expect(stdout.trimEnd().split('\n')).toEqual(expected);
});

it('says how to use it without a site, and fails cleanly on a bad one', () => {
  expect(spawnSync(tsx, [cli], { encoding: 'utf8' }).status).toBe(2);
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  writeFileSync(join(dir, 'site.json'), '{"id": "x", "levels": []}');
  const bad = spawnSync(tsx, [cli, '--site', join(dir, 'site.json')], { input: '', encoding: 'utf8' });
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/SS_ERR_SITE_INVALID/);
});
