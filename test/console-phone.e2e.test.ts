/**
 * The console on a clerk's phone (390×844, the browser in Chinese) in Chromium against the real server,
 * with the demo's morning desk orders and shoppers' messages: the SH001 clerk signs in; no page they work
 * in on the floor (Today, Orders, Stock, Customer service, Members) scrolls sideways; the header is the
 * logo and a menu (菜单) holding the sections and the account links; the clerk goes to 订单 through it,
 * hands a ready pickup over on its code at the top of the desk, opens an order's detail over the whole
 * screen and closes it, and answers a conversation opened full screen with the reply box at the bottom.
 * On a desk's screen the same header shows its links as before. Screenshots in test-results/console-phone/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

const PHONE = { width: 390, height: 844 };
const CLERK = 'clerk.sh001@freshmart.demo';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let clerk: string;
let sh001: string;
const shot = (name: string) => browser.shot(name);

/** How far the page, or its scrolling main part, reaches past the screen's right edge (0: not at all). */
const sideways = () =>
  page.evaluate(`Math.max(
    document.documentElement.scrollWidth - innerWidth,
    ...[...document.querySelectorAll('main')].map((m) => m.scrollWidth - m.clientWidth),
  )`);

/** Opens a section by its route, as a bookmark on the phone does, and waits for `ready`. */
async function visit(route: string, ready: string) {
  await page.evaluate(`location.hash = '#/${route}'`);
  await page.locator(ready).first().waitFor();
}

