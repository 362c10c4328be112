/**
 * The live demo's shoppers on their way out (scripts/demo-checkout.ts): they open the offers pushed
 * during their visit and buy through the shoppers' API, so the demo's days and campaign reports have
 * purchases; with a fixed dice, each way it can go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { offerPayload, onMoment } from '../marketing/index.js';
import { deliver } from '../push/index.js';
import { demoCheckout } from '../scripts/demo-checkout.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let storeId: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ tenantId } = await seedDemo(t.db));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
});
afterAll(async () => t?.close());

const ordersOf = async (token: string) =>
  (await t.call(token, { method: 'GET', url: '/api/v1/orders' })).json() as {
    status: string;
    store_id: string;
  }[];

describe('a demo shopper checking out', () => {
  it('buys and pays at the store when the dice say so, and leaves empty-handed when not', async () => {
    const buyer = await signInShopper(t, 'demo-checkout-buyer');
    expect(await demoCheckout(t.app, storeId, () => 0)(buyer.token, Date.now())).toBe('bought');
    expect(await ordersOf(buyer.token)).toMatchObject([{ status: 'paid', store_id: storeId }]);

    const browser = await signInShopper(t, 'demo-checkout-browser');
    expect(await demoCheckout(t.app, storeId, () => 0.99)(browser.token, Date.now())).toBe('left');
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
    const later = demoCheckout(t.app, storeId, () => 0.99);
    expect(await later(shopper.token, arrived.getTime() + 60_000)).toBe('left');
    const mine = async () =>
      (await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/offers' })).json().offers as {
        opened_at: string | null;
      }[];
    expect((await mine()).every((o) => o.opened_at === null)).toBe(true);
    // The visit it was sent in opens it, and buys.
    expect(await demoCheckout(t.app, storeId, () => 0)(shopper.token, arrived.getTime())).toBe('bought');
    expect((await mine()).every((o) => o.opened_at !== null)).toBe(true);
    expect(await ordersOf(shopper.token)).toMatchObject([{ status: 'paid' }]);
  });
});
