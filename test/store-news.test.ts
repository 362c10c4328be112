/**
 * Stores' live lines. The orders desk's: a clerk's WebSocket hears when their store's orders are added or change
 * (placed, paid, moved along, whatever path changed them), not another store's, once it is told
 * that it is listening; a clerk of another
 * store is refused; a lost database connection comes back and tells the desk to read again.
 * The stock screen's: told when the store's stock is received, or reserved by an order.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { skuIdsByCode } from '../commerce/catalogue/products.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { listStores } from '../stores/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { LISTENING, liveLine, settled } from './support/news.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let clerk: string;
let shopper: string;
const stores: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  for (const s of await t.db.tenant(tenantId, listStores)) stores[s.code] = s.id;
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  shopper = (await signInShopper(t, 'order-news-shopper')).token;
});

afterAll(async () => {
  await t?.close();
});

const CHANGED = '{"type":"orders_changed"}';

const desk = (storeCode: string, token = clerk) =>
  liveLine(t, `/api/v1/stores/${stores[storeCode]}/orders/live`, token);

async function pickup(storeCode: string): Promise<string> {
  const skus = await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, ['DRK-001']));
  const placed = await t.api(shopper, 'POST', '/orders', {
    type: 'pickup',
    store_id: stores[storeCode],
    lines: [{ sku_id: skus.get('DRK-001'), qty: 1 }],
  });
  expect(placed.statusCode, placed.body).toBe(201);
  return placed.json().id;
}

describe("a store's order news", () => {
  it('tells the desk of an order placed, paid and moved along at its store, once each', async () => {
    const { socket, heard } = await desk('SH001');
    const id = await pickup('SH001');
    await vi.waitFor(() => expect(heard).toEqual([CHANGED]));
    const paid = await t.api(shopper, 'POST', `/orders/${id}/demo-payment`);
    expect(paid.statusCode, paid.body).toBe(200);
    await vi.waitFor(() => expect(heard).toHaveLength(2));
    const moved = await t.api(clerk, 'POST', `/orders/${id}/status`, { to: 'preparing' });
    expect(moved.statusCode, moved.body).toBe(200);
    await vi.waitFor(() => expect(heard).toHaveLength(3));
    await settled();
    // One note per change, not one per statement inside it.
    expect(heard).toHaveLength(3);
    socket.terminate();
  });

  it("says nothing of another store's orders", async () => {
    const { socket, heard } = await desk('SH001');
    const other = await desk('SH002', await t.login('admin@freshmart.demo', DEMO_PASSWORD));
    await pickup('SH002');
    await vi.waitFor(() => expect(other.heard).toHaveLength(1));
    await settled();
    expect(heard).toEqual([]);
    socket.terminate();
    other.socket.terminate();
  });

  it("refuses a clerk another store's desk, a forged token and a plain GET", async () => {
    await expect(desk('SH002')).rejects.toThrow(/403/);
    await expect(desk('SH001', 'forged')).rejects.toThrow(/401/);
    const plain = await t.call(clerk, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/orders/live` });
    expect(plain.statusCode).toBe(426);
  });

  it('comes back after the database connection is lost, and tells the desk to read again', async () => {
    const { socket, heard } = await desk('SH001');
    // As the database's owner would: the app's own role may not end another's connection.
    const owner = new pg.Client({ connectionString: t.database.url });
    await owner.connect();
    const cut = await owner.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN order_news%'`,
    );
    await owner.end();
    expect(cut.rowCount).toBe(1);
    // Whatever changed meanwhile was not heard: the desk is told to read again.
    await vi.waitFor(() => expect(heard).toEqual([LISTENING]), { timeout: 5000 });
    await pickup('SH001');
    await vi.waitFor(() => expect(heard).toEqual([LISTENING, CHANGED]), { timeout: 5000 });
    socket.terminate();
  });
});

describe("a store's stock news", () => {
  it('tells the stock screen of goods received and of units an order holds, not of another store', async () => {
    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const line = (storeCode: string, token = clerk) =>
      liveLine(t, `/api/v1/stores/${stores[storeCode]}/stock/live`, token);
    const here = await line('SH001');
    const there = await line('SH002', await t.login('admin@freshmart.demo', DEMO_PASSWORD));
    const skus = await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, ['SNK-001']));
    const received = await t.api(
      manager,
      'POST',
      '/stock/movements',
      { kind: 'receipt', store_id: stores.SH001, lines: [{ sku_id: skus.get('SNK-001'), qty: 12 }] },
      'news-receipt',
    );
    expect(received.statusCode, received.body).toBe(201);
    await vi.waitFor(() => expect(here.heard).toEqual(['{"type":"stock_changed"}']));
    await pickup('SH001');
    await vi.waitFor(() => expect(here.heard).toHaveLength(2));
    await settled();
    expect(there.heard).toEqual([]);
    here.socket.terminate();
    there.socket.terminate();
  });
});
