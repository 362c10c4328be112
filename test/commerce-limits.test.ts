/**
 * Commerce at its limits, over HTTP: quantities and amounts the schemas accept but the columns
 * could not hold are refused with a coded 4xx naming what is wrong, never a 500, and leave nothing
 * half applied.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStockOperation, createProduct, STOCK_MAX_UNITS } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let admin: string;
const store: Record<string, string> = {};
let counter = 0;

const callAs = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.call(token, {
    method,
    url: `/api/v1${url}`,
    headers: { 'idempotency-key': randomUUID() },
    ...(payload ? { payload } : {}),
  });
const call = (method: 'GET' | 'POST', url: string, payload?: object) => callAs(admin, method, url, payload);

/** A fresh SKU at `priceCents`, optionally a bundle of `components`. */
async function newSku(priceCents = 100, components?: { sku_id: string; qty: number }[]): Promise<string> {
  const n = ++counter;
  const product = await t.db.tenant(tenantId, (tx) =>
    createProduct(tx, tenantId, {
      name: `极限商品 ${n}`,
      skus: [{ code: `LIM-${n}`, price_cents: priceCents, ...(components ? { components } : {}) }],
    }),
  );
  return product.skus[0]!.id;
}

/** Units straight into the ledger, past the HTTP schema's per-line cap. */
const stockUp = (sku: string, units: number, storeId = store.SH001!) =>
  t.db.tenant(tenantId, (tx) =>
    applyStockOperation(tx, tenantId, {
      key: `receipt:${randomUUID()}`,
      kind: 'receipt',
      lines: [{ store_id: storeId, sku_id: sku, on_hand_delta: units, reserved_delta: 0 }],
    }),
  );

const level = async (sku: string, storeId = store.SH001!) =>
  (await call('GET', `/stock?sku_id=${sku}&store_id=${storeId}`)).json()[0] as
    | { on_hand: number; reserved: number }
    | undefined;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call('GET', '/stores')).json()) store[s.code] = s.id;
});
afterAll(async () => t?.close());

