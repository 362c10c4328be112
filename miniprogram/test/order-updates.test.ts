import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed.js';
import type { TestApp } from '../../test/support/app.js';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from '../../test/support/wechat-stub.js';
import type { SearchHit } from '../src/lib/api';
import { addToCart } from '../src/lib/cart';
import { orderStatusName } from '../src/lib/format';
import type { OrderSummary } from '../src/lib/order-view';
import { type Session, signIn } from '../src/lib/session';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

const TEMPLATE = 'TPL_ORDER_STATUS';
const REMINDER_TEMPLATE = 'TPL_APPOINTMENT_REMINDER';
const OPENID = 'o_updates-shopper';

let t: TestApp;
let wechat: WechatStub;
let fake: FakeWx;
let clerk: string;
let storeId: string;
let hit: SearchHit;

const session = () => fake.storage.get('ss.session') as Session;

/** Checks out a cart of one product at SH001; answers the id of the order the page went on to. */
async function checkout(): Promise<string> {
  addToCart(storeId, hit);
  const cart = await openPage(fake, 'pages/cart/index');
  await tap(fake, cart, 'checkout');
  expect(cart.data.error).toBe('');
  const orderId = fake.navigations.at(-1)!.match(/^\/pages\/order\/index\?id=([0-9a-f-]{36})$/)![1]!;
  const order = await t.call(session().token, { method: 'GET', url: `/api/v1/orders/${orderId}` });
  expect(order.json().status).toBe('paid');
  return orderId;
}

/** The clerk prepares the order and says it is ready, over HTTP as the console does. */
async function ready(orderId: string) {
  for (const to of ['preparing', 'ready']) {
    const moved = await t.call(clerk, {
      method: 'POST',
      url: `/api/v1/orders/${orderId}/status`,
      payload: { to },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }
}

async function until(condition: () => boolean, what: string) {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 10_000) throw new Error(`waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const listening = (page: PageOf) => () =>
  !!(page as unknown as { updates: { listening(): boolean } | null }).updates?.listening();

beforeAll(async () => {
  wechat = await startWechatStub();
  ({ t, fake } = await shopUnderTest(
    {
      WECHAT_APPID: STUB_APPID,
      WECHAT_SECRET: STUB_SECRET,
      WECHAT_API_BASE: wechat.url,
      WECHAT_ORDER_STATUS_TEMPLATE_ID: TEMPLATE,
      WECHAT_REMINDER_TEMPLATE_ID: REMINDER_TEMPLATE,
    },
    { live: true },
  ));
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  fake.loginCode = 'updates-shopper';
  await signIn();
  const stores = (await t.call(clerk, { method: 'GET', url: '/api/v1/stores' })).json() as {
    id: string;
    code: string;
  }[];
  storeId = stores.find((s) => s.code === 'SH001')!.id;
  hit = (
    await t.call(session().token, {
      method: 'GET',
      url: `/api/v1/catalogue/search?q=DRY-005&store_id=${storeId}`,
    })
  ).json()[0];
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
  await wechat?.close();
});

describe('checkout', () => {
  it('knows the brand’s order-status and reminder templates from the login', () => {
    expect(session()).toMatchObject({
      orderStatusTemplateId: TEMPLATE,
      reminderTemplateId: REMINDER_TEMPLATE,
    });
  });

  it('asks for order updates before paying, and places and pays the order when the shopper refuses', async () => {
    fake.onSubscribe = () => 'reject';
    const before = fake.subscribeRequests.length;
    await checkout();
    expect(fake.subscribeRequests.slice(before)).toEqual([[TEMPLATE]]);
  });

  it('goes on when the prompt fails', async () => {
    fake.onSubscribe = () => 'failed';
    const before = fake.subscribeRequests.length;
    await checkout();
    expect(fake.subscribeRequests.slice(before)).toEqual([[TEMPLATE]]);
  });

  it('asks nothing of a brand without a template', async () => {
    fake.storage.set('ss.session', { ...session(), orderStatusTemplateId: null });
    const before = fake.subscribeRequests.length;
    await checkout();
    expect(fake.subscribeRequests.length).toBe(before);
    fake.storage.set('ss.session', { ...session(), orderStatusTemplateId: TEMPLATE });
  });
});

describe('an order the shopper asked to hear about', () => {
  let orderId: string;

  it('is ready on its open page as the clerk says so, and WeChat carries the message to it', async () => {
    // Allowed at the prompt: WeChat gives the brand one message to this shopper.
    fake.onSubscribe = () => {
      wechat.subscriptions[OPENID] = (wechat.subscriptions[OPENID] ?? 0) + 1;
      return 'accept';
    };
    orderId = await checkout();
    const page = await openPage(fake, 'pages/order/index', { id: orderId });
    await until(listening(page), 'the page to listen');
    await ready(orderId);
    const shown = () => (page.data.order as { status: string }).status;
    await until(() => shown() === orderStatusName('ready', 'pickup'), 'the page to show it ready');
    const code = (page.data.order as { pickupCode: string }).pickupCode;
    expect(fake.toasts.at(-1)).toBe(
      `Your order is ready to collect at FreshMart Nanjing East Road, pickup code ${code}`,
    );
    await until(
      () => wechat.sent.some((m) => m.page === `pages/order/index?id=${orderId}`),
      'the WeChat message',
    );
    expect(wechat.sent.filter((m) => m.page === `pages/order/index?id=${orderId}`)).toEqual([
      expect.objectContaining({ touser: OPENID, template_id: TEMPLATE }),
    ]);
    page.onUnload!();
    expect(listening(page)()).toBe(false);
  });

  it('is ready in the orders list as it shows', async () => {
    const another = await checkout();
    const list = await openPage(fake, 'pages/orders/index');
    await until(listening(list), 'the list to listen');
    await ready(another);
    const row = () => (list.data.orders as OrderSummary[]).find((o) => o.id === another)!;
    await until(() => row().status === orderStatusName('ready', 'pickup'), 'the list to show it ready');
    list.onHide!();
  });

  it('is ready on its page when the shopper comes back to it, though no update was heard meanwhile', async () => {
    const third = await checkout();
    const page = await openPage(fake, 'pages/order/index', { id: third });
    page.onHide!();
    expect(listening(page)()).toBe(false);
    await ready(third);
    // Told on both channels while the page was away: the live message was heard by no one.
    await until(() => wechat.sent.some((m) => m.page === `pages/order/index?id=${third}`), 'the notice');
    page.onShow!();
    await until(
      () => (page.data.order as { status: string }).status === orderStatusName('ready', 'pickup'),
      'the page to show it ready on its return',
    );
    page.onUnload!();
  });
});
