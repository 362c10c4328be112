/**
 * The catalogue over HTTP: products and SKUs, bundles named by their components, EAN-13 checks, store and member prices, search, SKUs
 * named by id, idempotent POSTs; the staff listing (pages, order, category, words, sale by role, a
 * store's own prices), a product's store prices in one call, a SKU added to a product once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13 } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let manager: string;
let shopper: string;
let stores: { id: string; code: string }[];
let water: { id: string; skus: { id: string; code: string; barcode: string }[] };
/** The 550 ml bottle and the 1.5 L bottle (the API lists SKUs by code). */
const small = () => water.skus.find((s) => s.code === 'TEST-WATER-550')!;
const large = () => water.skus.find((s) => s.code === 'TEST-WATER-1500')!;

const post = (token: string, url: string, payload: object, key?: string) =>
  t.call(token, {
    method: 'POST',
    url: `/api/v1${url}`,
    payload,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
const get = (token: string, url: string) => t.call(token, { method: 'GET', url: `/api/v1${url}` });

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  const login = await post('', '/auth/wechat', { tenant: 'freshmart', code: 'catalogue-shopper' });
  shopper = login.json().token;
  stores = (await get(admin, '/stores')).json();
  const drinks = await post(admin, '/catalogue/categories', { name: '测试饮料' });
  expect(drinks.statusCode).toBe(201);
  const created = await post(admin, '/catalogue/products', {
    name: '测试山泉水',
    category_id: drinks.json().id,
    attributes: { origin: '浙江' },
    skus: [
      {
        code: 'TEST-WATER-550',
        barcode: ean13('690000000001'),
        name: '550ml',
        price_cents: 200,
        member_prices: { gold: 150 },
      },
      { code: 'TEST-WATER-1500', barcode: ean13('690000000002'), name: '1.5L', price_cents: 450 },
    ],
  });
  expect(created.statusCode).toBe(201);
  water = created.json();
});
afterAll(async () => t?.close());

