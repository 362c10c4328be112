/**
 * The console's rebuild check: a change to a project file the console bundles from outside console/
 * (the server's pure modules) makes the build stale, as a change under console/src does.
 */
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../db/migrate.js';
import { consoleIsStale, ensureConsoleBuilt } from '../scripts/console-build.js';
import { CONSOLE_DIST } from '../server/console.js';

it('takes a newer server module the console bundles for a change, and records what it bundled', async () => {
  await ensureConsoleBuilt();
  const bundled = JSON.parse(readFileSync(join(PROJECT_ROOT, 'console/.bundled-sources.json'), 'utf8'));
  expect(bundled).toEqual(
    expect.arrayContaining(['commerce/orders/order-number.ts', 'console/src/main.tsx']),
  );
  expect(bundled.some((file: string) => file.includes('node_modules'))).toBe(false);
  expect(consoleIsStale()).toBe(false);

  const file = join(PROJECT_ROOT, 'commerce/orders/order-number.ts');
  const before = statSync(file);
  const built = statSync(join(CONSOLE_DIST, 'index.html')).mtime;
  // Newer than the build for a moment, then as it was: other test files' checks see no change.
  utimesSync(file, before.atime, new Date(built.getTime() + 1000));
  try {
    expect(consoleIsStale()).toBe(true);
  } finally {
    utimesSync(file, before.atime, before.mtime);
  }
  expect(consoleIsStale()).toBe(false);
}, 120_000);
