/**
 * Products chosen for the shopper, on the real services and the demo chain (maps with product
 * places, catalogue, opening stock): zone popularity ranks what sits at SH001's tills by the
 * store's recent paid sales, leaves out what sold out, shows a gold member their price, falls back
 * to the store's best sellers on arrival, and a products campaign delivers its picks live.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { type OfferToDeliver, offerPayload, onMoment, type TriggerInput } from '../marketing/index.js';
import { deliver } from '../push/index.js';
import {
  type ProductRanker,
  type RankedProduct,
  type RankInput,
  zonePopularity,
} from '../recommender/index.js';
import { loadVenueMap } from '../venues/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let admin: string;
const store: Record<string, string> = {};
const sku: Record<string, string> = {};
let tills: string;
let buyer: { id: string; token: string };
let gold: { id: string; token: string };

const shopper = (code: string) => signInShopper(t, code);

async function order(who: { token: string }, storeCode: string, lines: Record<string, number>, pay = true) {
  const created = await t.call(who.token, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: {
      type: 'pickup',
      store_id: store[storeCode],
      lines: Object.entries(lines).map(([code, qty]) => ({ sku_id: sku[code], qty })),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  if (pay) {
    const paid = await t.call(who.token, {
      method: 'POST',
      url: `/api/v1/orders/${created.json().id}/demo-payment`,
    });
    expect(paid.json().status).toBe('paid');
  }
}

const rank = (input: Omit<RankInput, 'tenantId' | 'now'>) =>
  t.db.tenant(tenantId, (tx) => zonePopularity().rank(tx, { tenantId, now: new Date(), ...input }));
const picked = (products: RankedProduct[]) => products.map((p) => [p.code, p.reason]);

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    store[s.code] = s.id;
  const { rows } = await t.db.tenant(tenantId, (tx) =>
    tx.query<{ code: string; id: string }>('SELECT code, id FROM catalogue_skus'),
  );
  for (const r of rows) sku[r.code] = r.id;
  const map = await t.db.tenant(tenantId, (tx) => loadVenueMap(tx, store.SH001!));
  tills = map.features.find((f) => f.kind === 'zone' && f.name === 'Tills')!.id;

  buyer = await shopper('recommender-buyer');
  gold = await shopper('recommender-gold');
  const [member] = (
    await t.call(admin, { method: 'GET', url: `/api/v1/members?shopper_id=${gold.id}` })
  ).json();
  const assigned = await t.call(admin, {
    method: 'PATCH',
    url: `/api/v1/members/${member.id}`,
    payload: { assigned_tier: 'gold' },
  });
  expect(assigned.json().tier).toBe('gold');

  // SH001's tills have the fresh produce FRS-001…006 within 3 m. Eggs (FRS-003, 5 on the shelf)
  // sell out; an order left unpaid is no sale; sparkling water (DRK-003) and the breakfast bundle
  // (SET-001, stocked as its milk and loaf) sell away from the tills.
  await order(buyer, 'SH001', { 'FRS-003': 5, 'FRS-005': 4, 'FRS-002': 2 });
  await order(buyer, 'SH001', { 'FRS-004': 2, 'DRK-003': 1, 'SET-001': 1 });
  await order(buyer, 'SH001', { 'FRS-006': 9 }, false);
});
afterAll(async () => t?.close());

describe('zone popularity', () => {
  it('ranks the products at the zone by paid sales, leaving out the sold-out one', async () => {
    const products = await rank({ storeId: store.SH001!, shopperId: buyer.id, zoneId: tills, count: 3 });
    expect(picked(products)).toEqual([
      ['FRS-005', 'popular_in_zone'],
      ['FRS-002', 'popular_in_zone'],
      ['FRS-004', 'popular_in_zone'],
    ]);
    expect(products[0]).toMatchObject({
      sku_id: sku['FRS-005'],
      name: '西红柿 500g',
      price_cents: 690,
      member_price_cents: null,
      place: { level: 0 },
    });
    expect(products[0]!.place!.shelf).toEqual(expect.any(String));
  });

  it("fills up with unsold zone products, then the store's best sellers, each once, with a gold member's price", async () => {
    const products = await rank({ storeId: store.SH001!, shopperId: gold.id, zoneId: tills, count: 10 });
    expect(picked(products)).toEqual([
      ['FRS-005', 'popular_in_zone'],
      ['FRS-002', 'popular_in_zone'],
      ['FRS-004', 'popular_in_zone'],
      ['FRS-001', 'in_zone'],
      ['FRS-006', 'in_zone'],
      ['DRK-003', 'popular_in_store'],
      ['SET-001', 'popular_in_store'],
    ]);
    const apples = products.find((p) => p.code === 'FRS-001')!;
    expect(apples).toMatchObject({ price_cents: 1290, member_price_cents: 1090 });
    expect(products.find((p) => p.code === 'DRK-003')).toMatchObject({
      price_cents: 550,
      member_price_cents: 500,
    });
    const plain = await rank({ storeId: store.SH001!, shopperId: buyer.id, zoneId: tills, count: 10 });
    expect(plain.find((p) => p.code === 'FRS-001')!.member_price_cents).toBeNull();
  });

  it("offers the store's best sellers on arrival, and nothing in a store without sales", async () => {
    const products = await rank({ storeId: store.SH001!, shopperId: buyer.id, count: 3 });
    expect(picked(products)).toEqual([
      ['FRS-005', 'popular_in_store'],
      ['FRS-002', 'popular_in_store'],
      ['FRS-004', 'popular_in_store'],
    ]);
    expect(await rank({ storeId: store.SH003!, shopperId: buyer.id, count: 3 })).toEqual([]);
    // An unknown zone has no products of its own: the store's best sellers stand in.
    const unknown = await rank({
      storeId: store.SH001!,
      shopperId: buyer.id,
      zoneId: 'no-such-zone',
      count: 1,
    });
    expect(picked(unknown)).toEqual([['FRS-005', 'popular_in_store']]);
  });
});

describe('sales figures', () => {
  it('are reused for a minute per store, then read again', async () => {
    const ranker = zonePopularity();
    const now = new Date();
    const at = (when: Date) =>
      t.db.tenant(tenantId, (tx) =>
        ranker.rank(tx, { tenantId, storeId: store.SH002!, shopperId: buyer.id, count: 3, now: when }),
      );
    expect(await at(now)).toEqual([]);
    await order(buyer, 'SH002', { 'FRS-001': 1 });
    expect(await at(now)).toEqual([]);
    expect(picked(await at(new Date(now.getTime() + 61_000)))).toEqual([['FRS-001', 'popular_in_store']]);
  });
});

describe('a products campaign', () => {
  // The demo's own campaigns would decide for the same shoppers too outside their quiet hours, and take
  // their daily pushes: what these tests see would then depend on the time of day.
  beforeAll(async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const demo = (await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns' })).json();
    for (const campaign of demo as { id: string }[]) {
      const ended = await t.call(marketer, {
        method: 'POST',
        url: `/api/v1/campaigns/${campaign.id}/status`,
        payload: { status: 'ended' },
      });
      expect(ended.statusCode, ended.body).toBe(200);
    }
  });
  const marketerBody = (overrides: object) => ({
    name: 'Fresh at the tills',
    store_ids: [store.SH001],
    trigger: { kind: 'zone_dwell', zones: [tills], min_dwell_s: 20 },
    schedule: { starts_at: '2026-01-01T00:00:00+08:00', ends_at: '2027-12-31T00:00:00+08:00' },
    caps: { per_shopper: 1, window_h: 24 },
    offer: { kind: 'products', title: 'Fresh picks for you', count: 2 },
    budget_total: 10,
    ...overrides,
  });
  async function activate(body: object): Promise<string> {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const created = await t.call(marketer, { method: 'POST', url: '/api/v1/campaigns', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${id}/status`,
      payload: { status: 'scheduled' },
    });
    return id;
  }
  const moment = (who: string, storeId: string, zone?: string): TriggerInput => ({
    tenantId,
    shopperId: who,
    storeId,
    timezone: 'Asia/Shanghai',
    moment: zone
      ? { kind: 'zone_dwell', store_id: storeId, zone, dwell_s: 30, at: new Date() }
      : { kind: 'store_arrival', store_id: storeId, at: new Date() },
    eventKey: `recommender:${who}:${storeId}:${zone ?? 'arrival'}`,
    visitsBefore: 1,
  });

  it('delivers its picks on the live topic, in the delivery log, and names them within WeChat limits', async () => {
    const campaignId = await activate(marketerBody({}));
    const phone = await mqtt.connectAsync(TEST_MQTT_URL);
    const topic = (await t.call(gold.token, { method: 'GET', url: '/api/v1/me/offers' })).json().topic;
    const heard = new Promise<{ title: string; body: string; products: RankedProduct[] }>((resolve) =>
      phone.on('message', (_topic, payload) => resolve(JSON.parse(payload.toString()))),
    );
    await phone.subscribeAsync(topic, { qos: 1 });

    // Zone popularity by name: the campaigns' default is now the ranking model (test/recommender-model.test.ts).
    const offers = await t.db.tenant(tenantId, (tx) =>
      onMoment(tx, moment(gold.id, store.SH001!, tills), { ranker: zonePopularity() }),
    );
    const offer = offers.find((o) => o.campaignId === campaignId) as OfferToDeliver;
    expect(picked(offer.products!)).toEqual([
      ['FRS-005', 'popular_in_zone'],
      ['FRS-002', 'popular_in_zone'],
    ]);
    expect(offer.body).toBe('西红柿 500g, 海南香蕉 1kg');
    expect([...offer.body].length).toBeLessThanOrEqual(20);
    await deliver(
      t.db,
      { publish: async (tp, m) => void (await t.app.mqtt.publishAsync(tp, m, { qos: 1 })) },
      { ...offer, payload: offerPayload(offer) },
    );
    const message = await heard;
    await phone.endAsync();
    expect(message.title).toBe('Fresh picks for you');
    expect(message.products.map((p) => p.code)).toEqual(['FRS-005', 'FRS-002']);

    const { rows } = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ payload: { products: RankedProduct[] } }>(
        "SELECT payload FROM push_deliveries WHERE source_key = $1 AND channel = 'live'",
        [offer.sourceKey],
      ),
    );
    expect(rows[0]!.payload.products.map((p) => p.sku_id)).toEqual([sku['FRS-005'], sku['FRS-002']]);
    // The app's list of offers carries the picks whole, as the OpenAPI describes them.
    const listed = (await t.call(gold.token, { method: 'GET', url: '/api/v1/me/offers' })).json();
    const mine = listed.offers.find(
      (o: { payload: { campaign_id?: string } }) => o.payload.campaign_id === campaignId,
    );
    expect(mine.payload).toMatchObject({ kind: 'campaign_offer', body: offer.body });
    expect(mine.payload.products).toEqual(message.products);
    const docs = (await t.call(undefined, { method: 'GET', url: '/docs/json' })).json();
    expect(JSON.stringify(docs.components.schemas.DeliveredOffer)).toContain('member_price_cents');
  });

  it('asks the ranker it is given, so another ranking can replace zone popularity', async () => {
    const campaignId = await activate(
      marketerBody({ name: 'Model picks', offer: { kind: 'products', title: 'For you' } }),
    );
    const asked: RankInput[] = [];
    const model: ProductRanker = {
      async rank(_tx, input) {
        asked.push(input);
        return [
          {
            ...(await rank({ storeId: input.storeId, shopperId: input.shopperId, count: 1 }))[0]!,
            reason: 'popular_in_store',
          },
        ];
      },
    };
    const offers = await t.db.tenant(tenantId, (tx) =>
      onMoment(tx, moment(buyer.id, store.SH001!, tills), { ranker: model }),
    );
    // Every products campaign of the moment asked it (this one for its default count of 3).
    expect(asked.length).toBeGreaterThan(0);
    for (const input of asked) expect(input).toMatchObject({ shopperId: buyer.id, zoneId: tills });
    expect(asked.map((input) => input.count)).toContain(3);
    const offer = offers.find((o) => o.campaignId === campaignId)!;
    expect(picked(offer.products!)).toEqual([['FRS-005', 'popular_in_store']]);
  });

  it('is skipped, with its reason and without spending budget, when there is nothing to show', async () => {
    const campaignId = await activate(
      marketerBody({ name: 'Welcome picks', store_ids: [store.SH003], trigger: { kind: 'store_arrival' } }),
    );
    const offers = await t.db.tenant(tenantId, (tx) => onMoment(tx, moment(buyer.id, store.SH003!)));
    expect(offers.filter((o) => o.campaignId === campaignId)).toEqual([]);
    const report = (
      await t.call(admin, { method: 'GET', url: `/api/v1/campaigns/${campaignId}/report` })
    ).json();
    expect(report.skips.no_products).toBe(1);
    const { rows } = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ budget_used: number }>('SELECT budget_used FROM campaigns WHERE id = $1', [campaignId]),
    );
    expect(rows[0]!.budget_used).toBe(0);
  });
});

describe('what the tills sold', () => {
  it("makes a store's best sellers too, less what was brought back", async () => {
    const till = (id: string, kind: string, lines: Record<string, number>) => ({
      id,
      kind,
      store_id: store.SH002,
      lines: Object.entries(lines).map(([code, qty]) => ({ sku_id: sku[code], qty })),
    });
    const sent = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/pos/stock-movements',
      payload: {
        records: [
          till('DELIVERY-9', 'receipt', { 'FRS-001': 20, 'FRS-002': 20 }),
          till('TILL-9-1', 'sale', { 'FRS-001': 2, 'FRS-002': 5 }),
          till('TILL-9-2', 'return', { 'FRS-002': 4 }),
        ],
      },
    });
    expect(sent.json().results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    // Online, FRS-001 sold 1 here (the sales figures' test); at the tills 2 more. FRS-002: 5 sold at a
    // till, 4 brought back. The delivery is not a sale.
    expect(picked(await rank({ storeId: store.SH002!, shopperId: buyer.id, count: 3 }))).toEqual([
      ['FRS-001', 'popular_in_store'],
      ['FRS-002', 'popular_in_store'],
    ]);
  });
});
