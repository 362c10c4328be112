/**
 * Today in Chromium against the real server, with the demo seed, the desk's morning orders, the
 * inbox's conversations and a week of history: SH001's manager lands on it and reads what the API
 * says (the desk's work and its longest wait, sales and footfall beside last week's same weekday, the
 * SKUs running low, the shoppers waiting, the day's bookings), sees a new paid order counted without a
 * reload, and follows each tile to its section (the stock screen filtered to low); a clerk lands on it
 * too, without the sales; a marketer keeps the campaigns first; a short pass in Chinese. Screenshots
 * in test-results/console-today/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { paidPickup, signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let base: string;
let browser: Browser;
let page: Page;
let manager: string;
let shopper: string;
let sh001: string;
const shot = (name: string) => browser.shot(name);

/** An amount as the console writes it. */
const yuan = (cents: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(cents / 100);

const api = async (url: string, token = manager) => {
  const answer = await t.call(token, { method: 'GET', url: `/api/v1${url}` });
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json();
};

const tile = (name: string) => page.locator(`[data-test=today] .tile[data-test="${name}"]`);
const laneCount = (lane: string) => tile('orders').locator(`[data-lane="${lane}"] strong`);

/** What the desk has in a lane, as GET /orders says: paid click-and-collect and delivery orders wait to be started. */
async function inLane(lane: 'to_prepare' | 'preparing' | 'ready') {
  const status = lane === 'to_prepare' ? 'paid' : lane;
  return (await api(`/orders?store_id=${sh001}&status=${status}&type=pickup&type=delivery&limit=500`)) as {
    paid_at: string;
  }[];
}

const pickupPaid = (code: string, qty: number) =>
  paidPickup(t, { tenantId, storeId: sh001, shopper }, code, qty);

/** The tiles' links name no section as the header does: its links stay the only ones by those names. */
async function headerLinksAlone() {
  for (const text of await page.locator('.nav nav a').allTextContents()) {
    // Customer service carries its unread count.
    const name = text.replace(/\d+$/, '');
    expect(await page.getByRole('link', { name }).count(), name).toBe(1);
  }
}

async function landOnToday(email: string) {
  await browser.signIn(base, email, DEMO_PASSWORD);
  await page.locator('[data-test=today] .tile').first().waitFor();
}

beforeAll(async () => {
  ({ t, tenantId, base, browser, page } = await consoleUnderTest('console-today'));
  const seeded = await seedDemo(t.db, { deskOrders: true, serviceConversations: true, historyDays: 7 });
  expect(seeded.created).toContain('orders desk SH001: 8 orders today');
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  sh001 = (await api('/stores')).find((s: { code: string }) => s.code === 'SH001').id;
  shopper = (await signInShopper(t, 'console-today-shopper')).token;
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Today in the console', () => {
  it("lands SH001's manager on Today, with the figures the API gives", async () => {
    await landOnToday('manager.sh001@freshmart.demo');
    expect((await page.locator('.nav nav a').allTextContents())[0]).toBe('Today');
    expect(await page.locator('.nav nav a.current').textContent()).toBe('Today');
    expect(await page.getByLabel('Store').locator('option').allTextContents()).toEqual([
      expect.stringMatching(/SH001/),
    ]);

    // The desk's work, lane by lane.
    const toPrepare = await inLane('to_prepare');
    expect(toPrepare.length).toBeGreaterThan(0);
    for (const lane of ['to_prepare', 'preparing', 'ready'] as const)
      await expect.poll(() => laneCount(lane).textContent()).toBe(String((await inLane(lane)).length));
    // The longest wait, flagged past a quarter of an hour as the desk flags it.
    const oldest = Math.min(...toPrepare.map((o) => Date.parse(o.paid_at)));
    const waited = Math.floor((Date.now() - oldest) / 60_000);
    const shown = await tile('orders').locator('[data-test=oldest]').textContent();
    expect(shown).toMatch(new RegExp(`paid (${waited}|${waited + 1}) min ago`));
    expect(await tile('orders').locator('.oldest.late').count()).toBe(waited >= 15 ? 1 : 0);

    // Sales and footfall so far, beside the same weekday last week up to the time of day the page read them.
    const lastWeek = await tile('sales').locator('[data-test=last-week] small').first().textContent();
    const until = /by (\d\d:\d\d):/.exec(lastWeek ?? '')?.[1];
    expect(until, lastWeek ?? '').toBeDefined();
    const week = await api(`/stores/${sh001}/days?days=8&until=${until}`);
    const today = week.days.at(-1);
    const before = week.days[0];
    expect(await tile('sales').locator('.figure').textContent()).toBe(yuan(today.sales_cents));
    expect(await tile('sales').textContent()).toContain(
      `${today.orders} orders · ${today.till_receipts} till receipts`,
    );
    const weekday = new Date(`${before.day}T00:00:00Z`).toLocaleDateString('en-US', {
      weekday: 'long',
      timeZone: 'UTC',
    });
    expect(lastWeek).toBe(`Last ${weekday} by ${until}: ${yuan(before.sales_cents)}`);
    expect(await tile('footfall').locator('.figure').textContent()).toBe(String(today.visits));
    expect(await tile('footfall').locator('[data-test=last-week] small').first().textContent()).toBe(
      `Last ${weekday} by ${until}: ${before.visits}`,
    );

    // The SKUs running low, emptiest first.
    const low = await api(`/stores/${sh001}/stock?low=true&limit=5`);
    expect(await tile('low-stock').locator('.figure').textContent()).toBe(String(low.total));
    expect(
      await tile('low-stock')
        .locator('li')
        .evaluateAll((lis) => lis.map((li) => li.dataset.sku)),
    ).toEqual(low.lines.map((l: { code: string }) => l.code));

    // The shoppers waiting for an answer: this store's and the brand's.
    const waiting = [
      ...(await api(`/service/conversations?status=waiting&store_id=${sh001}`)),
      ...(await api('/service/conversations?status=waiting&store_id=none')),
    ];
    expect(waiting.length).toBeGreaterThan(0);
    expect(await tile('service').locator('.figure').textContent()).toMatch(
      new RegExp(`^${waiting.length}\\s*waiting for an answer$`),
    );

    // The day's bookings, cancelled ones left out.
    const day = await api(`/stores/${sh001}/appointments`);
    const kept = day.bookings.filter((b: { status: string }) => b.status !== 'cancelled');
    expect(await tile('appointments').locator('.figure').textContent()).toMatch(
      new RegExp(`^${kept.length}\\s*bookings today$`),
    );
    await headerLinksAlone();
    await browser.status(/^Live: orders, stock and messages as they change/);
    await shot('manager-today');
  });

  it('counts a new paid order at once, through the live line', async () => {
    const before = Number(await laneCount('to_prepare').textContent());
    await pickupPaid('DRY-004', 1);
    await expect
      .poll(() => laneCount('to_prepare').textContent(), { timeout: 5000 })
      .toBe(String(before + 1));
    expect(before + 1).toBe((await inLane('to_prepare')).length);
  });

  it('leads from each tile to its section', async () => {
    const follow = async (name: string, link: string, hash: string) => {
      await page.goto(`${base}/console/#/today`);
      await tile(name).getByRole('link', { name: link }).click();
      await expect.poll(() => page.evaluate('location.hash')).toBe(hash);
    };
    await follow('orders', 'To the desk →', `#/orders/${sh001}`);
    await page.locator('.lanes').waitFor();
    await follow('sales', 'Day by day →', `#/days/${sh001}`);
    await page.locator('[data-test=store-days]').waitFor();
    await follow('service', 'To the inbox →', '#/service');
    await page.getByRole('heading', { name: 'Customer service' }).waitFor();
    await follow('appointments', "The day's bookings →", `#/appointments/${sh001}`);
    await page.locator('[data-test=bookings]').waitFor();
    // The stock screen opens on the low ones only.
    await follow('low-stock', 'All running low →', `#/stock/${sh001}/low`);
    await page.locator('[data-test=stock] tbody tr').first().waitFor();
    expect(await page.getByLabel('Low stock only').isChecked()).toBe(true);
    const total = (await api(`/stores/${sh001}/stock?low=true&limit=5`)).total;
    expect(await page.locator('[data-test=stock] tbody tr').count()).toBe(Math.min(total, 50));
    expect(await page.locator('[data-test=stock] tbody tr:not(.low)').count()).toBe(0);
    await shot('low-stock');
  });

  it('lands a clerk on Today too, without the sales a manager reads', async () => {
    await landOnToday('clerk.sh001@freshmart.demo');
    expect((await page.locator('.nav nav a').allTextContents())[0]).toBe('Today');
    await expect
      .poll(() => laneCount('to_prepare').textContent())
      .toBe(String((await inLane('to_prepare')).length));
    expect(await tile('sales').count()).toBe(0);
    expect(await tile('footfall').count()).toBe(0);
    await tile('low-stock').locator('.figure').waitFor();
    await shot('clerk-today');
  });

  it("lets a brand admin pick another store, whose figures replace SH001's", async () => {
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const sh003 = (await api('/stores', admin)).find((s: { code: string }) => s.code === 'SH003').id;
    await landOnToday('admin@freshmart.demo');
    await page.getByLabel('Store').selectOption(sh003);
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/today/${sh003}`);
    const waiting = await api(
      `/orders?store_id=${sh003}&status=paid&type=pickup&type=delivery&limit=500`,
      admin,
    );
    await expect.poll(() => laneCount('to_prepare').textContent()).toBe(String(waiting.length));
    const low = await api(`/stores/${sh003}/stock?low=true&limit=5`, admin);
    await expect.poll(() => tile('low-stock').locator('.figure').textContent()).toBe(String(low.total));
    // The appointments tile only where the store offers something to book.
    const services = await api(`/stores/${sh003}/appointment-services`, admin);
    await tile('service').locator('.figure').waitFor();
    await expect
      .poll(() => tile('appointments').count())
      .toBe(services.some((s: { active: boolean }) => s.active) ? 1 : 0);
    await tile('sales').locator('.figure').waitFor();
    await shot('admin-other-store');
  });

  it('keeps the campaigns first for a marketer, with no Today', async () => {
    await browser.signIn(base, 'marketing@freshmart.demo', DEMO_PASSWORD);
    await page.locator('[data-test=campaign-table] tbody tr').first().waitFor();
    expect(await page.locator('.nav nav a').allTextContents()).not.toContain('Today');
    await page.goto(`${base}/console/#/today`);
    await page.locator('[data-test=campaign-table]').waitFor();
    expect(await page.locator('[data-test=today]').count()).toBe(0);
  });

  it('reads in Chinese', async () => {
    await landOnToday('manager.sh001@freshmart.demo');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.locator('.page-head h1').textContent()).toMatch(/^今日/);
    expect((await page.locator('.nav nav a').allTextContents())[0]).toBe('今日');
    expect(await page.locator('.tile h2').allTextContents()).toEqual([
      '订单',
      '今日销售额',
      '今日客流',
      '库存告急',
      '客服',
      '预约',
    ]);
    expect(await tile('orders').locator('[data-lane=to_prepare] span').textContent()).toBe('待备货');
    expect(await tile('sales').locator('[data-test=last-week]').textContent()).toMatch(
      /^上周.截至 \d\d:\d\d：¥/,
    );
    await headerLinksAlone();
    await browser.status(/^实时：/);
    await shot('manager-today-chinese');
    await page.getByRole('button', { name: 'English' }).click();
  });
});
