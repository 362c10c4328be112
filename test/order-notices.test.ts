/**
 * Shoppers told of their orders, end to end against the real Postgres, the machine's Mosquitto and
 * the WeChat and WeChat Pay stubs: a pickup order a clerk moves to ready over HTTP brings one
 * `order_status` message on the shopper's live topic and one WeChat subscribe message opening the
 * order, however often it is moved again or the worker runs; a delivery order is out for delivery;
 * each refund (a part, then the rest) is told once; an unpaid order that lapsed is told, one the
 * shopper called off is not; a WeChat error is logged and the clerk's change stands; a brand without
 * an order-status template gets the live message only.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueOrders, orderNoticeChannels, outTradeNo, sendOrderNotices } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { offerTopic } from '../push/index.js';
import { startTestApp, TEST_MQTT_URL, type TestApp } from './support/app.js';
import {
  STUB_APPID,
  STUB_APPID_2,
  STUB_SECRET,
  STUB_SECRET_2,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';
import { startWechatPayStub, type WechatPayStub } from './support/wechatpay-stub.js';

const TEMPLATE = 'TPL_ORDER_STATUS';
const OPENID = 'o_notice-shopper';

let t: TestApp;
let wx: WechatStub;
let pay: WechatPayStub;
let listener: MqttClient;
let tenantId: string;
let admin: string;
let clerk: string;
let manager: string;
let shopper: string;
const store: Record<string, { id: string; name: string }> = {};
const sku: Record<string, string> = {};
/** Every message on the shopper's live topic. */
const heard: Record<string, unknown>[] = [];

interface Order {
  id: string;
  status: string;
  total_cents: number;
  pickup: { code: string } | null;
}

const call: TestApp['api'] = (...request) => t.api(...request);

const notify = (notification: { headers: Record<string, string>; payload: string }) =>
  t.call(undefined, {
    method: 'POST',
    url: '/api/v1/payments/wechatpay/notify',
    headers: notification.headers,
    payload: notification.payload,
  });

/** An order the shopper placed and paid with WeChat Pay (the stub), a pickup at SH001 unless told. */
async function paidOrder(
  order: object = { type: 'pickup', store_id: store.SH001!.id },
  qty = 1,
): Promise<Order> {
  const placed = await call(shopper, 'POST', '/orders', {
    ...order,
    lines: [{ sku_id: sku['DRK-001'], qty }],
  });
  expect(placed.statusCode, placed.body).toBe(201);
  expect((await call(shopper, 'POST', `/orders/${placed.json().id}/payments`)).statusCode).toBe(200);
  await notify(pay.notification('TRANSACTION.SUCCESS', pay.pay(outTradeNo(placed.json().id))));
  return (await call(shopper, 'GET', `/orders/${placed.json().id}`)).json();
}

/** A clerk (or the brand admin, for another store's order) moves the order along over HTTP. */
async function move(id: string, to: string, token = clerk) {
  const moved = await call(token, 'POST', `/orders/${id}/status`, { to });
  expect(moved.statusCode, moved.body).toBe(200);
  expect(moved.json().status).toBe(to);
}

async function refund(id: string, amountCents: number, key: string) {
  const asked = await call(
    manager,
    'POST',
    `/orders/${id}/refunds`,
    { amount_cents: amountCents, reason: '退款' },
    key,
  );
  expect(asked.statusCode, asked.body).toBe(201);
  await notify(pay.notification('REFUND.SUCCESS', pay.settleRefund(asked.json().out_refund_no)));
}

const liveFor = (orderId: string) => heard.filter((m) => m.kind === 'order_status' && m.order_id === orderId);
const wechatFor = (orderId: string) => wx.sent.filter((m) => m.page === `pages/order/index?id=${orderId}`);

