/**
 * The web console is a Vite build in console/dist, served by the server at /console. This builds it
 * when the build is missing or older than any of its sources (or the lock file), so `npm start` and
 * the browser tests always serve what is in the tree.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../db/migrate.js';
import { CONSOLE_DIST } from '../server/console.js';

const CONSOLE_DIR = join(PROJECT_ROOT, 'console');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function consoleIsStale(): boolean {
  const built = join(CONSOLE_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(CONSOLE_DIR, p));
  const inputs = Math.max(
    ...sources.filter(existsSync).map(newest),
    statSync(join(PROJECT_ROOT, 'package-lock.json')).mtimeMs,
  );
  return inputs > statSync(built).mtimeMs;
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
  try {
    await build({
      configFile: join(CONSOLE_DIR, 'vite.config.ts'),
      root: CONSOLE_DIR,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    rmSync(CONSOLE_DIST, { recursive: true, force: true });
    renameSync(outDir, CONSOLE_DIST);
  } catch (error) {
    // Another process moved its build in between: theirs is as good as ours.
    if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw error;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return true;
}
