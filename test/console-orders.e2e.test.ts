/**
 * The console's orders desk in a real browser (Debian's Chromium through playwright-core) against the
 * real server, with the demo seed and the desk's morning orders (what `npm start` seeds): a clerk of
 * SH001 sees new paid orders come in live (and chime), each naming its customer (the member's name and
 * number, on the card, the detail with a way to the member's page, and the earlier orders), works a
 * shopper's pickup order from paid to handed over, is told plainly why a code does not
 * hand anything over, and why an order refunded meanwhile cannot be started; a store manager refunds
 * a paid order from its detail, and finds last week's orders: by number, pickup code or phone, and in the
 * earlier orders a page at a time, by status, refunding one from there (and a look in Chinese), and
 * downloads the orders of the days chosen as CSV. Then a server with WeChat Pay (a local stub): a manager refunds part of
 * a shopper's payment, then the rest, and the order is refunded when WeChat confirms. Screenshots in
 * test-results/console-orders/ and console-orders-wechatpay/.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrder,
  type OrderCreate,
  outTradeNo,
  payOrder,
  pricingRules,
  seedDemoDesk,
  skuIdsByCode,
  transitionOrder,
} from '../commerce/index.js';
import { DEMO_PASSWORD, DEMO_STORES, seedDemo } from '../db/seed.js';
import { ensureMembership } from '../members/index.js';
import { addDays, clockOf, localTime } from '../stores/local-time.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { signInShopper } from './support/shoppers.js';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from './support/wechat-stub.js';
import { startWechatPayStub, type WechatPayStub } from './support/wechatpay-stub.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let tenantId: string;
let sh001: string;
let sh002: string;
let shopper: string;
let shopperId: string;
const shot = (name: string) => browser.shot(name);

interface PlacedOrder {
  id: string;
  status: string;
  total_cents: number;
  pickup: { code: string } | null;
}

/** A pickup (or scan & go) order at SH001 placed by the shopper through the API, as the mini-program does. */
async function placePickup(
  code: string,
  qty: number,
  extra: { type?: string; note?: string } = {},
): Promise<PlacedOrder> {
  const skus = await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, [code]));
  const placed = await t.call(shopper, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: { type: 'pickup', store_id: sh001, lines: [{ sku_id: skus.get(code), qty }], ...extra },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  return placed.json();
}

/** The same, paid in demo mode. */
async function paidPickup(
  code: string,
  qty: number,
  extra: { type?: string; note?: string } = {},
): Promise<PlacedOrder> {
  const placed = await placePickup(code, qty, extra);
  const paid = await t.call(shopper, { method: 'POST', url: `/api/v1/orders/${placed.id}/demo-payment` });
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json();
}

/**
 * Pickup orders the shopper placed and paid at SH001 days ago, as demo-desk.ts dates them (through the
 * orders' own functions), each then moved on to `to` (paid: never collected). Newest first.
 */
async function pastOrders(days: number[], to: (day: number) => 'paid' | 'completed' | 'refunded') {
  const codes = ['DRY-001', 'SNK-001', 'DRK-003'];
  const skus = await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, codes));
  const actor = `shopper:${shopperId}`;
  return t.db.tenant(tenantId, async (tx) => {
    const placed: PlacedOrder[] = [];
    for (const [n, day] of days.entries()) {
      const at = (minutes: number) => new Date(Date.now() - day * 86_400_000 + minutes * 60_000);
      const input = {
        type: 'pickup',
        store_id: sh001,
        lines: [{ sku_id: skus.get(codes[n % codes.length]!)!, qty: 1 }],
      } as OrderCreate;
      const customer = { shopper_id: shopperId, staff_id: null, tier: null, actor };
      const order = await createOrder(tx, tenantId, input, customer, {
        ttlSeconds: 900,
        rules: pricingRules(),
        now: at(0),
      });
      const payment = {
        method: 'demo' as const,
        amount_cents: order.total_cents,
        transaction_id: `past-${order.id}`,
      };
      await payOrder(tx, tenantId, order.id, payment, actor, at(1));
      const steps = {
        paid: [],
        completed: ['preparing', 'ready', 'completed'],
        refunded: ['refunded'],
      } as const;
      for (const [i, step] of steps[to(day)].entries())
        await transitionOrder(tx, tenantId, order.id, step, 'system:test', undefined, at(10 + i * 10));
      placed.push({
        id: order.id,
        status: to(day),
        total_cents: order.total_cents,
        pickup: { code: order.pickup_code! },
      });
    }
    return placed;
  });
}

