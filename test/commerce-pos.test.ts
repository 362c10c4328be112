/** POS/ERP batches over HTTP: per-record answers, resent batches change nothing, bad records do not stop good ones. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrift } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

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
    expect(spec.paths['/api/v1/pos/stock-movements'].post).toBeDefined();
    expect(JSON.stringify(spec.components.schemas)).toContain('PosStockMovementRecord');
  });
});
