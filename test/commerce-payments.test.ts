/**
 * WeChat Pay end to end against a local WeChat Pay stub (keys generated in the test): prepay for
 * wx.requestPayment, notifications (duplicate, tampered, stale, unknown serial, wrong amount),
 * the query that reconciles a missed notification, close on cancel and on expiry, payment racing
 * the reservation's expiry, and refunds that never refund twice.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Formatter, Rsa } from 'wechatpay-axios-plugin';
import {
  applyStockOperation,
  checkDuePayments,
  chinaTime,
  expireDueOrders,
  expireDueReservations,
  expireReservations,
  findDrift,
  outTradeNo,
  type WechatPayClient,
  wechatPayFrom,
} from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  STUB_APPID,
  STUB_APPID_2,
  STUB_SECRET,
  STUB_SECRET_2,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';
import { startWechatPayStub, type WechatPayStub } from './support/wechatpay-stub.js';

let t: TestApp;
let wx: WechatStub;
let pay: WechatPayStub;
let client: WechatPayClient;
let tenantId: string;
let admin: string;
let clerk: string;
let manager: string;
let shopper: string;
let otherShopper: string;
const store: Record<string, string> = {};
const sku: Record<string, string> = {};

interface Order {
  id: string;
  status: string;
  total_cents: number;
  /** Staff's view: what went back. */
  refunded_cents?: number;
  expires_at: string;
  payment: { method: string; transaction_id: string } | null;
  history: { to_status: string }[];
}

const call: TestApp['api'] = (...request) => t.api(...request);

const level = async (code: string) =>
  (await call(admin, 'GET', `/stock?sku_id=${sku[code]}&store_id=${store.SH001}`)).json()[0] as {
    on_hand: number;
    reserved: number;
    available: number;
  };

const order = async (id: string) => (await call(admin, 'GET', `/orders/${id}`)).json() as Order;

async function place(code: string, qty = 1): Promise<Order> {
  const response = await call(shopper, 'POST', '/orders', {
    type: 'pickup',
    store_id: store.SH001,
    lines: [{ sku_id: sku[code], qty }],
  });
  expect(response.statusCode).toBe(201);
  return response.json();
}

async function prepaid(code: string, qty = 1) {
  const placed = await place(code, qty);
  const response = await call(shopper, 'POST', `/orders/${placed.id}/payments`);
  expect(response.statusCode, response.body).toBe(200);
  return { order: placed, no: outTradeNo(placed.id), params: response.json() };
}

const deliver = (notification: { headers: Record<string, string>; payload: string }) =>
  t.call(undefined, {
    method: 'POST',
    url: '/api/v1/payments/wechatpay/notify',
    headers: notification.headers,
    payload: notification.payload,
  });

const notifications = async (no: string) =>
  t.db.tenant(
    tenantId,
    async (tx) =>
      (
        await tx.query<{ outcome: string; detail: string }>(
          'SELECT outcome, detail FROM commerce_payment_notifications WHERE out_trade_no = $1 ORDER BY id',
          [no],
        )
      ).rows,
  );

