/**
 * GET /me/coupons: every coupon issued to the shopper, offer or not, usable ones first (soonest to
 * expire first), then used and expired ones, latest first; an order's checkout makes one used and
 * cancelling the order makes it usable again. Another shopper's, or another brand's, never show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

const HOUR = 3_600_000;

let t: TestApp;
let tenantId: string;
let brandB: string;
let storeId: string;
let skuId: string;
let campaign: { id: string; name: string };
let shopper: { id: string; token: string };
let other: { id: string; token: string };
let shopperB: { id: string; token: string };

/** A coupon as a campaign issues it (triggers.ts writes the same row), with no offer delivered. */
async function issue(
  tenant: string,
  shopperId: string,
  code: string,
  o: { valid_for_ms?: number; campaign_id?: string; min_spend_cents?: number } = {},
) {
  await t.db.tenant(tenant, (tx) =>
    tx.query(
      `INSERT INTO coupons (tenant_id, shopper_id, campaign_id, code, title, discount_cents, min_spend_cents, valid_until)
       VALUES ($1, $2, $3, $4, '¥5 off', 500, $5, $6)`,
      [
        tenant,
        shopperId,
        o.campaign_id ?? null,
        code,
        o.min_spend_cents ?? 0,
        new Date(Date.now() + (o.valid_for_ms ?? 24 * HOUR)),
      ],
    ),
  );
}

const myCoupons = async (token: string, query = '') => {
  const response = await t.call(token, { method: 'GET', url: `/api/v1/me/coupons${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    code: string;
    state: string;
    redeemed_at: string | null;
    order_id: string | null;
  }[];
};
const codesAndStates = async (token: string, query = '') =>
  (await myCoupons(token, query)).map((c) => `${c.code} ${c.state}`);

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
  skuId = (
    await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/search?q=DRY-005&store_id=${storeId}` })
  ).json()[0].sku_id;
  const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  const campaigns = (await t.call(marketer, { method: 'GET', url: '/api/v1/campaigns' })).json();
  const treat = campaigns.find((c: { name: string }) => c.name === 'Checkout treat');
  campaign = { id: treat.id, name: treat.name };
  shopper = await signInShopper(t, 'my-coupons-shopper');
  other = await signInShopper(t, 'my-coupons-other');

  ({ tenantId: brandB } = await t.addBrand({
    slug: 'brand-b',
    name: 'Brand B',
    admin: { email: 'admin@b.test', name: 'B Admin', password: 'b-password' },
  }));
  const session = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'brand-b', code: 'my-coupons-b' },
    })
  ).json();
  shopperB = { id: session.principal.id, token: session.token };

  await issue(tenantId, shopper.id, 'LATER', { valid_for_ms: 48 * HOUR, campaign_id: campaign.id });
  await issue(tenantId, shopper.id, 'SOONER', { valid_for_ms: HOUR });
  await issue(tenantId, shopper.id, 'BIGSPEND', { valid_for_ms: 24 * HOUR, min_spend_cents: 100_000 });
  await issue(tenantId, shopper.id, 'LAPSED', { valid_for_ms: -HOUR });
  await issue(tenantId, shopper.id, 'LONGAGO', { valid_for_ms: -48 * HOUR });
  await issue(tenantId, other.id, 'NOTMINE');
  await issue(brandB, shopperB.id, 'BRANDB');
});
afterAll(async () => t?.close());

describe('GET /me/coupons', () => {
  it('lists every coupon issued to me: usable soonest to expire first, then expired latest first', async () => {
    expect(await codesAndStates(shopper.token)).toEqual([
      'SOONER usable',
      'BIGSPEND usable',
      'LATER usable',
      'LAPSED expired',
      'LONGAGO expired',
    ]);
    const later = (await myCoupons(shopper.token)).find((c) => c.code === 'LATER');
    expect(later).toEqual({
      code: 'LATER',
      title: '¥5 off',
      discount_cents: 500,
      min_spend_cents: 0,
      valid_until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      issued_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      redeemed_at: null,
      order_id: null,
      state: 'usable',
      campaign,
    });
    expect((await myCoupons(shopper.token)).find((c) => c.code === 'SOONER')).toMatchObject({
      campaign: null,
    });
  });

  it('shows a coupon used by the order that took it, and usable again once that order is cancelled', async () => {
    const placed = await t.call(shopper.token, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { type: 'pickup', store_id: storeId, lines: [{ sku_id: skuId, qty: 2 }], coupons: ['LATER'] },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const orderId = placed.json().id;

    expect(await codesAndStates(shopper.token)).toEqual([
      'SOONER usable',
      'BIGSPEND usable',
      'LATER used',
      'LAPSED expired',
      'LONGAGO expired',
    ]);
    const used = (await myCoupons(shopper.token)).find((c) => c.code === 'LATER')!;
    expect(used.order_id).toBe(orderId);
    expect(Date.parse(used.redeemed_at!)).toBeLessThanOrEqual(Date.now());

    const cancelled = await t.call(shopper.token, {
      method: 'POST',
      url: `/api/v1/orders/${orderId}/cancel`,
    });
    expect(cancelled.json().status).toBe('cancelled');
    expect((await myCoupons(shopper.token)).find((c) => c.code === 'LATER')).toMatchObject({
      state: 'usable',
      redeemed_at: null,
      order_id: null,
    });
  });

  it('filters by state', async () => {
    expect(await codesAndStates(shopper.token, '?state=usable')).toEqual([
      'SOONER usable',
      'BIGSPEND usable',
      'LATER usable',
    ]);
    expect(await codesAndStates(shopper.token, '?state=expired')).toEqual([
      'LAPSED expired',
      'LONGAGO expired',
    ]);
    expect(await codesAndStates(shopper.token, '?state=used')).toEqual([]);
    expect(await codesAndStates(shopper.token, '?limit=2')).toEqual(['SOONER usable', 'BIGSPEND usable']);
    const bad = await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/coupons?state=spent' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'state' });
  });

  it("never shows another shopper's coupons, nor another brand's", async () => {
    expect(await codesAndStates(other.token)).toEqual(['NOTMINE usable']);
    expect(await codesAndStates(shopperB.token)).toEqual(['BRANDB usable']);
    const mine = (await myCoupons(shopper.token)).map((c) => c.code);
    expect(mine).not.toContain('NOTMINE');
    expect(mine).not.toContain('BRANDB');
  });

  it('answers 401 without a token, and 403 to staff', async () => {
    const anonymous = await t.call(undefined, { method: 'GET', url: '/api/v1/me/coupons' });
    expect(anonymous.statusCode).toBe(401);
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    expect((await t.call(admin, { method: 'GET', url: '/api/v1/me/coupons' })).statusCode).toBe(403);
  });
});
