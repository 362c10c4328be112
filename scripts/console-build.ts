/**
 * The web console is a Vite build in console/dist, served by the server at /console. This builds it
 * when the build is missing or older than any of its sources (or the lock file), so `npm start` and
 * the browser tests always serve what is in the tree. Its sources are console/ and every project file
 * the last build bundled from outside it (the server's pure modules: order numbers, the order state
 * machine, beacons' anchor ids), as that build recorded them.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import { PROJECT_ROOT } from '../db/migrate.js';
import { CONSOLE_DIST } from '../server/console.js';

const CONSOLE_DIR = join(PROJECT_ROOT, 'console');
/** The project files the last build bundled, relative to the project (git-ignored). */
const BUNDLED = join(CONSOLE_DIR, '.bundled-sources.json');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function consoleIsStale(): boolean {
  const built = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(CONSOLE_DIR, p));
  // A build that did not record what it bundled (made before it did) is rebuilt once.
  if (!existsSync(BUNDLED)) return true;
  const bundled = JSON.parse(readFileSync(BUNDLED, 'utf8')) as string[];
  // A bundled file gone (moved, deleted) is a change too.
  if (bundled.some((file) => !existsSync(join(PROJECT_ROOT, file)))) return true;
  sources.push(...bundled.map((file) => join(PROJECT_ROOT, file)));
  const inputs = Math.max(
    ...sources.filter(existsSync).map(newest),
    statSync(join(PROJECT_ROOT, 'package-lock.json')).mtimeMs,
  );
  return inputs > statSync(built).mtimeMs;
}

/** Notes the project's own files the bundle took, node_modules aside. */
function recordBundled(into: string[]): Plugin {
  return {
    name: 'smartstore-record-bundled',
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const file = relative(PROJECT_ROOT, id.split('?')[0]!);
        if (!file.startsWith('..') && !file.includes('node_modules') && existsSync(id)) into.push(file);
      }
    },
  };
}

/**
 * Builds the console when stale; returns whether it built. The build goes to a folder of its own and
 * is then moved into place, so parallel test files that both find it stale never serve half a build.
 */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!consoleIsStale()) return false;
  log('building the web console (console/dist)');
  const { build } = await import('vite');
  const outDir = `${CONSOLE_DIST}.${process.pid}.${Date.now()}`;
  const bundled: string[] = [];
  try {
    await build({
      configFile: join(CONSOLE_DIR, 'vite.config.ts'),
      root: CONSOLE_DIR,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
      plugins: [recordBundled(bundled)],
    });
    rmSync(CONSOLE_DIST, { recursive: true, force: true });
    renameSync(outDir, CONSOLE_DIST);
    writeFileSync(BUNDLED, JSON.stringify([...new Set(bundled)].sort()));
  } catch (error) {
    // Another process moved its build in between: theirs is as good as ours.
    if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw error;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return true;
}
