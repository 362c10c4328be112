import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApp } from '../../test/support/app.js';
import type { SearchHit } from '../src/lib/api';
import { addToCart } from '../src/lib/cart';
import type { Session } from '../src/lib/session';
import { shopUnderTest } from './support/shop';
import { type FakeWx, openPage, tap } from './support/wx-fake';

let t: TestApp;
let fake: FakeWx;

beforeAll(async () => {
  ({ t, fake } = await shopUnderTest());
});
afterAll(async () => {
  fake?.leaveAll();
  await t?.close();
});

it('signs in in demo mode and pays a pickup order with the demo payment', async () => {
  fake.loginCode = 'demo-story';
  const stores = await openPage(fake, 'pages/index/index');
  const storeId = (stores.data.stores as { id: string }[])[0]!.id;
  const session = fake.storage.get('ss.session') as Session;
  expect(session.mode).toBe('demo');
  const hit = (
    await t.call(session.token, {
      method: 'GET',
      url: `/api/v1/catalogue/search?q=DRY-005&store_id=${storeId}`,
    })
  ).json()[0] as SearchHit;
  addToCart(storeId, hit);

  const cart = await openPage(fake, 'pages/cart/index');
  fake.onPayment = () => {
    throw new Error('no WeChat Pay sheet in demo mode');
  };
  await tap(fake, cart, 'checkout');
  expect(cart.data.error).toBe('');
  const orderId = fake.navigations.at(-1)!.match(/id=([0-9a-f-]{36})$/)![1]!;
  const order = (await openPage(fake, 'pages/order/index', { id: orderId })).data.order as {
    status: string;
    pickupCode: string;
  };
  expect(order.status).toBe('Paid');
  expect(order.pickupCode).toMatch(/\S/);
});
