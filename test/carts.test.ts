/**
 * The shopper's cart kept on the server (GET/PUT /api/v1/me/cart): empty at first; kept whole and read
 * back on another phone at today's prices for the shopper (the store's own price once set, a SKU off
 * sale there marked); emptied; bad carts refused naming the field; shoppers' own, not staff's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let shopper: string;
let admin: string;
const store: Record<string, string> = {};
const sku: Record<string, { id: string; list_cents: number }> = {};

const put = (token: string, cart: object) => t.api(token, 'PUT', '/me/cart', cart);
const get = (token = shopper) => t.api(token, 'GET', '/me/cart');

beforeAll(async () => {
  t = await startTestApp();
  const { tenantId } = await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.api(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  const { rows } = await t.db.tenant(tenantId, (tx) =>
    tx.query<{ code: string; id: string; price_cents: number }>(
      'SELECT code, id, price_cents FROM catalogue_skus',
    ),
  );
  for (const r of rows) sku[r.code] = { id: r.id, list_cents: r.price_cents };
  shopper = (await signInShopper(t, 'cart-shopper')).token;
});
afterAll(async () => t?.close());

describe("a shopper's cart", () => {
  it('is empty at first', async () => {
    const empty = await get();
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ store_id: null, lines: [], updated_at: null });
  });

  it('is kept whole, and read back on another phone at the prices of the moment', async () => {
    const kept = await put(shopper, {
      store_id: store.SH001,
      lines: [
        { sku_id: sku['DRY-005']!.id, qty: 2 },
        { sku_id: sku['DRK-001']!.id, qty: 6 },
      ],
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({
      store_id: store.SH001,
      lines: [
        { sku_id: sku['DRY-005']!.id, code: 'DRY-005', qty: 2, available: true },
        { sku_id: sku['DRK-001']!.id, code: 'DRK-001', qty: 6, unit_cents: sku['DRK-001']!.list_cents },
      ],
    });
    expect(kept.json().lines[0].name).toMatch(/燕麦奶/);
    // Another phone signs in as the same shopper (WeChat's openid): the same cart.
    const elsewhere = (await signInShopper(t, 'cart-shopper')).token;
    expect((await get(elsewhere)).json()).toEqual(kept.json());

    // The store sets its own price for the water and stops selling the oat milk: read again, the cart says so.
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const prices = [
      { code: 'DRK-001', price_cents: 150, available: true },
      { code: 'DRY-005', price_cents: null, available: false },
    ];
    for (const { code, ...price } of prices) {
      const set = await t.api(manager, 'PUT', `/catalogue/skus/${sku[code]!.id}/store-price`, {
        store_id: store.SH001,
        ...price,
      });
      expect(set.statusCode, set.body).toBe(200);
    }
    expect((await get()).json().lines).toMatchObject([
      { code: 'DRY-005', available: false },
      { code: 'DRK-001', unit_cents: 150, available: true },
    ]);
  });

  it('is emptied by an empty one', async () => {
    const emptied = await put(shopper, { store_id: null, lines: [] });
    expect(emptied.statusCode).toBe(200);
    expect(emptied.json()).toMatchObject({ store_id: null, lines: [] });
    expect((await get()).json().lines).toEqual([]);
  });

  it('is refused, naming the field, when it is not a cart this brand can keep', async () => {
    const line = { sku_id: sku['DRK-001']!.id, qty: 1 };
    const refusals: [object, string][] = [
      [{ store_id: null, lines: [line] }, 'store_id'],
      [{ store_id: '00000000-0000-4000-8000-000000000000', lines: [line] }, 'store_id'],
      [{ store_id: store.SH001, lines: [line, { ...line, qty: 2 }] }, 'lines.1.sku_id'],
      [
        { store_id: store.SH001, lines: [{ sku_id: '00000000-0000-4000-8000-000000000001', qty: 1 }] },
        'lines.0.sku_id',
      ],
    ];
    for (const [cart, field] of refusals) {
      const refused = await put(shopper, cart);
      expect(refused.statusCode, JSON.stringify(cart)).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field });
    }
    const zero = await put(shopper, { store_id: store.SH001, lines: [{ ...line, qty: 0 }] });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().field).toMatch(/lines.*0.*qty/);
    const tooMany = await put(shopper, {
      store_id: store.SH001,
      lines: Array.from({ length: 101 }, () => line),
    });
    expect(tooMany.statusCode).toBe(400);
    // Nothing of them was kept.
    expect((await get()).json().lines).toEqual([]);
  });

  it("is a shopper's own: staff have none", async () => {
    expect((await get(admin)).statusCode).toBe(403);
    expect((await put(admin, { store_id: null, lines: [] })).statusCode).toBe(403);
    expect((await t.api(undefined, 'GET', '/me/cart')).statusCode).toBe(401);
  });
});
