/**
 * A product card from the console in Chromium against the real server, the demo seed and the WeChat
 * stub: SH001's clerk, asked for oat milk, finds it (DRY-005) under *Send a product*, sends it, and
 * sees it in the thread as a product card; the stub received a mini-program card opening the
 * product's page at SH001. Screenshots land in test-results/console-service-cards/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import {
  pushQuery,
  STUB_APPID,
  STUB_SECRET,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';

const TOKEN = 'ConsoleCards1';
const OPENID = 'o_console-cards';

let t: TestApp;
let wx: WechatStub;
let base: string;
let browser: Browser;
let page: Page;
let sh001: string;
let oat: string;

beforeAll(async () => {
  wx = await startWechatStub();
  ({ t, base, browser, page } = await consoleUnderTest('console-service-cards', {
    WECHAT_APPID: STUB_APPID,
    WECHAT_SECRET: STUB_SECRET,
    WECHAT_API_BASE: wx.url,
  }));
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  expect(
    (await t.api(admin, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null })).statusCode,
  ).toBe(200);
  sh001 = (await t.api(admin, 'GET', '/stores')).json().find((s: { code: string }) => s.code === 'SH001').id;
  oat = (await t.api(admin, 'GET', '/catalogue/search?q=DRY-005')).json()[0].sku_id;
  // The shopper ordered at SH001 once, so their conversation is SH001's.
  const session = (
    await t.api(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'console-cards' })
  ).json();
  const order = await t.api(session.token, 'POST', '/orders', {
    type: 'pickup',
    store_id: sh001,
    lines: [{ sku_id: oat, qty: 1 }],
  });
  expect(order.statusCode, order.body).toBe(201);
  wx.shopperWrote(OPENID);
  const pushed = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/wechat/freshmart/service',
    query: pushQuery(TOKEN),
    payload: {
      ToUserName: 'gh_freshmart',
      FromUserName: OPENID,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgId: '900',
      MsgType: 'text',
      Content: '你们有燕麦奶吗？在哪个货架？',
    },
  });
  expect(pushed.body).toBe('success');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await wx?.close();
});

describe('A product card in Chromium', () => {
  it('lets a clerk answer with the oat milk as a card, shown in the thread', async () => {
    await browser.signIn(base, 'clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: /^Customer service/ }).click();
    await page.locator('.inbox a.conversation').first().click();
    await page.locator('[data-test=messages] li').filter({ hasText: '你们有燕麦奶吗' }).waitFor();
    await page.getByText('Send a product').click();
    await page.getByRole('combobox', { name: 'Product' }).fill('DRY-005');
    const hit = page.getByRole('option', { name: /Oatly燕麦奶 1L/ });
    await hit.waitFor();
    await browser.shot('product-found');
    await hit.click();
    await browser.status(/Product card sent\./);
    const card = page.locator('[data-test=messages] li.from-staff .product-card');
    await card.waitFor();
    expect(await card.locator('strong').textContent()).toBe('Oatly燕麦奶 1L');
    expect(await card.locator('small').textContent()).toBe('Product card');
    expect(wx.customSent).toEqual([
      {
        touser: OPENID,
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: 'Oatly燕麦奶 1L',
          appid: STUB_APPID,
          pagepath: `pages/product/index?sku=${oat}&store=${sh001}`,
          thumb_media_id: wx.uploads[0]!.media_id,
        },
      },
    ]);
    // The search is empty again, ready for the next product.
    expect(await page.getByRole('combobox', { name: 'Product' }).inputValue()).toBe('');
    await browser.shot('product-card-sent');
  }, 90_000);
});
