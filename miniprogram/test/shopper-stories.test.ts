/**
 * Shopper stories end to end: the mini-program's pages, driven through the `wx` fake, against the
 * real server (its own database with the demo brand, WeChat and WeChat Pay stubs) over real HTTP.
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orderNumber } from '../../commerce/orders/order-number.js';
import { OrderCreate } from '../../commerce/orders/schemas.js';
import { DEMO_PASSWORD } from '../../db/seed.js';
import { pathLoss } from '../../positioning/index.js';
import { deliver } from '../../push/index.js';
import type { TestApp } from '../../test/support/app.js';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from '../../test/support/wechat-stub.js';
import { startWechatPayStub, type WechatPayStub } from '../../test/support/wechatpay-stub.js';
import type { PhoneSite, Route, ShopperMap } from '../src/lib/api';
import { config } from '../src/lib/config';
import { yuan } from '../src/lib/format';
import { stepWords } from '../src/lib/route-steps';
import type { Session } from '../src/lib/session';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, type PageOf, tap } from './support/wx-fake';

let t: TestApp;
let wechat: WechatStub;
let wechatPay: WechatPayStub;
let fake: FakeWx;
let tenantId: string;
let storeId: string;
let server: string;

/** The shopper pays at WeChat's sheet: the WeChat Pay stub's trade behind the prepay succeeds. */
function payAtStub(request: { package: string }): string {
  const trade = [...wechatPay.trades.values()].find((tr) => `prepay_id=${tr.prepay_id}` === request.package)!;
  wechatPay.pay(trade.out_trade_no);
  return trade.out_trade_no;
}

/** Checks the cart out, paid at the stub; answers the id of the order the page went on to. */
async function checkoutPaid(cart: PageOf): Promise<string> {
  fake.onPayment = (request) => {
    payAtStub(request);
    return 'paid';
  };
  await tap(fake, cart, 'checkout');
  expect(cart.data.error).toBe('');
  return fake.navigations.at(-1)!.split('=')[1]!;
}

/** Waits (up to 5 s) for what a message from outside the page brings. */
async function until(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 5000) throw new Error('waited 5 s in vain');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const session = () => fake.storage.get('ss.session') as Session;

