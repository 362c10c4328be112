/**
 * Planning a new store's beacons in the map editor, in Chromium against the real server: a store with
 * a map and no beacons, Plan beacons…, the proposal on the plan with its predicted figures, another
 * spacing, then Accept, and the beacons are there with the count said. Screenshots land in
 * test-results/console-beacon-plan/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { storeWithMap } from './support/stores.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
const shot = (name: string) => browser.shot(name);

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-beacon-plan'));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  await storeWithMap(
    t,
    admin,
    { code: 'SH092', name: 'FreshMart Unhung' },
    { width: 40, depth: 30, levels: 1, layout: 'shelving', beaconSpacing: 6 },
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('planning beacons in the map editor', () => {
  it("proposes a level's beacons with their predicted accuracy, and adds them on Accept", async () => {
    // A new store's clerk is not set up yet: the brand admin plans its beacons.
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Store maps' }).click();
    await page.getByRole('button', { name: /FreshMart Unhung/ }).click();
    await expect
      .poll(() => page.locator('path.feature-shelf').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);
    await page.getByText('0 on this level').waitFor();

    await page.getByRole('button', { name: 'Plan beacons…' }).click();
    const figures = page.locator('[data-test=plan-figures]');
    // 40 × 30 m every 6 m: 7 × 5 on the ceiling.
    await expect
      .poll(() => figures.textContent())
      .toMatch(/^35 beacons · predicted mean \d\.\d m, \d+% of the floor within 3 m$/);
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(35);
    expect(await page.locator('.beacon-icon').count()).toBe(0);
    await shot('planned-6m');

    // 10 m apart is sparser, and predicted worse.
    const at6 = Number((await figures.textContent())!.match(/(\d+)% of the floor/)![1]);
    await page.getByLabel('One every').selectOption('10');
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(12);
    const at10 = Number((await figures.textContent())!.match(/(\d+)% of the floor/)![1]);
    expect(at10).toBeLessThan(at6);
    await shot('planned-10m');

    // Cancel takes the ghosts off; planned again at 6 m and accepted, they hang.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(0);
    await page.getByRole('button', { name: 'Plan beacons…' }).click();
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(35);
    await page.getByRole('button', { name: 'Accept' }).click();
    await browser.status(/35 planned beacons added/);
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(35);
    expect(await page.locator('.planned-icon').count()).toBe(0);
    await page.getByText('35 on this level').waitFor();
    // Each with its own identity, as a beacon dragged onto the plan gets.
    const labels = await page.locator('.beacon-icon').allTextContents();
    expect(new Set(labels).size).toBe(35);
    await shot('plan-accepted');
  }, 120_000);
});