/** What the CSV download is checked against: an order as GET /orders lists it for staff. */
interface ListedOrder {
  id: string;
  type: 'pickup' | 'delivery' | 'scan_to_buy';
  status: string;
  shopper_id: string | null;
  customer?: { member_no: string; name: string | null } | null;
  lines: { qty: number; name: string }[];
  subtotal_cents: number;
  discount_cents: number;
  delivery_fee_cents: number;
  total_cents: number;
  refunded_cents: number;
  payment: { method: 'demo' | 'wechatpay' } | null;
  created_at: string;
  paid_at: string | null;
}

/** An amount as the console writes it. */
const yuan = (cents: number) =>
  new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(cents / 100);
const number = (order: { id: string }) => `#${order.id.slice(0, 8).toUpperCase()}`;
/** Whom a card, row or detail says the order is for (the desk keeps a member's number on one line). */
const customerOn = async (where: Locator, customer = '.customer') =>
  (await where.locator(customer).textContent())?.replaceAll('\u00a0', ' ');
const card = (order: { id: string }, lane?: string) =>
  page.locator(`${lane ? `[data-lane="${lane}"] ` : ''}[data-order="${order.id}"]`);

async function signInTo(email: string) {
  await browser.signIn(base, email, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Orders' }).click();
  await page.locator('.lanes').waitFor();
}

async function handOver(code: string) {
  await page.getByLabel('Pickup code').fill(code);
  await page.getByRole('button', { name: 'Hand over' }).click();
}

/** The console and its server (with `env`), SH001 and SH002 known, and a shopper signed in. */
async function openDesk(shots: string, env: Record<string, string> = {}) {
  ({ t, tenantId, base, browser, page } = await consoleUnderTest(shots, env));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  sh001 = stores.find((s: { code: string }) => s.code === 'SH001').id;
  sh002 = stores.find((s: { code: string }) => s.code === 'SH002').id;
  ({ id: shopperId, token: shopper } = await signInShopper(t, 'orders-desk-shopper'));
}

async function closeDesk() {
  await browser?.close();
  await t?.close();
}

describe('the orders desk', () => {
  let order: PlacedOrder;
  /** The shopper's member card, with the name they gave in the mini-program. */
  let member: { member_no: string; name: string; tier: { name: string } };

  beforeAll(async () => {
    await openDesk('console-orders');
    const seeded = await seedDemo(t.db, { deskOrders: true });
    expect(seeded.created).toContain('orders desk SH001: 8 orders today');
    const named = await t.call(shopper, {
      method: 'PUT',
      url: '/api/v1/me/membership/name',
      payload: { name: '王芳' },
    });
    expect(named.statusCode, named.body).toBe(200);
    member = named.json();
  }, 180_000);
  afterAll(closeDesk);

  it("shows a clerk the demo's morning and a shopper's new paid pickup order last in To prepare", async () => {
    order = await paidPickup('DRY-004', 3, { note: 'Plain yoghurt only, please' });
    const scanned = await paidPickup('DRK-002', 1, { type: 'scan_to_buy' });
    await signInTo('clerk.sh001@freshmart.demo');
    expect(await page.locator('.nav nav a').allTextContents()).toContain('Orders');
    expect(await page.getByLabel('Store').locator('option').allTextContents()).toEqual([
      expect.stringMatching(/SH001/),
    ]);
    const mine = card(order, 'to_prepare');
    await mine.waitFor();
    await expect
      .poll(() => mine.textContent())
      .toMatch(/Pickup[\s\S]*paid just now[\s\S]*3×\s*简爱原味酸奶[\s\S]*“Plain yoghurt only, please”/);
    // Whom it is for, as the clerk asks at the counter: the member's name and card number.
    expect(await customerOn(mine)).toBe(`王芳 · member ${member.member_no}`);
    // First come, first served: the seeded orders paid earlier are above it.
    const toPrepare = page.locator('[data-lane="to_prepare"] [data-order]');
    expect(await toPrepare.count()).toBe(4);
    expect(await toPrepare.last().getAttribute('data-order')).toBe(order.id);
    // The delivery paid 21 minutes ago is flagged, with where it goes.
    const late = page.locator('[data-lane="to_prepare"] .order-card.late');
    expect(await late.textContent()).toMatch(
      /Delivery[\s\S]*paid 2\d min ago[\s\S]*“Ring twice, the baby is asleep[\s\S]*九江路/,
    );
    // The demo's desk shoppers gave no name: their card number stands for them.
    expect(await customerOn(late)).toMatch(/^Member \d{10}$/);
    expect(await page.locator('[data-lane="preparing"] [data-order]').count()).toBe(1);
    expect(await page.locator('[data-lane="ready"] [data-order]').count()).toBe(2);
    // Scan & go is paid at the shelf and leaves with its shopper: done, as far as the desk goes.
    expect(await card(scanned, 'done').textContent()).toMatch(/Scan & go\s*paid \d\d:\d\d/);
    // The desk reads each type of paid order apart (GET /orders?type=), so scan & go never crowds out the work.
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const deliveries = await t.call(manager, {
      method: 'GET',
      url: `/api/v1/orders?store_id=${sh001}&type=delivery`,
    });
    expect(deliveries.json().map((o: { type: string }) => o.type)).toEqual(['delivery', 'delivery']);
    // The new order is marked so, and the tab's title counts the work waiting.
    expect(await mine.locator('.badge.new').count()).toBe(1);
    expect(await page.title()).toBe('(4) to prepare · Smart Store');
    // The desk hears its store's orders as they change, and says so.
    await browser.status(/^Live: orders as of \d\d:\d\d, new ones appear at once$/);
    await shot('clerk-desk');
  });

  it('chimes when a new paid order comes in, once the clerk turns the chime on, and remembers it', async () => {
    // The browser's sound, counted: each chime is one tone started.
    await page.addInitScript(() => {
      const w = globalThis as unknown as { chimes: number; AudioContext: unknown };
      w.chimes = 0;
      const param = { setValueAtTime() {}, exponentialRampToValueAtTime() {} };
      const node = { connect: (next: unknown) => next };
      w.AudioContext = class {
        currentTime = 0;
        destination = {};
        resume = async () => {};
        createGain = () => ({ ...node, gain: param });
        createOscillator = () => ({ ...node, frequency: param, start: () => w.chimes++, stop() {} });
      };
    });
    await page.reload();
    await card(order, 'to_prepare').waitFor();
    const chimes = () => page.evaluate('chimes') as Promise<number>;
    const bell = page.getByRole('button', { name: /Chime on new orders/ });
    expect(await bell.getAttribute('aria-pressed')).toBe('false');
    await bell.click();
    expect(await bell.textContent()).toBe('🔔 Chime on new orders: on');
    // Heard once as it is turned on; the orders already waiting are no news.
    expect(await chimes()).toBe(1);
    // Nothing touched: the store's live line brings the new order to the desk, in far less than a poll.
    const next = await paidPickup('DRK-001', 1);
    await card(next, 'to_prepare').waitFor({ timeout: 5000 });
    await expect.poll(chimes).toBe(2);
    await page.evaluate('dispatchEvent(new Event("focus"))');
    await page.waitForTimeout(500);
    expect(await chimes()).toBe(2);
    // Remembered on this computer: on again after a reload, without ringing for what is waiting.
    await page.reload();
    await card(next, 'to_prepare').waitFor();
    expect(await page.getByRole('button', { name: /Chime on new orders/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(await chimes()).toBe(0);
    await page.getByRole('button', { name: /Chime on new orders/ }).click();
    expect(await page.evaluate("localStorage.getItem('smart-store-desk-chime')")).toBe('off');
  });

  it('moves the order along by its one button, and hands it over on its pickup code only', async () => {
    await card(order).getByRole('button', { name: 'Start preparing' }).click();
    await card(order, 'preparing').waitFor();
    await browser.status(new RegExp(`${number(order)}: being prepared`));
    await card(order).getByRole('button', { name: 'Ready', exact: true }).click();
    await card(order, 'ready').waitFor();
    // A ready pickup order leaves with its shopper's code, not with a tap on the card.
    expect(await card(order).getByRole('button').allTextContents()).toEqual([
      expect.stringContaining(number(order)),
    ]);
    await shot('ready');

    const codes = new Set(
      (await t.call(shopper, { method: 'GET', url: '/api/v1/orders' }))
        .json()
        .map((o: PlacedOrder) => o.pickup?.code),
    );
    const wrong = ['123456', '654321', '111111'].find((c) => !codes.has(c))!;
    await handOver(wrong);
    await browser.status(/No order ready for pickup with this code in this store/);
    await shot('wrong-code');
    // The code of an order still to prepare: the desk says which, and why.
    const early = await paidPickup('SNK-003', 1);
    await card(early, 'to_prepare').waitFor({ timeout: 5000 });
    await handOver(early.pickup!.code);
    await browser.status(new RegExp(`${number(early)} is not ready yet \\(to prepare\\)`));

    await handOver(order.pickup!.code);
    await browser.status(new RegExp(`${number(order)} handed over: 3× 简爱原味酸奶`));
    await card(order, 'done').waitFor();
    expect(await page.getByLabel('Pickup code').inputValue()).toBe('');
    const done = await t.call(shopper, { method: 'GET', url: `/api/v1/orders/${order.id}` });
    expect(done.json().status).toBe('completed');
    await shot('handed-over');
  });

  it("shows the server's refusal when the order was refunded meanwhile, and the card moves", async () => {
    const gone = await paidPickup('FRS-005', 1);
    await card(gone, 'to_prepare').waitFor({ timeout: 5000 });
    // The desk's reads wait until the clerk has tapped: they see the order as it was before the refund.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const orders = (url: URL) => url.pathname === '/api/v1/orders';
    await page.route(orders, async (route) => {
      await held;
      await route.continue();
    });
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const refunded = await t.call(manager, {
      method: 'POST',
      url: `/api/v1/orders/${gone.id}/status`,
      payload: { to: 'refunded', note: 'shopper phoned' },
    });
    expect(refunded.statusCode, refunded.body).toBe(200);
    await card(gone).getByRole('button', { name: 'Start preparing' }).click();
    await browser.status(new RegExp(`${number(gone)}: An order that is refunded cannot become preparing`));
    release();
    await card(gone, 'refunded').waitFor();
    await page.unroute(orders);
    await shot('refused');
  });

  it('opens an order with its history, without a refund for a clerk', async () => {
    await card(order).locator('.order-open').click();
    const drawer = page.getByRole('dialog', { name: `Order ${number(order)}` });
    await drawer.waitFor();
    expect(await drawer.locator('.history li').allTextContents()).toEqual([
      expect.stringMatching(/created · Shopper/),
      expect.stringMatching(/paid · Shopper · demo demo-/),
      expect.stringMatching(/preparing · You/),
      expect.stringMatching(/ready · You/),
      expect.stringMatching(/completed · You · picked up/),
    ]);
    await expect.poll(() => drawer.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    // The detail names them too, with their tier and the way to their page.
    expect(await customerOn(drawer, '.customer p')).toBe(
      `王芳 · member ${member.member_no}${member.tier.name}Member page`,
    );
    expect(await drawer.locator('.customer [data-test="tier"]').textContent()).toBe(member.tier.name);
    await shot('detail-clerk');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await drawer.waitFor({ state: 'detached' });
  });

  it("leads from an order to its member's page", async () => {
    await card(order).locator('.order-open').click();
    const drawer = page.getByRole('dialog', { name: `Order ${number(order)}` });
    await drawer.getByRole('link', { name: 'Member page' }).click();
    await page.getByRole('heading', { name: new RegExp(`${member.member_no} · 王芳`) }).waitFor();
    expect(page.url()).toMatch(/#\/members\/[0-9a-f-]{36}$/);
    await shot('member-from-order');
  });

  it("tells a clerk that another store's orders are not theirs", async () => {
    await page.goto(`${base}/console/#/orders/${sh002}`);
    await page.getByText('Staff see the orders of their own stores').waitFor();
    expect(await page.locator('.lanes').count()).toBe(0);
    await shot('other-store');
  });

  it('lets a store manager refund a paid order from its detail, after confirming, and the card moves', async () => {
    const refund = await paidPickup('SNK-006', 2);
    await signInTo('manager.sh001@freshmart.demo');
    await card(refund, 'to_prepare').locator('.order-open').click();
    const drawer = page.getByRole('dialog', { name: `Order ${number(refund)}` });
    await drawer.waitFor();
    const total = yuan(refund.total_cents);
    expect(await drawer.locator('.lines').textContent()).toMatch(/2×\s*旺旺雪饼[\s\S]*Total/);
    expect(await drawer.locator('.lines tr.total').textContent()).toContain(total);
    await drawer.getByRole('button', { name: `Refund ${total}…` }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm the refund' });
    expect(await confirm.textContent()).toContain(`Refund ${total} of ${number(refund)}?`);
    await shot('refund-confirm');
    await confirm.getByRole('button', { name: 'Yes, refund' }).click();
    await card(refund, 'refunded').waitFor();
    await drawer.getByText(`${number(refund)} refunded`).waitFor();
    await expect.poll(() => drawer.locator('.history li').last().textContent()).toMatch(/refunded · You/);
    expect(await drawer.locator('.badge').first().textContent()).toMatch(/refunded/i);
    await shot('refunded');
    const after = await t.call(shopper, { method: 'GET', url: `/api/v1/orders/${refund.id}` });
    expect(after.json().status).toBe('refunded');
  });

  it('keeps the orders on screen while the server cannot be reached, and says so', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.drawer').waitFor({ state: 'detached' });
    const orders = (url: URL) => url.pathname === '/api/v1/orders';
    await page.route(orders, (route) => route.abort('connectionrefused'));
    // Coming back to the window reads the orders again, as the clock does every 10 s.
    await page.evaluate('dispatchEvent(new Event("focus"))');
    const banner = page.getByRole('alert');
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(
      /^The server cannot be reached\. Showing the orders as they were at \d\d:\d\d; trying again every 10 s\.$/,
    );
    expect(await page.locator('[data-lane="to_prepare"] [data-order]').count()).toBeGreaterThan(0);
    await shot('unreachable');
    await page.unroute(orders);
    await page.evaluate('dispatchEvent(new Event("focus"))');
    await banner.waitFor({ state: 'detached' });
  });

  it("shows a brand admin any store's desk, and a store without orders as such", async () => {
    await signInTo('admin@freshmart.demo');
    await page.getByLabel('Store').selectOption({ label: "FreshMart Jing'an Temple (SH003)" });
    await page.getByText('No orders to work on yet').waitFor();
    expect(await page.locator('[data-lane="to_prepare"]').textContent()).toContain('No paid orders waiting.');
    expect(await page.locator('[data-order]').count()).toBe(0);
    expect(await page.locator('.lane .count').allTextContents()).toEqual(['0', '0', '0', '0', '0']);
    await shot('empty-store');
  });

  describe("last week's orders", () => {
    /** 22 orders, one a day from 2 to 23 days ago: last week's (7 days) handed over, one refunded, one never collected. */
    let past: PlacedOrder[];
    const day = (days: number) => past[days - 2]!;
    const rows = () => page.locator('.earlier tbody tr');

    beforeAll(async () => {
      const days = Array.from({ length: 22 }, (_, i) => i + 2);
      past = await pastOrders(days, (d) => (d === 5 ? 'paid' : d === 3 ? 'refunded' : 'completed'));
    });

    it('finds one by its number however it is typed, or by its pickup code, and opens its detail', async () => {
      await signInTo('manager.sh001@freshmart.demo');
      const lastWeek = day(7);
      const find = async (asked: string) => {
        await page.getByLabel('Find an order').fill(asked);
        await page.getByRole('button', { name: 'Find', exact: true }).click();
      };
      await find(number(lastWeek).slice(1).toLowerCase());
      const drawer = page.getByRole('dialog', { name: `Order ${number(lastWeek)}` });
      await drawer.waitFor();
      expect(await drawer.locator('.history li').allTextContents()).toEqual([
        expect.stringMatching(/created · Shopper/),
        expect.stringMatching(/paid · Shopper/),
        expect.stringMatching(/preparing · System/),
        expect.stringMatching(/ready · System/),
        expect.stringMatching(/completed · System/),
      ]);
      // Dated on its day, not today's clock alone.
      expect(await drawer.locator('.history time').first().textContent()).toMatch(/\S+ \d+ \d\d:\d\d$/);
      await shot('found-by-number');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      await find(day(9).pickup!.code);
      await page.getByRole('dialog', { name: `Order ${number(day(9))}` }).waitFor();
      await page.keyboard.press('Escape');
      // A code goes back to the store's pool once its order is over: two of them were given this one.
      await t.db.tenant(tenantId, (tx) =>
        tx.query('UPDATE orders SET pickup_code = $2 WHERE id = $1', [day(12).id, day(11).pickup!.code]),
      );
      await find(day(11).pickup!.code);
      const matches = page.getByRole('region', { name: 'Orders found' });
      await expect
        .poll(() => matches.locator('tbody tr').allTextContents())
        .toEqual([expect.stringContaining(number(day(11))), expect.stringContaining(number(day(12)))]);
      await matches.getByRole('button', { name: number(day(12)) }).click();
      await page.getByRole('dialog', { name: `Order ${number(day(12))}` }).waitFor();
      await shot('found-by-code-twice');
      await page.keyboard.press('Escape');

      const taken = new Set(past.map((o) => o.id.slice(0, 8)));
      const unknown = ['0badf00d', '00000000', 'deadbeef'].find((n) => !taken.has(n))!;
      await find(`#${unknown}`);
      await browser.status(new RegExp(`No order #${unknown.toUpperCase()} in this store`));
      await find('12-3');
      await browser.status(
        /Type an order number \(#A1B2C3D4\), a pickup code \(6 digits\), or the customer's phone or its last 4 digits/,
      );
      await shot('not-found');

      // The customer gives their phone, spaced as people say it: their orders, newest first.
      await t.db.tenant(tenantId, async (tx) => {
        const membership = await ensureMembership(tx, tenantId, shopperId);
        await tx.query('UPDATE memberships SET phone = $1 WHERE id = $2', ['13912345678', membership.id]);
      });
      await find('139 1234 5678');
      await expect
        .poll(() => matches.locator('p').textContent())
        .toMatch(
          /^The 20 newest orders of this store for phone 13912345678 \(there may be older ones\): choose one\./,
        );
      const theirs = await t.call(shopper, { method: 'GET', url: '/api/v1/orders?limit=20' });
      const newest = (theirs.json() as { id: string; store_id: string }[])
        .filter((o) => o.store_id === sh001)
        .slice(0, 3);
      expect((await matches.locator('tbody tr').allTextContents()).slice(0, 3)).toEqual(
        newest.map((o) => expect.stringContaining(number(o))),
      );
      await find('5678');
      await expect
        .poll(() => matches.locator('p').textContent())
        .toMatch(/newest orders of this store for phone 5678 \(there may be older ones\): choose one\./);
      await shot('found-by-phone');
    });

    it('lists the orders before today, newest first, a page at a time and by status', async () => {
      await page.getByRole('button', { name: 'Earlier orders' }).click();
      await expect.poll(() => rows().count()).toBe(20);
      expect(await rows().first().getAttribute('data-order')).toBe(day(2).id);
      expect(await rows().last().getAttribute('data-order')).toBe(day(21).id);
      expect(await customerOn(rows().first())).toBe(`王芳 · member ${member.member_no}`);
      expect(await page.locator('.lanes').count()).toBe(0);
      const newer = page.getByRole('button', { name: '← Newer' });
      const older = page.getByRole('button', { name: 'Older →' });
      expect(await newer.isDisabled()).toBe(true);
      await shot('earlier-page-1');
      await older.click();
      await expect.poll(() => rows().count()).toBe(2);
      expect(await rows().allTextContents()).toEqual([
        expect.stringContaining(number(day(22))),
        expect.stringContaining(number(day(23))),
      ]);
      expect(await older.isDisabled()).toBe(true);
      await newer.click();
      await expect.poll(() => rows().first().getAttribute('data-order')).toBe(day(2).id);
      await page.getByLabel('Status').selectOption({ label: 'refunded' });
      await expect.poll(() => rows().allTextContents()).toEqual([expect.stringContaining(number(day(3)))]);
    });

    it("refunds last week's uncollected order from there, as on the desk", async () => {
      await page.getByLabel('Status').selectOption({ label: 'paid' });
      await expect.poll(() => rows().allTextContents()).toEqual([expect.stringContaining(number(day(5)))]);
      await rows()
        .getByRole('button', { name: number(day(5)) })
        .click();
      const drawer = page.getByRole('dialog', { name: `Order ${number(day(5))}` });
      const total = yuan(day(5).total_cents);
      await drawer.getByRole('button', { name: `Refund ${total}…` }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, refund' }).click();
      await drawer.getByText(`${number(day(5))} refunded`).waitFor();
      // The page is read again: no longer paid, it leaves the paid orders.
      await expect.poll(() => rows().count()).toBe(0);
      await page.getByText('No orders before today with this status.').waitFor();
      await shot('earlier-refunded');
      await page.keyboard.press('Escape');
      await page.getByLabel('Status').selectOption({ label: 'Any status' });
      await expect.poll(() => rows().count()).toBe(20);
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('region', { name: '今天之前的订单' }).waitFor();
      expect(await page.getByRole('button', { name: '以往订单' }).count()).toBe(0);
      await page.getByRole('button', { name: '← 返回订单台' }).waitFor();
      expect(await rows().first().textContent()).toMatch(/自提[\s\S]*已完成/);
      expect(await customerOn(rows().first())).toBe(`王芳 · 会员 ${member.member_no}`);
      await shot('earlier-chinese');
      await page.getByRole('button', { name: 'English' }).click();
    });

    it('downloads every order of the days chosen, with the status chosen, as CSV for the bookkeeper', async () => {
      const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
      const today = localTime('Asia/Shanghai', new Date()).date;
      const midnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
      const stamp = (at: string) => {
        const { date, minute } = localTime('Asia/Shanghai', new Date(at));
        return `${date} ${clockOf(minute)}`;
      };
      const money = (cents: number) => (cents / 100).toFixed(2);
      /** The sheet's rows for the orders the API has of these days, paged back as the desk does; oldest first. */
      const expected = async (from: string, to: string, status?: string) => {
        const found: ListedOrder[] = [];
        let before = `before=${midnight(addDays(to, 1)).toISOString()}`;
        for (;;) {
          const url = `/api/v1/orders?store_id=${sh001}&${before}${status ? `&status=${status}` : ''}&limit=500`;
          const read: ListedOrder[] = (await t.call(manager, { method: 'GET', url })).json();
          const inRange = read.filter((o) => Date.parse(o.created_at) >= midnight(from).getTime());
          found.push(...inRange);
          const last = read.at(-1);
          if (read.length < 500 || !last || inRange.length < read.length) break;
          before = `before=${last.created_at}&before_id=${last.id}`;
        }
        const types = { pickup: 'Pickup', delivery: 'Delivery', scan_to_buy: 'Scan & go' };
        const paidWith = { demo: 'Demo payment (no money moved)', wechatpay: 'WeChat Pay' };
        return found
          .reverse()
          .map((o) => [
            number(o),
            stamp(o.created_at),
            o.paid_at ? stamp(o.paid_at) : '',
            types[o.type],
            o.status,
            o.customer?.member_no ?? '',
            o.customer ? (o.customer.name ?? '') : o.shopper_id ? 'Not a member' : 'Taken at the till',
            o.lines.map((l) => `${l.qty}× ${l.name}`).join('; '),
            money(o.subtotal_cents),
            money(o.discount_cents),
            money(o.delivery_fee_cents),
            money(o.total_cents),
            money(o.refunded_cents),
            o.payment ? paidWith[o.payment.method] : '',
          ]);
      };
      const heading = [
        'Order number',
        'Placed at',
        'Paid at',
        'Type',
        'Status',
        'Member no.',
        'Customer',
        'Items',
        'Subtotal ¥',
        'Discount ¥',
        'Delivery fee ¥',
        'Total ¥',
        'Refunded ¥',
        'Payment method',
      ];
      const downloaded = async () => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        const csv = await readFile((await download.path())!, 'utf8');
        expect(csv.startsWith('\uFEFF')).toBe(true);
        return { name: download.suggestedFilename(), sheet: parse(csv, { bom: true }) as string[][] };
      };
      const said = page.locator('[data-test=orders-download]');
      const days = async (from: string, to: string) => {
        await page.getByLabel('Download from').fill(from);
        await page.getByLabel('to', { exact: true }).fill(to);
      };

      // Last week's collected orders, as the list is filtered: the member's name on each.
      await page.getByLabel('Status').selectOption({ label: 'completed' });
      const [from, to] = [addDays(today, -10), addDays(today, -2)];
      await days(from, to);
      const completed = await downloaded();
      expect(completed.name).toBe(`SH001-orders-${from}-to-${to}.csv`);
      const rows = await expected(from, to, 'completed');
      expect(completed.sheet).toEqual([heading, ...rows]);
      expect(rows.length).toBeGreaterThanOrEqual(7);
      const lastWeek = completed.sheet.find((row) => row[0] === number(day(7)))!;
      expect(lastWeek.slice(4, 7)).toEqual(['completed', member.member_no, '王芳']);
      expect(lastWeek[7]).toMatch(/^1× \S/);
      await expect.poll(() => said.textContent()).toBe(`${rows.length} orders downloaded.`);

      // Every status over a month and today: more orders than a page of the list.
      await page.getByLabel('Status').selectOption({ label: 'Any status' });
      await days(addDays(today, -30), today);
      const month = await downloaded();
      const all = await expected(addDays(today, -30), today);
      expect(month.sheet).toEqual([heading, ...all]);
      expect(all.length).toBeGreaterThan(20);
      expect(new Set(all.map((row) => row[4]))).toContain('refunded');

      // A range the wrong way round, or longer than a quarter, is not sent.
      await days(today, addDays(today, -1));
      await expect.poll(() => said.textContent()).toBe('The first day comes after the last.');
      expect(await page.getByRole('button', { name: 'Download CSV' }).isDisabled()).toBe(true);
      await days(addDays(today, -92), today);
      await expect.poll(() => said.textContent()).toBe('At most 92 days at a time.');
      await shot('earlier-download');
    });
  });

  it("seeds the next day's desk, handing over the day before's open orders first", async () => {
    const { location } = DEMO_STORES.find((s) => s.code === 'SH001')!;
    const nextDay = new Date(Date.now() + 13 * 3_600_000);
    const created = await t.db.tenant(tenantId, (tx) =>
      seedDemoDesk(tx, tenantId, { id: sh001, code: 'SH001', location }, nextDay),
    );
    expect(created).toEqual(['orders desk SH001: 8 orders today']);
    const desk = await t.db.tenant(tenantId, async (tx) => {
      const { rows } = await tx.query(
        `SELECT paid_at > now() AS next_day, status, count(*)::int AS orders FROM orders
         WHERE payment->>'transaction_id' LIKE 'demo-desk-%' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      return rows;
    });
    expect(desk).toEqual([
      { next_day: false, status: 'completed', orders: 8 },
      { next_day: true, status: 'completed', orders: 2 },
      { next_day: true, status: 'paid', orders: 3 },
      { next_day: true, status: 'preparing', orders: 1 },
      { next_day: true, status: 'ready', orders: 2 },
    ]);
  });
});

describe('a WeChat Pay order refunded from the desk', () => {
  let wx: WechatStub;
  let pay: WechatPayStub;

  beforeAll(async () => {
    wx = await startWechatStub();
    pay = await startWechatPayStub();
    await openDesk('console-orders-wechatpay', {
      WECHAT_APPID: STUB_APPID,
      WECHAT_SECRET: STUB_SECRET,
      WECHAT_API_BASE: wx.url,
      ...pay.env,
    });
  }, 180_000);
  afterAll(async () => {
    await closeDesk();
    await pay?.close();
    await wx?.close();
  });

  /** WeChat Pay's signed notification, delivered to the server as WeChat does. */
  const deliver = async (notification: { headers: Record<string, string>; payload: string }) => {
    const answer = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/payments/wechatpay/notify',
      headers: notification.headers,
      payload: notification.payload,
    });
    expect(answer.statusCode, answer.body).toBe(200);
  };

  it('refunds part of the payment, then what is left, and the order is refunded when WeChat confirms', async () => {
    const placed = await placePickup('STP-002', 2);
    const prepay = await t.call(shopper, { method: 'POST', url: `/api/v1/orders/${placed.id}/payments` });
    expect(prepay.statusCode, prepay.body).toBe(200);
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(outTradeNo(placed.id))));

    await signInTo('manager.sh001@freshmart.demo');
    await card(placed, 'to_prepare').locator('.order-open').click();
    const drawer = page.getByRole('dialog', { name: `Order ${number(placed)}` });
    await drawer.getByText('WeChat Pay,').waitFor();
    await drawer.getByText(`All that is left (${yuan(placed.total_cents)})`).click();
    await drawer.getByText('Part of it').click();
    await drawer.getByLabel('Amount (¥)').fill('10');
    await drawer.getByLabel('Reason (the shopper sees it)').fill('One bottle dented');
    await drawer.getByRole('button', { name: `Refund ${yuan(1000)}…` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, refund' }).click();
    await drawer.getByText(`Refund of ${yuan(1000)} sent to WeChat Pay (processing)`).waitFor();
    await drawer.getByText(`Refund ${yuan(1000)} — One bottle dented`).waitFor();
    expect([...pay.refunds.values()].map((r) => [r.amount, r.reason])).toEqual([[1000, 'One bottle dented']]);
    await shot('part-refunded');

    // What is left, whole: the amount the console offers is the payment less the first refund.
    const left = placed.total_cents - 1000;
    await drawer.getByText(`All that is left (${yuan(left)})`).click();
    await drawer.getByLabel('Reason (the shopper sees it)').fill('Shopper cancelled');
    await drawer.getByRole('button', { name: `Refund ${yuan(left)}…` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, refund' }).click();
    await drawer.getByText(`Refund of ${yuan(left)} sent to WeChat Pay (processing)`).waitFor();
    // Nothing is left to refund while WeChat works on it; the order waits for WeChat's word.
    await expect.poll(() => drawer.getByRole('button', { name: /^Refund/ }).count()).toBe(0);
    expect(await card(placed, 'to_prepare').count()).toBe(1);

    for (const refund of pay.refunds.values())
      await deliver(pay.notification('REFUND.SUCCESS', pay.settleRefund(refund.out_refund_no)));
    await card(placed, 'refunded').waitFor({ timeout: 5000 });
    await expect
      .poll(() => drawer.locator('.history li').last().textContent(), { timeout: 5000 })
      .toMatch(/refunded · WeChat Pay · WeChat Pay refund/);
    await expect.poll(() => drawer.getByText('sent to WeChat Pay').count()).toBe(0);
    expect(await drawer.locator('.refunds .badge').allTextContents()).toEqual(['success', 'success']);
    await shot('refunded');
  });
});