beforeAll(async () => {
  wx = await startWechatStub();
  pay = await startWechatPayStub();
  t = await startTestApp({
    WECHAT_APPID: STUB_APPID,
    WECHAT_SECRET: STUB_SECRET,
    WECHAT_API_BASE: wx.url,
    ...pay.env,
  });
  client = wechatPayFrom(t.app.config)!;
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  const login = async (code: string) =>
    (await call(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json().token as string;
  shopper = await login('pay-shopper');
  otherShopper = await login('pay-other');
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  for (const code of ['DRK-001', 'DRY-001', 'SNK-004', 'FRS-006', 'SET-001']) {
    sku[code] = (await call(admin, 'GET', `/catalogue/search?q=${code}`)).json()[0].sku_id;
  }
});
afterAll(async () => {
  await t?.close();
  await pay?.close();
  await wx?.close();
});

describe('paying an order with WeChat Pay', () => {
  let placed: Order;
  let no: string;

  it('gives the mini-program signed wx.requestPayment parameters for a JSAPI prepay', async () => {
    placed = await place('DRK-001', 2);
    no = outTradeNo(placed.id);
    const first = await call(shopper, 'POST', `/orders/${placed.id}/payments`, undefined, 'pay-1');
    expect(first.statusCode, first.body).toBe(200);
    const params = first.json();
    const trade = pay.trades.get(no)!;
    expect(trade).toMatchObject({
      appid: STUB_APPID,
      total: placed.total_cents,
      openid: 'o_pay-shopper',
      time_expire: chinaTime(new Date(placed.expires_at)),
      notify_url: pay.env.WECHATPAY_NOTIFY_URL,
    });
    expect(params).toMatchObject({
      appId: STUB_APPID,
      package: `prepay_id=${trade.prepay_id}`,
      signType: 'RSA',
    });
    const message = Formatter.joinedByLineFeed(
      params.appId,
      params.timeStamp,
      params.nonceStr,
      params.package,
    );
    expect(Rsa.verify(message, params.paySign, pay.merchantPublicKey)).toBe(true);
    // The same key, and a second tap without one, answer alike: one prepay at WeChat.
    expect((await call(shopper, 'POST', `/orders/${placed.id}/payments`, undefined, 'pay-1')).json()).toEqual(
      params,
    );
    expect((await call(shopper, 'POST', `/orders/${placed.id}/payments`)).json()).toEqual(params);
    expect(pay.calls.filter((c) => c === 'POST /v3/pay/transactions/jsapi')).toHaveLength(1);
  });

  it("is not another shopper's to pay", async () => {
    expect((await call(otherShopper, 'POST', `/orders/${placed.id}/payments`)).statusCode).toBe(404);
  });

  it('marks the order paid on the notification, and the reserved units are sold once', async () => {
    const before = await level('DRK-001');
    const notification = pay.notification('TRANSACTION.SUCCESS', pay.pay(no));
    const answer = await deliver(notification);
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().code).toBe('SUCCESS');
    const paid = await order(placed.id);
    expect(paid).toMatchObject({
      status: 'paid',
      payment: { method: 'wechatpay', transaction_id: pay.trades.get(no)!.transaction_id },
    });
    expect(await level('DRK-001')).toMatchObject({
      on_hand: before.on_hand - 2,
      reserved: before.reserved - 2,
    });

    // WeChat sends it again (same event id), and once more as a new event: success, nothing moves.
    for (const again of [notification, pay.notification('TRANSACTION.SUCCESS', pay.tradeResource(no))]) {
      const response = await deliver(again);
      expect(response.json()).toMatchObject({ code: 'SUCCESS' });
    }
    expect(await level('DRK-001')).toMatchObject({
      on_hand: before.on_hand - 2,
      reserved: before.reserved - 2,
    });
    expect((await order(placed.id)).history.map((e) => e.to_status)).toEqual(['created', 'paid']);
    expect((await notifications(no)).map((n) => n.outcome)).toEqual(['applied', 'ignored']);
    const view = (await call(shopper, 'GET', `/orders/${placed.id}/payments`)).json();
    expect(view.payment).toMatchObject({
      status: 'paid',
      amount_cents: placed.total_cents,
      out_trade_no: no,
    });
  });

  it('no longer prepays a paid order, and refuses the demo payment while WeChat Pay is on', async () => {
    expect((await call(shopper, 'POST', `/orders/${placed.id}/payments`)).json().code).toBe(
      'SS_ERR_ORDER_TRANSITION',
    );
    const other = await place('DRK-001');
    expect((await call(shopper, 'POST', `/orders/${other.id}/demo-payment`)).statusCode).toBe(403);
  });
});

describe('many deliveries of one payment at once', () => {
  it('applies the payment once: duplicate notifications and a query racing them', async () => {
    const before = await level('SNK-004');
    const { order: placed, no } = await prepaid('SNK-004', 2);
    const resource = pay.pay(no);
    const same = pay.notification('TRANSACTION.SUCCESS', resource);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        deliver(i % 2 ? same : pay.notification('TRANSACTION.SUCCESS', resource)),
      ),
      call(shopper, 'POST', `/orders/${placed.id}/payments/query`),
    ]);
    for (const answer of answers.slice(0, 6)) expect(answer.json().code, answer.body).toBe('SUCCESS');
    expect(answers[6]!.statusCode).toBe(200);
    expect((await order(placed.id)).history.map((e) => e.to_status)).toEqual(['created', 'paid']);
    expect(await level('SNK-004')).toMatchObject({ on_hand: before.on_hand - 2, reserved: before.reserved });
    expect((await notifications(no)).filter((n) => n.outcome === 'applied').length).toBeLessThanOrEqual(1);
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });
});

