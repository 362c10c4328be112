/**
 * The staff's stock screen, over HTTP against the real Postgres: a store's stock list (named, found
 * as typed, by category, low ones only, a page at a time), adjustments with their reason, a SKU's
 * movements with the balances each left and who or what made it, and a refusal that says the figures.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOW_STOCK_UNITS } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let manager: string;
let clerk: string;
const store: Record<string, string> = {};

interface ShelfLine {
  sku_id: string;
  name: string;
  code: string;
  barcode: string | null;
  category: string | null;
  on_hand: number;
  reserved: number;
  available: number;
  low: boolean;
}
interface StoreStock {
  low_at: number;
  total: number;
  lines: ShelfLine[];
}

const get = (token: string, url: string) => t.call(token, { method: 'GET', url: `/api/v1${url}` });
const shelf = async (query: string, token = manager) => {
  const response = await get(token, `/stores/${store.SH001}/stock?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as StoreStock;
};
const move = (payload: object, key = randomUUID(), token = manager) =>
  t.call(token, {
    method: 'POST',
    url: '/api/v1/stock/movements',
    headers: { 'idempotency-key': key },
    payload: { store_id: store.SH001, ...payload },
  });

beforeAll(async () => {
  t = await startTestApp();
  // A day of history: orders and till receipts in the ledger beside the opening stock.
  await seedDemo(t.db, { historyDays: 1 });
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await get(manager, '/stores')).json()) store[s.code] = s.id;
}, 120_000);
afterAll(async () => t?.close());

describe("GET /stores/:id/stock, a store's stock list", () => {
  it('names every SKU the store stocks, by category then name, a page at a time, bundles left out', async () => {
    const all = await shelf('limit=200');
    expect(all.low_at).toBe(LOW_STOCK_UNITS);
    expect(all.total).toBe(all.lines.length);
    expect(all.lines.map((l) => l.code)).not.toContain('SET-001');
    expect(all.lines.find((l) => l.code === 'DRY-005')).toMatchObject({
      name: 'Oatly燕麦奶',
      category: '乳品 Dairy',
    });
    for (const line of all.lines) {
      expect(line.available).toBe(line.on_hand - line.reserved);
      expect(line.low).toBe(line.available <= LOW_STOCK_UNITS);
    }
    const page2 = await shelf('limit=10&offset=10');
    expect(page2.total).toBe(all.total);
    expect(page2.lines.map((l) => l.sku_id)).toEqual(all.lines.slice(10, 20).map((l) => l.sku_id));
  });

  it('finds as typed: words of the name, the code, part of a barcode, pinyin initials', async () => {
    expect((await shelf('q=oatly')).lines.map((l) => l.code)).toEqual(['DRY-005']);
    expect((await shelf('q=DRY-00')).lines.map((l) => l.code).sort()).toEqual([
      'DRY-001',
      'DRY-002',
      'DRY-003',
      'DRY-004',
      'DRY-005',
    ]);
    const oatly = (await shelf('q=oatly')).lines[0]!;
    expect(oatly.barcode).toMatch(/^\d{13}$/);
    expect((await shelf(`q=${oatly.barcode!.slice(5)}`)).lines.map((l) => l.code)).toEqual(['DRY-005']);
    expect((await shelf(`q=${encodeURIComponent('燕麦 1L')}`)).lines.map((l) => l.code)).toEqual(['DRY-005']);
    expect((await shelf('q=nfsq')).lines.map((l) => l.code)).toEqual(['DRK-001']);
    expect((await shelf('q=100%25')).lines).toEqual([]);
  });

  it('filters by category and to the low ones, emptiest first', async () => {
    const categories = (await get(manager, '/catalogue/categories')).json() as { id: string; name: string }[];
    const dairy = categories.find((c) => c.name === '乳品 Dairy')!;
    const inDairy = await shelf(`category_id=${dairy.id}`);
    expect(inDairy.lines.length).toBeGreaterThan(0);
    expect(new Set(inDairy.lines.map((l) => l.category))).toEqual(new Set(['乳品 Dairy']));

    const low = await shelf('low=true&limit=200');
    const all = await shelf('limit=200');
    expect(low.lines.map((l) => l.sku_id).sort()).toEqual(
      all.lines
        .filter((l) => l.low)
        .map((l) => l.sku_id)
        .sort(),
    );
    expect(low.total).toBeGreaterThan(0);
    const available = low.lines.map((l) => l.available);
    expect(available).toEqual([...available].sort((a, b) => a - b));
  });

  it('is for the staff of that store, and names a bad query field', async () => {
    expect((await get(clerk, `/stores/${store.SH001}/stock`)).statusCode).toBe(200);
    expect((await get(manager, `/stores/${store.SH002}/stock`)).statusCode).toBe(403);
    const bad = await get(manager, `/stores/${store.SH001}/stock?limit=0`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toMatch(/limit/);
  });
});

describe('adjustments with a reason, and GET /stock/movements', () => {
  const oatly = async () => (await shelf('q=oatly')).lines[0]!;

  it('records who adjusted and why; the movements show it with the balances it left', async () => {
    const before = await oatly();
    const key = randomUUID();
    const counted = await move(
      { kind: 'adjustment', reason: 'damaged', lines: [{ sku_id: before.sku_id, qty: -2 }] },
      key,
    );
    expect(counted.statusCode, counted.body).toBe(201);
    // The same key again is the same adjustment: counted once.
    expect(
      (
        await move(
          { kind: 'adjustment', reason: 'damaged', lines: [{ sku_id: before.sku_id, qty: -2 }] },
          key,
        )
      ).json(),
    ).toMatchObject({ result: 'duplicate' });
    expect((await oatly()).on_hand).toBe(before.on_hand - 2);

    const history = await get(manager, `/stock/movements?store_id=${store.SH001}&sku_id=${before.sku_id}`);
    expect(history.statusCode, history.body).toBe(200);
    const [latest, ...older] = history.json();
    expect(latest).toMatchObject({
      kind: 'adjustment',
      reason: 'damaged',
      on_hand_delta: -2,
      on_hand_after: before.on_hand - 2,
      reserved_after: before.reserved,
      source: 'staff',
      recorded_by: { name: 'Store Manager SH001' },
      key: `adjustment:${key}`,
    });
    // Down to the opening stock, each older balance is the newer one less its movement.
    let onHand = latest.on_hand_after - latest.on_hand_delta;
    for (const m of older) {
      expect(m.on_hand_after).toBe(onHand);
      onHand -= m.on_hand_delta;
    }
    expect(onHand).toBe(0);
    expect(older.at(-1)).toMatchObject({ kind: 'receipt', source: 'demo', recorded_by: null });
  });

  it('tells where the tills and the orders moved stock', async () => {
    const sources = new Set<string>();
    for (const line of (await shelf('limit=200')).lines) {
      const history = await get(
        manager,
        `/stock/movements?store_id=${store.SH001}&sku_id=${line.sku_id}&limit=200`,
      );
      for (const m of history.json()) sources.add(m.source);
      if (sources.has('till') && sources.has('order')) break;
    }
    expect([...sources]).toEqual(expect.arrayContaining(['demo', 'till', 'order']));
  });

  it('takes a reason only for an adjustment, and only a known one', async () => {
    const { sku_id } = await oatly();
    const onReceipt = await move({ kind: 'receipt', reason: 'count', lines: [{ sku_id, qty: 1 }] });
    expect(onReceipt.statusCode).toBe(400);
    expect(onReceipt.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'reason' });
    const unknown = await move({ kind: 'adjustment', reason: 'eaten', lines: [{ sku_id, qty: -1 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toMatch(/reason/);
  });

  it('refuses to count below what unpaid orders hold, saying the figures', async () => {
    const { sku_id, on_hand } = await oatly();
    const hold = await t.call(manager, {
      method: 'POST',
      url: '/api/v1/stock/reservations',
      payload: { store_id: store.SH001, lines: [{ sku_id, qty: 5 }] },
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const refused = await move({
      kind: 'adjustment',
      reason: 'count',
      lines: [{ sku_id, qty: 3 - on_hand }],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_STOCK_INSUFFICIENT', field: 'lines' });
    expect(refused.json().message).toBe(
      `Not enough stock of SKU DRY-005 in store SH001: ${on_hand} on hand, 5 of them held for unpaid orders, so on hand cannot go below 5 (this asked ${3 - on_hand})`,
    );
    expect((await oatly()).on_hand).toBe(on_hand);
    await t.call(manager, { method: 'POST', url: `/api/v1/stock/reservations/${hold.json().id}/release` });
  });

  it('is for the staff of that store, and needs the SKU', async () => {
    const { sku_id } = await oatly();
    expect((await get(manager, `/stock/movements?store_id=${store.SH002}&sku_id=${sku_id}`)).statusCode).toBe(
      403,
    );
    const bad = await get(manager, `/stock/movements?store_id=${store.SH001}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toMatch(/sku_id/);
  });
});
