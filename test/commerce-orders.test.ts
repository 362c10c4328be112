/**
 * Orders end to end over HTTP: pickup (code and QR at the counter), delivery from the nearest
 * able store, scan-to-buy with an exit pass, the state machine and its audit trail, expiry of
 * unpaid orders racing payment, Idempotency-Key on order creation, and any order of a store found by
 * its number, pickup code or the customer's phone, or paged back to, whatever its day.
 */

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrder,
  expireDueOrders,
  findDrift,
  type OrderCreate,
  payOrder,
  pricingRules,
} from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { ensureMembership } from '../members/index.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let clerk: string;
let manager: string;
let shopper: string;
let otherShopper: string;
const store: Record<string, string> = {};
const sku: Record<string, { id: string; barcode: string }> = {};

const call: TestApp['api'] = (...request) => t.api(...request);

const level = async (skuCode: string, storeCode = 'SH001') =>
  (await call(admin, 'GET', `/stock?sku_id=${sku[skuCode]!.id}&store_id=${store[storeCode]}`)).json()[0];

const shopperToken = async (code: string) =>
  (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json().token as string;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  shopper = await shopperToken('orders-shopper');
  otherShopper = await shopperToken('orders-other');
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  for (const code of ['DRK-001', 'DRY-001', 'FRS-006', 'SET-001', 'SNK-004']) {
    const hit = (await call(admin, 'GET', `/catalogue/search?q=${code}`)).json()[0];
    sku[code] = { id: hit.sku_id, barcode: hit.barcode };
  }
});
afterAll(async () => t?.close());