const menuButton = () => page.getByRole('button', { name: '菜单' });
const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest(
    'console-phone',
    {},
    {
      viewport: PHONE,
      locale: 'zh-CN',
      mobile: true,
    },
  ));
  await seedDemo(t.db, { deskOrders: true, serviceConversations: true });
  clerk = await t.login(CLERK, DEMO_PASSWORD);
  const stores = (await t.call(clerk, { method: 'GET', url: '/api/v1/stores' })).json();
  sh001 = stores.find((s: { code: string }) => s.code === 'SH001').id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the console on a phone', () => {
  it('signs the clerk in, in Chinese, to Today: the tiles one under another, a short header', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('邮箱').fill(CLERK);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await shot('sign-in');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.today-tiles .tile').first().waitFor();
    // The header is one short bar: the sections wait behind the menu button.
    expect((await box('.nav')).height).toBeLessThan(64);
    expect(await menuButton().getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: '订单', exact: true }).isVisible()).toBe(false);
    // The shoppers waiting for an answer stay in sight beside the logo.
    expect(await page.locator('.phone-unread').isVisible()).toBe(true);
    const tiles = page.locator('.today-tiles .tile');
    const [first, second] = [(await tiles.nth(0).boundingBox())!, (await tiles.nth(1).boundingBox())!];
    expect(second.x).toBe(first.x);
    expect(second.y).toBeGreaterThan(first.y + first.height - 1);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot('today');
  });

  it('lays Stock, Members and Customer service out within the screen', async () => {
    await visit('stock', '[data-test="stock"] tbody tr');
    expect(await sideways()).toBeLessThanOrEqual(0);
    // The table keeps its columns and scrolls within its own box.
    const table = await box('[data-test="stock"]');
    expect(table.x + table.width).toBeLessThanOrEqual(PHONE.width);
    await shot('stock');
    // Scrolled to its figures, the product still named at the row's start.
    await page.evaluate(
      `document.querySelector('[data-test="on-hand"]').scrollIntoView({ inline: 'end', block: 'nearest' })`,
    );
    const name = await box('[data-test="stock"] tbody td.name');
    const onHand = await box('[data-test="stock"] [data-test="on-hand"]');
    expect(name.x).toBeGreaterThanOrEqual(table.x);
    expect(onHand.x).toBeGreaterThanOrEqual(name.x + name.width - 1);
    expect(onHand.x + onHand.width).toBeLessThanOrEqual(PHONE.width);
    await shot('stock-figures');
    await visit('members', '[data-test="members"] tbody tr');
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot('members');
    await visit('service', '.inbox .conversation');
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot('service-inbox');
  });

  it('opens a conversation over the whole screen, the reply box at its bottom, and goes back', async () => {
    await page.locator('.inbox .conversation').first().click();
    await page.locator('.thread .messages').waitFor();
    expect(await box('.thread-pane')).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    const reply = await box('.reply');
    expect(reply.y + reply.height).toBeGreaterThan(PHONE.height - 4);
    expect(reply.y + reply.height).toBeLessThanOrEqual(PHONE.height + 1);
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot('service-thread');
    await page.getByRole('link', { name: '← 会话列表' }).click();
    await page.locator('.thread-pane').waitFor({ state: 'hidden' });
  });

  it('opens the menu: the sections and the account links as a list, and goes to 订单', async () => {
    // A tap on the page below, or Escape, closes it.
    await menuButton().click();
    await page.mouse.click(200, 700);
    await expect.poll(() => menuButton().getAttribute('aria-expanded')).toBe('false');
    await menuButton().click();
    await page.keyboard.press('Escape');
    await expect.poll(() => menuButton().getAttribute('aria-expanded')).toBe('false');
    await menuButton().click();
    expect(await menuButton().getAttribute('aria-expanded')).toBe('true');
    for (const name of ['今日', '订单', '库存', '会员', '客服'])
      expect(await page.locator('.nav-menu nav').getByRole('link', { name }).isVisible(), name).toBe(true);
    for (const name of ['修改密码', '退出登录'])
      expect(await page.getByRole('button', { name }).isVisible(), name).toBe(true);
    // A list: each section under the one before.
    const [today, orders] = [await box('.nav-menu nav a >> nth=0'), await box('.nav-menu nav a >> nth=1')];
    expect(orders.x).toBe(today.x);
    expect(orders.y).toBeGreaterThan(today.y);
    await shot('menu');
    await page.getByRole('link', { name: '订单', exact: true }).click();
    await page.locator('.lanes').waitFor();
    expect(await page.getByRole('link', { name: '订单', exact: true }).isVisible()).toBe(false);
    expect(await sideways()).toBeLessThanOrEqual(0);
  });

  it('puts the pickup code at the top of the desk, full width, and hands a ready order over', async () => {
    const listed = await t.call(clerk, {
      method: 'GET',
      url: `/api/v1/orders?store_id=${sh001}&type=pickup`,
    });
    const ready = (listed.json() as { id: string; status: string; pickup: { code: string } | null }[]).find(
      (o) => o.status === 'ready' && o.pickup,
    )!;
    const code = page.getByLabel('取货码');
    const field = (await code.boundingBox())!;
    expect(field.width).toBeGreaterThan(PHONE.width - 60);
    expect(field.y).toBeLessThan((await box('.lanes')).y);
    const button = (await page.getByRole('button', { name: '核销取货码' }).boundingBox())!;
    expect(button.width).toBeGreaterThan(PHONE.width - 60);
    expect((await page.getByLabel('查找订单').boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
    // The lanes one under another, each the page's width.
    const lanes = page.locator('.lane');
    const [first, second] = [(await lanes.nth(0).boundingBox())!, (await lanes.nth(1).boundingBox())!];
    expect(second.x).toBe(first.x);
    expect(first.width).toBeGreaterThan(PHONE.width - 40);
    await shot('orders-desk');
    await code.fill(ready.pickup!.code);
    await page.getByRole('button', { name: '核销取货码' }).click();
    await browser.status(/已交付/);
    await page.locator(`[data-lane="done"] [data-order="${ready.id}"]`).waitFor();
    expect(await sideways()).toBeLessThanOrEqual(0);
    await shot('handed-over');
  });

  it("opens an order's detail over the whole screen, and closes it", async () => {
    await page.locator('[data-lane="to_prepare"] .order-open').first().click();
    await page.locator('.drawer').waitFor();
    const drawer = await box('.drawer');
    expect([drawer.x, drawer.y, drawer.width, drawer.height]).toEqual([0, 0, PHONE.width, PHONE.height]);
    await shot('order-detail');
    await page.getByRole('button', { name: '关闭', exact: true }).click();
    await page.locator('.drawer').waitFor({ state: 'detached' });
  });

  it("shows a desk's screen the header's links, no menu button", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(await page.getByRole('link', { name: '订单', exact: true }).isVisible()).toBe(true);
    expect(await menuButton().isVisible()).toBe(false);
    await shot('desk');
  });
});
