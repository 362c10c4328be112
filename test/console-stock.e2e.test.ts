/**
 * The Stock section in Chromium against the real server and the demo seed: SH001's manager finds
 * oat milk by typing and receives 12 units, the first answer lost on the way and the retry counted
 * once; a count below what unpaid orders hold refused in the server's words, then a damaged-goods
 * adjustment in the movements with its reason; the low-stock filter; a clerk at the same shelves (a
 * double click received once); a brand admin's transfer to another store; the whole list, every page,
 * downloaded as a stock-take sheet. Screenshots land in test-results/console-stock/.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import type { Static } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShelfLine } from '../commerce/stock/schemas.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import { localTime } from '../stores/local-time.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let manager: string;
const store: Record<string, string> = {};
let oatly: string;
const shot = (name: string) => browser.shot(name);
const status = (text: RegExp) => browser.status(text);

/** A line of GET /stores/:id/stock, as the stock-take sheet is checked against it. */
type Listed = Static<typeof ShelfLine>;

/** On hand and reserved of a SKU in a store, as GET /api/v1/stock has them. */
async function level(storeCode: string, skuId = oatly): Promise<{ on_hand: number; reserved: number }> {
  const response = await t.call(manager, {
    method: 'GET',
    url: `/api/v1/stock?store_id=${store[storeCode]}&sku_id=${skuId}`,
  });
  const { on_hand, reserved } = response.json()[0] ?? { on_hand: 0, reserved: 0 };
  return { on_hand, reserved };
}

const row = (code: string) => page.locator(`[data-test=stock] tr[data-sku="${code}"]`);
const onHandShown = async (code: string) =>
  Number(await row(code).locator('[data-test=on-hand]').textContent());

