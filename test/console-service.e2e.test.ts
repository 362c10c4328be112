/**
 * Customer service in Chromium against the real server, the demo seed and the WeChat stub: the brand
 * admin reads the push URL, sets an away message, and saves a quick reply; SH001's clerk watches a shopper's message arrive in the inbox (unread
 * marked), opens it, answers with the quick reply (the stub receives it), sees the shopper's order
 * card linked to the order on the orders desk, answers a question with the oat milk sent as a product card;
 * in Chinese, a reply past WeChat's 48 hours is refused in
 * Chinese and kept in the thread as not sent. Screenshots land in test-results/console-service/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import {
  STUB_APPID,
  STUB_SECRET,
  shopperWrites,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';

const TOKEN = 'ConsoleService1';
const OPENID = 'o_console-service';
const HOURS = '我们每天 8:00–22:00 营业，欢迎光临！';

let t: TestApp;
let wx: WechatStub;
let base: string;
let browser: Browser;
let page: Page;
let admin: string;
let sh001: string;
let orderId: string;
const shot = (name: string) => browser.shot(name);

/** WeChat pushing the shopper's message to the brand's server. */
const shopperSends = (message: Record<string, unknown>) => shopperWrites(t, wx, TOKEN, OPENID, message);

const conversationRow = () => page.locator('.inbox a.conversation');

beforeAll(async () => {
  wx = await startWechatStub();
  ({ t, base, browser, page } = await consoleUnderTest('console-service', {
    WECHAT_APPID: STUB_APPID,
    WECHAT_SECRET: STUB_SECRET,
    WECHAT_API_BASE: wx.url,
  }));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  expect(
    (await t.api(admin, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null })).statusCode,
  ).toBe(200);
  sh001 = (await t.api(admin, 'GET', '/stores')).json().find((s: { code: string }) => s.code === 'SH001').id;
  // The shopper signs in to the mini-program (openid o_console-service) and orders at SH001.
  const session = (
    await t.api(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'console-service' })
  ).json();
  const sku = (await t.api(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0].sku_id;
  const order = await t.api(session.token, 'POST', '/orders', {
    type: 'pickup',
    store_id: sh001,
    lines: [{ sku_id: sku, qty: 1 }],
  });
  expect(order.statusCode, order.body).toBe(201);
  orderId = order.json().id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await wx?.close();
});

