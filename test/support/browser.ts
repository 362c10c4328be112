/**
 * The console's browser tests: Debian's Chromium driven by playwright-core, in a throwaway profile,
 * and numbered screenshots in test-results/<folder>/ for a person to read in order.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../../db/migrate.js';
import { seedDemo } from '../../db/seed.js';
import { ensureConsoleBuilt } from '../../scripts/console-build.js';
import { startTestApp, type TestApp } from './app.js';

const CHROMIUM = '/usr/bin/chromium';

export interface Browser {
  page: Page;
  /** Saves the page as `NN-name.png`, numbered in the order taken. */
  shot(name: string): Promise<void>;
  /** Opens the console at `base` in a fresh session and signs in. */
  signIn(base: string, email: string, password: string): Promise<void>;
  /** Waits for the console's status line to say `text`. */
  status(text: RegExp): Promise<void>;
  close(): Promise<void>;
}

/** A desk's screen in English unless told otherwise: a phone is `{ width: 390, height: 844 }`, say. */
export interface Screen {
  viewport?: { width: number; height: number };
  /** The browser's language, which the console starts in (`zh-CN`). */
  locale?: string;
  /** A phone: its meta viewport honoured and touch on. */
  mobile?: boolean;
}

export async function openBrowser(
  shots: string,
  { viewport = { width: 1440, height: 900 }, locale, mobile = false }: Screen = {},
): Promise<Browser> {
  const folder = join(PROJECT_ROOT, 'test-results', shots);
  // Only this run's screenshots: a person reads them in order.
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'ss-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    ...(locale ? { locale } : {}),
    isMobile: mobile,
    hasTouch: mobile,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let step = 0;
  return {
    page,
    async shot(name) {
      step += 1;
      await page.screenshot({ path: join(folder, `${String(step).padStart(2, '0')}-${name}.png`) });
    },
    async signIn(base, email, password) {
      await page.goto(`${base}/console/`);
      // A string: the tests are typed without the DOM library.
      await page.evaluate('sessionStorage.clear()');
      await page.reload();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    },
    async status(text) {
      await expect.poll(() => page.locator('footer.status').textContent(), { timeout: 15_000 }).toMatch(text);
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The console as the browser tests drive it: built, served by a seeded demo server on a free port,
 * Chromium open on `screen`. `env` configures the server beyond the tests' defaults (WeChat Pay, say).
 */
export async function consoleUnderTest(
  shots: string,
  env: Record<string, string> = {},
  screen: Screen = {},
): Promise<{ t: TestApp; tenantId: string; base: string; browser: Browser; page: Page }> {
  await ensureConsoleBuilt();
  const t = await startTestApp(env);
  const { tenantId } = await seedDemo(t.db);
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await openBrowser(shots, screen);
  return { t, tenantId, base, browser, page: browser.page };
}
