/**
 * Stored Idempotency-Key answers expire: the cleanup forgets old ones, and then the key is new again;
 * a key is the caller's for one route on one thing: the same key and body for another store creates there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetExpiredIdempotency } from '../commerce/index.js';
import { seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let shopper: string;
let order: object;
let admin: string;
let storeIds: string[];

const stored = async () =>
  t.db.tenant(tenantId, async (tx) => {
    const { rows } = await tx.query<{ key: string }>('SELECT key FROM commerce_idempotency ORDER BY key');
    return rows.map((r) => r.key);
  });

beforeAll(async () => {
  t = await startTestApp({ IDEMPOTENCY_TTL_S: '3600' });
  tenantId = (await seedDemo(t.db)).tenantId;
  const session = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/auth/wechat',
    payload: { tenant: 'freshmart', code: 'idempotency-shopper' },
  });
  shopper = session.json().token;
  admin = await t.login('admin@freshmart.demo', 'freshmart-demo');
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  storeIds = stores.map((s: { id: string }) => s.id);
  const hit = (await t.call(shopper, { method: 'GET', url: '/api/v1/catalogue/search?q=DRK-002' })).json()[0];
  order = { type: 'pickup', store_id: stores[0].id, lines: [{ sku_id: hit.sku_id, qty: 1 }] };
});
afterAll(async () => t?.close());

const place = (key: string) =>
  t.call(shopper, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: order,
    headers: { 'idempotency-key': key },
  });

describe('Idempotency-Key answers', () => {
  it('are kept for the configured time, then forgotten by the cleanup, after which the key is new', async () => {
    const first = await place('old-key');
    await place('fresh-key');
    expect(await stored()).toEqual(['fresh-key', 'old-key']);
    // The first answer was stored two hours ago; the fresh one a moment ago.
    await t.db.tenant(tenantId, (tx) =>
      tx.query(
        "UPDATE commerce_idempotency SET created_at = now() - interval '2 hours' WHERE key = 'old-key'",
      ),
    );
    expect(await forgetExpiredIdempotency(t.app)).toBe(1);
    expect(await stored()).toEqual(['fresh-key']);
    expect(await forgetExpiredIdempotency(t.app)).toBe(0);
    expect((await place('fresh-key')).headers['idempotent-replayed']).toBe('true');
    const retried = await place('old-key');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.json().id).not.toBe(first.json().id);
  });

  it("are one thing's: the same key and body sent for another store create a counter there, not the first one's answer", async () => {
    const add = (storeId: string) =>
      t.call(admin, {
        method: 'POST',
        url: `/api/v1/stores/${storeId}/counters`,
        payload: { name: 'Returns desk' },
        headers: { 'idempotency-key': 'counter-returns' },
      });
    const first = await add(storeIds[0]!);
    expect(first.statusCode, first.body).toBe(201);
    const again = await add(storeIds[0]!);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = await add(storeIds[1]!);
    expect(other.statusCode, other.body).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json()).toMatchObject({ store_id: storeIds[1], name: 'Returns desk' });
    expect(other.json().id).not.toBe(first.json().id);
  });
});