/** The shopper on this phone, as the server sees them (for what the test checks below the pages). */
const asShopper = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.call(session().token, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

/** A new phone: nothing stored, and the next wx.login answers this shopper's code. */
function newPhone(code: string) {
  fake.storage.clear();
  fake.loginCode = code;
}

/**
 * A coupon a campaign issued to the shopper, with no offer delivered (its push failed):
 * valid for a day and `laterMs` more, so tests order them by expiry.
 */
async function issueCoupon(code: string, discountCents: number, minSpendCents = 0, laterMs = 0) {
  const validUntil = new Date(Date.now() + 86_400_000 + laterMs);
  const { rows } = await t.db.tenant(tenantId, (tx) =>
    tx.query<{ id: string }>(
      `INSERT INTO coupons (tenant_id, shopper_id, code, title, discount_cents, min_spend_cents, valid_until)
       VALUES ($1, $2, $3, 'Coupon', $4, $5, $6) RETURNING id`,
      [tenantId, session().shopperId, code, discountCents, minSpendCents, validUntil],
    ),
  );
  return { id: rows[0]!.id, validUntil };
}

/** A coupon pushed to the shopper by a campaign, as the store's offers carry it. */
async function pushCoupon(code: string, discountCents: number, minSpendCents = 0) {
  const { id, validUntil } = await issueCoupon(code, discountCents, minSpendCents);
  await deliver(
    t.db,
    { publish: async () => {} },
    {
      tenantId,
      shopperId: session().shopperId,
      sourceKey: `miniprogram-test:${code}`,
      title: `${discountCents / 100} yuan off`,
      body: 'At the tills today',
      payload: {
        kind: 'campaign_offer',
        campaign_id: '00000000-0000-4000-8000-000000000000',
        coupon: {
          id,
          code,
          discount_cents: discountCents,
          min_spend_cents: minSpendCents,
          valid_until: validUntil.toISOString(),
        },
      },
    },
  );
}

beforeAll(async () => {
  wechat = await startWechatStub();
  wechatPay = await startWechatPayStub();
  ({ t, fake, tenantId, server } = await shopUnderTest(
    { WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET, WECHAT_API_BASE: wechat.url, ...wechatPay.env },
    { live: true },
  ));
  // Listening starts the gateway (phones' scans) in the background: wait for it.
  await t.app.gateway.start();
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
  await wechatPay?.close();
  await wechat?.close();
});

describe('a first visit', () => {
  let finder: PageOf;

  it('signs in with wx.login, asks for consent and lists the stores near the shopper with their hours', async () => {
    newPhone('story-first');
    finder = await openPage(fake, 'pages/index/index');
    expect(wechat.calls.some((c) => c.searchParams.get('js_code') === 'story-first')).toBe(true);
    expect(session().mode).toBe('wechat');
    expect(finder.data.askConsent).toBe(true);
    const stores = finder.data.stores as { id: string; name: string; opening: string; hoursToday: string }[];
    expect(stores.length).toBe(3);
    const nanjing = stores.find((s) => s.name.includes('Nanjing'))!;
    expect(nanjing.opening).toMatch(
      /^(Open until \d\d:\d\d|Open now|Closed · opens \w{3} \d\d:\d\d|Closed)$/,
    );
    expect(nanjing.hoursToday).toMatch(/^Today \d\d:\d\d–\d\d:\d\d|^Closed today$/);
    storeId = nanjing.id;
  });

  it('records the consent the shopper gives', async () => {
    await tap(fake, finder, 'onMarketing', { detail: { value: false } });
    await tap(fake, finder, 'saveConsent');
    expect(finder.data.askConsent).toBe(false);
    const consents = (await asShopper('GET', '/me/consents')).json() as {
      purpose: string;
      granted: boolean;
    }[];
    expect(Object.fromEntries(consents.map((c) => [c.purpose, c.granted]))).toEqual({
      location_tracking: true,
      location_marketing: false,
    });
  });

  it('opens the store the shopper taps', async () => {
    await tap(fake, finder, 'openStore', { dataset: { id: storeId } });
    expect(fake.navigations.at(-1)).toBe(`/pages/store/index?id=${storeId}`);
  });
});

describe('in the store', () => {
  let store: PageOf;

  it("draws the store's map: its floor, shelves and zones", async () => {
    fake.canvas.length = 0;
    store = await openPage(fake, 'pages/store/index', { id: storeId });
    expect(store.data.error).toBe('');
    expect(store.data.name).toMatch(/Nanjing/);
    expect((store.data.levels as unknown[]).length).toBeGreaterThan(0);
    expect(fake.canvas.filter((c) => c === 'fillStyle=#c9ced6').length).toBeGreaterThan(3); // shelves
    expect(fake.canvas.some((c) => c.startsWith('fillText(Entrance'))).toBe(false); // doors are not labelled
  });

  it('finds the oat milk and shows the walk to it on the map', async () => {
    await tap(fake, store, 'onQuery', { detail: { value: 'oat milk' } });
    await tap(fake, store, 'search');
    const hits = store.data.hits as { code: string; name: string; place: string; price: string }[];
    const oat = hits.find((h) => h.code === 'DRY-005');
    expect(oat, JSON.stringify(hits)).toBeDefined();
    expect(oat!.price).toMatch(/^¥\d+\.\d\d$/);
    expect(oat!.place).not.toBe('');
    fake.canvas.length = 0;
    await tap(fake, store, 'routeTo', { dataset: { code: oat!.code, name: oat!.name } });
    const route = store.data.route as { title: string; summary: string; steps: { instruction: string }[] };
    expect(route.title).toBe(`To ${oat!.name}`);
    expect(route.summary).toMatch(/^\d+ m · about \d+ min$/);
    // Worded on the phone from the server's codes: in English, what the server itself says.
    const server = (
      await asShopper('GET', `/stores/${storeId}/route?from=zone:Entrance&to=sku:${oat!.code}`)
    ).json() as { steps: { instruction: string }[] };
    expect(route.steps.length).toBeGreaterThan(1);
    expect(route.steps.map((s) => s.instruction)).toEqual(server.steps.map((s) => s.instruction));
    expect(route.steps[0]!.instruction).toMatch(/^Start at Entrance and head (north|south|east|west)/);
    expect(route.steps.at(-1)!.instruction).toMatch(new RegExp(`^Arrive at ${oat!.name} \\(`));
    expect(fake.canvas).toContain('setLineDash(8,6)');
    expect(fake.canvas.some((c) => c.startsWith(`fillText(${oat!.name},`))).toBe(true);
  });

  it('puts the blue dot where the beacons say, worked out on the phone, and sends the scans to the server', async () => {
    const site = (await asShopper('GET', `/stores/${storeId}/site`)).json() as PhoneSite;
    const map = (await asShopper('GET', `/stores/${storeId}/map/shopper`)).json() as {
      products: { sku: string; x: number; y: number; level: number }[];
    };
    const spot = map.products.find((p) => p.sku === 'DRY-005')!;
    const loss = pathLoss(site.pathLossExponent);
    const height = site.levelHeight * spot.level + 1.2;
    const heard = site.anchors
      .filter((a) => a.level === spot.level)
      .map((a) => ({ a, d2: (a.x - spot.x) ** 2 + (a.y - spot.y) ** 2 + (a.z - height) ** 2 }))
      .filter(({ d2 }) => d2 < 400)
      .map(({ a, d2 }) => {
        const [uuid, major, minor] = a.id.split(':');
        return {
          uuid: uuid!.toUpperCase(),
          major: Number(major),
          minor: Number(minor),
          rssi: Math.round(loss.rssiAtSquared(a.txPower, d2)),
          accuracy: 1,
          proximity: 2,
        };
      });
    expect(heard.length).toBeGreaterThan(2);

    await tap(fake, store, 'toggleScanning');
    expect(store.data.scanning).toBe(true);
    expect(fake.scanningFor).toEqual(site.beacon_uuids);
    // A batch a second, as wx.onBeaconUpdate delivers them.
    let clock = Date.now();
    const now = vi.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      for (let i = 0; i < 6; i++) {
        clock += 1000;
        fake.emitBeacons([...heard, { ...heard[0]!, minor: 65_000, rssi: 0 }]);
        await fake.idle();
      }
    } finally {
      now.mockRestore();
    }
    const dot = (store as unknown as { overlay: { dot: { x: number; y: number; level: number } } }).overlay
      .dot;
    expect(dot.level).toBe(spot.level);
    expect(Math.hypot(dot.x - spot.x, dot.y - spot.y)).toBeLessThan(4);
    expect(store.data.position).toMatch(/^You are here: .+, within \d+ m$/);
    expect(fake.canvas.some((c) => c === 'fillStyle=#1677ff')).toBe(true);
    // With the shopper's consent the server heard them too (for zone offers).
    expect(store.data.error).toBe('');
    expect((store as unknown as { scanner: { uploaded(): number } }).scanner.uploaded()).toBeGreaterThan(0);
    // The walk now starts at the blue dot, which stands at the oat milk: a few steps at most.
    const oat = (store.data.hits as { code: string; name: string }[]).find((h) => h.code === 'DRY-005')!;
    await tap(fake, store, 'routeTo', { dataset: { code: oat.code, name: oat.name } });
    const walk = store.data.route as { summary: string };
    expect(Number.parseInt(walk.summary, 10)).toBeLessThan(6);
    await tap(fake, store, 'toggleScanning');
    expect(fake.scanningFor).toBeNull();
  });

  it('hears an offer pushed live while the store page shows', async () => {
    const live = () => (store as unknown as { live: { listening(): boolean } | null }).live;
    await until(() => !!live()?.listening());
    await deliver(
      t.db,
      { publish: async (topic, payload) => void (await t.app.mqtt.publishAsync(topic, payload, { qos: 1 })) },
      {
        tenantId,
        shopperId: session().shopperId,
        sourceKey: 'miniprogram-test:live',
        title: '燕麦奶 第二件半价',
        body: 'Second oat milk half price',
        payload: { kind: 'campaign_offer', campaign_id: '00000000-0000-4000-8000-000000000000' },
      },
    );
    await until(() =>
      (store.data.offers as { title: string }[]).some((o) => o.title === '燕麦奶 第二件半价'),
    );
    expect(store.data.offers).toContainEqual(expect.objectContaining({ body: 'Second oat milk half price' }));
    expect(fake.toasts).toContain('燕麦奶 第二件半价');
  });

  it('adds the oat milk to the cart', async () => {
    const oat = (store.data.hits as { sku_id: string; code: string }[]).find((h) => h.code === 'DRY-005')!;
    await tap(fake, store, 'addToCart', { dataset: { sku: oat.sku_id } });
    await tap(fake, store, 'addToCart', { dataset: { sku: oat.sku_id } });
    expect(store.data.cartCount).toBe(2);
    expect(fake.toasts.at(-1)).toBe('Added to cart');
  });
});

