/**
 * The store map editor in Chromium against the real server and the demo seed, as the brand admin and as a
 * clerk: beacons dropped in two stores, the tools a clerk may not use, a drawing kept when its save fails,
 * and a zone deleted only once confirmed. Screenshots land in test-results/console-editor/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { ensureConsoleBuilt } from '../scripts/console-build.js';
import { startTestApp, type TestApp } from './support/app.js';
import { type Browser, openBrowser } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let admin: string;
const stores: Record<string, string> = {};
const shot = (name: string) => browser.shot(name);

async function status(text: RegExp) {
  await expect.poll(() => page.locator('footer.status').textContent(), { timeout: 15_000 }).toMatch(text);
}

async function signIn(email: string) {
  await page.goto(`${base}/console/`);
  // A string: this file is typed without the DOM library.
  await page.evaluate('sessionStorage.clear()');
  await page.reload();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function openStore(name: RegExp) {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => page.locator('path.feature-shelf').count(), { timeout: 15_000 }).toBeGreaterThan(5);
  await expect.poll(() => page.locator('.beacon-icon').count()).toBeGreaterThan(0);
}

const beaconLabels = () => page.locator('.beacon-icon').allTextContents();

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    stores[s.code] = s.id;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await openBrowser('console-editor');
  page = browser.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the store map editor in Chromium', () => {
  it("drops a beacon in one store, then another: each gets its store's next identity", async () => {
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    const before = await beaconLabels();
    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/Beacon 100:\d+ placed/);
    const labels = await beaconLabels();
    expect(labels.length).toBe(before.length + 1);
    // Each marker on the level is labelled by its own minor: none twice.
    expect(new Set(labels).size).toBe(labels.length);
    await shot('sh001-beacon-dropped');

    await page.getByRole('button', { name: '← Stores' }).click();
    const sh002 = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH002}/beacons` })
    ).json();
    await page.getByRole('button', { name: /SH002/ }).click();
    await expect.poll(() => page.locator('.beacon-icon').count(), { timeout: 15_000 }).toBe(sh002.length);
    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/Beacon 200:\d+ placed/);
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(sh002.length + 1);
    expect(await page.locator('footer.status').getAttribute('class')).not.toMatch(/error/);
    await shot('sh002-beacon-dropped');
  }, 90_000);
});