describe('notifications that must not be trusted', () => {
  let placed: Order;
  let no: string;
  let resource: Record<string, unknown>;

  beforeAll(async () => {
    ({ order: placed, no } = await prepaid('DRY-001'));
    resource = pay.pay(no);
  });

  it.each([
    ['a tampered body', () => ({ tamper: true }), 401],
    ['a stale timestamp', () => ({ timestamp: Formatter.timestamp() - 310 }), 401],
    ['a timestamp from the future', () => ({ timestamp: Formatter.timestamp() + 310 }), 401],
    ['an unknown Wechatpay-Serial', () => ({ serial: 'PUB_KEY_ID_0000000000000000000000000000000000' }), 401],
    ['another APIv3 key', () => ({ apiv3Key: 'x'.repeat(32) }), 400],
  ])('refuses %s and changes nothing', async (_what, options, status) => {
    const before = await level('DRY-001');
    const response = await deliver(pay.notification('TRANSACTION.SUCCESS', resource, options()));
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ code: 'FAIL' });
    expect((await order(placed.id)).status).toBe('created');
    expect(await level('DRY-001')).toEqual(before);
  });

  it('refuses a signed notification whose amount or merchant is not the order’s, recording it', async () => {
    const wrongAmount = { ...resource, amount: { total: 1, payer_total: 1, currency: 'CNY' } };
    const response = await deliver(pay.notification('TRANSACTION.SUCCESS', wrongAmount));
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/amount 1 fen/);
    const wrongMerchant = await deliver(
      pay.notification('TRANSACTION.SUCCESS', { ...resource, mchid: '1999999999' }),
    );
    expect(wrongMerchant.statusCode).toBe(400);
    expect((await order(placed.id)).status).toBe('created');
    expect((await notifications(no)).map((n) => n.outcome)).toEqual(['rejected', 'rejected']);
  });

  it('refuses a request without the signature headers', async () => {
    const response = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/payments/wechatpay/notify',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('FAIL');
  });

  it('then takes the genuine one', async () => {
    const response = await deliver(pay.notification('TRANSACTION.SUCCESS', resource));
    expect(response.json().code).toBe('SUCCESS');
    expect((await order(placed.id)).status).toBe('paid');
  });
});

describe('checking with WeChat Pay', () => {
  it('reconciles an order whose notification never came', async () => {
    const { order: placed, no } = await prepaid('SNK-004');
    pay.pay(no);
    const response = await call(shopper, 'POST', `/orders/${placed.id}/payments/query`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().payment).toMatchObject({
      status: 'paid',
      transaction_id: pay.trades.get(no)!.transaction_id,
    });
    expect((await order(placed.id)).status).toBe('paid');
  });

  it('closes the WeChat Pay order when the shopper cancels', async () => {
    const { order: placed, no } = await prepaid('SNK-004');
    expect((await call(shopper, 'POST', `/orders/${placed.id}/cancel`)).json().status).toBe('cancelled');
    await checkDuePayments({ app: t.app, wechat: client });
    expect(pay.trades.get(no)!.state).toBe('CLOSED');
    expect((await call(shopper, 'GET', `/orders/${placed.id}/payments`)).json().payment.status).toBe(
      'closed',
    );
  });

  it('closes an expired unpaid order at WeChat before cancelling it', async () => {
    const before = await level('SNK-004');
    const { order: placed, no } = await prepaid('SNK-004');
    await t.db.tenant(tenantId, (tx) =>
      tx.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [placed.id]),
    );
    // The order sweeper leaves it to the payments check: the shopper may have paid at the last second.
    await expireDueOrders(t.app);
    await checkDuePayments({ app: t.app, wechat: client });
    expect(pay.trades.get(no)!.state).toBe('CLOSED');
    expect((await order(placed.id)).status).toBe('cancelled');
    expect(await level('SNK-004')).toMatchObject({ on_hand: before.on_hand, reserved: before.reserved });
  });
});

