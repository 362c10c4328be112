/**
 * The demo's history (what `npm start` seeds, db/demo-history.ts): past days of the demo stores with
 * visits, orders and till receipts, so *Footfall & sales* opens on yesterday's figures; today left to
 * the live demo; stock as it was; seeding again adds nothing. Two days here, four weeks under npm start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrift, stockLevels } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;

/** Today where the demo stores are (Shanghai), and days before it. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysBefore = (n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

const counts = () =>
  t.db.tenant(tenantId, async (tx) => {
    const { rows } = await tx.query(
      `SELECT (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM orders)::int AS orders,
              (SELECT count(*) FROM order_events)::int AS order_events,
              (SELECT count(*) FROM stock_movements)::int AS movements,
              (SELECT count(*) FROM member_points)::int AS points, (SELECT count(*) FROM shoppers)::int AS shoppers`,
    );
    return rows[0];
  });

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
});
afterAll(async () => t?.close());

describe('demo history', () => {
  it('is left out unless asked for', async () => {
    expect((await counts()).visits).toBe(0);
  });

  it("gives the demo stores their past days: yesterday's visits, orders, till receipts and sales per visit", async () => {
    const stockBefore = await t.db.tenant(tenantId, (tx) => stockLevels(tx, {}));
    const seeded = await seedDemo(t.db, { historyDays: 2 });
    for (const code of ['SH001', 'SH002', 'SH003'])
      expect(seeded.created).toContainEqual(
        expect.stringMatching(new RegExp(`^history ${code}: 2 days, \\d+ visits`)),
      );

    const manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const stores = (await t.call(manager, { method: 'GET', url: '/api/v1/stores' })).json();
    const sh001 = stores.find((s: { code: string }) => s.code === 'SH001').id;
    const report = await t.call(manager, { method: 'GET', url: `/api/v1/stores/${sh001}/days?days=4` });
    expect(report.statusCode).toBe(200);
    const body = report.json();
    expect(body.footfall_since).toBe(daysBefore(2));
    const [before, twoDaysAgo, yesterday, now] = body.days;
    expect(before).toMatchObject({ day: daysBefore(3), visits: 0, orders: 0, till_receipts: 0 });
    expect(twoDaysAgo.visits).toBeGreaterThan(0);
    expect(now).toMatchObject({ day: today, visits: 0, orders: 0, till_receipts: 0 });
    expect(yesterday.day).toBe(daysBefore(1));
    expect(yesterday.visits).toBeGreaterThan(20);
    expect(yesterday.shoppers).toBeGreaterThan(0);
    expect(yesterday.median_stay_s).toBeGreaterThan(60);
    expect(yesterday.busiest_hour).toBeGreaterThanOrEqual(8);
    expect(yesterday.orders).toBeGreaterThan(0);
    expect(yesterday.order_cents).toBeGreaterThan(0);
    expect(yesterday.till_receipts).toBeGreaterThan(0);
    expect(yesterday.till_units).toBeGreaterThanOrEqual(yesterday.till_receipts);
    expect(yesterday.sales_cents).toBe(yesterday.order_cents + yesterday.till_cents_at_shelf_price);
    // Sales per visit, as the console shows it: a few yuan to a few hundred.
    const perVisit = yesterday.sales_cents / yesterday.visits;
    expect(perVisit).toBeGreaterThan(500);
    expect(perVisit).toBeLessThan(50_000);

    await t.db.tenant(tenantId, async (tx) => {
      // Marked as demo history, and the stock where it was: each day's delivery brought what it sold.
      const devices = await tx.query(
        `SELECT count(*)::int AS n FROM visits WHERE device NOT LIKE 'demo-history-%'`,
      );
      expect(devices.rows[0].n).toBe(0);
      const paid = await tx.query(
        `SELECT count(*)::int AS n FROM orders WHERE paid_at IS NOT NULL AND payment->>'transaction_id' NOT LIKE 'demo-history-%'`,
      );
      expect(paid.rows[0].n).toBe(0);
      const stockAfter = await stockLevels(tx, {});
      expect(stockAfter.map((s) => [s.sku_id, s.store_id, s.on_hand, s.reserved])).toEqual(
        stockBefore.map((s) => [s.sku_id, s.store_id, s.on_hand, s.reserved]),
      );
      expect(await findDrift(tx)).toEqual([]);
    });

    // Seeding again adds nothing, and the report reads the same.
    const once = await counts();
    expect((await seedDemo(t.db, { historyDays: 2 })).created).toEqual([]);
    expect(await counts()).toEqual(once);
    const again = await t.call(manager, { method: 'GET', url: `/api/v1/stores/${sh001}/days?days=4` });
    expect(again.json().days).toEqual(body.days);
  }, 60_000);
});
