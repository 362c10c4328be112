/**
 * The ONNX ranker on the real services and the demo chain, with the shipped model
 * (models/offer-ranker.onnx): only what the store can sell, each once, at the shopper's member price,
 * for them ("for_you"); a shopper's repeat purchase and the zone's products above unrelated ones; the
 * cart the shopper keeps for the store weighed;
 * zone popularity answering instead when the model file is missing, for a stranger and in a store
 * that sold nothing lately.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableUnits } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import {
  onnxRanker,
  type ProductRanker,
  type RankedProduct,
  type RankInput,
  zonePopularity,
} from '../recommender/index.js';
import { loadVenueMap } from '../venues/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
const store: Record<string, string> = {};
const sku: Record<string, string> = {};
let tills: string;
let regular: { id: string; token: string };
let gold: { id: string; token: string };
const model = onnxRanker();

async function order(who: { token: string }, lines: Record<string, number>) {
  const created = await t.call(who.token, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: {
      type: 'pickup',
      store_id: store.SH001,
      lines: Object.entries(lines).map(([code, qty]) => ({ sku_id: sku[code], qty })),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const paid = await t.call(who.token, {
    method: 'POST',
    url: `/api/v1/orders/${created.json().id}/demo-payment`,
  });
  expect(paid.json().status).toBe('paid');
}

/**
 * The model reads the hour of the moment: ranked at the wall clock, the test's order turned on when it
 * ran (at 21:00 in Shanghai the fresh produce fell below the household products). It ranks at the next
 * 15:00 in Shanghai instead, after the sales the test makes, within a day of them.
 */
function nextAfternoon(): Date {
  const at = new Date();
  at.setUTCHours(7, 0, 0, 0); // 15:00 in Shanghai (UTC+8, no summer time)
  if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

const rank = (ranker: ProductRanker, input: Omit<RankInput, 'tenantId' | 'now'>) =>
  t.db.tenant(tenantId, (tx) => ranker.rank(tx, { tenantId, now: nextAfternoon(), ...input }));
const codes = (products: RankedProduct[]) => products.map((p) => p.code);

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    store[s.code] = s.id;
  const { rows } = await t.db.tenant(tenantId, (tx) =>
    tx.query<{ code: string; id: string }>('SELECT code, id FROM catalogue_skus'),
  );
  for (const r of rows) sku[r.code] = r.id;
  const map = await t.db.tenant(tenantId, (tx) => loadVenueMap(tx, store.SH001!));
  tills = map.features.find((f) => f.kind === 'zone' && f.name === 'Tills')!.id;

  regular = await signInShopper(t, 'model-regular');
  gold = await signInShopper(t, 'model-gold');
  const [member] = (
    await t.call(admin, { method: 'GET', url: `/api/v1/members?shopper_id=${gold.id}` })
  ).json();
  await t.call(admin, {
    method: 'PATCH',
    url: `/api/v1/members/${member.id}`,
    payload: { assigned_tier: 'gold' },
  });

  // The regular comes back for sparkling water (DRK-003), far from the tills, three times; the store
  // sells some of everything else once, and its eggs (FRS-003, 5 on the shelf) sell out.
  for (let n = 0; n < 3; n++) await order(regular, { 'DRK-003': 1 });
  await order(gold, { 'FRS-003': 5, 'DRK-001': 1, 'SNK-001': 1, 'STP-001': 1, 'HSH-001': 1, 'DRY-001': 1 });
});
afterAll(async () => t?.close());

