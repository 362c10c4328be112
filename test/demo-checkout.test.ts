/**
 * The live demo's shoppers on their way out (scripts/demo-checkout.ts): they open the offers pushed
 * during their visit and buy through the shoppers' API, so the demo's days and campaign reports have
 * purchases; with a fixed dice, each way it can go. And the demo's coffee counter, end to end: a shopper
 * lingering there gets the coffee coupon, buys a coffee with it, and the campaign's report counts that
 * coffee, not other purchases, against its holdout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { inHoldout, listCampaigns, offerPayload, onMoment } from '../marketing/index.js';
import { deliver } from '../push/index.js';
import { demoCheckout } from '../scripts/demo-checkout.js';
import { loadVenueMap, replaceVenueMap } from '../venues/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let storeId: string;
let stores: { id: string; code: string }[];

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s) => s.code === 'SH001')!.id;
});
afterAll(async () => t?.close());

const ordersOf = async (token: string) =>
  (await t.call(token, { method: 'GET', url: '/api/v1/orders' })).json() as {
    status: string;
    store_id: string;
    lines: { sku_id: string }[];
  }[];

describe('a demo shopper checking out', () => {
  it('buys and pays at the store when the dice say so, and leaves empty-handed when not', async () => {
    const buyer = await signInShopper(t, 'demo-checkout-buyer');
    expect(await demoCheckout(t.app, { tenantId, storeId })(buyer.token, Date.now(), () => 0)).toBe('bought');
    expect(await ordersOf(buyer.token)).toMatchObject([{ status: 'paid', store_id: storeId }]);

    const browser = await signInShopper(t, 'demo-checkout-browser');
    expect(await demoCheckout(t.app, { tenantId, storeId })(browser.token, Date.now(), () => 0.99)).toBe(
      'left',
    );
    expect(await ordersOf(browser.token)).toEqual([]);
  });

  it('opens an offer pushed during the visit, and only such a one', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const created = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: {
        name: 'Demo checkout latte',
        store_ids: [storeId],
        trigger: { kind: 'store_arrival' },
        schedule: { starts_at: '2026-01-01T00:00:00+08:00', ends_at: '2030-01-01T00:00:00+08:00' },
        caps: { per_shopper: 5, window_h: 24 },
        offer: { kind: 'coupon', title: 'Latte ¥5 off', discount_cents: 500, min_spend_cents: 1500 },
        budget_total: 10,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    await t.call(marketer, {
      method: 'POST',
      url: `/api/v1/campaigns/${created.json().id}/status`,
      payload: { status: 'scheduled' },
    });
    const shopper = await signInShopper(t, 'demo-checkout-offered');
    const arrived = new Date();
    const offers = await t.db.tenant(tenantId, (tx) =>
      onMoment(tx, {
        tenantId,
        shopperId: shopper.id,
        storeId,
        timezone: 'Asia/Shanghai',
        moment: { kind: 'store_arrival', store_id: storeId, at: arrived },
        eventKey: `demo-checkout:${shopper.id}`,
        visitsBefore: 0,
      }),
    );
    // The demo's own arrival campaigns may answer too: the test's offer is the one from its campaign.
    const offer = offers.find((o) => o.campaignId === created.json().id);
    expect(offer).toBeDefined();
    const channels = { publish: async () => {} };
    for (const o of offers) await deliver(t.db, channels, { ...o, payload: offerPayload(o) });

    // A visit that began after the offer was sent does not open it.
    const later = demoCheckout(t.app, { tenantId, storeId });
    expect(await later(shopper.token, arrived.getTime() + 60_000, () => 0.99)).toBe('left');
    const mine = async () =>
      (await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/offers' })).json().offers as {
        opened_at: string | null;
      }[];
    expect((await mine()).every((o) => o.opened_at === null)).toBe(true);
    // The visit it was sent in opens it, and buys.
    expect(await demoCheckout(t.app, { tenantId, storeId })(shopper.token, arrived.getTime(), () => 0)).toBe(
      'bought',
    );
    expect((await mine()).every((o) => o.opened_at !== null)).toBe(true);
    expect(await ordersOf(shopper.token)).toMatchObject([{ status: 'paid' }]);
  });
});

describe("the demo's coffee counter", () => {
  interface Campaign {
    id: string;
    name: string;
    status: string;
    store_ids: string[];
    trigger: { kind: string; zones: string[]; min_dwell_s: number };
    offer: { kind: string };
    holdout: number;
    attribution: { sku_ids: string[]; category_ids: string[] };
  }
  const zonesNamed = async (token: string, id: string, name: string) =>
    (await t.call(token, { method: 'GET', url: `/api/v1/stores/${id}/map` }))
      .json()
      .map.features.filter((f: { kind: string; name: string }) => f.kind === 'zone' && f.name === name)
      .map((f: { id: string }) => f.id) as string[];
  /** Noon in Shanghai before now: outside the demo campaigns' quiet hours, and before the orders. */
  const noon = () => {
    const at = new Date();
    at.setUTCHours(4, 0, 0, 0);
    if (at.getTime() > Date.now()) at.setUTCDate(at.getUTCDate() - 1);
    return at;
  };
  const dwellAtCounter = (shopperId: string, zone: string, at: Date) =>
    t.db.tenant(tenantId, (tx) =>
      onMoment(tx, {
        tenantId,
        shopperId,
        storeId,
        timezone: 'Asia/Shanghai',
        moment: { kind: 'zone_dwell', store_id: storeId, zone, dwell_s: 15, at },
        eventKey: `coffee-counter:${shopperId}`,
        visitsBefore: 1,
      }),
    );

  it('is a zone of the store with the coffee_counter service only, where a coupon judged by coffee sold fires', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    for (const store of stores)
      expect(await zonesNamed(marketer, store.id, 'Coffee counter')).toHaveLength(
        store.code === 'SH001' ? 1 : 0,
      );
    const [counter] = await zonesNamed(marketer, storeId, 'Coffee counter');
    const campaigns = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns' })
    ).json() as Campaign[];
    const coffee = campaigns.find((c) => c.name === 'Coffee at the counter');
    const categories = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/catalogue/categories' })
    ).json();
    const category = categories.find((c: { name: string }) => c.name === '咖啡 Coffee');
    expect(coffee).toMatchObject({
      status: expect.stringMatching(/^(scheduled|active)$/),
      store_ids: [storeId],
      trigger: { kind: 'zone_dwell', zones: [counter] },
      offer: { kind: 'coupon' },
      holdout: 0.2,
      attribution: { sku_ids: [], category_ids: [category.id] },
    });
    expect(coffee!.trigger.min_dwell_s).toBeGreaterThanOrEqual(10);
    // Sold where the counter is, not in the other stores.
    const search = async (id: string) =>
      (
        await t.call(marketer, {
          method: 'GET',
          url: `/api/v1/catalogue/search?q=咖啡&store_id=${id}&limit=20`,
        })
      ).json() as { category_id: string }[];
    expect((await search(storeId)).filter((h) => h.category_id === category.id)).toHaveLength(3);
    for (const store of stores.filter((s) => s.id !== storeId))
      expect((await search(store.id)).filter((h) => h.category_id === category.id)).toEqual([]);
  });

  it('gives a shopper lingering there the coupon; the coffee they buy with it is in the report, other purchases not', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const [counter] = await zonesNamed(marketer, storeId, 'Coffee counter');
    const campaigns = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns' })
    ).json() as Campaign[];
    const coffee = campaigns.find((c) => c.name === 'Coffee at the counter')!;
    const categories = (
      await t.call(marketer, { method: 'GET', url: '/api/v1/catalogue/categories' })
    ).json();
    const category = categories.find((c: { name: string }) => c.name === '咖啡 Coffee').id as string;
    // Shoppers of each group: the holdout is drawn from the campaign and the shopper.
    const group = async (heldOut: boolean, n: number) => {
      const found: { id: string; token: string }[] = [];
      for (let i = 0; found.length < n; i++) {
        const shopper = await signInShopper(t, `coffee-${heldOut ? 'held' : 'got'}-${i}`);
        if (inHoldout(coffee.id, shopper.id, coffee.holdout) === heldOut) found.push(shopper);
      }
      return found;
    };
    const [drinker, other] = await group(false, 2);
    const [held] = await group(true, 1);
    const at = noon();
    const channels = { publish: async () => {} };
    for (const shopper of [drinker!, other!, held!]) {
      const offers = await dwellAtCounter(shopper.id, counter!, at);
      for (const o of offers) await deliver(t.db, channels, { ...o, payload: offerPayload(o) });
      expect(offers.some((o) => o.campaignId === coffee.id)).toBe(shopper !== held);
    }

    // On the way out the one who got it opens it and buys a coffee with the coupon.
    expect(await demoCheckout(t.app, { tenantId, storeId })(drinker!.token, at.getTime(), () => 0)).toBe(
      'bought',
    );
    const [order] = await ordersOf(drinker!.token);
    const search = (
      await t.call(drinker!.token, {
        method: 'GET',
        url: `/api/v1/catalogue/search?q=咖啡&store_id=${storeId}`,
      })
    ).json() as { sku_id: string; category_id: string }[];
    const coffees = new Set(search.filter((h) => h.category_id === category).map((h) => h.sku_id));
    expect(order!.lines.some((l) => coffees.has(l.sku_id))).toBe(true);
    // The other buys water, not coffee: a purchase, but not one the coffee campaign sold.
    const water = (
      await t.call(other!.token, {
        method: 'GET',
        url: `/api/v1/catalogue/search?q=农夫山泉&store_id=${storeId}`,
      })
    ).json()[0].sku_id;
    const bought = await t.call(other!.token, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { type: 'pickup', store_id: storeId, lines: [{ sku_id: water, qty: 1 }] },
    });
    expect(bought.statusCode, bought.body).toBe(201);
    const paid = await t.call(other!.token, {
      method: 'POST',
      url: `/api/v1/orders/${bought.json().id}/demo-payment`,
    });
    expect(paid.statusCode, paid.body).toBe(200);

    const report = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${coffee.id}/report` })
    ).json();
    expect(report.triggers).toMatchObject({ push: 2, holdout: 1 });
    expect(report.coupons).toEqual({ issued: 2, redeemed: 1 });
    expect(report.attributed.treated).toMatchObject({ shoppers: 2, buyers: 1, orders: 1 });
    expect(report.attributed.holdout).toMatchObject({ shoppers: 1, buyers: 0 });
    expect(report.lift).toMatchObject({ treated_rate: 0.5, holdout_rate: 0, difference: 0.5 });
    expect(report.lift.measure).toContain('with the chosen products');
    // Asked about the water instead, the other's purchase counts.
    const asked = await t.call(marketer, {
      method: 'GET',
      url: `/api/v1/campaigns/${coffee.id}/report?sku_id=${water}`,
    });
    const drinkerWater = order!.lines.some((l) => l.sku_id === water) ? 1 : 0;
    expect(asked.json().attributed.treated).toMatchObject({ buyers: 1 + drinkerWater });
  });
});

describe('a demo seeded before the coffee counter', () => {
  it('gets the counter on its map, leaving the rest as it was, and the campaign that fires there', async () => {
    const withoutCounter = await t.db.tenant(tenantId, async (tx) => {
      await tx.query("DELETE FROM campaigns WHERE name = 'Coffee at the counter'");
      const map = await loadVenueMap(tx, storeId);
      const features = map.features.filter((f) => f.name !== 'Coffee counter');
      await replaceVenueMap(tx, tenantId, storeId, { ...map, features });
      return loadVenueMap(tx, storeId);
    });
    expect((await seedDemo(t.db)).created).toEqual([
      'zone Coffee counter on the map of SH001',
      'campaign "Coffee at the counter"',
    ]);
    await t.db.tenant(tenantId, async (tx) => {
      const map = await loadVenueMap(tx, storeId);
      const [counter, ...more] = map.features.filter((f) => f.name === 'Coffee counter');
      expect(more).toEqual([]);
      expect(map.features.filter((f) => f !== counter)).toEqual(withoutCounter.features);
      expect(map.products).toEqual(withoutCounter.products);
      const coffee = (await listCampaigns(tx)).find((c) => c.name === 'Coffee at the counter');
      expect(coffee?.trigger).toMatchObject({ zones: [counter!.id] });
    });
    expect((await seedDemo(t.db)).created).toEqual([]);
  });
});