describe('a payment racing the expiry of its reservation', () => {
  /** The order's time runs out and its reservation is released, all at once (no worker sees half of it). */
  const expire = (orderId: string, sellOut?: string) =>
    t.db.tenant(tenantId, async (tx) => {
      await tx.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [orderId]);
      await tx.query(
        "UPDATE stock_reservations SET expires_at = now() - interval '1 second' WHERE id = (SELECT reservation_id FROM orders WHERE id = $1)",
        [orderId],
      );
      await expireReservations(tx, tenantId, new Date());
      if (!sellOut) return;
      const { rows } = await tx.query<{ available: number }>(
        'SELECT on_hand - reserved AS available FROM stock WHERE store_id = $1 AND sku_id = $2',
        [store.SH001, sku[sellOut]],
      );
      await applyStockOperation(tx, tenantId, {
        key: `sell-out:${orderId}`,
        kind: 'adjustment',
        lines: [
          {
            store_id: store.SH001!,
            sku_id: sku[sellOut]!,
            on_hand_delta: -rows[0]!.available,
            reserved_delta: 0,
          },
        ],
      });
    });

  it('reserves the stock again when the shelf still has it, and sells it once', async () => {
    const before = await level('FRS-006');
    const { order: placed, no } = await prepaid('FRS-006', 2);
    const resource = pay.pay(no); // paid in time; the notification is late
    await expire(placed.id);
    expect(await level('FRS-006')).toMatchObject({ on_hand: before.on_hand, reserved: before.reserved });
    expect((await deliver(pay.notification('TRANSACTION.SUCCESS', resource))).json().code).toBe('SUCCESS');
    expect((await order(placed.id)).status).toBe('paid');
    expect(await level('FRS-006')).toMatchObject({ on_hand: before.on_hand - 2, reserved: before.reserved });
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });

  it('sells each order once when notifications, the expiry sweepers and the WeChat check all race', async () => {
    const before = await level('DRK-001');
    const placed = await Promise.all(Array.from({ length: 8 }, () => prepaid('DRK-001')));
    const resources = placed.map(({ no }) => pay.pay(no));
    await t.db.tenant(tenantId, async (tx) => {
      const ids = placed.map((p) => p.order.id);
      await tx.query(
        "UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])",
        [ids],
      );
      await tx.query(
        `UPDATE stock_reservations SET expires_at = now() - interval '1 second'
         WHERE id IN (SELECT reservation_id FROM orders WHERE id = ANY($1::uuid[]))`,
        [ids],
      );
    });
    const answers = await Promise.all([
      ...resources.map((resource) => deliver(pay.notification('TRANSACTION.SUCCESS', resource))),
      expireDueReservations(t.app),
      expireDueOrders(t.app),
      checkDuePayments({ app: t.app, wechat: client }),
    ]);
    for (const answer of answers.slice(0, 8)) expect((answer as { body: string }).body).toMatch(/SUCCESS/);
    for (const { order: o } of placed) {
      expect((await order(o.id)).history.map((e) => e.to_status)).toEqual(['created', 'paid']);
    }
    expect(await level('DRK-001')).toMatchObject({ on_hand: before.on_hand - 8, reserved: before.reserved });
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });

  it('cancels and refunds in full when the shelf has nothing left', async () => {
    const { order: placed, no } = await prepaid('FRS-006', 1);
    const resource = pay.pay(no);
    await expire(placed.id, 'FRS-006');
    const after = await level('FRS-006');
    expect(after.available).toBe(0);
    expect((await deliver(pay.notification('TRANSACTION.SUCCESS', resource))).json().code).toBe('SUCCESS');
    expect((await order(placed.id)).status).toBe('cancelled');
    expect(await level('FRS-006')).toEqual(after);
    const refunds = [...pay.refunds.values()].filter((r) => r.out_trade_no === no);
    expect(refunds).toMatchObject([{ amount: placed.total_cents }]);
    const view = (await call(shopper, 'GET', `/orders/${placed.id}/payments`)).json();
    expect(view.refunds).toMatchObject([
      { requested_by: 'system', status: 'processing', amount_cents: placed.total_cents },
    ]);
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });
});