describe('stock within what a store can hold', () => {
  const capacity = { code: 'SS_ERR_STOCK_CAPACITY', field: 'lines' };

  it('refuses the receipt that would take a SKU past it, 409, after the ones that fit', async () => {
    const sku = await newSku();
    // The schema's largest receipt: 500 lines of 100,000, all of one SKU.
    const receipt = {
      kind: 'receipt',
      store_id: store.SH001,
      lines: Array.from({ length: 500 }, () => ({ sku_id: sku, qty: 100_000 })),
    };
    const fits = STOCK_MAX_UNITS / 50_000_000;
    for (let i = 0; i < fits; i++)
      expect((await call('POST', '/stock/movements', receipt)).statusCode).toBe(201);
    const refused = await call('POST', '/stock/movements', receipt);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject(capacity);
    expect(refused.json().message).toContain(sku);
    expect(await level(sku)).toMatchObject({ on_hand: STOCK_MAX_UNITS });
  });

  it('applies none of a movement one of whose lines would overfill', async () => {
    const [full, other] = [await newSku(), await newSku()];
    await stockUp(full, STOCK_MAX_UNITS);
    await stockUp(other, 10);
    const key = randomUUID();
    const receive = (qty: number) =>
      t.call(admin, {
        method: 'POST',
        url: '/api/v1/stock/movements',
        headers: { 'idempotency-key': key },
        payload: {
          kind: 'adjustment',
          store_id: store.SH001,
          lines: [
            { sku_id: other, qty: 5 },
            { sku_id: full, qty },
          ],
        },
      });
    const refused = await receive(1);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject(capacity);
    expect(await level(other)).toMatchObject({ on_hand: 10 });
    // Not even its key was kept: the corrected movement goes through under it.
    expect((await receive(-1)).statusCode).toBe(201);
    expect(await level(other)).toMatchObject({ on_hand: 15 });
    expect(await level(full)).toMatchObject({ on_hand: STOCK_MAX_UNITS - 1 });
  });

  it('keeps adjustments between nothing and the most a store holds', async () => {
    const sku = await newSku();
    await stockUp(sku, 3);
    const below = await call('POST', '/stock/movements', {
      kind: 'adjustment',
      store_id: store.SH001,
      lines: [{ sku_id: sku, qty: -4 }],
    });
    expect(below.statusCode).toBe(409);
    expect(below.json()).toMatchObject({ code: 'SS_ERR_STOCK_INSUFFICIENT' });
    await stockUp(sku, STOCK_MAX_UNITS - 3);
    const above = await call('POST', '/stock/movements', {
      kind: 'adjustment',
      store_id: store.SH001,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect(above.statusCode).toBe(409);
    expect(above.json()).toMatchObject(capacity);
    expect(await level(sku)).toMatchObject({ on_hand: STOCK_MAX_UNITS });
  });

  it('refuses a transfer into a full store, and the sending store keeps its units', async () => {
    const sku = await newSku();
    await stockUp(sku, 100, store.SH001);
    await stockUp(sku, STOCK_MAX_UNITS, store.SH002);
    const refused = await call('POST', '/stock/transfers', {
      from_store_id: store.SH001,
      to_store_id: store.SH002,
      lines: [{ sku_id: sku, qty: 100 }],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject(capacity);
    expect(refused.json().message).toContain(store.SH002);
    expect(await level(sku, store.SH001)).toMatchObject({ on_hand: 100 });
  });

  it('rejects the POS record that would overfill, and applies the rest of the batch', async () => {
    const sku = await newSku();
    await stockUp(sku, STOCK_MAX_UNITS);
    const record = (id: string, qty: number) => ({
      id,
      kind: 'adjustment',
      store_id: store.SH001,
      lines: [{ sku_id: sku, qty }],
    });
    const response = await call('POST', '/pos/stock-movements', {
      records: [record('LIM-COUNT-1', 100_000), record('LIM-COUNT-2', -5)],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results).toMatchObject([
      { id: 'LIM-COUNT-1', status: 'rejected', code: capacity.code },
      { id: 'LIM-COUNT-2', status: 'applied' },
    ]);
    expect(await level(sku)).toMatchObject({ on_hand: STOCK_MAX_UNITS - 5 });
  });

  it('answers a reservation asking more than any store can hold as short of stock', async () => {
    const part = await newSku();
    await stockUp(part, 1000);
    const box = await newSku(100, [{ sku_id: part, qty: 1000 }]);
    // 200 lines of 100,000 boxes of 1,000 parts: 2·10¹⁰ parts, past what a column can count.
    const response = await call('POST', '/stock/reservations', {
      store_id: store.SH001,
      lines: Array.from({ length: 200 }, () => ({ sku_id: box, qty: 100_000 })),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_STOCK_INSUFFICIENT' });
    expect(await level(part)).toMatchObject({ on_hand: 1000, reserved: 0 });
  });
});

describe('orders within what an order may total', () => {
  it('refuses an order whose total would pass the most one order may come to, 400, holding nothing', async () => {
    const dear = await newSku(100_000_000);
    await stockUp(dear, 100);
    const order = (qty: number) =>
      call('POST', '/orders', { type: 'pickup', store_id: store.SH001, lines: [{ sku_id: dear, qty }] });
    const refused = await order(25);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'lines' });
    expect(refused.json().message).toContain('2500000000');
    expect(await level(dear)).toMatchObject({ on_hand: 100, reserved: 0 });
    // The catalogue's dearest price still sells, one at a time.
    const one = await order(1);
    expect(one.statusCode).toBe(201);
    expect(one.json()).toMatchObject({ total_cents: 100_000_000 });
  });
});

describe('the store an order names', () => {
  it('is 404 when the brand has no such store', async () => {
    const sku = await newSku();
    await stockUp(sku, 5);
    const nowhere = '00000000-0000-0000-0000-000000000000';
    for (const type of ['pickup', 'scan_to_buy']) {
      const response = await call('POST', '/orders', {
        type,
        store_id: nowhere,
        lines: [{ sku_id: sku, qty: 1 }],
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'SS_ERR_NOT_FOUND' });
      expect(response.json().message).toBe(`Store ${nowhere} (store_id) not found`);
    }
  });
});

describe('the store of a delivery order', () => {
  /** An address the routing gives to SH002 when it has the lines. */
  const delivery = {
    lat: 31.223,
    lng: 121.475,
    address: '马当路1号',
    contact_name: '王女士',
    phone: '13800000000',
  };

  it('is not the caller’s to name: a named store is refused, 400, rather than silently replaced', async () => {
    const sku = await newSku();
    await stockUp(sku, 5, store.SH002);
    await stockUp(sku, 5, store.SH003);
    const lines = [{ sku_id: sku, qty: 1 }];
    const named = await call('POST', '/orders', { type: 'delivery', store_id: store.SH003, delivery, lines });
    expect(named.statusCode).toBe(400);
    expect(named.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'store_id' });
    expect(named.json().message).toMatch(/nearest store that delivers/);
    const routed = await call('POST', '/orders', { type: 'delivery', delivery, lines });
    expect(routed.statusCode).toBe(201);
    expect(routed.json()).toMatchObject({ store_id: store.SH002 });
  });

  it('is followed by the clerk who took it, though it goes out from another store', async () => {
    const sku = await newSku();
    await stockUp(sku, 5, store.SH002);
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const asClerk = (method: 'GET' | 'POST', url: string, payload?: object) =>
      callAs(clerk, method, url, payload);
    const placed = await asClerk('POST', '/orders', {
      type: 'delivery',
      delivery,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().store_id).toBe(store.SH002);
    const id = placed.json().id;
    expect((await asClerk('GET', `/orders/${id}`)).statusCode).toBe(200);
    expect((await asClerk('GET', '/orders')).json().map((o: { id: string }) => o.id)).toContain(id);
    // Another store's orders the clerk did not take stay out of sight.
    const other = await call('POST', '/orders', {
      type: 'delivery',
      delivery,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect((await asClerk('GET', `/orders/${other.json().id}`)).statusCode).toBe(404);
  });
});
