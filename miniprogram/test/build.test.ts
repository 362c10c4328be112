/**
 * The build, as `npm run build:miniprogram` runs it, into a scratch folder: every page gets its four
 * files, each script is one CommonJS file that runs on its own (no require, no import) and registers
 * its page, and the bundles stay small.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BuiltScript, buildMiniprogram, entryPoints } from '../build';

const scratch = mkdtempSync(join(tmpdir(), 'miniprogram-build-'));
const dist = join(scratch, 'dist');
let scripts: BuiltScript[];

beforeAll(async () => {
  scripts = await buildMiniprogram(dist);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('writes app and every page with its wxml, wxss and json, and a project.config.json for DevTools', () => {
  expect(scripts.map((s) => s.path).sort()).toEqual(
    entryPoints()
      .map((e) => `${e}.js`)
      .sort(),
  );
  for (const page of entryPoints().slice(1)) {
    for (const ext of ['js', 'wxml', 'wxss', 'json'])
      expect(existsSync(join(dist, `${page}.${ext}`)), page).toBe(true);
  }
  for (const file of ['app.json', 'app.wxss', 'sitemap.json'])
    expect(existsSync(join(dist, file))).toBe(true);
  const project = JSON.parse(readFileSync(join(scratch, 'project.config.json'), 'utf8'));
  expect(project).toMatchObject({ miniprogramRoot: 'dist/', compileType: 'miniprogram' });
  expect(project.appid).toBe(
    JSON.parse(readFileSync(join(import.meta.dirname, '../config.json'), 'utf8')).appid,
  );
});

it('makes each page one script that runs by itself in a bare context and registers its page', () => {
  for (const page of entryPoints().slice(1)) {
    const registered: { data?: object }[] = [];
    const source = readFileSync(join(dist, `${page}.js`), 'utf8');
    expect(source).not.toMatch(/\brequire\(|^import |^export /m);
    runInNewContext(source, { Page: (d: { data?: object }) => registered.push(d), module: {}, exports: {} });
    expect(registered, page).toHaveLength(1);
    expect(registered[0]!.data, page).toBeTypeOf('object');
  }
});

it('keeps the scripts small: the positioning engine only in the store page', () => {
  const size = Object.fromEntries(scripts.map((s) => [s.path, s.bytes]));
  expect(size['pages/store/index.js']).toBeLessThan(250_000);
  for (const [path, bytes] of Object.entries(size)) {
    if (path !== 'pages/store/index.js') expect(bytes, path).toBeLessThan(36_000);
  }
  expect(readFileSync(join(dist, 'pages/store/index.js'), 'utf8')).toMatch(/this-phone/);
});
