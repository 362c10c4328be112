/**
 * The demo's history (what `npm start` seeds, db/demo-history.ts): past days of the demo stores with
 * visits, orders and till receipts, so *Footfall & sales* opens on yesterday's figures; today left to
 * the live demo; stock as it was; seeding again adds nothing. Two days here, four weeks under npm start.
 * And the coffee counter's past: the coffee campaign decides on each stop there, and its report has them.
 * Its shoppers are members with birthdays over the year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrift, stockLevels } from '../commerce/index.js';
import { seedDemoHistory } from '../db/demo-history.js';
import { buysCoffee, planDay } from '../db/demo-history-plan.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { listCampaigns } from '../marketing/index.js';
import { getStore, listStores } from '../stores/index.js';
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
      // Each order's stock movements and points are dated with the order, not when the seed ran.
      const undated = await tx.query(
        `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE m.created_at >= $1)::int AS late FROM orders o
         JOIN stock_movements m ON m.reference = 'order:' || o.id`,
        [`${today}T00:00:00+08:00`],
      );
      expect(undated.rows[0].n).toBeGreaterThan(0);
      expect(undated.rows[0].late).toBe(0);
      const points = await tx.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE p.created_at <> o.paid_at)::int AS off FROM orders o
         JOIN member_points p ON p.key = 'order:' || o.id || ':earn'`,
      );
      expect(points.rows[0].n).toBeGreaterThan(0);
      expect(points.rows[0].off).toBe(0);
    });

    // Seeding again adds nothing, and the report reads the same.
    const once = await counts();
    expect((await seedDemo(t.db, { historyDays: 2 })).created).toEqual([]);
    expect(await counts()).toEqual(once);
    const again = await t.call(manager, { method: 'GET', url: `/api/v1/stores/${sh001}/days?days=4` });
    expect(again.json().days).toEqual(body.days);
  }, 60_000);

  it('makes its shoppers members who gave their birthdays, over the year: a birthday campaign reaches some in any month', async () => {
    const months = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ month: string; n: number }>(
        `SELECT left(m.birthday, 2) AS month, count(*)::int AS n FROM memberships m
         JOIN shoppers s ON s.id = m.shopper_id WHERE s.openid LIKE 'demo-history-%' GROUP BY 1 ORDER BY 1`,
      ),
    );
    expect(months.rows.map((r) => r.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const preview = await t.call(marketer, {
      method: 'POST',
      url: '/api/v1/campaigns/audience-preview',
      payload: { audience: { visitors: 'any', birthday_month: true } },
    });
    const thisMonth = today.slice(5, 7);
    expect(preview.json().reachable).toBeGreaterThanOrEqual(
      months.rows.find((r) => r.month === thisMonth)!.n,
    );
  });

  it('gives its shoppers Chinese names, none twice in a store, which the desk finds them by', async () => {
    const { rows } = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ store: string; name: string | null }>(
        `SELECT split_part(s.openid, '-', 3) AS store, m.name FROM memberships m
         JOIN shoppers s ON s.id = m.shopper_id WHERE s.openid LIKE 'demo-history-%'`,
      ),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { name } of rows) expect(name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    for (const store of new Set(rows.map((r) => r.store))) {
      const names = rows.filter((r) => r.store === store).map((r) => r.name);
      expect(new Set(names).size, store).toBe(names.length);
    }
    const name = rows[0]!.name!;
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const found = await t.call(clerk, {
      method: 'GET',
      url: `/api/v1/members?q=${encodeURIComponent(name)}`,
    });
    expect(found.json().map((m: { name: string }) => m.name)).toContain(name);
  });

  it("gives the coffee campaign its past: each counter stop decided as the live pipeline does, a coffee after it by the shopper's group", async () => {
    // Two fixed days, so the stops are the same on every run (who is held out depends on the shoppers' ids).
    const now = new Date('2026-11-10T04:00:00Z');
    const days = ['2026-11-08', '2026-11-09'];
    const { sh001, coffee } = await t.db.tenant(tenantId, async (tx) => ({
      sh001: (await listStores(tx)).find((s) => s.code === 'SH001')!,
      coffee: (await listCampaigns(tx)).find((c) => c.name === 'Coffee at the counter')!,
    }));
    const created = await seedDemoHistory(t.db, tenantId, [{ id: sh001.id, code: 'SH001' }], {
      days: 2,
      skuCodes: ['DRK-001', 'SNK-001'],
      counterCodes: ['COF-001', 'COF-002', 'COF-003'],
      now,
    });
    const store = (await t.db.tenant(tenantId, (tx) => getStore(tx, sh001.id)))!;
    const stops = days.flatMap((day) => planDay(store, day, []).counterStops);
    expect(stops.length).toBeGreaterThan(3);
    expect(created).toEqual([expect.stringContaining(`, ${stops.length} coffee counter stops (`)]);

    await t.db.tenant(tenantId, async (tx) => {
      let pushed = 0;
      let withCoupon = 0;
      for (const stop of stops) {
        const { rows } = await tx.query(
          `SELECT d.outcome, d.decided_at, (SELECT count(*)::int FROM orders o JOIN order_lines l ON l.order_id = o.id
             JOIN catalogue_skus s ON s.id = l.sku_id JOIN catalogue_products p ON p.id = s.product_id
             WHERE o.shopper_id = d.shopper_id AND o.paid_at = $3 AND p.category_id = ANY($4)) AS coffees
           FROM campaign_decisions d WHERE d.campaign_id = $1 AND d.event_key LIKE $2`,
          [
            coffee.id,
            `demo-history:%:${stop.at.toISOString()}`,
            stop.paidAt,
            coffee.attribution.category_ids,
          ],
        );
        // Decided once, when the shopper lingered, and a coffee bought after it as the rule says.
        expect(rows).toHaveLength(1);
        expect(rows[0].decided_at).toEqual(stop.at);
        const got = rows[0].outcome === 'push';
        expect(rows[0].coffees).toBe(buysCoffee(stop, got) ? 1 : 0);
        if (got) pushed++;
        if (got && buysCoffee(stop, true)) withCoupon++;
      }
      expect(pushed).toBeGreaterThan(0);
      // Each push issued its coupon (valid for a day from the stop), and each coffee bought after one used it.
      const coupons = await tx.query(
        `SELECT count(*)::int AS issued, count(redeemed_at)::int AS redeemed FROM coupons
         WHERE campaign_id = $1 AND valid_until - interval '1 day' = ANY($2::timestamptz[])`,
        [coffee.id, stops.map((stop) => stop.at)],
      );
      expect(coupons.rows[0]).toEqual({ issued: pushed, redeemed: withCoupon });
      // Each push is in the delivery log at its stop, opened by everyone who used its coupon.
      const log = await tx.query(
        `SELECT count(*)::int AS sent, count(opened_at)::int AS opened FROM push_deliveries
         WHERE source_key LIKE $1 AND status = 'sent' AND created_at = ANY($2::timestamptz[])`,
        [`campaign:${coffee.id}:%`, stops.map((stop) => stop.at)],
      );
      expect(log.rows[0].sent).toBe(pushed);
      expect(log.rows[0].opened).toBeGreaterThanOrEqual(withCoupon);
    });

    // The campaign's report has the history: its days, the groups and what they bought.
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const report = (
      await t.call(marketer, { method: 'GET', url: `/api/v1/campaigns/${coffee.id}/report` })
    ).json();
    expect(report.triggers.total).toBeGreaterThanOrEqual(stops.length);
    expect(report.daily.map((d: { day: string }) => d.day)).toEqual(expect.arrayContaining(days));
    expect(report.attributed.treated.shoppers).toBeGreaterThan(0);
    expect(report.pushes.sent).toBe(report.triggers.push);
    expect(report.pushes.opened).toBeGreaterThan(0);
    // Who is held out hangs on the shoppers' random ids: two days' stops can hold out no one, and then
    // there is no group to compare with.
    if (report.attributed.holdout.shoppers > 0) {
      expect(report.lift.measure).toContain('with the chosen products');
    } else {
      expect(report.lift).toBeNull();
    }
  }, 60_000);
});