describe('refunds', () => {
  let placed: Order;
  let no: string;

  beforeAll(async () => {
    ({ order: placed, no } = await prepaid('DRK-001', 3));
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(no)));
  });

  it('needs an Idempotency-Key and refuses more than was paid', async () => {
    const noKey = await call(manager, 'POST', `/orders/${placed.id}/refunds`, {
      amount_cents: 100,
      reason: '缺货',
    });
    expect(noKey.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'Idempotency-Key' });
    const tooMuch = await call(
      manager,
      'POST',
      `/orders/${placed.id}/refunds`,
      { amount_cents: placed.total_cents + 1, reason: '缺货' },
      'too-much',
    );
    expect(tooMuch.json()).toMatchObject({ code: 'SS_ERR_REFUND_TOO_LARGE', field: 'amount_cents' });
    const returnedEarly = await call(
      manager,
      'POST',
      `/orders/${placed.id}/refunds`,
      { amount_cents: 100, reason: '退货', returned: [{ sku_id: sku['DRK-001'], qty: 1 }] },
      'returned-early',
    );
    expect(returnedEarly.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'returned' });
    expect(
      (await call(shopper, 'POST', `/orders/${placed.id}/refunds`, { amount_cents: 1, reason: 'x' }, 'k'))
        .statusCode,
    ).toBe(403);
    // Money goes back by a manager's hand: a clerk fetches one.
    expect(
      (await call(clerk, 'POST', `/orders/${placed.id}/refunds`, { amount_cents: 1, reason: 'x' }, 'c'))
        .statusCode,
    ).toBe(403);
  });

  it('refunds once however often it is asked with the same key, and the order is refunded when WeChat confirms', async () => {
    const before = await level('DRK-001');
    const body = { amount_cents: placed.total_cents, reason: '顾客不要了' };
    const first = await call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'refund-1');
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'refund-1');
    expect(again.json()).toEqual(first.json());
    const refund = first.json();
    expect(refund).toMatchObject({ status: 'processing', amount_cents: placed.total_cents });
    expect([...pay.refunds.values()].filter((r) => r.out_trade_no === no)).toHaveLength(1);
    const reused = await call(
      manager,
      'POST',
      `/orders/${placed.id}/refunds`,
      { ...body, amount_cents: 1 },
      'refund-1',
    );
    expect(reused.json().code).toBe('SS_ERR_IDEMPOTENCY_KEY_REUSED');
    expect((await order(placed.id)).status).toBe('paid');

    const success = pay.notification('REFUND.SUCCESS', pay.settleRefund(refund.out_refund_no));
    expect((await deliver(success)).json().code).toBe('SUCCESS');
    expect((await deliver(success)).json().code).toBe('SUCCESS');
    const refunded = await order(placed.id);
    expect(refunded.status).toBe('refunded');
    expect(refunded.refunded_cents).toBe(placed.total_cents);
    expect(refunded.history.map((e) => e.to_status)).toEqual(['created', 'paid', 'refunded']);
    // Not handed over: the three units go back on the shelf, once.
    expect(await level('DRK-001')).toMatchObject({ on_hand: before.on_hand + 3, reserved: before.reserved });
    const view = (await call(clerk, 'GET', `/orders/${placed.id}/payments`)).json();
    expect(view.refunds).toMatchObject([{ status: 'success', refund_id: refund.refund_id }]);
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });

  it('after handover takes back part of the goods: the order stays completed, the goods return to the shelf', async () => {
    const { order: sold, no: soldNo } = await prepaid('DRY-001', 2);
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(soldNo)));
    for (const to of ['preparing', 'ready', 'completed']) {
      expect((await call(clerk, 'POST', `/orders/${sold.id}/status`, { to })).json().status).toBe(to);
    }
    const before = await level('DRY-001');
    const card = async () =>
      (await call(shopper, 'GET', '/me/membership')).json() as {
        points_balance: number;
        recent_points: { kind: string; points: number }[];
      };
    const earned = (await card()).recent_points.find((p) => p.kind === 'earn')!.points;
    const pointsBefore = (await card()).points_balance;
    expect(earned).toBeGreaterThan(1);
    const unit = Math.floor(sold.total_cents / 2);
    const tooMany = await call(
      manager,
      'POST',
      `/orders/${sold.id}/refunds`,
      { amount_cents: unit, reason: '退货', returned: [{ sku_id: sku['DRY-001'], qty: 3 }] },
      'return-too-many',
    );
    expect(tooMany.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'returned.0.qty' });
    const response = await call(
      manager,
      'POST',
      `/orders/${sold.id}/refunds`,
      { amount_cents: unit, reason: '退货', returned: [{ sku_id: sku['DRY-001'], qty: 1 }] },
      'return-1',
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(await level('DRY-001')).toEqual(before);
    const success = pay.notification('REFUND.SUCCESS', pay.settleRefund(response.json().out_refund_no));
    expect((await deliver(success)).json().code).toBe('SUCCESS');
    expect((await order(sold.id)).status).toBe('completed');
    // Staff read what went back; the shopper reads their refunds in the order's payments.
    expect((await order(sold.id)).refunded_cents).toBe(unit);
    expect((await call(shopper, 'GET', `/orders/${sold.id}`)).json()).not.toHaveProperty('refunded_cents');
    expect(await level('DRY-001')).toMatchObject({ on_hand: before.on_hand + 1, reserved: before.reserved });
    // Half the money back takes back half the points the order earned, once.
    expect((await card()).points_balance).toBe(pointsBefore - Math.round((earned * unit) / sold.total_cents));
    expect((await deliver(success)).json().code).toBe('SUCCESS');
    expect((await card()).points_balance).toBe(pointsBefore - Math.round((earned * unit) / sold.total_cents));
  });

  it('puts a returned bundle back as its components', async () => {
    // An earlier test sold the shelf of bread out; a delivery comes in.
    await t.db.tenant(tenantId, (tx) =>
      applyStockOperation(tx, tenantId, {
        key: 'bread-delivery',
        kind: 'receipt',
        lines: [{ store_id: store.SH001!, sku_id: sku['FRS-006']!, on_hand_delta: 10, reserved_delta: 0 }],
      }),
    );
    const { order: sold, no: soldNo } = await prepaid('SET-001', 1);
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(soldNo)));
    for (const to of ['preparing', 'ready', 'completed']) {
      await call(clerk, 'POST', `/orders/${sold.id}/status`, { to });
    }
    const before = await level('DRY-001');
    const response = await call(
      manager,
      'POST',
      `/orders/${sold.id}/refunds`,
      { amount_cents: sold.total_cents, reason: '退货', returned: [{ sku_id: sku['SET-001'], qty: 1 }] },
      'return-bundle',
    );
    expect(response.statusCode, response.body).toBe(201);
    await deliver(pay.notification('REFUND.SUCCESS', pay.settleRefund(response.json().out_refund_no)));
    expect((await order(sold.id)).status).toBe('completed');
    expect(await level('DRY-001')).toMatchObject({ on_hand: before.on_hand + 2 });
    expect(await t.db.tenant(tenantId, findDrift)).toEqual([]);
  });

  it('refunds once when the same request is retried at the same time', async () => {
    const { order: placed, no } = await prepaid('SNK-004', 2);
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(no)));
    const body = { amount_cents: 100, reason: '价格调整' };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'adjust-1'),
      ),
    );
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(201);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect([...pay.refunds.values()].filter((r) => r.out_trade_no === no)).toMatchObject([{ amount: 100 }]);
    // A partial refund before handover adjusts the price; the order goes on.
    const success = pay.notification('REFUND.SUCCESS', pay.settleRefund(answers[0]!.json().out_refund_no));
    expect((await deliver(success)).json().code).toBe('SUCCESS');
    expect((await order(placed.id)).status).toBe('paid');
  });

  it('keeps a refund WeChat did not answer, and sends it again (same out_refund_no) on retry', async () => {
    const { order: placed, no } = await prepaid('SNK-004');
    await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(no)));
    const body = { amount_cents: placed.total_cents, reason: '顾客取消' };
    pay.failNext('POST /v3/refund/domestic/refunds');
    const failed = await call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'busy-1');
    expect(failed.statusCode).toBe(503);
    expect(failed.json().code).toBe('SS_ERR_WECHATPAY_UNAVAILABLE');
    const waiting = (await call(clerk, 'GET', `/orders/${placed.id}/payments`)).json().refunds;
    expect(waiting).toMatchObject([{ status: 'requested', amount_cents: placed.total_cents }]);
    const another = await call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'busy-2');
    expect(another.json().code).toBe('SS_ERR_REFUND_TOO_LARGE');
    const retried = await call(manager, 'POST', `/orders/${placed.id}/refunds`, body, 'busy-1');
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json()).toMatchObject({ id: waiting[0].id, status: 'processing' });
    expect([...pay.refunds.values()].filter((r) => r.out_trade_no === no)).toHaveLength(1);
  });

  it('signed every request it sent to WeChat Pay', () => {
    expect(pay.unsigned).toBe(0);
  });
});