describe('the ONNX ranker', () => {
  it('offers only what the store can sell now, each once, for this shopper, at their member price', async () => {
    const products = await rank(model, {
      storeId: store.SH001!,
      shopperId: gold.id,
      zoneId: tills,
      count: 12,
    });
    expect(products).toHaveLength(12);
    expect(new Set(codes(products)).size).toBe(12);
    expect(codes(products)).not.toContain('FRS-003');
    const stock = await t.db.tenant(tenantId, (tx) =>
      availableUnits(
        tx,
        store.SH001!,
        products.map((p) => p.sku_id),
      ),
    );
    for (const p of products) expect(stock.get(p.sku_id)).toBeGreaterThan(0);
    expect(products.every((p) => p.reason === 'for_you')).toBe(true);
    // The gold price is what zone popularity shows the same shopper for the same product.
    const reference = await rank(zonePopularity(), {
      storeId: store.SH001!,
      shopperId: gold.id,
      zoneId: tills,
      count: 40,
    });
    for (const p of products) {
      const same = reference.find((r) => r.sku_id === p.sku_id);
      if (same) expect(p).toEqual({ ...same, reason: 'for_you' });
    }
    const apples = (await rank(model, { storeId: store.SH001!, shopperId: gold.id, count: 40 })).find(
      (p) => p.code === 'FRS-001',
    );
    expect(apples).toMatchObject({ price_cents: 1290, member_price_cents: 1090 });
  });

  it("ranks the shopper's repeat purchase and the zone's products above unrelated ones", async () => {
    const all = codes(
      await rank(model, { storeId: store.SH001!, shopperId: regular.id, zoneId: tills, count: 100 }),
    );
    const at = (code: string) => all.indexOf(code);
    // Household products: neither bought by the regular, nor at the tills, nor sold lately (but HSH-001).
    const unrelated = ['HSH-002', 'HSH-003', 'HSH-004'].map(at);
    expect(Math.min(...unrelated)).toBeGreaterThan(-1);
    expect(at('DRK-003')).toBeLessThan(Math.min(...unrelated));
    // The fresh produce at the tills (FRS-001, -002, -004 … unsold, like the household products).
    for (const code of ['FRS-001', 'FRS-002', 'FRS-004'])
      expect(at(code)).toBeLessThan(Math.min(...unrelated));
    expect(all.indexOf('DRK-003')).toBeLessThan(5);
  });

  it('weighs the cart the shopper keeps for this store, and not one kept for another store', async () => {
    const ranked = async () =>
      codes(await rank(model, { storeId: store.SH001!, shopperId: regular.id, zoneId: tills, count: 100 }));
    const keep = async (storeCode: string | null, lines: Record<string, number>) => {
      const kept = await t.call(regular.token, {
        method: 'PUT',
        url: '/api/v1/me/cart',
        payload: {
          store_id: storeCode && store[storeCode],
          lines: Object.entries(lines).map(([code, qty]) => ({ sku_id: sku[code], qty })),
        },
      });
      expect(kept.statusCode, kept.body).toBe(200);
    };
    const without = await ranked();
    const basket = { 'DRY-001': 2, 'DRY-002': 1, 'FRS-001': 3 };
    await keep('SH002', basket);
    expect(await ranked()).toEqual(without);
    await keep('SH001', basket);
    const withCart = await ranked();
    expect(withCart).not.toEqual(without);
    expect([...withCart].sort()).toEqual([...without].sort());
    await keep(null, {});
    expect(await ranked()).toEqual(without);
  });

  it('answers as zone popularity when the model file is missing, saying so once', async () => {
    const said: string[] = [];
    const missing = onnxRanker({ modelPath: '/nowhere/offer-ranker.onnx', warn: (line) => said.push(line) });
    const input = { storeId: store.SH001!, shopperId: gold.id, zoneId: tills, count: 5 };
    const expected = await rank(zonePopularity(), input);
    expect(await rank(missing, input)).toEqual(expected);
    expect(await rank(missing, input)).toEqual(expected);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('/nowhere/offer-ranker.onnx');
  });

  it('answers as zone popularity for a shopper the brand does not know, and in a store without sales', async () => {
    const stranger = { storeId: store.SH001!, shopperId: randomUUID(), zoneId: tills, count: 5 };
    expect(await rank(model, stranger)).toEqual(await rank(zonePopularity(), stranger));
    expect(await rank(model, { storeId: store.SH003!, shopperId: gold.id, count: 3 })).toEqual([]);
  });
});
