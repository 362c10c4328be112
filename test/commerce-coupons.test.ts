/**
 * Coupons at checkout: the code a campaign pushed to a shopper takes its discount off their order
 * once; a second order with it is refused, a cancelled order gives it back, and a code that is not
 * theirs, has expired or whose minimum spend is not met is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueOrders } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { deliver } from '../push/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let storeId: string;
let skuId: string;
let unitCents: number;
let shopper: { id: string; token: string };
let other: { id: string; token: string };

const order = (token: string, coupons?: string[], qty = 2) =>
  t.call(token, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: {
      type: 'pickup',
      store_id: storeId,
      lines: [{ sku_id: skuId, qty }],
      ...(coupons ? { coupons } : {}),
    },
  });

/** A coupon as a campaign issues it (marketing's issueCoupon writes the same row). */
async function issue(
  shopperId: string,
  code: string,
  o: { discount_cents?: number; min_spend_cents?: number; valid_until?: Date } = {},
) {
  await t.db.tenant(tenantId, (tx) =>
    tx.query(
      `INSERT INTO coupons (tenant_id, shopper_id, code, title, discount_cents, min_spend_cents, valid_until)
       VALUES ($1, $2, $3, '¥5 off', $4, $5, $6)`,
      [
        tenantId,
        shopperId,
        code,
        o.discount_cents ?? 500,
        o.min_spend_cents ?? 0,
        o.valid_until ?? new Date(Date.now() + 86_400_000),
      ],
    ),
  );
}
const redeemed = async (code: string) =>
  (
    await t.db.tenant(tenantId, (tx) =>
      tx.query<{ redeemed_at: Date | null; order_ref: string | null }>(
        'SELECT redeemed_at, order_ref FROM coupons WHERE code = $1',
        [code],
      ),
    )
  ).rows[0]!;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  storeId = stores.find((s: { code: string }) => s.code === 'SH001').id;
  const hit = (
    await t.call(admin, { method: 'GET', url: `/api/v1/catalogue/search?q=DRY-005&store_id=${storeId}` })
  ).json()[0];
  skuId = hit.sku_id;
  unitCents = hit.unit_cents;
  shopper = await signInShopper(t, 'coupon-shopper');
  other = await signInShopper(t, 'coupon-other');
});
afterAll(async () => t?.close());

