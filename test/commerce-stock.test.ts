/**
 * Stock against the real Postgres: parallel reservations never oversell, bundles are checked as
 * summed demand, a payment racing the expiry sweeper settles each reservation once, duplicate
 * keys apply once, the drift checker finds and repairs injected drift, and the outbox reaches
 * MQTT and Redis.
 */
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyStockOperation,
  cachedStock,
  createProduct,
  expireReservations,
  findDrift,
  getReservation,
  type Line,
  reserveStock,
  settleReservation,
  stockLevels,
  stockTopic,
} from '../commerce/index.js';
import { checkStock } from '../commerce/stock/check.js';
import type { Tx } from '../db/pool.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { listStores } from '../stores/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let store: string;
let otherStore: string;
let admin: string;
let counter = 0;

const inTenant = <T>(work: (tx: Tx) => Promise<T>) => t.db.tenant(tenantId, work);

/** A fresh SKU with `units` on the shelf of the first store. */
async function skuWithStock(units: number, extra: { components?: Line[] } = {}): Promise<string> {
  const n = ++counter;
  const product = await inTenant((tx) =>
    createProduct(tx, tenantId, {
      name: `测试商品 ${n}`,
      skus: [
        { code: `T-${n}`, price_cents: 100, ...(extra.components ? { components: extra.components } : {}) },
      ],
    }),
  );
  const sku = product.skus[0]!.id;
  if (units > 0) await receive(sku, units);
  return sku;
}

const receive = (sku: string, units: number, storeId = store) =>
  inTenant((tx) =>
    applyStockOperation(tx, tenantId, {
      key: `receipt:${randomUUID()}`,
      kind: 'receipt',
      lines: [{ store_id: storeId, sku_id: sku, on_hand_delta: units, reserved_delta: 0 }],
    }),
  );

const level = async (sku: string, storeId = store) =>
  (await inTenant((tx) => stockLevels(tx, { store_id: storeId, sku_id: sku })))[0];

const reserve = (lines: Line[], key = randomUUID(), expiresAt = new Date(Date.now() + 900_000)) =>
  inTenant((tx) => reserveStock(tx, tenantId, { key, store_id: store, lines, expires_at: expiresAt }));

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  const stores = await inTenant((tx) => listStores(tx));
  store = stores[0]!.id;
  otherStore = stores[1]!.id;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
});
afterAll(async () => t?.close());

/** The app's pool (10 connections), so parallel work really runs in parallel transactions. */
const app = () => t.app.db;