describe('a brand with its own mini-program', () => {
  it("pays through the same merchant, the prepay and the payment sheet naming the brand's app", async () => {
    const tenant = (await call(admin, 'GET', '/tenants')).json()[0].id;
    const own = await call(admin, 'PUT', `/tenants/${tenant}/miniprogram`, {
      appid: STUB_APPID_2,
      secret: STUB_SECRET_2,
    });
    expect(own.statusCode, own.body).toBe(200);
    try {
      const buyer = (
        await call(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'own-app-buyer' })
      ).json().token as string;
      const placed = await call(buyer, 'POST', '/orders', {
        type: 'pickup',
        store_id: store.SH001,
        lines: [{ sku_id: sku['DRK-001'], qty: 1 }],
      });
      expect(placed.statusCode).toBe(201);
      const params = (await call(buyer, 'POST', `/orders/${placed.json().id}/payments`)).json();
      const no = outTradeNo(placed.json().id);
      // The openid is the brand app's, so the prepay must name that app; the merchant is the one.
      expect(pay.trades.get(no)).toMatchObject({ appid: STUB_APPID_2, openid: 'o_2_own-app-buyer' });
      expect(params.appId).toBe(STUB_APPID_2);
      const signed = Formatter.joinedByLineFeed(
        params.appId,
        params.timeStamp,
        params.nonceStr,
        params.package,
      );
      expect(Rsa.verify(signed, params.paySign, pay.merchantPublicKey)).toBe(true);
      // WeChat Pay's notification names the brand's app too, and is taken.
      const answer = await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(no)));
      expect(answer.json().code).toBe('SUCCESS');
      expect((await call(buyer, 'GET', `/orders/${placed.json().id}`)).json().status).toBe('paid');
    } finally {
      await call(admin, 'DELETE', `/tenants/${tenant}/miniprogram`);
    }
  });
});

