/** POS/ERP batches over HTTP: per-record answers, resent batches change nothing, bad records do not stop good ones. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrift, purchasesAfter } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let clerk: string;
const store: Record<string, string> = {};
let water: { sku_id: string; barcode: string };

const send = (token: string, records: object[]) =>
  t.call(token, { method: 'POST', url: '/api/v1/pos/stock-movements', payload: { records } });
const onHand = async (storeCode = 'SH001') =>
  (
    await t.call(admin, {
      method: 'GET',
      url: `/api/v1/stock?sku_id=${water.sku_id}&store_id=${store[storeCode]}`,
    })
  ).json()[0].on_hand as number;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    store[s.code] = s.id;
  water = (await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=DRK-001' })).json()[0];
});
afterAll(async () => t?.close());

describe('POST /api/v1/pos/stock-movements', () => {
  it('answers every record, applies the good ones, and changes nothing when the batch is resent', async () => {
    const before = await onHand();
    const receipt = randomUUID();
    const records = [
      {
        id: `R-${receipt}`,
        kind: 'receipt',
        store_id: store.SH001,
        lines: [{ barcode: water.barcode, qty: 24 }],
      },
      { id: `S-${receipt}`, kind: 'sale', store_id: store.SH001, lines: [{ sku_id: water.sku_id, qty: 3 }] },
      {
        id: `X-${receipt}`,
        kind: 'sale',
        store_id: store.SH001,
        lines: [{ sku_id: water.sku_id, qty: 100_000 }],
      },
      {
        id: `B-${receipt}`,
        kind: 'receipt',
        store_id: store.SH001,
        lines: [{ barcode: '6900000000007', qty: 1 }],
      },
      { id: `N-${receipt}`, kind: 'sale', store_id: store.SH001, lines: [{ sku_id: water.sku_id, qty: -1 }] },
    ];
    const first = await send(clerk, records);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toEqual([
      { id: `R-${receipt}`, status: 'applied' },
      { id: `S-${receipt}`, status: 'applied' },
      expect.objectContaining({ id: `X-${receipt}`, status: 'rejected', code: 'SS_ERR_STOCK_INSUFFICIENT' }),
      expect.objectContaining({ id: `B-${receipt}`, status: 'rejected', code: 'SS_ERR_NOT_FOUND' }),
      expect.objectContaining({ id: `N-${receipt}`, status: 'rejected', code: 'SS_ERR_VALIDATION' }),
    ]);
    expect(await onHand()).toBe(before + 21);
    const resent = await Promise.all([send(clerk, records), send(clerk, records)]);
    for (const response of resent) {
      expect(response.json().results.slice(0, 2)).toEqual([
        { id: `R-${receipt}`, status: 'duplicate' },
        { id: `S-${receipt}`, status: 'duplicate' },
      ]);
    }
    expect(await onHand()).toBe(before + 21);
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });

  it('rejects a record for a store the clerk does not work in, and bad input as a whole', async () => {
    const response = await send(clerk, [
      {
        id: 'other-store',
        kind: 'receipt',
        store_id: store.SH002,
        lines: [{ sku_id: water.sku_id, qty: 1 }],
      },
    ]);
    expect(response.json().results[0]).toMatchObject({ status: 'rejected', code: 'SS_ERR_FORBIDDEN' });
    const bad = await send(clerk, [{ id: 'x', kind: 'theft', store_id: store.SH001, lines: [] }]);
    expect(bad.statusCode).toBe(400);
  });

  it('imports the same records from CSV, idempotently', async () => {
    const before = await onHand('SH001');
    const id = randomUUID();
    const csv = `record_id,kind,store_id,barcode,qty,reference
CSV-${id},receipt,${store.SH001},${water.barcode},10,delivery note 7
CSV-${id},receipt,${store.SH001},${water.barcode},2,delivery note 7
`;
    const post = () =>
      t.call(clerk, { method: 'POST', url: '/api/v1/pos/stock-movements/csv', payload: { csv } });
    expect((await post()).json().results).toEqual([{ id: `CSV-${id}`, status: 'applied' }]);
    expect((await post()).json().results).toEqual([{ id: `CSV-${id}`, status: 'duplicate' }]);
    expect(await onHand('SH001')).toBe(before + 12);
    const bad = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/stock-movements/csv',
      payload: { csv: 'record_id,kind,store_id,barcode,qty\nA,sale,nope,1,1\n' },
    });
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'csv' });
  });

  it('publishes the exchange format in the OpenAPI document', async () => {
    const spec = (await t.call(undefined, { method: 'GET', url: '/docs/json' })).json();
    for (const path of ['stock-movements', 'products', 'members', 'products/csv', 'members/csv'])
      expect(spec.paths[`/api/v1/pos/${path}`].post, path).toBeDefined();
    for (const schema of ['PosStockMovementRecord', 'PosProductRecord', 'PosMemberRecord'])
      expect(JSON.stringify(spec.components.schemas)).toContain(schema);
  });
});

describe('POST /api/v1/pos/products', () => {
  const sendProducts = (records: object[]) =>
    t.call(admin, { method: 'POST', url: '/api/v1/pos/products', payload: { records } });
  const product = async (code: string) => {
    const hit = (await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/search?q=${code}` })).json()[0];
    return (
      await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/products/${hit.product_id}` })
    ).json();
  };
  const tea = (overrides: object = {}) => ({
    id: 'ERP-TEA-1',
    product: { name: '茉莉花茶', category: '茶叶 Tea' },
    skus: [
      {
        code: 'TEA-100',
        barcode: '6901234567892',
        name: '100g',
        price_cents: 2990,
        member_prices: { gold: 2690 },
        store_prices: [
          { store_id: store.SH002, price_cents: 3190, available: true },
          { store_id: store.SH003, price_cents: null, available: false },
        ],
      },
    ],
    ...overrides,
  });

  it('makes new products with prices, answers a resent record as duplicate, and updates by SKU code', async () => {
    const first = await sendProducts([tea()]);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toEqual([{ id: 'ERP-TEA-1', status: 'applied' }]);
    expect((await sendProducts([tea()])).json().results).toEqual([{ id: 'ERP-TEA-1', status: 'duplicate' }]);
    const made = await product('TEA-100');
    expect(made).toMatchObject({ name: '茉莉花茶', initials: 'mlhc' });
    expect(made.skus).toEqual([
      expect.objectContaining({
        code: 'TEA-100',
        barcode: '6901234567892',
        price_cents: 2990,
        member_prices: { gold: 2690 },
      }),
    ]);
    const shelf = async (storeCode: string) =>
      (
        await t.call(admin, {
          method: 'GET',
          url: `/api/v1/catalogue/search?q=TEA-100&store_id=${store[storeCode]}`,
        })
      ).json();
    expect((await shelf('SH002'))[0]).toMatchObject({ unit_cents: 3190, basis: 'store' });
    expect(await shelf('SH003')).toEqual([]);

    // A price change and a new variant, under a new record id: the same product, updated.
    const update = tea({
      id: 'ERP-TEA-2',
      skus: [
        { code: 'TEA-100', barcode: '6901234567892', name: '100g', price_cents: 2790 },
        { code: 'TEA-250', name: '250g', price_cents: 5990 },
      ],
    });
    expect((await sendProducts([update])).json().results[0].status).toBe('applied');
    const updated = await product('TEA-250');
    expect(updated.id).toBe(made.id);
    expect(updated.skus.map((s: { code: string; price_cents: number }) => [s.code, s.price_cents])).toEqual([
      ['TEA-100', 2790],
      ['TEA-250', 5990],
    ]);
  });

  it('rejects a bad record with its reason and applies the rest', async () => {
    const results = (
      await sendProducts([
        tea({ id: 'ERP-TEA-1', product: { name: 'changed under an old id' } }),
        {
          id: 'ERP-BAD-EAN',
          product: { name: 'Bad' },
          skus: [{ code: 'BAD-1', barcode: '6901234567890', price_cents: 1 }],
        },
        {
          id: 'ERP-NO-STORE',
          product: { name: 'Nowhere' },
          skus: [
            {
              code: 'NOWHERE-1',
              price_cents: 100,
              store_prices: [
                { store_id: '00000000-0000-4000-8000-000000000000', price_cents: 1, available: true },
              ],
            },
          ],
        },
        { id: 'ERP-SOY', product: { name: '生抽 special' }, skus: [{ code: 'SOY-SP-1', price_cents: 990 }] },
      ])
    ).json().results;
    expect(results).toEqual([
      expect.objectContaining({ id: 'ERP-TEA-1', status: 'rejected', code: 'SS_ERR_POS_RECORD_REUSED' }),
      expect.objectContaining({ id: 'ERP-BAD-EAN', status: 'rejected', code: 'SS_ERR_BARCODE_INVALID' }),
      expect.objectContaining({ id: 'ERP-NO-STORE', status: 'rejected', code: 'SS_ERR_NOT_FOUND' }),
      { id: 'ERP-SOY', status: 'applied' },
    ]);
    expect(
      (await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=NOWHERE-1' })).json(),
    ).toEqual([]);
    expect(
      (await t.call(clerk, { method: 'POST', url: '/api/v1/pos/products', payload: { records: [tea()] } }))
        .statusCode,
    ).toBe(403);
  });

  it('imports products from CSV, one row per SKU', async () => {
    const csv = `record_id,product_name,category,sku_code,barcode,sku_name,price_cents,member_prices,store_prices
CSV-P1,桂花糕,点心 Pastry,PST-001,,4 pcs,1290,gold=1150,${store.SH001}=1390
CSV-P1,桂花糕,点心 Pastry,PST-002,,8 pcs,2390,,${store.SH003}=off
`;
    const post = () => t.call(admin, { method: 'POST', url: '/api/v1/pos/products/csv', payload: { csv } });
    expect((await post()).json().results).toEqual([{ id: 'CSV-P1', status: 'applied' }]);
    expect((await post()).json().results).toEqual([{ id: 'CSV-P1', status: 'duplicate' }]);
    const made = await product('PST-002');
    expect(made.skus.map((s: { code: string }) => s.code)).toEqual(['PST-001', 'PST-002']);
    expect(made.skus[0].member_prices).toEqual({ gold: 1150 });
  });
});

describe('POST /api/v1/pos/members', () => {
  const sendMembers = (token: string, records: object[]) =>
    t.call(token, { method: 'POST', url: '/api/v1/pos/members', payload: { records } });
  const lookup = async (memberNo: string) =>
    (await t.call(clerk, { method: 'GET', url: `/api/v1/members?member_no=${memberNo}` })).json()[0];

  it('brings in till members with tier and points once, and updates them under a new record', async () => {
    const records = [
      { id: 'CRM-1', member_no: 'SH-100001', phone: '13700000001', tier: 'silver', points: 820 },
      { id: 'CRM-2', member_no: 'SH-100002', points: 40 },
      { id: 'CRM-3', member_no: 'SH-100003', tier: 'platinum' },
      { id: 'CRM-4', member_no: 'SH-100004', phone: '13900000002' },
    ];
    const first = (await sendMembers(clerk, records)).json().results;
    expect(first).toEqual([
      { id: 'CRM-1', status: 'applied' },
      { id: 'CRM-2', status: 'applied' },
      expect.objectContaining({ id: 'CRM-3', status: 'rejected', code: 'SS_ERR_TIER_UNKNOWN' }),
      expect.objectContaining({ id: 'CRM-4', status: 'rejected', code: 'SS_ERR_MEMBER_TAKEN' }),
    ]);
    const again = (await sendMembers(clerk, records.slice(0, 2))).json().results;
    expect(again.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await lookup('SH-100001')).toMatchObject({
      phone: '13700000001',
      tier: 'silver',
      assigned_tier: 'silver',
      points_balance: 820,
      shopper_id: null,
    });
    // The till says the balance is now 700: the ledger takes 120 off, once.
    const later = { id: 'CRM-1b', member_no: 'SH-100001', points: 700 };
    await sendMembers(clerk, [later]);
    await sendMembers(clerk, [later]);
    expect((await lookup('SH-100001')).points_balance).toBe(700);
  });

  it("earns points for a sale on a member's card, once; a return gives them back; an unknown card moves nothing", async () => {
    const memberNo = 'SH-100002';
    const balance = async () => (await lookup(memberNo)).points_balance as number;
    const stock = await onHand();
    const start = await balance();
    const sale = {
      id: 'TILL-7-0001',
      kind: 'sale',
      store_id: store.SH001,
      reference: 'till 7',
      lines: [{ sku_id: water.sku_id, qty: 2 }],
      member: { member_no: memberNo, spend_cents: 5000 },
    };
    expect((await send(clerk, [sale])).json().results).toEqual([{ id: 'TILL-7-0001', status: 'applied' }]);
    const earned = (await balance()) - start;
    expect(earned).toBeGreaterThanOrEqual(50); // ¥50 at one point per yuan or more
    expect((await send(clerk, [sale])).json().results[0].status).toBe('duplicate');
    expect(await balance()).toBe(start + earned);
    // Half of it brought back: half the points go back too.
    const back = { ...sale, id: 'TILL-7-0002', kind: 'return', lines: [{ sku_id: water.sku_id, qty: 1 }] };
    await send(clerk, [{ ...back, member: { member_no: memberNo, spend_cents: 2500 } }]);
    expect(await balance()).toBe(start + earned - Math.round(earned / 2));
    expect(await onHand()).toBe(stock - 1);
    // A card the brand does not know: the record is refused whole, its stock untouched.
    const unknown = { ...sale, id: 'TILL-7-0003', member: { member_no: 'SH-999999', spend_cents: 100 } };
    const refused = (await send(clerk, [unknown])).json().results[0];
    expect(refused).toMatchObject({ status: 'rejected', code: 'SS_ERR_NOT_FOUND' });
    expect(refused.reason).toMatch(/member_no/);
    expect(await onHand()).toBe(stock - 1);
    // A delivery is not on anybody's card.
    const receipt = { ...sale, id: 'TILL-7-0004', kind: 'receipt' };
    expect((await send(clerk, [receipt])).json().results[0]).toMatchObject({ status: 'rejected' });
    // The same from a till's CSV export.
    const csv = `record_id,kind,store_id,barcode,qty,member_no,spend_cents\nTILL-7-0005,sale,${store.SH001},${water.barcode},1,${memberNo},2500\n`;
    const fromCsv = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/stock-movements/csv',
      payload: { csv },
    });
    expect(fromCsv.json().results).toEqual([{ id: 'TILL-7-0005', status: 'applied' }]);
    expect(await balance()).toBe(start + earned - Math.round(earned / 2) + Math.round(earned / 2));
  });

  it("counts a till sale on a shopper's member card in what campaigns attribute to them", async () => {
    const shopper = await signInShopper(t, 'till-buyer', {});
    const card = (await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/membership' })).json();
    const pushedAt = new Date(Date.now() - 60_000);
    const sale = {
      id: 'TILL-8-0001',
      kind: 'sale',
      store_id: store.SH001,
      lines: [{ sku_id: water.sku_id, qty: 1 }],
      member: { member_no: card.member_no, spend_cents: 300, sold_at: new Date().toISOString() },
    };
    expect((await send(clerk, [sale])).json().results[0].status).toBe('applied');
    const boughtAfter = (scope: { sku_ids?: string[] }, at = pushedAt) =>
      t.db.tenant(tenantId, (tx) =>
        purchasesAfter(tx, new Map([[shopper.id, at]]), 7, { store_ids: [store.SH001!], ...scope }),
      );
    expect(await boughtAfter({})).toEqual([{ shopper_id: shopper.id, orders: 1, spend_cents: 300 }]);
    expect(await boughtAfter({ sku_ids: [water.sku_id] })).toHaveLength(1);
    // Not a purchase of another product, nor one before the campaign's moment.
    expect(await boughtAfter({ sku_ids: [randomUUID()] })).toEqual([]);
    expect(await boughtAfter({}, new Date(Date.now() + 60_000))).toEqual([]);
    // A return naming the sale: the sale counts net of it, and not at all once all of it came back.
    const back = (id: string, cents: number, of_sale?: string) => ({
      id,
      kind: 'return',
      store_id: store.SH001,
      lines: [{ sku_id: water.sku_id, qty: 1 }],
      member: { member_no: card.member_no, spend_cents: cents, ...(of_sale ? { of_sale } : {}) },
    });
    expect((await send(clerk, [back('TILL-8-0002', 100, 'TILL-8-0001')])).json().results[0].status).toBe(
      'applied',
    );
    expect(await boughtAfter({})).toEqual([{ shopper_id: shopper.id, orders: 1, spend_cents: 200 }]);
    // One that names no sale cannot be matched: the sale still counts as it was.
    await send(clerk, [back('TILL-8-0003', 200)]);
    expect(await boughtAfter({})).toEqual([{ shopper_id: shopper.id, orders: 1, spend_cents: 200 }]);
    // The rest of it back, sent from a till's CSV export.
    const csv = `record_id,kind,store_id,barcode,qty,member_no,spend_cents,of_sale\nTILL-8-0004,return,${store.SH001},${water.barcode},1,${card.member_no},200,TILL-8-0001\n`;
    const fromCsv = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/stock-movements/csv',
      payload: { csv },
    });
    expect(fromCsv.json().results).toEqual([{ id: 'TILL-8-0004', status: 'applied' }]);
    expect(await boughtAfter({})).toEqual([]);
    // Only a return names a sale.
    const naming = { ...sale, id: 'TILL-8-0005', member: { ...sale.member, of_sale: 'TILL-8-0001' } };
    expect((await send(clerk, [naming])).json().results[0]).toMatchObject({
      status: 'rejected',
      code: 'SS_ERR_VALIDATION',
      reason: expect.stringMatching(/of_sale/),
    });
  });

  it('imports members from CSV', async () => {
    const csv =
      'record_id,member_no,phone,tier,points\nCSV-M1,SH-200001,13700000009,gold,5100\nCSV-M2,SH-200002,,,\n';
    const response = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/members/csv',
      payload: { csv },
    });
    expect(response.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(await lookup('SH-200001')).toMatchObject({ tier: 'gold', points_balance: 5100 });
    const bad = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/members/csv',
      payload: { csv: 'record_id,member_no,points\nX,SH-1,-5\n' },
    });
    expect(bad.json()).toMatchObject({
      code: 'SS_ERR_VALIDATION',
      field: 'csv',
      message: expect.stringMatching(/line 2/),
    });
  });
});