describe('a coupon at checkout', () => {
  it('takes its discount off the order once, and the receipt says so', async () => {
    await issue(shopper.id, 'C0UP0N0001');
    const placed = await order(shopper.token, ['c0up0n0001']);
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({
      subtotal_cents: 2 * unitCents,
      discount_cents: 500,
      total_cents: 2 * unitCents - 500,
      adjustments: [{ rule: 'coupon:C0UP0N0001', description: '¥5 off', amount_cents: 500 }],
    });
    expect(await redeemed('C0UP0N0001')).toMatchObject({ order_ref: placed.json().id });

    const again = await order(shopper.token, ['C0UP0N0001']);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SS_ERR_COUPON_REFUSED', field: 'coupons.0' });

    // Paid: the member earns on what they paid.
    const paid = await t.call(shopper.token, {
      method: 'POST',
      url: `/api/v1/orders/${placed.json().id}/demo-payment`,
    });
    expect(paid.json()).toMatchObject({ status: 'paid', payment: { amount_cents: 2 * unitCents - 500 } });
    const card = (await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/membership' })).json();
    expect(card.recent_points[0]).toMatchObject({ kind: 'earn', spend_cents: 2 * unitCents - 500 });
  });

  it('is given back when the unpaid order is cancelled or lapses', async () => {
    await issue(shopper.id, 'C0UP0N0002');
    const placed = await order(shopper.token, ['C0UP0N0002']);
    expect(placed.statusCode, placed.body).toBe(201);
    const cancelled = await t.call(shopper.token, {
      method: 'POST',
      url: `/api/v1/orders/${placed.json().id}/cancel`,
    });
    expect(cancelled.json().status).toBe('cancelled');
    expect(await redeemed('C0UP0N0002')).toEqual({ redeemed_at: null, order_ref: null });
    const next = await order(shopper.token, ['C0UP0N0002']);
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().discount_cents).toBe(500);
    // Left unpaid until it lapses: the coupon comes back with the stock.
    await t.db.tenant(tenantId, (tx) =>
      tx.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [next.json().id]),
    );
    await expireDueOrders(t.app);
    // The app's own sweeper may hold the order (SKIP LOCKED) when this call comes: either one lapses it.
    await expect
      .poll(
        async () =>
          (await t.call(shopper.token, { method: 'GET', url: `/api/v1/orders/${next.json().id}` })).json()
            .status,
      )
      .toBe('cancelled');
    expect(await redeemed('C0UP0N0002')).toEqual({ redeemed_at: null, order_ref: null });
  });

  it("refuses, naming the field, a code that is not the shopper's, has expired, repeats or misses its minimum", async () => {
    await issue(other.id, 'C0UP0N0003');
    await issue(shopper.id, 'C0UP0N0004', { valid_until: new Date(Date.now() - 1000) });
    await issue(shopper.id, 'C0UP0N0005', { min_spend_cents: 100 * unitCents });
    await issue(shopper.id, 'C0UP0N0006');
    const cases: [string[], number, string, string][] = [
      [['NOSUCHCODE'], 404, 'SS_ERR_COUPON_UNKNOWN', 'coupons.0'],
      [['C0UP0N0003'], 404, 'SS_ERR_COUPON_UNKNOWN', 'coupons.0'],
      [['C0UP0N0006', 'C0UP0N0004'], 409, 'SS_ERR_COUPON_REFUSED', 'coupons.1'],
      [['C0UP0N0005'], 409, 'SS_ERR_COUPON_REFUSED', 'coupons.0'],
      [['C0UP0N0006', 'c0up0n0006'], 400, 'SS_ERR_VALIDATION', 'coupons.1'],
    ];
    for (const [codes, status, code, field] of cases) {
      const refused = await order(shopper.token, codes);
      expect(refused.statusCode, `${codes}: ${refused.body}`).toBe(status);
      expect(refused.json()).toMatchObject({ code, field });
    }
    // Nothing was spent by the refusals: the other shopper's and the good one are still unused.
    expect((await redeemed('C0UP0N0003')).redeemed_at).toBeNull();
    expect((await redeemed('C0UP0N0006')).redeemed_at).toBeNull();
  });

  it("shows in the shopper's offers whether it is used", async () => {
    await issue(shopper.id, 'C0UP0N0007');
    const { rows } = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ id: string; valid_until: Date }>(
        "SELECT id, valid_until FROM coupons WHERE code = 'C0UP0N0007'",
      ),
    );
    const coupon = {
      id: rows[0]!.id,
      code: 'C0UP0N0007',
      discount_cents: 500,
      min_spend_cents: 0,
      valid_until: rows[0]!.valid_until.toISOString(),
    };
    await deliver(
      t.db,
      { publish: async () => {} },
      {
        tenantId,
        shopperId: shopper.id,
        sourceKey: 'coupon-test:C0UP0N0007',
        title: '¥5 off',
        body: '¥5.00 off',
        payload: { kind: 'campaign_offer', campaign_id: '00000000-0000-4000-8000-000000000000', coupon },
      },
    );
    const offered = async () =>
      (await t.call(shopper.token, { method: 'GET', url: '/api/v1/me/offers' })).json().offers[0].payload
        .coupon;
    expect(await offered()).toEqual({ ...coupon, redeemed_at: null });
    const placed = await order(shopper.token, ['C0UP0N0007']);
    expect(placed.statusCode, placed.body).toBe(201);
    expect((await offered()).redeemed_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await t.call(shopper.token, { method: 'POST', url: `/api/v1/orders/${placed.json().id}/cancel` });
    expect((await offered()).redeemed_at).toBeNull();
  });
});