describe('a referral paid by an order that comes back', () => {
  it("takes the friends' bonus back when the first order is returned in full, and the next order pays it", async () => {
    const login = async (code: string) =>
      (await call(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json().token as string;
    const [inviter, friend] = [await login('referral-inviter'), await login('referral-friend')];
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    await call(marketer, 'PUT', '/referral-program', {
      active: true,
      referrer_points: 200,
      friend_points: 100,
    });
    const code = (await call(inviter, 'GET', '/me/referral')).json().code;
    expect((await call(friend, 'POST', '/me/referral', { code })).statusCode).toBe(204);
    const balance = async (token: string) =>
      (await call(token, 'GET', '/me/membership')).json().points_balance;
    /** The friend buys and collects a bottle of water, paid with WeChat Pay. */
    const buyAndCollect = async () => {
      const placed = (
        await call(friend, 'POST', '/orders', {
          type: 'pickup',
          store_id: store.SH001,
          lines: [{ sku_id: sku['DRK-001'], qty: 1 }],
        })
      ).json();
      expect((await call(friend, 'POST', `/orders/${placed.id}/payments`)).statusCode).toBe(200);
      await deliver(pay.notification('TRANSACTION.SUCCESS', pay.pay(outTradeNo(placed.id))));
      for (const to of ['preparing', 'ready', 'completed']) {
        expect((await call(clerk, 'POST', `/orders/${placed.id}/status`, { to })).json().status).toBe(to);
      }
      return placed;
    };
    const first = await buyAndCollect();
    expect(await balance(inviter)).toBe(200);
    const refund = await call(
      manager,
      'POST',
      `/orders/${first.id}/refunds`,
      { amount_cents: first.total_cents, reason: '退货', returned: [{ sku_id: sku['DRK-001'], qty: 1 }] },
      'referral-return',
    );
    expect(refund.statusCode, refund.body).toBe(201);
    await deliver(pay.notification('REFUND.SUCCESS', pay.settleRefund(refund.json().out_refund_no)));
    expect(await balance(inviter)).toBe(0);
    expect((await call(inviter, 'GET', '/me/referral')).json()).toMatchObject({ friends_rewarded: 0 });
    await buyAndCollect();
    expect(await balance(inviter)).toBe(200);
    await call(marketer, 'PUT', '/referral-program', {
      active: false,
      referrer_points: 200,
      friend_points: 100,
    });
  });
});
