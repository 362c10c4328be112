/**
 * A store's days: footfall from its visits beside its sales from paid orders and the tills, in the
 * store's time zone, every day of the range present; who may read it; bad ranges named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let manager: string;
let clerk: string;
const store: Record<string, string> = {};

const call: TestApp['api'] = (...request) => t.api(...request);

/** Today where the demo stores are (Shanghai), and the day before. */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
});
afterAll(async () => t?.close());

describe('GET /stores/:id/days', () => {
  it('puts yesterday’s visits beside yesterday’s sales, in the store’s time zone', async () => {
    // Yesterday in Shanghai: four visits (two by one shopper's phone, one still going on); the one at
    // 07:30 there was the day before in UTC, and counts on the store's day all the same.
    const at = (time: string) => new Date(`${yesterday}T${time}+08:00`);
    await t.db.tenant(tenantId, async (tx) => {
      const shopper = (
        await tx.query(`INSERT INTO shoppers (tenant_id, openid) VALUES ($1, 'days-shopper') RETURNING id`, [
          tenantId,
        ])
      ).rows[0].id;
      for (const [device, shopperId, arrived, departed] of [
        ['phone-a', shopper, at('10:05:00'), at('10:25:00')],
        ['phone-a', shopper, at('17:10:00'), at('17:20:00')],
        ['phone-b', null, at('17:40:00'), at('18:20:00')],
        ['phone-c', null, at('07:30:00'), null],
      ] as const) {
        await tx.query(
          `INSERT INTO visits (tenant_id, store_id, device, shopper_id, arrived_at, departed_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [tenantId, store.SH001, device, shopperId, arrived, departed],
        );
      }
    });
    // A till receipt today (records count from when they arrive): two units of a SKU at its shelf price.
    const water = (await call(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0];
    const till = await call(clerk, 'POST', '/pos/stock-movements', {
      records: [
        {
          id: 'DAYS-1',
          kind: 'sale',
          store_id: store.SH001,
          lines: [{ sku_id: water.sku_id, qty: 2 }],
        },
      ],
    });
    expect(till.json().results[0].status).toBe('applied');
    // And a paid pickup order today.
    const shopper = (
      await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'days-buyer' })
    ).json().token;
    const order = (
      await call(shopper, 'POST', '/orders', {
        type: 'pickup',
        store_id: store.SH001,
        lines: [{ sku_id: water.sku_id, qty: 3 }],
      })
    ).json();
    await call(shopper, 'POST', `/orders/${order.id}/demo-payment`);
    // The shelf price the till units are valued at: what the order paid a unit, at the list price.
    expect(order.lines[0]).toMatchObject({ qty: 3, basis: 'list' });
    const shelfCents = order.lines[0].unit_cents;

    const report = await call(manager, 'GET', `/stores/${store.SH001}/days`);
    expect(report.statusCode).toBe(200);
    const body = report.json();
    // The first visit was yesterday (07:30 in Shanghai, the day before in UTC): the days before it are
    // days the beacons were not counting, not days nobody came.
    expect(body).toMatchObject({
      store_id: store.SH001,
      timezone: 'Asia/Shanghai',
      to: today,
      footfall_since: yesterday,
    });
    // A store whose beacons never recognised anyone has no such day.
    expect((await call(admin, 'GET', `/stores/${store.SH003}/days`)).json().footfall_since).toBeNull();
    expect(body.days).toHaveLength(7);
    expect(body.days.map((d: { day: string }) => d.day).at(-2)).toBe(yesterday);
    const [before, ...rest] = body.days.slice(-2);
    expect(rest).toHaveLength(1);
    expect(before).toMatchObject({
      day: yesterday,
      visits: 4,
      shoppers: 1,
      // 20, 10 and 40 minutes: the median of the ended visits.
      median_stay_s: 1200,
      busiest_hour: 17,
      orders: 0,
      sales_cents: 0,
    });
    expect(rest[0]).toMatchObject({
      day: today,
      visits: 0,
      median_stay_s: null,
      busiest_hour: null,
      orders: 1,
      order_cents: order.total_cents,
      till_receipts: 1,
      till_units: 2,
      till_cents_at_shelf_price: 2 * shelfCents,
      sales_cents: order.total_cents + 2 * shelfCents,
    });
    expect(body.totals).toMatchObject({ visits: 4, orders: 1, till_units: 2 });
    // Quiet days are there, as zeros.
    expect(body.days[0]).toMatchObject({ visits: 0, orders: 0, sales_cents: 0 });
  });

  it('counts each day only up to a time of day when asked, to set today so far beside another day', async () => {
    // Two paid orders yesterday, at 09:00 and 15:00 in Shanghai (paid now, dated then).
    const buyer = (
      await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'until-buyer' })
    ).json().token;
    const water = (await call(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0];
    const paid: { id: string; total_cents: number }[] = [];
    for (const qty of [1, 4]) {
      const order = (
        await call(buyer, 'POST', '/orders', {
          type: 'pickup',
          store_id: store.SH001,
          lines: [{ sku_id: water.sku_id, qty }],
        })
      ).json();
      expect((await call(buyer, 'POST', `/orders/${order.id}/demo-payment`)).statusCode).toBe(200);
      paid.push(order);
    }
    await t.db.tenant(tenantId, async (tx) => {
      for (const [order, time] of [
        [paid[0]!, '09:00'],
        [paid[1]!, '15:00'],
      ] as const)
        await tx.query('UPDATE orders SET paid_at = $2 WHERE id = $1', [
          order.id,
          new Date(`${yesterday}T${time}:00+08:00`),
        ]);
    });
    const upTo = async (until?: string) => {
      const answer = await call(
        manager,
        'GET',
        `/stores/${store.SH001}/days?from=${yesterday}&to=${yesterday}${until ? `&until=${until}` : ''}`,
      );
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json();
    };
    // Yesterday's visits began at 07:30, 10:05, 17:10 and 17:40; the minute named is counted whole.
    const whole = await upTo();
    expect(whole.until).toBeNull();
    expect(whole.days[0]).toMatchObject({
      visits: 4,
      orders: 2,
      order_cents: paid[0]!.total_cents + paid[1]!.total_cents,
    });
    const noon = await upTo('12:00');
    expect(noon.until).toBe('12:00');
    expect(noon.days[0]).toMatchObject({
      visits: 2,
      orders: 1,
      order_cents: paid[0]!.total_cents,
      sales_cents: paid[0]!.total_cents,
    });
    expect((await upTo('17:10')).days[0]).toMatchObject({ visits: 3, orders: 2 });
    expect((await upTo('07:29')).days[0]).toMatchObject({ visits: 0, orders: 0, sales_cents: 0 });
    const badTime = await call(manager, 'GET', `/stores/${store.SH001}/days?until=24:00`);
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().field).toMatch(/until/);
  });

  it('answers for the range asked, and names a bad one', async () => {
    const one = await call(admin, 'GET', `/stores/${store.SH001}/days?from=${yesterday}&to=${yesterday}`);
    expect(one.json().days).toHaveLength(1);
    const month = await call(admin, 'GET', `/stores/${store.SH001}/days?days=30`);
    expect(month.json().days).toHaveLength(30);
    expect(month.json().to).toBe(today);
    const tooMany = await call(admin, 'GET', `/stores/${store.SH001}/days?days=400`);
    expect(tooMany.json().field).toMatch(/days/);
    const reversed = await call(admin, 'GET', `/stores/${store.SH001}/days?from=${today}&to=${yesterday}`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().field).toBe('from');
    const long = await call(admin, 'GET', `/stores/${store.SH001}/days?from=2020-01-01&to=${today}`);
    expect(long.statusCode).toBe(400);
    expect(long.json().field).toBe('from');
    const notADate = await call(admin, 'GET', `/stores/${store.SH001}/days?to=yesterday`);
    expect(notADate.statusCode).toBe(400);
    expect(notADate.json().field).toMatch(/to/);
  });

  it('is for managers of the store, brand admins and marketers', async () => {
    expect((await call(manager, 'GET', `/stores/${store.SH002}/days`)).statusCode).toBe(403);
    expect((await call(clerk, 'GET', `/stores/${store.SH001}/days`)).statusCode).toBe(403);
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    expect((await call(marketer, 'GET', `/stores/${store.SH002}/days`)).statusCode).toBe(200);
    expect((await call(admin, 'GET', '/stores/00000000-0000-4000-8000-000000000000/days')).statusCode).toBe(
      404,
    );
  });
});
