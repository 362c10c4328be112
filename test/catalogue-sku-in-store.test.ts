/**
 * One SKU in a store by id (GET /catalogue/skus/:id?store_id=), as the mini-program's product page
 * reads it: the search hit's fields at what this shopper pays there, the description and every
 * photo, and whether the store has it: in stock, sold out (sold here, none left), not sold here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let manager: string;
let shopper: string;
let sh001: string;
let sh002: string;
let tea: { id: string; skus: { id: string }[] };
const teaSku = () => tea.skus[0]!.id;

const get = (token: string, url: string) => t.call(token, { method: 'GET', url: `/api/v1${url}` });
const inStore = (token: string, skuId: string, storeId: string, more = '') =>
  get(token, `/catalogue/skus/${skuId}?store_id=${storeId}${more}`);

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  shopper = (
    await t.call('', {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code: 'sku-in-store-shopper' },
    })
  ).json().token;
  const stores: { id: string; code: string }[] = (await get(admin, '/stores')).json();
  sh001 = stores.find((s) => s.code === 'SH001')!.id;
  sh002 = stores.find((s) => s.code === 'SH002')!.id;
  const created = await t.call(admin, {
    method: 'POST',
    url: '/api/v1/catalogue/products',
    payload: {
      name: '测试乌龙茶',
      description: 'Cold-brewed oolong, no sugar.',
      images: ['https://img.example.com/oolong-front.jpg', 'https://img.example.com/oolong-back.jpg'],
      skus: [
        {
          code: 'TEST-OOLONG-500',
          barcode: ean13('690000000101'),
          name: '500ml',
          price_cents: 600,
          member_prices: { gold: 450 },
        },
      ],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  tea = created.json();
});
afterAll(async () => t?.close());

describe('one SKU in a store', () => {
  it('answers what the search answers for it, with the description and every photo', async () => {
    const [hit] = (await get(shopper, `/catalogue/search?q=DRY-005&store_id=${sh001}`)).json();
    const sku = await inStore(shopper, hit.sku_id, sh001);
    expect(sku.statusCode, sku.body).toBe(200);
    // The demo stocks each store.
    expect(sku.json()).toEqual({ ...hit, description: expect.any(String), availability: 'in_stock' });

    const oolong = (await inStore(shopper, teaSku(), sh001)).json();
    expect(oolong).toMatchObject({
      product_id: tea.id,
      name: '测试乌龙茶',
      sku_name: '500ml',
      description: 'Cold-brewed oolong, no sugar.',
      images: ['https://img.example.com/oolong-front.jpg', 'https://img.example.com/oolong-back.jpg'],
    });
  });

  it('is sold out where the store sells it with none left, in stock once some are received', async () => {
    expect((await inStore(shopper, teaSku(), sh001)).json()).toMatchObject({ availability: 'sold_out' });
    const received = await t.call(manager, {
      method: 'POST',
      url: '/api/v1/stock/movements',
      headers: { 'idempotency-key': 'sku-in-store-receipt' },
      payload: { kind: 'receipt', store_id: sh001, lines: [{ sku_id: teaSku(), qty: 6 }] },
    });
    expect(received.statusCode, received.body).toBe(201);
    expect((await inStore(shopper, teaSku(), sh001)).json()).toMatchObject({ availability: 'in_stock' });
    expect((await inStore(shopper, teaSku(), sh002)).json()).toMatchObject({ availability: 'sold_out' });
  });

  it('is not sold here where the store does not sell it, nor anywhere once it is off sale', async () => {
    const off = await t.call(admin, {
      method: 'PUT',
      url: `/api/v1/catalogue/skus/${teaSku()}/store-price`,
      payload: { store_id: sh002, price_cents: null, available: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await inStore(shopper, teaSku(), sh002)).json()).toMatchObject({ availability: 'not_sold_here' });
    expect((await inStore(shopper, teaSku(), sh001)).json()).toMatchObject({ availability: 'in_stock' });

    const offSale = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${tea.id}`,
      payload: { active: false },
    });
    expect(offSale.statusCode, offSale.body).toBe(200);
    // Stock on the shelf does not make an off-sale product buyable.
    expect((await inStore(shopper, teaSku(), sh001)).json()).toMatchObject({ availability: 'not_sold_here' });
    await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${tea.id}`,
      payload: { active: true },
    });
  });

  it("prices at the store's price, and at the shopper's own tier, never one they name", async () => {
    const priced = await t.call(manager, {
      method: 'PUT',
      url: `/api/v1/catalogue/skus/${teaSku()}/store-price`,
      payload: { store_id: sh001, price_cents: 550, available: true },
    });
    expect(priced.statusCode, priced.body).toBe(200);
    expect((await inStore(shopper, teaSku(), sh001, '&tier=gold')).json()).toMatchObject({
      list_cents: 600,
      unit_cents: 550,
      basis: 'store',
    });
    // Staff price at the tier they name, as the search does.
    expect((await inStore(admin, teaSku(), sh001, '&tier=gold')).json()).toMatchObject({
      unit_cents: 450,
      basis: 'member',
    });
    const memberNo = (await get(shopper, '/me/membership')).json().member_no;
    const [member] = (await get(admin, `/members?member_no=${memberNo}`)).json();
    const made = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/members/${member.id}`,
      payload: { assigned_tier: 'gold' },
    });
    expect(made.statusCode, made.body).toBe(200);
    expect((await inStore(shopper, teaSku(), sh001)).json()).toMatchObject({
      list_cents: 600,
      unit_cents: 450,
      basis: 'member',
    });
  });

  it('answers 404 for an unknown SKU or store, 400 without a store naming it, 401 signed out', async () => {
    const unknown = '00000000-0000-4000-8000-000000000009';
    const noSku = await inStore(shopper, unknown, sh001);
    expect(noSku.statusCode).toBe(404);
    expect(noSku.json().message).toMatch(/SKU/);
    const noStore = await inStore(shopper, teaSku(), unknown);
    expect(noStore.statusCode).toBe(404);
    expect(noStore.json().message).toMatch(/Store/);
    const withoutStore = await get(shopper, `/catalogue/skus/${teaSku()}`);
    expect(withoutStore.statusCode).toBe(400);
    expect(withoutStore.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'store_id' });
    expect((await inStore('', teaSku(), sh001)).statusCode).toBe(401);
  });
});