describe('a pickup order', () => {
  let order: { id: string; pickup: { code: string; qr: string }; total_cents: number };

  it('prices the lines, reserves their stock (bundles as components) and is idempotent', async () => {
    const before = { water: await level('DRK-001'), milk: await level('DRY-001') };
    const body = {
      type: 'pickup',
      store_id: store.SH001,
      lines: [
        { sku_id: sku['DRK-001']!.id, qty: 2 },
        { sku_id: sku['SET-001']!.id, qty: 1 },
      ],
    };
    const first = await call(shopper, 'POST', '/orders', body, 'pickup-1');
    expect(first.statusCode).toBe(201);
    const again = await call(shopper, 'POST', '/orders', body, 'pickup-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    order = first.json();
    expect(order).toMatchObject({ status: 'created', subtotal_cents: 2 * 200 + 3990, total_cents: 4390 });
    expect(order.pickup.code).toMatch(/^[0-9]{6}$/);
    expect(order.pickup.qr).toMatch(/^data:image\/png;base64,/);
    expect((await level('DRK-001')).reserved).toBe(before.water.reserved + 2);
    expect((await level('DRY-001')).reserved).toBe(before.milk.reserved + 2);
  });

  it('is seen by its shopper and the store, not by another shopper', async () => {
    expect((await call(shopper, 'GET', `/orders/${order.id}`)).statusCode).toBe(200);
    expect((await call(clerk, 'GET', `/orders/${order.id}`)).statusCode).toBe(200);
    expect((await call(otherShopper, 'GET', `/orders/${order.id}`)).statusCode).toBe(404);
    expect((await call(otherShopper, 'POST', `/orders/${order.id}/demo-payment`)).statusCode).toBe(404);
  });

  it('is paid (the units leave the shelf), prepared, and handed over with its code', async () => {
    const before = await level('DRK-001');
    const paid = await call(shopper, 'POST', `/orders/${order.id}/demo-payment`);
    expect(paid.json()).toMatchObject({ status: 'paid', payment: { method: 'demo', amount_cents: 4390 } });
    expect(await level('DRK-001')).toMatchObject({
      on_hand: before.on_hand - 2,
      reserved: before.reserved - 2,
    });
    expect((await call(shopper, 'POST', `/orders/${order.id}/demo-payment`)).json().status).toBe('paid');
    const early = await call(clerk, 'POST', '/orders/pickup', {
      store_id: store.SH001,
      code: order.pickup.code,
    });
    expect(early.json().code).toBe('SS_ERR_PICKUP_CODE');
    for (const to of ['preparing', 'ready']) {
      expect((await call(clerk, 'POST', `/orders/${order.id}/status`, { to })).json().status).toBe(to);
    }
    // A cancelled order shows no code, and its old QR, whose code the store has since drawn again
    // for this order, does not hand this one over.
    const dropped = (
      await call(shopper, 'POST', '/orders', {
        type: 'pickup',
        store_id: store.SH001,
        lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
      })
    ).json();
    const cancelled = (await call(shopper, 'POST', `/orders/${dropped.id}/cancel`)).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', pickup: null });
    await t.db.tenant(tenantId, (tx) =>
      tx.query('UPDATE orders SET pickup_code = $2 WHERE id = $1', [dropped.id, order.pickup.code]),
    );
    const stale = await call(clerk, 'POST', '/orders/pickup', {
      store_id: store.SH001,
      code: `ss-pickup:${dropped.id}:${order.pickup.code}`,
    });
    expect(stale.json()).toMatchObject({ code: 'SS_ERR_PICKUP_CODE', field: 'code' });
    expect((await call(shopper, 'GET', `/orders/${order.id}`)).json().status).toBe('ready');
    const handed = await call(clerk, 'POST', '/orders/pickup', {
      store_id: store.SH001,
      code: `ss-pickup:${order.id}:${order.pickup.code}`,
    });
    expect(handed.json().status).toBe('completed');
    expect(handed.json().history.map((e: { to_status: string }) => e.to_status)).toEqual([
      'created',
      'paid',
      'preparing',
      'ready',
      'completed',
    ]);
    const back = await call(clerk, 'POST', `/orders/${order.id}/status`, { to: 'preparing' });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe('SS_ERR_ORDER_TRANSITION');
  });

  it('is listed for its store by any of several statuses and types, changed since a time, without QR images', async () => {
    const list = async (query: string) => {
      const answer = await call(clerk, 'GET', `/orders?store_id=${store.SH001}&${query}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json() as {
        id: string;
        status: string;
        type: string;
        pickup: { code: string; qr?: string };
      }[];
    };
    const both = await list('status=completed&status=cancelled&type=pickup&type=delivery&limit=500');
    expect(both.every((o) => ['completed', 'cancelled'].includes(o.status))).toBe(true);
    expect(new Set(both.map((o) => o.status))).toEqual(new Set(['completed', 'cancelled']));
    expect(both.every((o) => o.type === 'pickup' || o.type === 'delivery')).toBe(true);
    const listed = both.find((o) => o.id === order.id);
    expect(listed?.pickup).toEqual({ code: order.pickup.code });
    expect((await call(clerk, 'GET', `/orders/${order.id}`)).json().pickup.qr).toMatch(/^data:image\/png/);

    const completed = await list('status=completed');
    expect(completed.map((o) => o.id)).toContain(order.id);
    expect(completed.every((o) => o.status === 'completed')).toBe(true);

    const changed = Date.parse((await call(clerk, 'GET', `/orders/${order.id}`)).json().updated_at);
    const since = (ms: number) => `status=completed&updated_since=${new Date(ms).toISOString()}`;
    expect((await list(since(changed))).map((o) => o.id)).toContain(order.id);
    expect((await list(since(changed + 1))).map((o) => o.id)).not.toContain(order.id);

    const wrong = await call(clerk, 'GET', `/orders?store_id=${store.SH001}&status=paid&status=lost`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toMatch(/^status/);
  });

  it("gives a clerk who names no store a full page of their own store's orders, however many the brand's other stores took since", async () => {
    const mine = (await call(clerk, 'GET', `/orders?store_id=${store.SH001}&limit=2`)).json() as {
      id: string;
    }[];
    expect(mine).toHaveLength(2);
    for (let i = 0; i < 2; i++) {
      const elsewhere = await call(shopper, 'POST', '/orders', {
        type: 'pickup',
        store_id: store.SH003,
        lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
      });
      expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    }
    const page = (await call(clerk, 'GET', '/orders?limit=2')).json() as { id: string; store_id: string }[];
    expect(page.map((o) => o.id)).toEqual(mine.map((o) => o.id));
    expect((await call(admin, 'GET', '/orders?limit=2')).json()[0].store_id).toBe(store.SH003);
  });

  it('gives the stock back when cancelled unpaid, and puts it back on the shelf when refunded', async () => {
    const before = await level('SNK-004');
    const place = async () =>
      (
        await call(shopper, 'POST', '/orders', {
          type: 'pickup',
          store_id: store.SH001,
          lines: [{ sku_id: sku['SNK-004']!.id, qty: 1 }],
        })
      ).json();
    const unpaid = await place();
    expect((await call(shopper, 'POST', `/orders/${unpaid.id}/cancel`)).json().status).toBe('cancelled');
    // A second tap (or a retry after a lost answer) is answered with the cancelled order, nothing done twice.
    const again = await call(shopper, 'POST', `/orders/${unpaid.id}/cancel`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().history.map((e: { to_status: string }) => e.to_status)).toEqual([
      'created',
      'cancelled',
    ]);
    // Paying it after all is refused, saying what happened: the shopper called it off, not a timeout.
    const late = await call(shopper, 'POST', `/orders/${unpaid.id}/demo-payment`);
    expect(late.json()).toMatchObject({
      code: 'SS_ERR_ORDER_EXPIRED',
      message: expect.stringMatching(/^The order was cancelled/),
    });
    const paid = await place();
    await call(shopper, 'POST', `/orders/${paid.id}/demo-payment`);
    // A clerk does not send money back; their store's manager does.
    const byClerk = await call(clerk, 'POST', `/orders/${paid.id}/status`, { to: 'refunded' });
    expect(byClerk.json()).toMatchObject({
      code: 'SS_ERR_FORBIDDEN',
      message: expect.stringContaining('store managers'),
    });
    for (let tap = 0; tap < 2; tap++) {
      const refunded = await call(manager, 'POST', `/orders/${paid.id}/status`, { to: 'refunded' });
      expect(refunded.statusCode, refunded.body).toBe(200);
      expect(refunded.json().status).toBe('refunded');
      // Marked refunded without WeChat Pay (demo money): the whole of it went back.
      expect(refunded.json().refunded_cents).toBe(paid.total_cents);
    }
    // Refunded twice over would have put the unit back twice.
    expect(await level('SNK-004')).toMatchObject({ on_hand: before.on_hand, reserved: before.reserved });
  });
});

describe('unpaid orders expire', () => {
  it('settles each order once when payments race the expiry', async () => {
    const before = await level('DRK-001');
    const orders: string[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await call(shopper, 'POST', '/orders', {
        type: 'pickup',
        store_id: store.SH001,
        lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
      });
      orders.push(response.json().id as string);
    }
    await t.db.tenant(tenantId, (tx) =>
      tx.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])", [
        orders,
      ]),
    );
    const [payments] = await Promise.all([
      Promise.all(orders.map((id) => call(shopper, 'POST', `/orders/${id}/demo-payment`))),
      expireDueOrders(t.app),
    ]);
    await expireDueOrders(t.app);
    const paid = payments.filter((r) => r.statusCode === 200).length;
    for (const response of payments.filter((r) => r.statusCode !== 200)) {
      expect(response.json().code).toBe('SS_ERR_ORDER_EXPIRED');
    }
    const statuses = await Promise.all(
      orders.map(async (id) => (await call(shopper, 'GET', `/orders/${id}`)).json().status),
    );
    expect(statuses.filter((s) => s === 'paid')).toHaveLength(paid);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(12 - paid);
    expect(await level('DRK-001')).toMatchObject({
      on_hand: before.on_hand - paid,
      reserved: before.reserved,
    });
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });
});

describe('a delivery order', () => {
  const nearXintiandi = {
    lat: 31.223,
    lng: 121.475,
    address: '马当路1号',
    contact_name: '王女士',
    phone: '13800000000',
  };

  it('comes from the nearest store that delivers there and has every line', async () => {
    const response = await call(shopper, 'POST', '/orders', {
      type: 'delivery',
      delivery: nearXintiandi,
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ store_id: store.SH002, delivery_fee_cents: 600 });
    expect(response.json().delivery.distance_m).toBeLessThan(1000);
    // Xintiandi sells out: the order falls back to Nanjing East Road, which also reaches the address.
    const short = await level('DRK-001', 'SH002');
    await call(
      admin,
      'POST',
      '/stock/movements',
      {
        kind: 'adjustment',
        store_id: store.SH002,
        lines: [{ sku_id: sku['DRK-001']!.id, qty: -short.available }],
      },
      'sh002-sellout',
    );
    const fallback = await call(shopper, 'POST', '/orders', {
      type: 'delivery',
      delivery: nearXintiandi,
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 2 }],
    });
    expect(fallback.json()).toMatchObject({ store_id: store.SH001, delivery_fee_cents: 600 });
    // Its units go back on SH001's shelf: how many the expiry race above sold is up to the race.
    await call(shopper, 'POST', `/orders/${fallback.json().id}/cancel`);
  });

  it('is refused where no store delivers', async () => {
    const response = await call(shopper, 'POST', '/orders', {
      type: 'delivery',
      delivery: { ...nearXintiandi, lat: 31.35, lng: 121.6 },
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
    });
    expect(response.statusCode).toBe(409);
    // The shopper is told it is where they live, not the stock: no other basket will do.
    expect(response.json()).toMatchObject({
      code: 'SS_ERR_NO_DELIVERY_STORE',
      field: 'delivery',
      message: expect.stringMatching(/^No store delivers to this address/),
    });
    // Within reach, it is the stock that is short.
    const short = await call(shopper, 'POST', '/orders', {
      type: 'delivery',
      delivery: nearXintiandi,
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 999 }],
    });
    expect(short.json()).toMatchObject({
      code: 'SS_ERR_NO_DELIVERY_STORE',
      message: expect.stringContaining('in stock'),
    });
  });
});

describe('the order types a store offers', () => {
  it('refuses an order of a kind the store does not offer, naming the store', async () => {
    const patch = (services: string[]) =>
      t.call(admin, { method: 'PATCH', url: `/api/v1/stores/${store.SH003}`, payload: { services } });
    expect((await patch(['pharmacy', 'parking'])).statusCode).toBe(200);
    for (const type of ['pickup', 'scan_to_buy']) {
      const refused = await call(shopper, 'POST', '/orders', {
        type,
        store_id: store.SH003,
        lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
      });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'SS_ERR_SERVICE_NOT_OFFERED',
        field: 'store_id',
        message: expect.stringContaining(`does not offer ${type}`),
      });
    }
    expect((await patch(['pickup', 'scan_to_buy', 'pharmacy', 'parking'])).statusCode).toBe(200);
    const taken = await call(shopper, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH003,
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
    });
    expect(taken.statusCode, taken.body).toBe(201);
    await call(shopper, 'POST', `/orders/${taken.json().id}/cancel`);
  });
});

describe('scan-to-buy', () => {
  it('takes scanned barcodes, and once paid gives an exit pass that opens the door once', async () => {
    const created = await call(shopper, 'POST', '/orders', {
      type: 'scan_to_buy',
      store_id: store.SH001,
      lines: [{ barcode: sku['DRK-001']!.barcode, qty: 3 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().exit_pass).toBeNull();
    const paid = (await call(shopper, 'POST', `/orders/${created.json().id}/demo-payment`)).json();
    expect(paid.exit_pass.pass).toMatch(/^ss-exit:/);
    const out = await call(clerk, 'POST', '/orders/exit-pass', { pass: paid.exit_pass.pass });
    expect(out.json().status).toBe('completed');
    const twice = await call(clerk, 'POST', '/orders/exit-pass', { pass: paid.exit_pass.pass });
    expect(twice.json()).toMatchObject({
      code: 'SS_ERR_EXIT_PASS',
      message: expect.stringContaining('already used'),
    });
    const forged = await call(clerk, 'POST', '/orders/exit-pass', {
      pass: paid.exit_pass.pass.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A')),
    });
    expect(forged.statusCode).toBe(400);
  });

  it('refuses an unknown barcode and bad input with the field', async () => {
    const unknown = await call(shopper, 'POST', '/orders', {
      type: 'scan_to_buy',
      store_id: store.SH001,
      lines: [{ barcode: '6900000000007', qty: 1 }],
    });
    expect(unknown.statusCode).toBe(404);
    const noStore = await call(shopper, 'POST', '/orders', {
      type: 'pickup',
      lines: [{ sku_id: sku['DRK-001']!.id, qty: 1 }],
    });
    expect(noStore.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'store_id' });
  });
});

describe("finding any of a store's orders, whatever its day", () => {
  const DAY_MS = 24 * 3_600_000;
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
  type Listed = { id: string; store_id: string; created_at: string; pickup: { code: string } | null };
  /**
   * Last week's orders at SH001, newest first (8 and 9 days ago, and two in the same instant 10 days
   * ago, the later id first), and one at SH002, placed and paid when they were.
   */
  const past: Listed[] = [];
  let elsewhere: Listed;

  const placeThen = (storeCode: string, at: Date) =>
    t.db.tenant(tenantId, async (tx) => {
      const order = await createOrder(
        tx,
        tenantId,
        {
          type: 'pickup',
          store_id: store[storeCode]!,
          lines: [{ sku_id: sku['DRY-001']!.id, qty: 1 }],
        } as OrderCreate,
        { shopper_id: null, staff_id: randomUUID(), tier: null, actor: 'system:test' },
        { ttlSeconds: 900, rules: pricingRules(), now: at },
      );
      const payment = {
        method: 'demo' as const,
        amount_cents: order.total_cents,
        transaction_id: `find-${order.id}`,
      };
      await payOrder(tx, tenantId, order.id, payment, 'system:test', new Date(at.getTime() + 60_000));
      return order.id;
    });
  const list = async (token: string, query: string) => {
    const answer = await call(token, 'GET', `/orders?${query}`);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as Listed[];
  };
  const get = async (id: string) => (await call(admin, 'GET', `/orders/${id}`)).json() as Listed;

  beforeAll(async () => {
    const tenDaysAgo = daysAgo(10);
    for (const at of [daysAgo(8), daysAgo(9), tenDaysAgo, tenDaysAgo])
      past.push(await get(await placeThen('SH001', at)));
    past.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id));
    elsewhere = await get(await placeThen('SH002', daysAgo(8)));
  });

  it('finds an order by its number as the desk shows it, with or without #, in any case', async () => {
    const [order] = past;
    const number = `#${order!.id.slice(0, 8).toUpperCase()}`;
    for (const asked of [
      number,
      number.slice(1),
      number.slice(1).toLowerCase(),
      `#${number.slice(1).toLowerCase()}`,
    ]) {
      const found = await list(clerk, `store_id=${store.SH001}&number=${encodeURIComponent(asked)}`);
      expect(found.map((o) => o.id)).toEqual([order!.id]);
    }
  });

  it('refuses a number that is not one, naming the field', async () => {
    for (const asked of ['#A1B2', 'A1B2C3D4E', 'G1B2C3D4', '##A1B2C3D4']) {
      const answer = await call(
        clerk,
        'GET',
        `/orders?store_id=${store.SH001}&number=${encodeURIComponent(asked)}`,
      );
      expect(answer.statusCode, asked).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'number' });
    }
    const code = await call(clerk, 'GET', `/orders?store_id=${store.SH001}&pickup_code=12345`);
    expect(code.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'pickup_code' });
    const before = await call(clerk, 'GET', `/orders?store_id=${store.SH001}&before=last-week`);
    expect(before.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'before' });
  });

  it("finds last week's order by the pickup code it was given", async () => {
    const [, order] = past;
    const found = await list(clerk, `store_id=${store.SH001}&pickup_code=${order!.pickup!.code}`);
    expect(found.map((o) => o.id)).toContain(order!.id);
    expect(found.every((o) => o.pickup?.code === order!.pickup!.code)).toBe(true);
  });

  it('pages back through earlier orders, newest first', async () => {
    const pages: Listed[] = [];
    let query = `before=${daysAgo(7).toISOString()}`;
    for (let n = 0; n < 5; n++) {
      const page = await list(clerk, `store_id=${store.SH001}&${query}&limit=1`);
      pages.push(...page);
      if (page.length === 0) break;
      query = `before=${page[0]!.created_at}&before_id=${page[0]!.id}`;
    }
    // The two placed in the same instant each come once, on a page of their own.
    expect(pages.map((o) => o.id)).toEqual(past.map((o) => o.id));
    // Today's orders stay out of a page before today, whatever else the query asks.
    const paid = await list(clerk, `store_id=${store.SH001}&status=paid&before=${daysAgo(7).toISOString()}`);
    expect(paid.map((o) => o.id)).toEqual(past.map((o) => o.id));
  });

  it("does not find another store's order for its staff; the brand's admin finds it", async () => {
    const number = encodeURIComponent(`#${elsewhere.id.slice(0, 8)}`);
    expect(await list(clerk, `store_id=${store.SH001}&number=${number}`)).toEqual([]);
    expect(await list(clerk, `number=${number}`)).toEqual([]);
    const theirs = await call(clerk, 'GET', `/orders?store_id=${store.SH002}&number=${number}`);
    expect(theirs.statusCode).toBe(403);
    expect((await list(admin, `number=${number}`)).map((o) => o.id)).toEqual([elsewhere.id]);
  });
});