describe('products and SKUs', () => {
  it('keeps the pinyin initials beside the name', () => {
    expect(water).toMatchObject({ name: '测试山泉水', initials: 'cssqs' });
    expect(water.skus).toHaveLength(2);
  });

  it('refuses a barcode with a wrong check digit, naming the field', async () => {
    const good = ean13('690000000003');
    const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
    const response = await post(admin, '/catalogue/products', {
      name: '错码',
      skus: [{ code: 'BAD-1', barcode: bad, price_cents: 100 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_BARCODE_INVALID', field: 'skus.0.barcode' });
  });

  it('refuses a barcode or SKU code the brand already uses', async () => {
    const response = await post(admin, '/catalogue/products', {
      name: '重复',
      skus: [{ code: 'DUP-1', barcode: small().barcode, price_cents: 100 }],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_SKU_TAKEN', field: 'barcode' });
  });

  it("names a bundle's components wherever it is read, and refuses a bundle inside a bundle at its field", async () => {
    const bundle = await post(admin, '/catalogue/products', {
      name: '水套装',
      skus: [
        {
          code: 'WATER-SET',
          price_cents: 500,
          components: [
            { sku_id: large().id, qty: 1 },
            { sku_id: small().id, qty: 3 },
          ],
        },
      ],
    });
    expect(bundle.statusCode).toBe(201);
    // By the components' codes: 1500 before 550.
    const parts = [
      { sku_id: large().id, qty: 1, name: '测试山泉水 1.5L' },
      { sku_id: small().id, qty: 3, name: '测试山泉水 550ml' },
    ];
    const set = bundle.json().skus[0];
    expect(set.components).toEqual(parts);
    const again = (await get(admin, `/catalogue/products/${bundle.json().id}`)).json();
    expect(again.skus[0].components).toEqual(parts);
    const listed = (await get(admin, '/catalogue/products?q=WATER-SET&sale=all')).json().lines;
    expect(listed.find((l: { code: string }) => l.code === 'WATER-SET').components).toEqual(parts);
    expect(listed.find((l: { code: string }) => l.code === 'TEST-WATER-550')?.components ?? []).toEqual([]);

    const nested = await post(admin, '/catalogue/products', {
      name: '大套装',
      skus: [
        { code: 'BIG-SET-0', price_cents: 100 },
        { code: 'BIG-SET', price_cents: 900, components: [{ sku_id: set.id, qty: 2 }] },
      ],
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().field).toBe('skus.1.components');
    const added = await post(admin, `/catalogue/products/${water.id}/skus`, {
      code: 'TWICE-SET',
      price_cents: 900,
      components: [
        { sku_id: small().id, qty: 2 },
        { sku_id: small().id, qty: 1 },
      ],
    });
    expect(added.statusCode).toBe(400);
    expect(added.json().field).toBe('components');
    const none = await post(admin, `/catalogue/products/${water.id}/skus`, {
      code: 'ZERO-SET',
      price_cents: 900,
      components: [{ sku_id: small().id, qty: 0 }],
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().field).toBe('components.0.qty');
  });

  it('answers a retried POST with the first answer, and refuses the key for another body', async () => {
    const body = { name: '重试面包', skus: [{ code: 'RETRY-BREAD', price_cents: 900 }] };
    const first = await post(admin, '/catalogue/products', body, 'bread-1');
    const again = await post(admin, '/catalogue/products', body, 'bread-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await post(admin, '/catalogue/products', { ...body, name: '别的' }, 'bread-1');
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('SS_ERR_IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 404 for unknown ids and 400 for bad input', async () => {
    const missing = await get(admin, '/catalogue/products/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const bad = await post(admin, '/catalogue/products', {
      name: 'x',
      skus: [{ code: 'X', price_cents: -1 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('skus.0.price_cents');
  });
});

describe('prices and search', () => {
  it('finds a product by pinyin initials, part of its name, barcode and SKU code', async () => {
    for (const q of ['cssq', '测试山', large().barcode, 'TEST-WATER-550']) {
      const hits = (await get(shopper, `/catalogue/search?q=${encodeURIComponent(q)}`)).json();
      expect(hits.length, q).toBeGreaterThan(0);
      expect(hits[0].product_id, q).toBe(water.id);
    }
    const exact = (await get(shopper, `/catalogue/search?q=${large().barcode}`)).json();
    expect(exact[0].sku_id).toBe(large().id);
    // Several words, as people type them: any the name or SKU has, the SKU with more of them first.
    for (const q of ['测试山泉 spring', '测试山泉水 1.5L', '1.5L 测试山泉']) {
      const hits = (await get(shopper, `/catalogue/search?q=${encodeURIComponent(q)}`)).json();
      expect(hits.length, q).toBeGreaterThan(0);
      expect(hits[0].product_id, q).toBe(water.id);
    }
    const bySize = (await get(shopper, `/catalogue/search?q=${encodeURIComponent('测试山泉 1.5L')}`)).json();
    expect(bySize[0].sku_id).toBe(large().id);
  });

  it("prices at the store's price, the member tier's price, and hides what a store does not sell", async () => {
    const [sh001, sh002] = [stores.find((s) => s.code === 'SH001')!, stores.find((s) => s.code === 'SH002')!];
    const put = (token: string, storeId: string, skuId: string, body: object) =>
      t.call(token, {
        method: 'PUT',
        url: `/api/v1/catalogue/skus/${skuId}/store-price`,
        payload: { store_id: storeId, ...body },
      });
    expect((await put(manager, sh001.id, small().id, { price_cents: 180, available: true })).statusCode).toBe(
      200,
    );
    expect((await put(manager, sh002.id, small().id, { price_cents: 1, available: true })).statusCode).toBe(
      403,
    );
    expect((await put(admin, sh002.id, large().id, { price_cents: null, available: false })).statusCode).toBe(
      200,
    );
    const at = async (storeId: string, tier = '', token = shopper) =>
      (await get(token, `/catalogue/search?q=cssq&store_id=${storeId}${tier ? `&tier=${tier}` : ''}`)).json();
    const water550 = (hits: { code: string }[]) => hits.find((h) => h.code === 'TEST-WATER-550');
    expect(water550(await at(sh001.id))).toMatchObject({ list_cents: 200, unit_cents: 180, basis: 'store' });
    // Staff price at the tier they name.
    expect(water550(await at(sh001.id, 'gold', admin))).toMatchObject({ unit_cents: 150, basis: 'member' });
    // A shopper sees what their order will charge: a tier they name is not theirs.
    expect(water550(await at(sh001.id, 'gold'))).toMatchObject({ unit_cents: 180, basis: 'store' });
    const memberNo = (await get(shopper, '/me/membership')).json().member_no;
    const member = (await get(admin, `/members?member_no=${memberNo}`)).json()[0];
    const made = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/members/${member.id}`,
      payload: { assigned_tier: 'gold' },
    });
    expect(made.statusCode, made.body).toBe(200);
    expect(water550(await at(sh001.id))).toMatchObject({ unit_cents: 150, basis: 'member' });
    expect((await at(sh002.id)).map((h: { code: string }) => h.code)).toEqual(['TEST-WATER-550']);
  });

  it('lets an editor change a SKU and a product', async () => {
    const sku = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/skus/${large().id}`,
      payload: { price_cents: 420, member_prices: { gold: 380 } },
    });
    expect(sku.json()).toMatchObject({ price_cents: 420, member_prices: { gold: 380 } });
    const product = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${water.id}`,
      payload: { name: '测试矿泉水' },
    });
    expect(product.json()).toMatchObject({ name: '测试矿泉水', initials: 'cskqs' });
    const forbidden = await t.call(shopper, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${water.id}`,
      payload: { name: 'x' },
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('SKUs by id', () => {
  const skus = (token: string, ids: string) => get(token, `/catalogue/skus?ids=${ids}`);

  it('names each as product and variant, in the order asked, for any staff member', async () => {
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const oatly = (await get(admin, '/catalogue/search?q=DRY-005')).json()[0];
    // As it is now: the tests above rename it and reprice its 1.5 L bottle.
    const now = (await get(admin, `/catalogue/products/${water.id}`)).json();
    const price = (code: string) => now.skus.find((s: { code: string }) => s.code === code).price_cents;
    for (const token of [admin, manager, clerk]) {
      const found = await skus(token, `${large().id},${oatly.sku_id},${small().id}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json()).toEqual([
        {
          sku_id: large().id,
          product_id: water.id,
          name: `${now.name} 1.5L`,
          code: 'TEST-WATER-1500',
          price_cents: price('TEST-WATER-1500'),
        },
        {
          sku_id: oatly.sku_id,
          product_id: oatly.product_id,
          name: 'Oatly燕麦奶 1L',
          code: 'DRY-005',
          price_cents: oatly.list_cents,
        },
        {
          sku_id: small().id,
          product_id: water.id,
          name: `${now.name} 550ml`,
          code: 'TEST-WATER-550',
          price_cents: price('TEST-WATER-550'),
        },
      ]);
    }
    // The name is the one the campaign report gives the products it counts.
    const campaign = (await get(admin, '/campaigns')).json()[0];
    const report = (await get(admin, `/campaigns/${campaign.id}/report?sku_id=${oatly.sku_id}`)).json();
    expect(report.products.skus).toEqual([{ id: oatly.sku_id, name: 'Oatly燕麦奶 1L' }]);
  });

  it("leaves out an id the brand's catalogue does not have, another brand's too", async () => {
    const other = await t.addBrand({
      slug: 'sku-lookup-other',
      name: 'Other Mart',
      admin: { email: 'admin@other-sku.test', name: 'Other admin', password: 'other-brand-pass' },
    });
    const theirs = await post(other.admin, '/catalogue/products', {
      name: '别家的水',
      skus: [{ code: 'OTHER-WATER', price_cents: 300 }],
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const theirSku = theirs.json().skus[0].id;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const found = await skus(admin, `${unknown},${small().id},${theirSku}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().map((s: { sku_id: string }) => s.sku_id)).toEqual([small().id]);
    expect((await skus(other.admin, small().id)).json()).toEqual([]);
  });

  it('refuses a malformed id naming ids, and shoppers and the signed out', async () => {
    for (const ids of [`${small().id},not-a-sku`, '', `${small().id},`]) {
      const bad = await skus(admin, ids);
      expect(bad.statusCode, ids).toBe(400);
      expect(bad.json(), ids).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'ids' });
    }
    expect((await skus(shopper, small().id)).statusCode).toBe(403);
    expect((await skus('', small().id)).statusCode).toBe(401);
  });
});

describe('the demo catalogue', () => {
  it('is seeded once, searchable by pinyin initials, with stock in each store', async () => {
    const again = await seedDemo(t.db);
    expect(again.created).toEqual([]);
    const hits = (await get(shopper, '/catalogue/search?q=nfsq')).json();
    expect(hits[0]).toMatchObject({ name: '农夫山泉饮用天然水', code: 'DRK-001' });
    expect(hits[0].barcode).toMatch(/^692\d{10}$/);
    const levels = (await get(admin, `/stock?sku_id=${hits[0].sku_id}`)).json();
    expect(levels).toHaveLength(3);
    for (const level of levels) expect(level.available).toBeGreaterThan(0);
    const breakfast = (await get(shopper, '/catalogue/search?q=zczh')).json();
    expect(breakfast[0]).toMatchObject({ code: 'SET-001' });
  });
});

describe('the catalogue listing', () => {
  interface Line {
    product_id: string;
    sku_id: string;
    code: string;
    category_id: string | null;
    on_sale: boolean;
    store_cents?: number | null;
    sold_here?: boolean;
  }
  const list = (token: string, query = '') => get(token, `/catalogue/products?${query}`);
  const lines = async (token: string, query = ''): Promise<Line[]> => {
    const response = await list(token, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().lines;
  };
  const sh001 = () => stores.find((s) => s.code === 'SH001')!.id;
  const sh002 = () => stores.find((s) => s.code === 'SH002')!.id;

  it('pages through the whole catalogue, newest first or by name, with the total', async () => {
    const all = await list(admin, 'limit=200');
    const { total, lines: every } = all.json() as { total: number; lines: Line[] };
    expect(total).toBe(every.length);
    expect(total).toBeGreaterThan(30); // the demo's and these tests' SKUs, on sale
    expect(every.every((l) => l.on_sale)).toBe(true);
    const pages: Line[] = [];
    for (let offset = 0; offset < total; offset += 10) {
      const page = (await list(admin, `limit=10&offset=${offset}`)).json();
      expect(page.total).toBe(total);
      pages.push(...page.lines);
    }
    expect(pages.map((l) => l.sku_id)).toEqual(every.map((l) => l.sku_id));
    // The latest product comes first; by name, 农夫山泉 (nfsq) before Oatly (oatly…).
    const newest = (
      await post(admin, '/catalogue/products', {
        name: '最新面包',
        skus: [{ code: 'NEWEST-1', price_cents: 500 }],
      })
    ).json();
    expect((await lines(admin, 'limit=1'))[0]!.product_id).toBe(newest.id);
    const byName = (await lines(admin, 'order=name&limit=200')).map((l) => l.code);
    expect(byName.indexOf('DRK-001')).toBeLessThan(byName.indexOf('DRY-005'));
  });

  it('narrows by category (and those under it) and by words as the search matches them', async () => {
    const dairy = (await get(admin, '/catalogue/categories'))
      .json()
      .find((c: { name: string }) => c.name === '乳品 Dairy');
    const inDairy = await lines(admin, `category_id=${dairy.id}&limit=200`);
    expect(inDairy.map((l) => l.code)).toContain('DRY-005');
    expect(inDairy.every((l) => l.category_id === dairy.id)).toBe(true);
    const under = await post(admin, '/catalogue/categories', { name: '测试植物奶', parent_id: dairy.id });
    const soy = await post(admin, '/catalogue/products', {
      name: '测试豆奶',
      category_id: under.json().id,
      skus: [{ code: 'TEST-SOY', price_cents: 600 }],
    });
    expect(soy.statusCode, soy.body).toBe(201);
    expect((await lines(admin, `category_id=${dairy.id}&limit=200`)).map((l) => l.code)).toContain(
      'TEST-SOY',
    );
    for (const q of [
      'nfsq',
      '农夫',
      'DRK-001',
      (await get(admin, '/catalogue/search?q=DRK-001')).json()[0].barcode,
    ]) {
      const found = await lines(admin, `q=${encodeURIComponent(q)}`);
      expect(found[0]?.code, q).toBe('DRK-001');
    }
    expect(
      (await lines(admin, `q=${encodeURIComponent('oat milk')}&category_id=${dairy.id}`)).map((l) => l.code),
    ).toContain('DRY-005');
  });

  it("shows off-sale SKUs to the catalogue's editors only", async () => {
    const bread = await post(admin, '/catalogue/products', {
      name: '下架饼干',
      skus: [
        { code: 'OFF-1', price_cents: 300 },
        { code: 'OFF-2', price_cents: 400 },
      ],
    });
    const [, two] = bread.json().skus as { id: string }[];
    await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/skus/${two!.id}`,
      payload: { active: false },
    });
    const codes = async (token: string, query: string) =>
      (await lines(token, `${query}&limit=200`)).map((l) => l.code).filter((c) => c.startsWith('OFF-'));
    expect(await codes(admin, 'sale=on')).toEqual(['OFF-1']);
    expect(await codes(admin, 'sale=off')).toEqual(['OFF-2']);
    expect((await codes(admin, 'sale=all')).sort()).toEqual(['OFF-1', 'OFF-2']);
    await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/catalogue/products/${bread.json().id}`,
      payload: { active: false },
    });
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    expect((await codes(marketer, 'sale=off')).sort()).toEqual(['OFF-1', 'OFF-2']);
    expect(await codes(manager, 'sale=on')).toEqual([]);
    const refused = await list(manager, 'sale=all');
    expect(refused.statusCode).toBe(403);
  });

  it("puts a store's own price beside the brand's, and lists only those when asked", async () => {
    await t.call(manager, {
      method: 'PUT',
      url: `/api/v1/catalogue/skus/${large().id}/store-price`,
      payload: { store_id: sh001(), price_cents: 399, available: true },
    });
    const here = await lines(manager, `store_id=${sh001()}&limit=200`);
    expect(here.find((l) => l.sku_id === large().id)).toMatchObject({ store_cents: 399, sold_here: true });
    expect(here.find((l) => l.code === 'DRK-001')).toMatchObject({ store_cents: null, sold_here: true });
    const own = await lines(manager, `store_id=${sh001()}&own_prices=true`);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((l) => l.store_cents !== null)).toBe(true);
    expect(own.map((l) => l.sku_id)).toContain(large().id);
    // Without a store, no store's figures.
    expect((await lines(admin, 'limit=1'))[0]).not.toHaveProperty('store_cents');
  });

  it("refuses another store's prices to its staff, another brand's store, and a bad query naming the field", async () => {
    expect((await list(manager, `store_id=${sh002()}`)).statusCode).toBe(403);
    expect((await lines(admin, `store_id=${sh002()}&limit=1`)).length).toBe(1);
    const other = await t.addBrand({
      slug: 'listing-other',
      name: 'Listing Mart',
      admin: { email: 'admin@listing-other.test', name: 'Other admin', password: 'other-brand-pass' },
    });
    const theirs = await post(other.admin, '/catalogue/products', {
      name: '别家的茶',
      skus: [{ code: 'OTHER-TEA', price_cents: 300 }],
    });
    expect((await lines(other.admin)).map((l) => l.code)).toEqual(['OTHER-TEA']);
    expect((await lines(admin, 'q=OTHER-TEA')).map((l) => l.code)).toEqual([]);
    expect((await list(other.admin, `store_id=${sh001()}`)).statusCode).toBe(404);
    expect(theirs.statusCode).toBe(201);
    for (const [query, field] of [
      ['limit=201', 'limit'],
      ['offset=-1', 'offset'],
      ['sale=gone', 'sale'],
      ['order=price', 'order'],
      ['category_id=dairy', 'category_id'],
      ['own_prices=true', 'own_prices'],
    ]) {
      const bad = await list(admin, query!);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json(), query).toMatchObject({ code: 'SS_ERR_VALIDATION', field });
    }
    expect((await list(shopper)).statusCode).toBe(403);
  });
});

describe("a product's store prices and a SKU added to it", () => {
  it("reads one store's price of each SKU in one call, for those who may", async () => {
    const sh001 = stores.find((s) => s.code === 'SH001')!.id;
    const sh002 = stores.find((s) => s.code === 'SH002')!.id;
    const prices = (token: string, storeId: string, productId = water.id) =>
      get(token, `/catalogue/products/${productId}/store-prices?store_id=${storeId}`);
    const mine = await prices(manager, sh001);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().map((p: { sku_id: string }) => p.sku_id)).toEqual([large().id, small().id]);
    expect(mine.json()[1]).toMatchObject({ store_id: sh001, price_cents: 180, available: true });
    // SH002 does not sell the 1.5 L bottle (set in the search test above).
    expect((await prices(admin, sh002)).json()[0]).toMatchObject({
      sku_id: large().id,
      price_cents: null,
      available: false,
    });
    expect((await prices(manager, sh002)).statusCode).toBe(403);
    expect((await prices(admin, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await prices(admin, sh001, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const bad = await get(admin, `/catalogue/products/${water.id}/store-prices`);
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'store_id' });
  });

  it('adds a SKU to a product once however often it is retried, for editors only', async () => {
    const body = { code: 'TEST-WATER-5000', barcode: ean13('690000000005'), name: '5L', price_cents: 1200 };
    const url = `/catalogue/products/${water.id}/skus`;
    const first = await post(admin, url, body, 'water-5l');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      product_id: water.id,
      code: 'TEST-WATER-5000',
      price_cents: 1200,
      active: true,
    });
    const again = await post(admin, url, body, 'water-5l');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const product = (await get(admin, `/catalogue/products/${water.id}`)).json();
    expect(product.skus.filter((s: { code: string }) => s.code === 'TEST-WATER-5000')).toHaveLength(1);

    const taken = await post(admin, url, { ...body, barcode: undefined }, 'water-5l-again');
    expect(taken.json()).toMatchObject({ code: 'SS_ERR_SKU_TAKEN', field: 'code' });
    const badBarcode = await post(admin, url, {
      code: 'TEST-WATER-X',
      barcode: '6900000000011',
      price_cents: 1,
    });
    expect(badBarcode.json()).toMatchObject({ code: 'SS_ERR_BARCODE_INVALID', field: 'barcode' });
    expect((await post(manager, url, { code: 'TEST-WATER-Y', price_cents: 1 })).statusCode).toBe(403);
    const unknown = await post(admin, '/catalogue/products/00000000-0000-4000-8000-000000000000/skus', {
      code: 'TEST-WATER-Z',
      price_cents: 1,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