describe('Customer service in Chromium', () => {
  it("lets the brand admin save a quick reply for the brand's staff", async () => {
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Customer service' }).click();
    await page.getByRole('link', { name: 'Message push & quick replies' }).click();
    expect(await page.getByLabel('Server URL (URL)').inputValue()).toBe(
      `${base}/api/v1/wechat/freshmart/service`,
    );
    expect(await page.getByLabel('Token').getAttribute('placeholder')).toBe(
      'Set; type a new one to change it',
    );
    await page.getByLabel('Away message').fill('门店已打烊，明天营业后回复您。');
    await page.getByRole('button', { name: 'Save message push' }).click();
    await browser.status(/Message push saved\./);
    expect((await t.api(admin, 'GET', '/service/settings')).json()).toMatchObject({
      push_token_set: true,
      away_message: '门店已打烊，明天营业后回复您。',
    });
    // Taken back: SH001 may be closed when this runs, and the clerk's test counts what WeChat received.
    await t.api(admin, 'PUT', '/service/settings', { away_message: null });
    await page.getByText('No quick replies yet.').waitFor();
    const form = page.locator('form.quick-reply').last();
    await form.getByLabel('Title', { exact: true }).fill('Opening hours');
    await form.getByLabel('Answer', { exact: true }).fill(HOURS);
    await form.getByRole('button', { name: 'Add quick reply' }).click();
    await browser.status(/Quick reply saved\./);
    await expect.poll(() => page.locator('form.quick-reply').count()).toBe(2);
    expect((await t.api(admin, 'GET', '/service/quick-replies')).json()).toEqual([
      expect.objectContaining({ title: 'Opening hours', body: HOURS, keywords: [] }),
    ]);
    await shot('quick-reply-saved');
  }, 60_000);

  it("shows a clerk the shopper's message arriving, unread, and sends the quick reply through WeChat", async () => {
    await browser.signIn(base, 'clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: /^Customer service/ }).click();
    await page.getByText('No conversations here.', { exact: false }).waitFor();
    await shopperSends({ MsgType: 'text', Content: '请问今天几点关门？' });
    // The inbox hears of it on its live line and reads again by itself, at once.
    await conversationRow().first().waitFor({ timeout: 5000 });
    expect(await conversationRow().first().locator('.preview').textContent()).toBe('请问今天几点关门？');
    expect(await conversationRow().first().locator('.unread').textContent()).toBe('1');
    expect(await conversationRow().first().locator('.badge').textContent()).toBe('waiting');
    expect(await conversationRow().first().locator('.who').textContent()).toMatch(/^Member [0-9]{10}$/);
    // The header counts the unread beside Customer service, on any page.
    await page.getByRole('link', { name: 'Orders' }).click();
    await expect.poll(() => page.locator('.nav-unread').textContent(), { timeout: 5000 }).toBe('1');
    await shot('message-arrived');
    await page.getByRole('link', { name: /^Customer service/ }).click();

    await conversationRow().first().click();
    await page.locator('[data-test=messages] li').filter({ hasText: '请问今天几点关门？' }).waitFor();
    await expect.poll(() => conversationRow().first().locator('.unread').count()).toBe(0);
    await expect.poll(() => page.locator('.nav-unread').count(), { timeout: 10_000 }).toBe(0);
    await page.getByLabel('Quick reply').selectOption({ label: 'Opening hours' });
    expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe(HOURS);
    await page.getByRole('button', { name: 'Send' }).click();
    await browser.status(/Reply sent\./);
    expect(wx.customSent).toEqual([{ touser: OPENID, msgtype: 'text', text: { content: HOURS } }]);
    const sent = page.locator('[data-test=messages] li.from-staff').filter({ hasText: HOURS });
    await sent.waitFor();
    // Who answered, by name: a colleague opening the thread later sees it too.
    expect(await sent.locator('small').first().textContent()).toMatch(/^Clerk SH001 /);
    await expect.poll(() => conversationRow().first().locator('.badge').textContent()).toBe('answered');
    expect(await page.getByLabel('Reply', { exact: true }).inputValue()).toBe('');
    await shot('quick-reply-sent');
  }, 90_000);

  it("links the shopper's order card to the order on the orders desk", async () => {
    const number = `#${orderId.slice(0, 8).toUpperCase()}`;
    await shopperSends({
      MsgType: 'miniprogrampage',
      Title: number,
      AppId: STUB_APPID,
      PagePath: `pages/order/index.html?id=${orderId}`,
      ThumbUrl: 'http://mmbiz.qpic.cn/thumb.jpg',
    });
    const link = page.getByRole('link', { name: `Open order ${number}` });
    await link.waitFor({ timeout: 5000 });
    expect(await link.getAttribute('href')).toBe(`#/orders/${sh001}/${orderId}`);
    await shot('order-card');
    await link.click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/orders/${sh001}/${orderId}`);
    await page.getByText(number).first().waitFor();
    await shot('order-opened');
  }, 60_000);

  it('lets the clerk answer with the oat milk as a product card, shown in the thread', async () => {
    const oat = (await t.api(admin, 'GET', '/catalogue/search?q=DRY-005')).json()[0].sku_id;
    await page.getByRole('link', { name: /^Customer service/ }).click();
    await conversationRow().first().click();
    await shopperSends({ MsgType: 'text', Content: '你们有燕麦奶吗？在哪个货架？' });
    await page.locator('[data-test=messages] li').filter({ hasText: '你们有燕麦奶吗' }).waitFor();
    await page.getByText('Send a product').click();
    await page.getByRole('combobox', { name: 'Product' }).fill('DRY-005');
    const hit = page.getByRole('option', { name: /Oatly燕麦奶 1L/ });
    await hit.waitFor();
    await shot('product-found');
    await hit.click();
    await browser.status(/Product card sent\./);
    const card = page.locator('[data-test=messages] li.from-staff .product-card');
    await card.waitFor();
    expect(await card.locator('strong').textContent()).toBe('Oatly燕麦奶 1L');
    expect(await card.locator('small').textContent()).toBe('Product card');
    // WeChat got a mini-program card opening the product's page at SH001, its thumbnail uploaded first.
    expect(wx.customSent.at(-1)).toEqual({
      touser: OPENID,
      msgtype: 'miniprogrampage',
      miniprogrampage: {
        title: 'Oatly燕麦奶 1L',
        appid: STUB_APPID,
        pagepath: `pages/product/index?sku=${oat}&store=${sh001}`,
        thumb_media_id: wx.uploads[0]!.media_id,
      },
    });
    // The search is empty again, ready for the next product.
    expect(await page.getByRole('combobox', { name: 'Product' }).inputValue()).toBe('');
    await shot('product-card-sent');
    // The shopper thanks them: waiting again, for the next test's late reply.
    await shopperSends({ MsgType: 'text', Content: '好的，谢谢！' });
    await expect.poll(() => conversationRow().first().locator('.badge').textContent()).toBe('waiting');
  }, 60_000);

  it('says in Chinese that WeChat refused a reply past 48 hours, and keeps it as not sent', async () => {
    await page.evaluate(`localStorage.setItem('smart-store-language', 'zh-CN')`);
    const [conversation] = (await t.api(admin, 'GET', '/service/conversations')).json();
    await page.goto(`${base}/console/#/service/${conversation.id}`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '客服' }).waitFor();
    expect(await page.getByRole('link', { name: '客服' }).count()).toBe(1);
    await page.locator('[data-test=messages] li').first().waitFor();
    expect(await conversationRow().first().locator('.badge').textContent()).toBe('待回复');
    // WeChat last heard from the shopper 49 hours ago.
    wx.shopperWrote(OPENID, Date.now() - 49 * 3600 * 1000);
    await page.getByLabel('回复', { exact: true }).fill('抱歉，回复晚了');
    await page.getByRole('button', { name: '发送' }).click();
    await browser.status(/微信拒绝了此回复：距顾客最后一条消息已超过 48 小时。回复已保存，未发送。/);
    const failed = page.locator('[data-test=messages] li.failed');
    await failed.filter({ hasText: '抱歉，回复晚了' }).waitFor();
    expect(await failed.locator('small.error').textContent()).toMatch(/^未发送：微信拒绝了此回复/);
    expect(wx.customSent).toHaveLength(2);
    await shot('refused-chinese');
  }, 60_000);
});