describe('checkout', () => {
  let orderId: string;

  it('checks out for pickup with a coupon and pays with WeChat Pay', async () => {
    await pushCoupon('MPTEST0001', 500);
    const cart = await openPage(fake, 'pages/cart/index');
    expect(cart.data.types).toEqual([
      { value: 'pickup', label: 'Pickup' },
      { value: 'delivery', label: 'Delivery' },
      { value: 'scan_to_buy', label: 'Scan & go' },
    ]);
    expect(cart.data.type).toBe('pickup');
    expect(cart.data.coupons).toEqual([{ code: 'MPTEST0001', label: '¥5.00 off', chosen: false, why: '' }]);
    await tap(fake, cart, 'toggleCoupon', { dataset: { code: 'MPTEST0001' } });
    // A note for the store: the field stops where the server does.
    expect(OrderCreate.properties.note).toMatchObject({ maxLength: cart.data.noteMax });
    await tap(fake, cart, 'onNote', { detail: { value: '  no plastic bag, please ' } });

    const paid: string[] = [];
    fake.onPayment = (request) => {
      paid.push(payAtStub(request));
      return 'paid';
    };
    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('');
    expect(paid).toHaveLength(1);
    const next = fake.navigations.at(-1)!;
    expect(next).toMatch(/^\/pages\/order\/index\?id=[0-9a-f-]{36}$/);
    orderId = next.split('=')[1]!;
    expect((await openPage(fake, 'pages/cart/index')).data.lines).toEqual([]);
  });

  it('shows the paid order with its pickup code and the coupon taken off', async () => {
    const page = await openPage(fake, 'pages/order/index', { id: orderId });
    const order = page.data.order as {
      status: string;
      pickupCode: string;
      pickupQr: string;
      discounts: { description: string; amount: string }[];
      total: string;
      subtotal: string;
      toPay: boolean;
    };
    const server = (await asShopper('GET', `/orders/${orderId}`)).json();
    expect(server.status).toBe('paid');
    expect(server.discount_cents).toBe(500);
    expect(order.status).toBe('Paid');
    expect(order.toPay).toBe(false);
    expect(order.pickupCode).toBe(server.pickup.code);
    expect(order.pickupQr).toMatch(/^data:image\/png;base64,/);
    expect(order.total).toBe(`¥${(server.total_cents / 100).toFixed(2)}`);
    expect(order.subtotal).toBe(`¥${(server.subtotal_cents / 100).toFixed(2)}`);
    expect(server.total_cents).toBe(server.subtotal_cents - 500);
    // The note went with the order, as typed less the spaces round it, and the order shows it.
    expect(server.note).toBe('no plastic bag, please');
    expect(page.data.order).toMatchObject({ note: 'no plastic bag, please' });
    expect(page.data.t).toMatchObject({ noteForStore: 'Note for the store' });
  });

  it('keeps an order the shopper did not pay (the payment sheet closed) to pay or cancel later', async () => {
    const store = await openPage(fake, 'pages/store/index', { id: storeId });
    await tap(fake, store, 'onQuery', { detail: { value: 'DRY-005' } });
    await tap(fake, store, 'search');
    await tap(fake, store, 'addToCart', {
      dataset: { sku: (store.data.hits as { sku_id: string }[])[0]!.sku_id },
    });
    fake.onPayment = () => 'cancelled';
    await tap(fake, await openPage(fake, 'pages/cart/index'), 'checkout');
    const unpaidId = fake.navigations.at(-1)!.split('=')[1]!;
    const page = await openPage(fake, 'pages/order/index', { id: unpaidId });
    expect(page.data.error).toBe('');
    expect(page.data.order).toMatchObject({ status: 'Waiting for payment', toPay: true });
    await tap(fake, page, 'cancel');
    expect(page.data.order).toMatchObject({ status: 'Cancelled', toPay: false });
    expect((await asShopper('GET', `/orders/${unpaidId}`)).json().status).toBe('cancelled');
  });

  it('signs in again when the server no longer takes the stored token', async () => {
    const stored = session();
    fake.storage.set('ss.session', { ...stored, token: `${stored.token}x` });
    const page = await openPage(fake, 'pages/orders/index');
    expect(page.data.error).toBe('');
    expect(session().token).not.toBe(`${stored.token}x`);
    expect(session().shopperId).toBe(stored.shopperId);
  });

  it('lists it among my orders, by the number the store’s desk calls it', async () => {
    const page = await openPage(fake, 'pages/orders/index');
    const orders = page.data.orders as { id: string; status: string; kind: string; number: string }[];
    expect(orders.find((o) => o.id === orderId)).toMatchObject({
      status: 'Paid',
      kind: 'Pickup',
      number: `Order ${orderNumber(orderId)}`,
    });
  });

  it('shows the coupon as used among my offers and among my coupons, no longer to use', async () => {
    const offers = await openPage(fake, 'pages/offers/index');
    const row = (offers.data.offers as { coupon: string; couponCode: string; id: string }[])[0]!;
    expect(row.couponCode).toBe('MPTEST0001');
    expect(row.coupon).toMatch(/· used$/);
    await tap(fake, offers, 'open', { dataset: { id: row.id } });
    const delivered = (await asShopper('GET', '/me/offers')).json().offers[0];
    expect(delivered.opened_at).not.toBeNull();
    const me = await openPage(fake, 'pages/me/index');
    expect(me.data.coupons).toEqual([]);
    const redeemedAt = (await asShopper('GET', '/me/coupons')).json()[0].redeemed_at as string;
    expect(me.data.pastCoupons).toEqual([
      { code: 'MPTEST0001', label: '¥5.00 off', when: `used ${redeemedAt.slice(0, 10)}` },
    ]);
  });
});