async function openStock(email: string) {
  await browser.signIn(base, email, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Stock' }).click();
  await page.locator('[data-test=stock] tbody tr').first().waitFor();
}

async function find(text: string, code: string) {
  await page.getByLabel('Find').fill('');
  await page.getByLabel('Find').pressSequentially(text, { delay: 40 });
  await expect.poll(() => page.locator('[data-test=stock] tbody tr').count()).toBe(1);
  await row(code).waitFor();
}

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-stock'));
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    store[s.code] = s.id;
  const found = await t.call(manager, {
    method: 'GET',
    url: `/api/v1/stores/${store.SH001}/stock?q=DRY-005`,
  });
  oatly = found.json().lines[0].sku_id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the Stock section in Chromium', () => {
  it('receives 12 oat milk once, though the first answer was lost and the receipt sent again', async () => {
    await openStock('manager.sh001@freshmart.demo');
    expect(await page.locator('.nav nav a').allTextContents()).toContain('Stock');
    expect(await page.getByLabel('Store').locator('option').allTextContents()).toEqual([
      expect.stringMatching(/SH001/),
    ]);
    await shot('stock-list');

    await find('oat', 'DRY-005');
    const before = await level('SH001');
    expect(await onHandShown('DRY-005')).toBe(before.on_hand);

    // The first receipt reaches the server, but its answer is lost on the way back.
    const keys: string[] = [];
    await page.route('**/api/v1/stock/movements', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await row('DRY-005').getByRole('button', { name: 'Receive' }).click();
    await page.getByLabel('Units received').fill('12');
    await page.getByLabel('Delivery note or reference (optional)').fill('DN-20261128-07');
    await page.getByRole('button', { name: 'Receive', exact: true }).last().click();
    await page.getByRole('alert').filter({ hasText: 'No answer from the server' }).waitFor();
    await shot('receive-answer-lost');
    expect(await level('SH001')).toEqual({ ...before, on_hand: before.on_hand + 12 });

    await page.getByRole('button', { name: 'Try again' }).click();
    await status(/Already recorded, counted once: Received 12 × Oatly燕麦奶 1L/);
    await page.unroute('**/api/v1/stock/movements');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^console-[0-9a-f]{32}$/);
    await expect.poll(() => onHandShown('DRY-005')).toBe(before.on_hand + 12);
    expect(await level('SH001')).toEqual({ ...before, on_hand: before.on_hand + 12 });
    await shot('received');
  });

  it('refuses a count below what orders hold in the server words, then shows a damaged-goods adjustment', async () => {
    const hold = await t.call(manager, {
      method: 'POST',
      url: '/api/v1/stock/reservations',
      payload: { store_id: store.SH001, lines: [{ sku_id: oatly, qty: 5 }] },
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const { on_hand } = await level('SH001');

    await row('DRY-005').getByRole('button', { name: 'Adjust' }).click();
    const hint = page.locator('[data-test=adjust-difference]');
    await expect
      .poll(() => hint.textContent())
      .toContain(`${on_hand} on hand, 5 of them held for unpaid orders`);
    await page.getByLabel('Units on the shelf now').fill('3');
    await expect.poll(() => hint.textContent()).toContain(`The adjustment sent is −${on_hand - 3}`);
    await page.getByRole('button', { name: 'Adjust', exact: true }).last().click();
    await page
      .getByRole('alert')
      .filter({
        hasText: `${on_hand} on hand, 5 of them held for unpaid orders, so on hand cannot go below 5`,
      })
      .waitFor();
    await shot('adjust-refused');
    expect((await level('SH001')).on_hand).toBe(on_hand);

    await page.getByLabel('Units on the shelf now').fill(String(on_hand - 2));
    await page.getByLabel('Reason').selectOption({ label: 'Damaged' });
    await page.getByLabel('Note (optional)').fill('2 cartons crushed');
    await page.getByRole('button', { name: 'Adjust', exact: true }).last().click();
    await status(/Adjusted Oatly燕麦奶 1L by −2 \(damaged\)/);
    await expect.poll(() => onHandShown('DRY-005')).toBe(on_hand - 2);
    expect(await level('SH001')).toEqual({ on_hand: on_hand - 2, reserved: 5 });

    await row('DRY-005').getByRole('button', { name: 'Movements' }).click();
    const movements = page.locator('[data-test=movements] tbody tr');
    await movements.first().waitFor();
    const cells = (n: number) => movements.nth(n).locator('td').allInnerTexts();
    const [, what, units, by, reference, after, held] = await cells(0);
    expect({ what, units, by, reference, after, held }).toEqual({
      what: 'Adjusted · Damaged',
      units: '−2',
      by: 'Store Manager SH001',
      reference: '2 cartons crushed',
      after: String(on_hand - 2),
      held: '5',
    });
    expect((await cells(1)).slice(1, 5)).toEqual(['Held', 'holds 5', 'Another system', '']);
    expect((await cells(2)).slice(1, 5)).toEqual([
      'Received',
      '+12',
      'Store Manager SH001',
      'DN-20261128-07',
    ]);
    // The oldest is the demo's opening stock.
    expect((await cells((await movements.count()) - 1)).slice(1, 5)).toEqual([
      'Received',
      expect.stringMatching(/^\+\d+$/),
      'Demo seed',
      'demo opening stock',
    ]);
    await shot('movements');
    await page.getByRole('button', { name: 'Close' }).click();
    await t.call(manager, { method: 'POST', url: `/api/v1/stock/reservations/${hold.json().id}/release` });
  });

  it('shows only the low ones with the filter, emptiest first, and says when nothing matches', async () => {
    await page.getByLabel('Find').fill('');
    await page.getByLabel('Low stock only').check();
    const low = (
      await t.call(manager, { method: 'GET', url: `/api/v1/stores/${store.SH001}/stock?low=true&limit=200` })
    ).json();
    expect(low.total).toBeGreaterThan(0);
    const rows = page.locator('[data-test=stock] tbody tr');
    await expect.poll(() => rows.count()).toBe(low.total);
    expect(await page.locator('[data-test=stock] tbody tr.low').count()).toBe(low.total);
    const available = (await rows.locator('td:nth-child(6)').allInnerTexts()).map((text) =>
      Number(text.replace('Low', '').trim()),
    );
    expect(available.every((n) => n <= low.low_at)).toBe(true);
    expect(available).toEqual([...available].sort((a, b) => a - b));
    await page.getByText(`Low: ${low.low_at} or fewer available`).waitFor();
    await shot('low-stock');

    await page.getByLabel('Find').pressSequentially('oat');
    await page.getByText('No low SKU matches “oat”.').waitFor();
    await shot('nothing-matches');
  });

  it("gives a clerk SH001's shelves to receive, count and read, no transfers; a double click receives once", async () => {
    await openStock('clerk.sh001@freshmart.demo');
    const nav = await page.locator('.nav nav a').allTextContents();
    expect(nav).toContain('Stock');
    expect(nav).not.toContain('Footfall & sales');
    expect(await page.getByLabel('Store').locator('option').allTextContents()).toEqual([
      expect.stringMatching(/SH001/),
    ]);
    await find('DRY-005', 'DRY-005');
    expect(await row('DRY-005').getByRole('button').allTextContents()).toEqual([
      'Oatly燕麦奶',
      'Receive',
      'Adjust',
      'Movements',
    ]);
    await page.getByText('Transfers go between stores you work at; you work at this store only.').waitFor();
    const before = await level('SH001');
    const keys: string[] = [];
    const sent = (request: { url(): string; method(): string; headers(): Record<string, string> }) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/stock/movements'))
        keys.push(request.headers()['idempotency-key'] ?? '');
    };
    page.on('request', sent);
    await row('DRY-005').getByRole('button', { name: 'Receive' }).click();
    await page.getByLabel('Units received').fill('6');
    // A double click: whatever reaches the server carries one key, and counts once.
    await page.getByRole('button', { name: 'Receive', exact: true }).last().dblclick();
    await status(/Received 6 × Oatly燕麦奶 1L$/);
    page.off('request', sent);
    expect(new Set(keys).size).toBe(1);
    expect((await level('SH001')).on_hand).toBe(before.on_hand + 6);
    await shot('clerk');
  });

  it("lets a brand admin transfer oat milk to another of the brand's stores", async () => {
    await openStock('admin@freshmart.demo');
    await page.getByLabel('Store').selectOption(store.SH001!);
    await find('oatly', 'DRY-005');
    const [from, to] = [await level('SH001'), await level('SH002')];
    await row('DRY-005').getByRole('button', { name: 'Transfer' }).click();
    await page.getByLabel('To store').selectOption(store.SH002!);
    await page.getByLabel('Units', { exact: true }).fill('4');
    await shot('transfer');
    await page.getByRole('button', { name: 'Transfer', exact: true }).last().click();
    await status(/Transferred 4 × Oatly燕麦奶 1L to /);
    expect(await level('SH001')).toEqual({ ...from, on_hand: from.on_hand - 4 });
    expect((await level('SH002')).on_hand).toBe(to.on_hand + 4);
  });

  it('pages a store with more SKUs than a page, new products (none received yet) among the low', async () => {
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    for (let n = 1; n <= 15; n++) {
      const created = await t.call(admin, {
        method: 'POST',
        url: '/api/v1/catalogue/products',
        payload: {
          name: `新品 ${n}`,
          skus: [{ code: `NEW-${String(n).padStart(2, '0')}`, price_cents: 990 }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const { total } = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${store.SH001}/stock?limit=1` })
    ).json();
    expect(total).toBeGreaterThan(50);
    await page.getByLabel('Find').fill('');
    await page.reload();
    const rows = page.locator('[data-test=stock] tbody tr');
    await page.getByText(`1–50 of ${total}`).waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByText(`51–${total} of ${total}`).waitFor();
    await expect.poll(() => rows.count()).toBe(total - 50);
    await shot('second-page');
    await page.getByRole('button', { name: '← Previous' }).click();
    await page.getByText(`1–50 of ${total}`).waitFor();

    await page.getByLabel('Find').pressSequentially('NEW-');
    await expect.poll(() => rows.count()).toBe(15);
    expect(await page.locator('[data-test=stock] tbody tr.low').count()).toBe(15);
    expect(new Set(await rows.locator('[data-test=on-hand]').allTextContents())).toEqual(new Set(['0']));
  });

  it('downloads the whole list as filtered, every page, as a stock-take sheet with a column to count into', async () => {
    /** The sheet downloaded by the button, parsed, and its file name. */
    const downloaded = async (button = 'Download CSV') => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      const csv = await readFile((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      return { name: download.suggestedFilename(), sheet: parse(csv, { bom: true }) as string[][] };
    };
    /** The rows the sheet should hold: the API's list under the same filter, every page of it. */
    const expected = async (query: string) => {
      const lines: Listed[] = [];
      for (;;) {
        const url = `/api/v1/stores/${store.SH001}/stock?${query}&limit=200&offset=${lines.length}`;
        const read: { total: number; lines: Listed[] } = (
          await t.call(manager, { method: 'GET', url })
        ).json();
        lines.push(...read.lines);
        if (lines.length >= read.total) break;
      }
      return lines.map((l) => [
        l.code,
        `${l.name} ${l.sku_name}`.trim(),
        l.barcode ?? '',
        l.category ?? '',
        String(l.on_hand),
        String(l.reserved),
        String(l.available),
        l.low ? 'yes' : 'no',
        '',
      ]);
    };
    const heading = [
      'SKU code',
      'Product',
      'Barcode',
      'Category',
      'On hand',
      'Reserved',
      'Available',
      'Low',
      'Counted',
    ];
    await page.getByLabel('Find').fill('');
    await expect.poll(() => page.locator('[data-test=stock] tbody tr').count()).toBe(50);
    const today = localTime('Asia/Shanghai', new Date()).date;

    const whole = await downloaded();
    expect(whole.name).toBe(`SH001-stock-${today}.csv`);
    const all = await expected('q=');
    expect(all.length).toBeGreaterThan(50);
    expect(whole.sheet).toEqual([heading, ...all]);
    expect(whole.sheet.find((r) => r[0] === 'DRY-005')?.slice(1, 2)).toEqual(['Oatly燕麦奶 1L']);
    expect(whole.sheet.filter((r) => r[0]?.startsWith('NEW-')).map((r) => r[7])).toEqual(
      Array(15).fill('yes'),
    );
    await status(new RegExp(`Stock-take sheet of ${all.length} SKUs downloaded`));

    await page.getByLabel('Low stock only').check();
    await page.locator('[data-test=stock] tbody tr.low').first().waitFor();
    const low = await downloaded();
    expect(low.sheet).toEqual([heading, ...(await expected('low=true'))]);
    expect(low.sheet.length).toBeLessThan(whole.sheet.length);

    await page.getByRole('button', { name: '中文' }).click();
    const chinese = await downloaded('下载 CSV');
    expect(chinese.sheet[0]).toEqual([
      'SKU 编码',
      '商品',
      '条码',
      '品类',
      '在库',
      '已预留',
      '可售',
      '库存低',
      '实盘数量',
    ]);
    expect(new Set(chinese.sheet.slice(1).map((r) => r[7]))).toEqual(new Set(['是']));
    await page.getByRole('button', { name: 'English' }).click();
  });
});