async function until(condition: () => boolean | Promise<boolean>, what: string) {
  for (let waited = 0; !(await condition()); waited += 50) {
    if (waited > 10_000) throw new Error(`waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every notice queued has gone out (the app's own worker sends them). */
const queueEmpty = async () =>
  (await t.db.tenant(tenantId, (tx) => tx.query('SELECT 1 FROM order_notices'))).rowCount === 0;

/** The worker's pass run by hand, twice at once, as two more processes would. */
const runWorkerTwice = () => {
  const channelsOf = orderNoticeChannels(t.app);
  return Promise.all([1, 2].map(() => sendOrderNotices(t.db, channelsOf, t.app.log)));
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

const pushLog = async (sourceKey: string) =>
  (
    await t.db.tenant(tenantId, (tx) =>
      tx.query<{ channel: string; status: string; errcode: number | null }>(
        'SELECT channel, status, errcode FROM push_deliveries WHERE source_key = $1 ORDER BY channel',
        [sourceKey],
      ),
    )
  ).rows;

beforeAll(async () => {
  wx = await startWechatStub();
  pay = await startWechatPayStub();
  t = await startTestApp({
    WECHAT_APPID: STUB_APPID,
    WECHAT_SECRET: STUB_SECRET,
    WECHAT_API_BASE: wx.url,
    WECHAT_ORDER_STATUS_TEMPLATE_ID: TEMPLATE,
    ...pay.env,
  });
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  const session = (
    await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'notice-shopper' })
  ).json();
  // The mini-program learns the template at login, to ask the shopper for it at checkout.
  expect(session.order_status_template_id).toBe(TEMPLATE);
  shopper = session.token;
  // The shopper allowed a few messages when the mini-program asked.
  wx.subscriptions[OPENID] = 10;
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = { id: s.id, name: s.name };
  sku['DRK-001'] = (await call(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0].sku_id;
  listener = await mqtt.connectAsync(TEST_MQTT_URL, { reconnectPeriod: 0 });
  listener.on('message', (_topic, payload) => heard.push(JSON.parse(payload.toString())));
  await listener.subscribeAsync(offerTopic(tenantId, session.principal.id), { qos: 1 });
});

afterAll(async () => {
  await listener?.endAsync(true);
  await t?.close();
  await pay?.close();
  await wx?.close();
});

describe('a pickup order ready to collect', () => {
  let order: Order;

  it('is told once on the live topic and once by WeChat, opening the order', async () => {
    order = await paidOrder();
    await move(order.id, 'preparing');
    await move(order.id, 'ready');
    await until(() => liveFor(order.id).length > 0 && wechatFor(order.id).length > 0, 'the notices');
    expect(liveFor(order.id)).toEqual([
      expect.objectContaining({
        kind: 'order_status',
        event: 'ready',
        order_type: 'pickup',
        store_name: store.SH001!.name,
        pickup_code: order.pickup!.code,
        title: `订单已备好 取货码${order.pickup!.code}`,
      }),
    ]);
    expect(wechatFor(order.id)).toEqual([
      expect.objectContaining({
        touser: OPENID,
        template_id: TEMPLATE,
        page: `pages/order/index?id=${order.id}`,
        data: {
          thing1: { value: `订单已备好 取货码${order.pickup!.code}` },
          thing2: { value: `请到${store.SH001!.name}取货`.slice(0, 20) },
        },
      }),
    ]);
  });

  it('is not told again when moved to ready again, handed over, or the worker runs more', async () => {
    await move(order.id, 'ready');
    await runWorkerTwice();
    const handed = await call(clerk, 'POST', '/orders/pickup', {
      store_id: store.SH001!.id,
      code: order.pickup!.code,
    });
    expect(handed.json().status).toBe('completed');
    await runWorkerTwice();
    await settle();
    expect(liveFor(order.id)).toHaveLength(1);
    expect(wechatFor(order.id)).toHaveLength(1);
    expect(await pushLog(`order:${order.id}:ready`)).toEqual([
      { channel: 'live', status: 'sent', errcode: null },
      { channel: 'wechat', status: 'sent', errcode: null },
    ]);
    // The order's page shows it; the offers do not list it.
    const offers = (await call(shopper, 'GET', '/me/offers')).json().offers as {
      payload: { kind: string };
    }[];
    expect(offers.filter((o) => o.payload.kind === 'order_status')).toEqual([]);
  });
});

it('tells of a delivery order out for delivery', async () => {
  const order = await paidOrder({
    type: 'delivery',
    delivery: {
      lat: 31.223,
      lng: 121.475,
      address: '马当路1号',
      contact_name: '王女士',
      phone: '13800000000',
    },
  });
  // It goes out from Xintiandi, which the SH001 clerk does not work at.
  await move(order.id, 'preparing', admin);
  await move(order.id, 'ready', admin);
  await until(() => liveFor(order.id).length > 0, 'the live message');
  expect(liveFor(order.id)).toEqual([
    expect.objectContaining({
      event: 'ready',
      order_type: 'delivery',
      store_name: store.SH002!.name,
      title: '订单配送中',
      body: `${store.SH002!.name}已将订单交给骑手`,
    }),
  ]);
  expect(liveFor(order.id)[0]).not.toHaveProperty('pickup_code');
});

it('tells of each refund once: a part, then the rest, which refunds the order', async () => {
  const order = await paidOrder(undefined, 3);
  await refund(order.id, 100, 'part-1');
  await until(() => liveFor(order.id).length > 0, 'the first refund');
  await refund(order.id, order.total_cents - 100, 'rest-1');
  expect((await call(shopper, 'GET', `/orders/${order.id}`)).json().status).toBe('refunded');
  await until(() => liveFor(order.id).length > 1, 'the second refund');
  await runWorkerTwice();
  await settle();
  expect(liveFor(order.id)).toEqual([
    expect.objectContaining({ event: 'refund', refund_cents: 100, title: '退款¥1.00正在退回' }),
    expect.objectContaining({ event: 'refund', refund_cents: order.total_cents - 100 }),
  ]);
  expect(wechatFor(order.id).map((m) => m.data.thing1!.value)).toEqual([
    '退款¥1.00正在退回',
    `退款¥${((order.total_cents - 100) / 100).toFixed(2)}正在退回`,
  ]);
});

it('tells of an order refunded by staff without WeChat Pay, the whole of it', async () => {
  const order = await paidOrder();
  await move(order.id, 'refunded', manager);
  await until(() => liveFor(order.id).length > 0, 'the refund');
  expect(liveFor(order.id)).toEqual([
    expect.objectContaining({ event: 'refund', refund_cents: order.total_cents }),
  ]);
});

it('tells of an unpaid order that lapsed, not of one the shopper called off', async () => {
  const order = { type: 'pickup', store_id: store.SH001!.id, lines: [{ sku_id: sku['DRK-001'], qty: 1 }] };
  const lapsing = (await call(shopper, 'POST', '/orders', order)).json() as Order;
  const calledOff = (await call(shopper, 'POST', '/orders', order)).json() as Order;
  expect((await call(shopper, 'POST', `/orders/${calledOff.id}/cancel`)).json().status).toBe('cancelled');
  // The sweeper comes after the order's time to pay (the app's own may come first: the same either way).
  await expireDueOrders(t.app, new Date(Date.now() + 3600_000));
  expect((await call(shopper, 'GET', `/orders/${lapsing.id}`)).json().status).toBe('cancelled');
  await until(() => liveFor(lapsing.id).length > 0, 'the lapse');
  expect(liveFor(lapsing.id)).toEqual([
    expect.objectContaining({ event: 'lapsed', title: '订单已取消', body: '未按时支付，商品已放回' }),
  ]);
  await runWorkerTwice();
  await settle();
  expect(liveFor(calledOff.id)).toEqual([]);
});

it('logs a WeChat error, and the clerk’s change stands', async () => {
  const order = await paidOrder();
  await until(queueEmpty, 'the earlier notices');
  wx.failNextSend(-1);
  await move(order.id, 'preparing');
  await move(order.id, 'ready');
  await until(
    async () => (await pushLog(`order:${order.id}:ready`)).length === 2 && (await queueEmpty()),
    'the send',
  );
  expect(await pushLog(`order:${order.id}:ready`)).toEqual([
    { channel: 'live', status: 'sent', errcode: null },
    { channel: 'wechat', status: 'failed', errcode: -1 },
  ]);
  expect(liveFor(order.id)).toHaveLength(1);
  expect(wechatFor(order.id)).toEqual([]);
  expect((await call(shopper, 'GET', `/orders/${order.id}`)).json().status).toBe('ready');
});

describe('a brand with its own mini-program', () => {
  const setOwn = (template?: string) =>
    call(admin, 'PUT', `/tenants/${tenantId}/miniprogram`, {
      appid: STUB_APPID_2,
      secret: STUB_SECRET_2,
      ...(template ? { order_status_template_id: template } : {}),
    });
  const loginTemplate = async (code: string) =>
    (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json().order_status_template_id;
  afterAll(async () => {
    await call(admin, 'DELETE', `/tenants/${tenantId}/miniprogram`);
  });

  it('without an order-status template tells its shoppers on the live topic only', async () => {
    const order = await paidOrder();
    await move(order.id, 'preparing');
    expect((await setOwn()).json()).toMatchObject({ own: true, order_status_template_id: null });
    expect(await loginTemplate('own-app-shopper')).toBeNull();
    await move(order.id, 'ready');
    await until(() => liveFor(order.id).length > 0, 'the live message');
    await until(queueEmpty, 'the notice done');
    expect(await pushLog(`order:${order.id}:ready`)).toEqual([
      { channel: 'live', status: 'sent', errcode: null },
    ]);
    expect(wechatFor(order.id)).toEqual([]);
  });

  it('with its own template names that one to its shoppers and sends with it', async () => {
    const set = await setOwn('TPL_BRAND_ORDER');
    expect(set.json()).toMatchObject({ order_status_template_id: 'TPL_BRAND_ORDER' });
    expect((await call(admin, 'GET', `/tenants/${tenantId}/miniprogram`)).json()).toMatchObject({
      order_status_template_id: 'TPL_BRAND_ORDER',
    });
    expect(await loginTemplate('own-app-shopper')).toBe('TPL_BRAND_ORDER');
    expect((await orderNoticeChannels(t.app)(tenantId)).wechat).toMatchObject({
      templateId: 'TPL_BRAND_ORDER',
      page: 'pages/order/index',
    });
  });
});