describe('reservations under concurrency', () => {
  it('lets exactly 10 of 60 parallel buyers reserve the last 10 units', async () => {
    const sku = await skuWithStock(10);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        app().tenant(tenantId, (tx) =>
          reserveStock(tx, tenantId, {
            key: randomUUID(),
            store_id: store,
            lines: [{ sku_id: sku, qty: 1 }],
            expires_at: new Date(Date.now() + 60_000),
          }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refusals = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => (o.reason as { code?: string }).code);
    expect(won).toBe(10);
    expect(new Set(refusals)).toEqual(new Set(['SS_ERR_STOCK_INSUFFICIENT']));
    expect(await level(sku)).toMatchObject({ on_hand: 10, reserved: 10, available: 0 });
  });

  it('does the same over HTTP, answering the losers 409 SS_ERR_STOCK_INSUFFICIENT', async () => {
    const sku = await skuWithStock(10);
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call(admin, {
          method: 'POST',
          url: '/api/v1/stock/reservations',
          headers: { 'idempotency-key': `http-${sku}-${i}` },
          payload: { store_id: store, lines: [{ sku_id: sku, qty: 1 }] },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 409)).toHaveLength(30);
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('SS_ERR_STOCK_INSUFFICIENT');
    // Once the cache shows the shelf empty, new keys are refused from Redis; a winner's retry still replays.
    await expect
      .poll(() => cachedStock(t.app.redis, tenantId, store, sku), { timeout: 5000 })
      .toMatchObject({ available: 0 });
    const winner = codes.indexOf(201);
    const retry = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stock/reservations',
      headers: { 'idempotency-key': `http-${sku}-${winner}` },
      payload: { store_id: store, lines: [{ sku_id: sku, qty: 1 }] },
    });
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(responses[winner]!.json().id);
    const late = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stock/reservations',
      headers: { 'idempotency-key': `http-${sku}-late` },
      payload: { store_id: store, lines: [{ sku_id: sku, qty: 1 }] },
    });
    expect(late.json().code).toBe('SS_ERR_STOCK_INSUFFICIENT');
  });

  it('reserves a bundle and its component against their summed demand', async () => {
    const milk = await skuWithStock(7);
    const bread = await skuWithStock(100);
    const set = await skuWithStock(0, {
      components: [
        { sku_id: milk, qty: 2 },
        { sku_id: bread, qty: 1 },
      ],
    });
    // Each order wants 3 milk (2 in the set, 1 alone): 7 units serve exactly 2 orders.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        app().tenant(tenantId, (tx) =>
          reserveStock(tx, tenantId, {
            key: randomUUID(),
            store_id: store,
            lines: [
              { sku_id: set, qty: 1 },
              { sku_id: milk, qty: 1 },
            ],
            expires_at: new Date(Date.now() + 60_000),
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    expect(await level(milk)).toMatchObject({ on_hand: 7, reserved: 6 });
    expect(await level(bread)).toMatchObject({ on_hand: 100, reserved: 2 });
    const won = outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{
      reservation: { lines: Line[] };
    }>;
    expect(won.value.reservation.lines).toEqual(
      [
        { sku_id: milk, qty: 3 },
        { sku_id: bread, qty: 1 },
      ].sort((a, b) => (a.sku_id < b.sku_id ? -1 : 1)),
    );
  });

  it('reserves all lines or none', async () => {
    const plenty = await skuWithStock(50);
    const scarce = await skuWithStock(1);
    await expect(
      reserve([
        { sku_id: plenty, qty: 5 },
        { sku_id: scarce, qty: 2 },
      ]),
    ).rejects.toMatchObject({ code: 'SS_ERR_STOCK_INSUFFICIENT' });
    expect(await level(plenty)).toMatchObject({ reserved: 0 });
  });

  it('answers 20 parallel retries of one key with one reservation', async () => {
    const sku = await skuWithStock(100);
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        app().tenant(tenantId, (tx) =>
          reserveStock(tx, tenantId, {
            key,
            store_id: store,
            lines: [{ sku_id: sku, qty: 3 }],
            expires_at: new Date(Date.now() + 60_000),
          }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.reservation.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await level(sku)).toMatchObject({ reserved: 3 });
  });
});

describe('settling reservations', () => {
  it('commits (a sale) or releases once, and refuses the other way afterwards', async () => {
    const sku = await skuWithStock(10);
    const paid = (await reserve([{ sku_id: sku, qty: 4 }])).reservation;
    const dropped = (await reserve([{ sku_id: sku, qty: 2 }])).reservation;
    await inTenant((tx) => settleReservation(tx, tenantId, paid.id, 'committed'));
    await inTenant((tx) => settleReservation(tx, tenantId, paid.id, 'committed'));
    await inTenant((tx) => settleReservation(tx, tenantId, dropped.id, 'released'));
    await expect(
      inTenant((tx) => settleReservation(tx, tenantId, paid.id, 'released')),
    ).rejects.toMatchObject({
      code: 'SS_ERR_RESERVATION_SETTLED',
    });
    expect(await level(sku)).toMatchObject({ on_hand: 6, reserved: 0 });
  });

  it('settles each due reservation exactly once when payments race the expiry sweeper', async () => {
    const sku = await skuWithStock(40);
    const past = new Date(Date.now() - 1000);
    const reservations = [];
    for (let i = 0; i < 40; i++)
      reservations.push((await reserve([{ sku_id: sku, qty: 1 }], randomUUID(), past)).reservation);
    const payments = reservations.map((r) =>
      app()
        .tenant(tenantId, (tx) => settleReservation(tx, tenantId, r.id, 'committed'))
        .then(
          () => 'paid',
          (error) => (error as { code: string }).code,
        ),
    );
    const sweeps = Array.from({ length: 4 }, () =>
      app().tenant(tenantId, (tx) => expireReservations(tx, tenantId, new Date(), 10)),
    );
    const [paid, swept] = await Promise.all([Promise.all(payments), Promise.all(sweeps)]);
    // A sweep that ran before some payments leaves them 'paid'; the rest were expired first.
    while (await app().tenant(tenantId, (tx) => expireReservations(tx, tenantId, new Date()))) {}
    const committed = paid.filter((p) => p === 'paid').length;
    const lateRefused = paid.filter((p) => p === 'SS_ERR_RESERVATION_SETTLED').length;
    expect(committed + lateRefused).toBe(40);
    const statuses = await Promise.all(reservations.map((r) => inTenant((tx) => getReservation(tx, r.id))));
    expect(statuses.filter((r) => r!.status === 'committed')).toHaveLength(committed);
    expect(statuses.filter((r) => r!.status === 'expired')).toHaveLength(40 - committed);
    expect(swept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(40 - committed);
    expect(await level(sku)).toMatchObject({ on_hand: 40 - committed, reserved: 0 });
    expect(await inTenant(findDrift)).toEqual([]);
  });
});

describe('the ledger', () => {
  it('applies a movement key once, even when sent twice at the same moment', async () => {
    const sku = await skuWithStock(0);
    const key = `receipt:${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        app().tenant(tenantId, (tx) =>
          applyStockOperation(tx, tenantId, {
            key,
            kind: 'receipt',
            lines: [{ store_id: store, sku_id: sku, on_hand_delta: 12, reserved_delta: 0 }],
          }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(9);
    expect(await level(sku)).toMatchObject({ on_hand: 12 });
  });

  it('transfers between stores in one step, never below what is reserved', async () => {
    const sku = await skuWithStock(10);
    await reserve([{ sku_id: sku, qty: 6 }]);
    const transfer = (qty: number) => ({
      method: 'POST' as const,
      url: '/api/v1/stock/transfers',
      headers: { 'idempotency-key': `transfer-${sku}-${qty}` },
      payload: { from_store_id: store, to_store_id: otherStore, lines: [{ sku_id: sku, qty }] },
    });
    expect((await t.call(admin, transfer(5))).statusCode).toBe(409);
    const moved = await t.call(admin, transfer(4));
    expect(moved.statusCode).toBe(201);
    expect((await t.call(admin, transfer(4))).json()).toMatchObject({ result: 'duplicate' });
    expect(await level(sku)).toMatchObject({ on_hand: 6, reserved: 6 });
    expect(await level(sku, otherStore)).toMatchObject({ on_hand: 4, reserved: 0 });
  });

  it('records POS movements over HTTP with the Idempotency-Key as the ledger key', async () => {
    const sku = await skuWithStock(0);
    const post = (kind: string, qty: number, key: string) =>
      t.call(admin, {
        method: 'POST',
        url: '/api/v1/stock/movements',
        headers: { 'idempotency-key': key },
        payload: { kind, store_id: store, lines: [{ sku_id: sku, qty }], reference: 'POS-1' },
      });
    expect((await post('receipt', 20, `r-${sku}`)).statusCode).toBe(201);
    expect((await post('receipt', 20, `r-${sku}`)).statusCode).toBe(200);
    expect((await post('sale', 3, `s-${sku}`)).statusCode).toBe(201);
    expect((await post('return', 1, `ret-${sku}`)).statusCode).toBe(201);
    expect((await post('adjustment', -2, `adj-${sku}`)).statusCode).toBe(201);
    expect((await post('sale', -2, `bad-${sku}`)).json()).toMatchObject({ code: 'SS_ERR_VALIDATION' });
    expect((await post('sale', 100, `big-${sku}`)).json()).toMatchObject({
      code: 'SS_ERR_STOCK_INSUFFICIENT',
    });
    const missingKey = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stock/movements',
      payload: { kind: 'receipt', store_id: store, lines: [{ sku_id: sku, qty: 1 }] },
    });
    expect(missingKey.statusCode).toBe(400);
    expect(missingKey.json().field).toBe('idempotency-key');
    expect(await level(sku)).toMatchObject({ on_hand: 16, reserved: 0 });
  });

  it('is append-only and its balances keep 0 <= reserved <= on_hand', async () => {
    const sku = await skuWithStock(5);
    await expect(
      inTenant((tx) => tx.query('UPDATE stock_movements SET on_hand_delta = 100')),
    ).rejects.toThrow(/permission denied/);
    await expect(inTenant((tx) => tx.query('DELETE FROM stock_movements'))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      inTenant((tx) => tx.query('UPDATE stock SET reserved = on_hand + 1 WHERE sku_id = $1', [sku])),
    ).rejects.toThrow(/stock_reserved_within_on_hand/);
    await expect(
      inTenant((tx) => tx.query('UPDATE stock SET reserved = -1 WHERE sku_id = $1', [sku])),
    ).rejects.toThrow(/stock_reserved_not_negative/);
  });
});

describe('drift check', () => {
  it('finds a balance that no longer matches the ledger and repairs it from the ledger', async () => {
    const sku = await skuWithStock(8);
    await inTenant((tx) => tx.query('UPDATE stock SET on_hand = on_hand + 5 WHERE sku_id = $1', [sku]));
    const found = (await checkStock(t.db)).find((r) => r.tenant_id === tenantId)!;
    expect(found.drift).toEqual([
      expect.objectContaining({
        sku_id: sku,
        on_hand: 13,
        ledger_on_hand: 8,
        reserved: 0,
        ledger_reserved: 0,
      }),
    ]);
    const repaired = (await checkStock(t.db, { repair: true })).find((r) => r.tenant_id === tenantId)!;
    expect(repaired.repaired).toBe(1);
    expect(await level(sku)).toMatchObject({ on_hand: 8 });
    expect((await checkStock(t.db)).every((r) => r.drift.length === 0)).toBe(true);
  });
});

describe('outbox relay', () => {
  it('publishes a change on ss/{tenant}/{store}/stock/{sku} and into the Redis cache', async () => {
    const sku = await skuWithStock(0);
    const topic = stockTopic({ tenant_id: tenantId, store_id: store, sku_id: sku });
    const client = await mqtt.connectAsync(TEST_MQTT_URL);
    try {
      const received = new Promise<{ on_hand: number; available: number }>((resolve) => {
        client.on('message', (_topic, payload) => {
          const message = JSON.parse(payload.toString());
          if (message.on_hand === 9) resolve(message);
        });
      });
      await client.subscribeAsync(topic, { qos: 1 });
      await receive(sku, 9);
      await reserve([{ sku_id: sku, qty: 2 }]);
      expect(await received).toMatchObject({ sku, on_hand: 9 });
      await expect
        .poll(() => cachedStock(t.app.redis, tenantId, store, sku), { timeout: 5000 })
        .toMatchObject({ on_hand: 9, reserved: 2, available: 7 });
    } finally {
      await client.endAsync();
    }
  });
});