describe("finding a customer's orders by their phone", () => {
  type Listed = { id: string; shopper_id: string | null; delivery: { phone: string } | null };
  const list = async (token: string, query: string) => {
    const answer = await call(token, 'GET', `/orders?${query}`);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as Listed[];
  };
  let pickup: Listed;
  let delivery: Listed;

  beforeAll(async () => {
    const member = await shopperToken('phone-member');
    const placed = await call(member, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: sku['DRY-001']!.id, qty: 1 }],
    });
    pickup = placed.json();
    // Kept as a member's phone may be, with the country code before it.
    await t.db.tenant(tenantId, async (tx) => {
      const membership = await ensureMembership(tx, tenantId, pickup.shopper_id!);
      await tx.query('UPDATE memberships SET phone = $1 WHERE id = $2', ['+8613912345678', membership.id]);
    });
    const sent = await call(otherShopper, 'POST', '/orders', {
      type: 'delivery',
      delivery: {
        lat: 31.223,
        lng: 121.475,
        address: '马当路1号',
        contact_name: '李先生',
        phone: '+86 139 8765 4321',
      },
      lines: [{ sku_id: sku['DRY-001']!.id, qty: 1 }],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    delivery = sent.json();
  });

  it("finds a member's order by their whole phone or its last four digits (手机尾号), not by another phone's", async () => {
    const members = await call(admin, 'GET', '/members?phone_tail=5678&limit=200');
    const tailMembers = new Set((members.json() as { shopper_id: string | null }[]).map((m) => m.shopper_id));
    const byTail = await list(clerk, `store_id=${store.SH001}&phone=5678`);
    expect(byTail.map((o) => o.id)).toContain(pickup.id);
    // Only orders of members whose phone ends so, or sent to a contact number that does.
    for (const o of byTail)
      expect(tailMembers.has(o.shopper_id) || o.delivery?.phone.replace(/\D/g, '').endsWith('5678')).toBe(
        true,
      );
    expect((await list(clerk, `store_id=${store.SH001}&phone=13912345678`)).map((o) => o.id)).toEqual([
      pickup.id,
    ]);
    expect((await list(clerk, `store_id=${store.SH001}&phone=13900005678`)).map((o) => o.id)).not.toContain(
      pickup.id,
    );
  });

  it('finds a delivery by the number the courier rings, however it was typed', async () => {
    for (const phone of ['4321', '13987654321', encodeURIComponent('+8613987654321')]) {
      expect(
        (await list(admin, `phone=${phone}`)).map((o) => o.id),
        phone,
      ).toContain(delivery.id);
    }
    expect((await list(admin, 'phone=13900004321')).map((o) => o.id)).not.toContain(delivery.id);
  });

  it('refuses a phone that is not one, naming the field', async () => {
    for (const phone of ['123', '12a4', '139-1234-5678']) {
      const answer = await call(clerk, 'GET', `/orders?store_id=${store.SH001}&phone=${phone}`);
      expect(answer.statusCode, phone).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'phone' });
    }
  });
});