describe('coupons at checkout', () => {
  let cart: PageOf;
  let skuId: string;

  it('offers the usable coupons the cart reaches, even those no offer brought, and says what the others need', async () => {
    // Their pushes failed: no offer carries them.
    await issueCoupon('MPTEST0002', 300, 1_000_000);
    await issueCoupon('MPTEST0003', 200, 0, 60_000);
    const store = await openPage(fake, 'pages/store/index', { id: storeId });
    await tap(fake, store, 'onQuery', { detail: { value: 'DRY-005' } });
    await tap(fake, store, 'search');
    skuId = (store.data.hits as { sku_id: string }[])[0]!.sku_id;
    await tap(fake, store, 'addToCart', { dataset: { sku: skuId } });
    const unitCents = (await asShopper('GET', `/catalogue/search?q=DRY-005&store_id=${storeId}`)).json()[0]
      .unit_cents as number;
    cart = await openPage(fake, 'pages/cart/index');
    expect(cart.data.coupons).toEqual([
      {
        code: 'MPTEST0002',
        label: '¥3.00 off over ¥10000.00',
        chosen: false,
        why: `Add ${yuan(1_000_000 - unitCents)} more to use it`,
      },
      { code: 'MPTEST0003', label: '¥2.00 off', chosen: false, why: '' },
    ]);
    await tap(fake, cart, 'toggleCoupon', { dataset: { code: 'MPTEST0002' } });
    await tap(fake, cart, 'toggleCoupon', { dataset: { code: 'MPTEST0003' } });
    expect((cart.data.coupons as { chosen: boolean }[]).map((c) => c.chosen)).toEqual([false, true]);
  });

  it("shows the server's own message when it refuses, and the page carries on", async () => {
    // The chosen coupon runs out while the cart is open: the server has the last word. It ran out
    // after MPTEST0001 was used (halfway since), which the past coupons' order below relies on.
    await t.db.tenant(tenantId, (tx) =>
      tx.query(
        `UPDATE coupons SET valid_until = now() - (now() - (SELECT redeemed_at FROM coupons WHERE code = 'MPTEST0001')) / 2
         WHERE code = 'MPTEST0003'`,
      ),
    );
    const navigations = fake.navigations.length;
    await tap(fake, cart, 'checkout');
    const refused = await asShopper('POST', '/orders', {
      type: 'pickup',
      store_id: storeId,
      lines: [{ sku_id: skuId, qty: 1 }],
      coupons: ['MPTEST0003'],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/MPTEST0003.*expired/);
    expect(cart.data.error).toBe(refused.json().message);
    expect(fake.dialogs.at(-1)).toBe(refused.json().message);
    expect(cart.data.placing).toBe(false);
    expect(fake.navigations.length).toBe(navigations);
    expect((cart.data.lines as unknown[]).length).toBe(1); // the cart is kept for another try
  });

  it('lists the expired coupon among my past ones, and the one still to reach among those to use', async () => {
    const me = await openPage(fake, 'pages/me/index');
    expect(me.data.coupons).toEqual([
      { code: 'MPTEST0002', label: '¥3.00 off over ¥10000.00', when: expect.stringMatching(/^until \d{4}-/) },
    ]);
    expect(
      (me.data.pastCoupons as { code: string; when: string }[]).map((c) => `${c.code} ${c.when}`),
    ).toEqual([
      expect.stringMatching(/^MPTEST0003 expired \d{4}-/),
      expect.stringMatching(/^MPTEST0001 used /),
    ]);
  });
});

describe('when the server cannot be reached', () => {
  it('says the server cannot be reached when it cannot', async () => {
    config.apiBase = 'http://127.0.0.1:9';
    try {
      const orders = await openPage(fake, 'pages/orders/index');
      expect(orders.data.error).toMatch(/^Cannot reach the store right now/);
    } finally {
      config.apiBase = server;
    }
  });
});

describe('scan & go', () => {
  it('scans a barcode into the cart, pays, and shows the exit pass', async () => {
    const store = await openPage(fake, 'pages/store/index', { id: storeId });
    expect(store.data.scanToBuy).toBe(true);
    const hit = (await asShopper('GET', `/catalogue/search?q=DRY-001&store_id=${storeId}`)).json()[0];
    const before = store.data.cartCount as number;
    fake.barcode = hit.barcode;
    await tap(fake, store, 'scanBarcode');
    expect(store.data.cartCount).toBe(before + 1);
    fake.barcode = '6900000000000';
    await tap(fake, store, 'scanBarcode');
    expect(store.data.error).toBe('This store does not sell that product.');

    const cart = await openPage(fake, 'pages/cart/index');
    expect((cart.data.lines as { name: string }[]).map((l) => l.name)).toContain(
      `${hit.name} ${hit.sku_name}`,
    );
    await tap(fake, cart, 'chooseType', { dataset: { type: 'scan_to_buy' } });
    const orderId = await checkoutPaid(cart);
    const order = (await openPage(fake, 'pages/order/index', { id: orderId })).data.order as {
      kind: string;
      status: string;
      exitPassQr: string;
      pickupCode: string;
    };
    expect(order).toMatchObject({ kind: 'Scan & go', status: 'Paid', pickupCode: '' });
    expect(order.exitPassQr).toMatch(/^data:image\/png;base64,/);
  });
});

describe('delivery', () => {
  it("sends the order to the address book's default, at its pin, fee included", async () => {
    const store = await openPage(fake, 'pages/store/index', { id: storeId });
    await tap(fake, store, 'onQuery', { detail: { value: 'DRY-005' } });
    await tap(fake, store, 'search');
    await tap(fake, store, 'addToCart', {
      dataset: { sku: (store.data.hits as { sku_id: string }[])[0]!.sku_id },
    });
    const cart = await openPage(fake, 'pages/cart/index');
    await tap(fake, cart, 'chooseType', { dataset: { type: 'delivery' } });
    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('Add the address to deliver to first.'); // nothing sent without one

    // The book's page is miniprogram/test/addresses.test.ts's; here the address is kept as it saves it.
    const home = { contact_name: 'Li Wei', phone: '13900000001', address: '人民广场 1号', door: '5楼' };
    const saved = await asShopper('POST', '/me/addresses', { ...home, lat: 31.2304, lng: 121.4737 });
    expect(saved.statusCode, saved.body).toBe(201);
    await (cart.onShow as () => Promise<void>).call(cart);
    await fake.idle();
    const orderId = await checkoutPaid(cart);
    const placed = (await asShopper('GET', `/orders/${orderId}`)).json();
    expect(placed).toMatchObject({ type: 'delivery', status: 'paid' });
    expect(placed.delivery).toMatchObject({ address: '人民广场 1号 5楼', lat: 31.2304, lng: 121.4737 });
    const order = (await openPage(fake, 'pages/order/index', { id: orderId })).data.order as {
      kind: string;
      address: string;
      deliveryFee: string;
    };
    expect(order).toMatchObject({ kind: 'Delivery', address: 'Li Wei, 人民广场 1号 5楼' });
    expect(order.deliveryFee).toBe(
      placed.delivery_fee_cents ? `¥${(placed.delivery_fee_cents / 100).toFixed(2)}` : '',
    );
  });
});

describe('me', () => {
  it('shows my member card, points and referral code, and a friend joins with it through ?ref=', async () => {
    const me = await openPage(fake, 'pages/me/index');
    const card = me.data.card as { memberNo: string; points: number; tier: string };
    const membership = (await asShopper('GET', '/me/membership')).json();
    expect(card.memberNo).toBe(membership.member_no);
    expect(card.points).toBe(membership.points_balance);
    const referral = me.data.referral as { code: string };
    expect(referral.code).toMatch(/^[A-Z0-9]+$/);
    const share = (me.onShareAppMessage as () => { path: string }).call(me);
    expect(share.path).toBe(`/pages/index/index?ref=${referral.code}`);
    expect(me.data.tracking).toBe(true);
    expect(me.data.marketing).toBe(false);

    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const programme = { active: true, referrer_points: 200, friend_points: 100 };
    await t.call(admin, { method: 'PUT', url: '/api/v1/referral-program', payload: programme });
    const mine = session();
    newPhone('story-friend');
    const landing = await openPage(fake, 'pages/index/index', { ref: referral.code });
    expect(landing.data.joined).toMatch(/^Welcome!/);
    expect(session().shopperId).not.toBe(mine.shopperId);
    fake.storage.set('ss.session', mine);
    expect((await asShopper('GET', '/me/referral')).json().friends_joined).toBe(1);
  });

  it('sets my birthday once, after asking, from the date picker held to one leap year', async () => {
    const me = await openPage(fake, 'pages/me/index');
    expect((me.data.card as { birthday: string }).birthday).toBe('');
    await tap(fake, me, 'onBirthday', { detail: { value: '2000-02-29' } });
    expect(fake.dialogs.at(-1)).toBe(
      'Is it 2/29? You can set it once; after that, staff at the counter can correct it.',
    );
    expect((me.data.card as { birthday: string }).birthday).toBe('2/29');
    expect(fake.toasts.at(-1)).toBe('Birthday saved');
    expect((await asShopper('GET', '/me/membership')).json().birthday).toBe('02-29');
    // A second try is the server's refusal, in its words.
    await tap(fake, me, 'onBirthday', { detail: { value: '2000-03-01' } });
    expect(me.data.error).toMatch(/already set \(02-29\)/);
    expect((await asShopper('GET', '/me/membership')).json().birthday).toBe('02-29');
  });

  it('sets, changes and clears my name on my card, as staff then read it', async () => {
    const me = await openPage(fake, 'pages/me/index');
    const shown = () => (me.data.card as { name: string }).name;
    const staffSee = async () => {
      const { member_no } = (await asShopper('GET', '/me/membership')).json();
      const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
      const found = await t.call(admin, { method: 'GET', url: `/api/v1/members?member_no=${member_no}` });
      return (found.json() as { name: string | null }[])[0]!.name;
    };
    expect(shown()).toBe('');
    await tap(fake, me, 'onName', { detail: { value: '  王芳 ' } });
    expect(me.data.error).toBe('');
    expect(shown()).toBe('王芳');
    expect(fake.toasts.at(-1)).toBe('Name saved');
    expect(await staffSee()).toBe('王芳');
    await tap(fake, me, 'onName', { detail: { value: 'Fang Wang' } });
    expect(shown()).toBe('Fang Wang');
    expect(await staffSee()).toBe('Fang Wang');
    // A name with a line break in it is the server's refusal, naming the field.
    await tap(fake, me, 'onName', { detail: { value: 'Fang\nWang' } });
    expect(me.data.error).toMatch(/^name /);
    expect(await staffSee()).toBe('Fang Wang');
    await tap(fake, me, 'onName', { detail: { value: ' ' } });
    expect(shown()).toBe('');
    expect(fake.toasts.at(-1)).toBe('Name cleared');
    expect(await staffSee()).toBeNull();
  });

  it("explains a staff member's points adjustment in their words beneath its kind", async () => {
    const { member_no } = (await asShopper('GET', '/me/membership')).json();
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const [member] = (
      await t.call(admin, { method: 'GET', url: `/api/v1/members?member_no=${member_no}` })
    ).json() as { id: string }[];
    const adjusted = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/members/${member!.id}/points`,
      headers: { 'idempotency-key': 'story-goodwill' },
      payload: { points: 50, reason: 'Sorry for the late delivery' },
    });
    expect(adjusted.statusCode, adjusted.body).toBe(200);
    const me = await openPage(fake, 'pages/me/index');
    const recent = (me.data.card as { recent: { reason: string; note: string; points: string }[] }).recent;
    expect(recent[0]).toMatchObject({
      reason: 'Bonus or adjustment',
      note: 'Sorry for the late delivery',
      points: '+50',
    });
    // An order's points keep only their kind: the server's note on them is for staff.
    const orders = recent.filter((line) => line.reason === 'Order paid');
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.map((line) => line.note)).toEqual(orders.map(() => ''));
  });

  it('revokes a consent at once', async () => {
    const me = await openPage(fake, 'pages/me/index');
    await tap(fake, me, 'onTracking', { detail: { value: false } });
    expect(me.data.tracking).toBe(false);
    const consents = (await asShopper('GET', '/me/consents')).json() as {
      purpose: string;
      granted: boolean;
    }[];
    expect(consents.find((c) => c.purpose === 'location_tracking')!.granted).toBe(false);
  });
});

describe('a till member card', () => {
  it('moves to the phone with its number and the phone WeChat vouches for; a wrong one is refused in words', async () => {
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const till = { id: 'CRM-mp-1', member_no: 'FM-0007070', phone: '13900000070', points: 70 };
    const imported = await t.call(clerk, {
      method: 'POST',
      url: '/api/v1/pos/members',
      payload: { records: [till] },
    });
    expect(imported.statusCode).toBe(200);
    newPhone('story-card');
    const me = await openPage(fake, 'pages/me/index');
    await tap(fake, me, 'onMemberNo', { detail: { value: 'FM-0007070' } });

    await tap(fake, me, 'claimCard', { detail: { code: 'phone-13900000071', errMsg: 'getPhoneNumber:ok' } });
    const refused = await asShopper('POST', '/me/membership/card', {
      member_no: 'FM-0007070',
      phone_code: 'phone-13900000072',
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(me.data.error).toBe(refused.json().message);

    await tap(fake, me, 'claimCard', { detail: { code: 'phone-13900000070', errMsg: 'getPhoneNumber:ok' } });
    expect(me.data.error).toBe('');
    expect(me.data.card).toMatchObject({ memberNo: 'FM-0007070', points: 70 });
    expect(fake.toasts.at(-1)).toBe('Card added');
  });

  it('asks nothing of the server when the shopper declines to share the phone', async () => {
    const me = await openPage(fake, 'pages/me/index');
    const before = fake.dialogs.length;
    await tap(fake, me, 'claimCard', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    expect(fake.dialogs.length).toBe(before);
    expect(me.data.error).toBe('');
  });
});

describe('in Chinese (WeChat set to 简体中文)', () => {
  let store: PageOf;
  let nanjingId: string;
  let orderId: string;
  const zh = (page: PageOf) => page.data.t as Record<string, string>;
  /** What each kind of step reads like in Chinese: only the map's names (data) as the brand typed them. */
  const CHINESE_STEP = {
    depart: /^从Entrance出发，向(东|西|南|北|东北|西北|东南|西南)走$/,
    turn: /^(在.+)?(稍向左|左转|稍向右|右转|掉头|下来后继续往前走)$/,
    connector: /^(乘|走).+到.+楼$/,
    arrive: /^到达.+/,
  };
  beforeAll(() => {
    fake.language = 'zh_CN';
    newPhone('story-zh');
  });
  afterAll(() => {
    fake.language = 'en';
  });

  it('lists the stores with their hours and services, the consent sheet, the title and the tab bar in Chinese', async () => {
    const finder = await openPage(fake, 'pages/index/index');
    expect(fake.title).toBe('附近门店');
    expect(fake.tabBar).toEqual(['门店', '优惠', '订单', '我的']);
    expect(finder.data.askConsent).toBe(true);
    expect(zh(finder)).toMatchObject({
      consentTitle: '店内导航',
      consentTracking: '使用我在店内的位置',
      save: '保存',
    });
    const stores = finder.data.stores as {
      id: string;
      name: string;
      distance: string;
      opening: string;
      hoursToday: string;
      services: string[];
    }[];
    const nanjing = stores.find((s) => s.name.includes('Nanjing'))!; // store names are data, as the brand typed them
    expect(nanjing.opening).toMatch(/^(营业中 · \d\d:\d\d 打烊|营业中|休息中 · 周. \d\d:\d\d 开门|休息中)$/);
    expect(nanjing.hoursToday).toMatch(/^今日营业时间 \d\d:\d\d–\d\d:\d\d|^今日休息$/);
    expect(nanjing.distance).toMatch(/^\d+米$|^\d+\.\d公里$/);
    expect(nanjing.services).toContain('到店自提');
    nanjingId = nanjing.id;
  });

  it('finds a product, words the walk to it, and refuses a barcode the store does not sell', async () => {
    store = await openPage(fake, 'pages/store/index', { id: nanjingId });
    expect(fake.title).toBe('门店详情');
    expect(zh(store)).toMatchObject({
      showMe: '显示我的位置',
      addToCart: '加入购物车',
      takeMeThere: '带我去',
    });
    await tap(fake, store, 'onQuery', { detail: { value: 'DRY-005' } });
    await tap(fake, store, 'search');
    const oat = (store.data.hits as { sku_id: string; code: string; name: string; price: string }[])[0]!;
    expect(oat.price).toMatch(/^¥\d+\.\d\d$/);
    await tap(fake, store, 'routeTo', { dataset: { code: oat.code, name: oat.name } });
    const route = store.data.route as { title: string; summary: string; steps: { instruction: string }[] };
    expect(route.title).toBe(`前往 ${oat.name}`);
    expect(route.summary).toMatch(/^\d+米 · 步行约\d+分钟$/);
    // Each step in Chinese, worded on the phone; only the map's names (data) stay as the brand typed them.
    const steps = route.steps.map((s) => s.instruction);
    expect(steps[0]).toMatch(CHINESE_STEP.depart);
    for (const turn of steps.slice(1, -1)) expect(turn).toMatch(CHINESE_STEP.turn);
    expect(steps.at(-1)).toMatch(new RegExp(`^到达${oat.name} \\(Aisle \\d+ bay \\d+, slot \\d+`));
    for (const line of steps) expect(line).not.toMatch(/Start|Turn|Bear|Arrive|Take |head /);
    await tap(fake, store, 'addToCart', { dataset: { sku: oat.sku_id } });
    expect(fake.toasts.at(-1)).toBe('已加入购物车');

    // Upstairs (no product there in the demo: where the way up arrives), the server's steps worded by the same code.
    const up = (
      (await asShopper('GET', `/stores/${nanjingId}/map/shopper`)).json() as ShopperMap
    ).connectors.find((c) => c.from.level === 0 && c.to.level === 1)!;
    const server = (
      await asShopper('GET', `/stores/${nanjingId}/route?from=zone:Entrance&to=${up.to.x},${up.to.y},1`)
    ).json() as Route;
    expect(server.steps.map((s) => s.kind)).toContain('connector');
    for (const step of server.steps) expect(stepWords(step)).toMatch(CHINESE_STEP[step.kind]);
    expect(stepWords(server.steps.find((s) => s.kind === 'connector')!)).toMatch(
      /^(乘扶梯|乘电梯|走楼梯)到二楼$/,
    );
    expect(stepWords(server.steps.at(-1)!)).toBe('到达目的地');

    await tap(fake, store, 'onQuery', { detail: { value: 'no such thing anywhere' } });
    await tap(fake, store, 'search');
    expect(store.data.nothingFound).toBe('没有找到“no such thing anywhere”相关商品。');
    fake.barcode = '6900000000000';
    await tap(fake, store, 'scanBarcode');
    expect(store.data.error).toBe('本店没有这件商品。');
  });

  it('checks out in Chinese: the ways to get it, a coupon, the field the server found missing', async () => {
    await issueCoupon('MPTEST-ZH1', 300, 1_000_000);
    const cart = await openPage(fake, 'pages/cart/index');
    expect(fake.title).toBe('购物车');
    expect((cart.data.types as { label: string }[]).map((type) => type.label)).toEqual([
      '到店自提',
      '外卖配送',
      '扫码购',
    ]);
    expect(cart.data.coupons).toEqual([
      expect.objectContaining({
        label: '满¥10000.00减¥3.00',
        why: expect.stringMatching(/^还差¥\d+\.\d\d可用$/),
      }),
    ]);
    await tap(fake, cart, 'chooseType', { dataset: { type: 'delivery' } });
    await tap(fake, cart, 'checkout');
    // SS_ERR_VALIDATION naming delivery.address (nothing typed), in the words of the form.
    expect(cart.data.error).toBe('请填写收货地址。');
    expect(fake.dialogs.at(-1)).toBe('请填写收货地址。');
    await tap(fake, cart, 'chooseType', { dataset: { type: 'pickup' } });
    // A note longer than the server takes (the phone's field stops at 200; this fake's does not): refused in words.
    expect(zh(cart)).toMatchObject({ noteForStore: '备注', notePlaceholder: '如：不要塑料袋' });
    await tap(fake, cart, 'onNote', { detail: { value: '请'.repeat(201) } });
    await tap(fake, cart, 'checkout');
    expect(cart.data.error).toBe('备注最多200个字。');
    expect(fake.dialogs.at(-1)).toBe('备注最多200个字。');
    await tap(fake, cart, 'onNote', { detail: { value: '不要塑料袋' } });
    orderId = await checkoutPaid(cart);
  });

  it('shows the order, its state and kind, and the pickup code in Chinese', async () => {
    const page = await openPage(fake, 'pages/order/index', { id: orderId });
    expect(fake.title).toBe('订单详情');
    expect(page.data.order).toMatchObject({ kind: '到店自提', status: '已支付', note: '不要塑料袋' });
    expect((await asShopper('GET', `/orders/${orderId}`)).json().note).toBe('不要塑料袋');
    expect(zh(page)).toMatchObject({ showAtCounter: '请在自提柜台出示取货码', total: '合计' });
    const orders = await openPage(fake, 'pages/orders/index');
    expect(
      (orders.data.orders as { id: string; status: string }[]).find((o) => o.id === orderId),
    ).toMatchObject({
      status: '已支付',
    });
  });

  it("words a refusal the shopper can meet by its code, not the server's English", async () => {
    const missing = await openPage(fake, 'pages/order/index', { id: '00000000-0000-4000-8000-000000000000' });
    const answer = await asShopper('GET', '/orders/00000000-0000-4000-8000-000000000000');
    expect(answer.json()).toMatchObject({ code: 'SS_ERR_NOT_FOUND', message: 'Order not found' });
    expect(missing.data.error).toBe('没有找到相关信息，请核对后重试。');
  });

  it('shows my member card, coupons and privacy switches in Chinese', async () => {
    const me = await openPage(fake, 'pages/me/index');
    expect(fake.title).toBe('我的');
    expect(zh(me)).toMatchObject({ myCoupons: '我的优惠券', points: '积分', privacy: '隐私设置' });
    // The order paid above earned points: the line says so by its kind, not in the server's English note.
    expect((me.data.card as { recent: { reason: string }[] }).recent[0]).toMatchObject({
      reason: '购物获得',
    });
    expect(me.data.coupons).toEqual([
      {
        code: 'MPTEST-ZH1',
        label: '满¥10000.00减¥3.00',
        when: expect.stringMatching(/^有效期至 \d{4}-\d\d-\d\d$/),
      },
    ]);
    const offers = await openPage(fake, 'pages/offers/index');
    expect(zh(offers).noOffers).toMatch(/^暂无优惠/);
  });
});
