/**
 * The console in Simplified Chinese, in Chromium against the real server and the demo seed: a clerk of
 * SH001 signs in (in English, as the browser's language is), switches to 中文, and the navigation, the
 * Orders desk (开始备货, 备好了, a wrong code refused in Chinese, the hand-over on the shopper's code) and
 * Stock (入库 through the Chinese dialog, a count below what orders hold refused with the figures) and the
 * appointments read in Chinese; the store manager's Footfall & sales and the brand admin's Mini-program
 * form too; the choice survives a reload and a sign-out, and switching back to English works.
 * Screenshots in test-results/console-chinese/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skuIdsByCode } from '../commerce/index.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { paidPickup, signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let admin: string;
let base: string;
let browser: Browser;
let page: Page;
let sh001: string;
let shopper: string;
const shot = (name: string) => browser.shot(name);
const CLERK = 'clerk.sh001@freshmart.demo';

const pickupPaid = (code: string, qty: number) =>
  paidPickup(t, { tenantId, storeId: sh001, shopper }, code, qty);

const number = (order: { id: string }) => `#${order.id.slice(0, 8).toUpperCase()}`;
const card = (order: { id: string }, lane?: string) =>
  page.locator(`${lane ? `[data-lane="${lane}"] ` : ''}[data-order="${order.id}"]`);
/** Waits for the header to name these sections. */
const navReads = (names: string[]) =>
  expect.poll(() => page.locator('.nav nav a').allTextContents()).toEqual(names);
const CHINESE = ['今日', '门店地图', '预约', '订单', '库存', '会员', '客服'];

/** Signs out and in again as `email`, on the sign-in page in Chinese. */
async function signInAs(email: string) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.nav').waitFor();
}
const ENGLISH = ['Today', 'Store maps', 'Appointments', 'Orders', 'Stock', 'Members', 'Customer service'];

beforeAll(async () => {
  ({ t, tenantId, base, browser, page } = await consoleUnderTest('console-chinese'));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
  sh001 = stores.find((s: { code: string }) => s.code === 'SH001').id;
  shopper = (await signInShopper(t, 'console-chinese-shopper')).token;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the console in Chinese', () => {
  it('opens in English in an English browser, and switches to 中文 in the header', async () => {
    // The other browser tests rely on this: headless Chromium says en-US, so the console starts in English.
    expect(await page.evaluate('navigator.language')).toMatch(/^en/);
    await browser.signIn(base, CLERK, DEMO_PASSWORD);
    await navReads(ENGLISH);
    await page.getByRole('button', { name: '中文' }).click();
    await navReads(CHINESE);
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    expect(await page.locator('.nav .who').textContent()).toBe('店员');
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
  });

  it('works an order on the desk in Chinese: 开始备货, 备好了, a wrong code refused, the code handed over', async () => {
    const order = await pickupPaid('DRY-004', 2);
    await page.getByRole('link', { name: '订单' }).click();
    await page.locator('.lanes').waitFor();
    expect(await page.locator('.page-head h1').textContent()).toBe('订单');
    expect(await page.locator('.lane h2').allTextContents()).toEqual([
      expect.stringMatching(/^待备货/),
      expect.stringMatching(/^备货中/),
      expect.stringMatching(/^待取货 \/ 待配送/),
      expect.stringMatching(/^今日已完成/),
      expect.stringMatching(/^今日已退款/),
    ]);
    const mine = card(order, 'to_prepare');
    await expect.poll(() => mine.textContent()).toMatch(/自提[\s\S]*刚刚支付[\s\S]*2×\s*简爱原味酸奶/);
    await browser.status(/^实时：订单更新于 \d\d:\d\d，新订单即时显示$/);
    await shot('desk');

    await mine.getByRole('button', { name: '开始备货' }).click();
    await card(order, 'preparing').waitFor();
    await browser.status(new RegExp(`${number(order)}：备货中`));
    await card(order).getByRole('button', { name: '备好了' }).click();
    await card(order, 'ready').waitFor();
    expect(await card(order).textContent()).toContain('凭顾客的取货码交付');

    const wrong = ['123456', '654321', '111111'].find((c) => c !== order.pickup.code)!;
    await page.getByLabel('取货码').fill(wrong);
    await page.getByRole('button', { name: '核销取货码' }).click();
    await browser.status(/^本店没有这个取货码的待取订单$/);
    await shot('wrong-code');

    await page.getByLabel('取货码').fill(order.pickup.code);
    await page.getByRole('button', { name: '核销取货码' }).click();
    await browser.status(new RegExp(`${number(order)} 已交付：2× 简爱原味酸奶`));
    await card(order, 'done').waitFor();
    expect(await card(order).textContent()).toMatch(/\d\d:\d\d 完成/);
    const done = await t.call(shopper, { method: 'GET', url: `/api/v1/orders/${order.id}` });
    expect(done.json().status).toBe('completed');

    await card(order).locator('.order-open').click();
    const drawer = page.getByRole('dialog', { name: `订单 ${number(order)}` });
    await drawer.waitFor();
    expect(await drawer.locator('.history li strong').allTextContents()).toEqual([
      '已下单',
      '已支付',
      '备货中',
      '已备好',
      '已完成',
    ]);
    await shot('order-detail');
    await drawer.getByRole('button', { name: '关闭' }).click();
  });

  it('keeps Chinese after a reload, and receives goods through the Chinese 入库 dialog', async () => {
    await page.reload();
    await navReads(CHINESE);
    await page.getByRole('link', { name: '库存' }).click();
    await page.locator('[data-test=stock] tbody tr').first().waitFor();
    expect(await page.locator('[data-test=stock] th').allTextContents()).toEqual([
      '商品',
      'SKU',
      '品类',
      '在库',
      '已预留',
      '可售',
      '',
    ]);
    await page.getByLabel('查找').pressSequentially('DRY-005', { delay: 40 });
    const row = page.locator('[data-test=stock] tr[data-sku="DRY-005"]');
    await expect.poll(() => page.locator('[data-test=stock] tbody tr').count()).toBe(1);
    await browser.status(/^共 1 个 SKU，匹配“DRY-005”$/);
    const before = Number(await row.locator('[data-test=on-hand]').textContent());

    await row.getByRole('button', { name: '入库' }).click();
    const dialog = page.getByRole('dialog', { name: '商品入库' });
    await dialog.getByLabel('入库数量').fill('5');
    await dialog.getByLabel('送货单号或备注（选填）').fill('DN-20261128-11');
    expect(await dialog.locator('.hint').textContent()).toBe(`当前在库：${before}，入库后 ${before + 5}`);
    await shot('receive');
    await dialog.getByRole('button', { name: '入库', exact: true }).click();
    await browser.status(/^已入库 5 × Oatly燕麦奶 1L$/);
    await expect
      .poll(async () => Number(await row.locator('[data-test=on-hand]').textContent()))
      .toBe(before + 5);
    await shot('received');

    // The movements in Chinese, dated as Chinese writes dates, in the store's time zone.
    await row.getByRole('button', { name: '库存流水' }).click();
    const first = page.locator('[data-test=movements] tbody tr').first();
    await first.waitFor();
    const [when, what, units, , reference] = await first.locator('td').allInnerTexts();
    expect({ what, units, reference }).toEqual({ what: '入库', units: '+5', reference: 'DN-20261128-11' });
    expect(when).toMatch(/^\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    await shot('movements');
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('refuses a count below what orders hold in Chinese, with the figures the server gave', async () => {
    const oatly = (await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, ['DRY-005']))).get('DRY-005');
    const hold = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/stock/reservations',
      payload: { store_id: sh001, lines: [{ sku_id: oatly, qty: 5 }] },
    });
    expect(hold.statusCode, hold.body).toBe(201);
    const row = page.locator('[data-test=stock] tr[data-sku="DRY-005"]');
    const onHand = Number(await row.locator('[data-test=on-hand]').textContent());

    await row.getByRole('button', { name: '盘点调整' }).click();
    const dialog = page.getByRole('dialog', { name: '盘点调整' });
    await expect
      .poll(() => dialog.locator('[data-test=adjust-difference]').textContent())
      .toContain('其中 5 件');
    await dialog.getByLabel('货架实盘数量').fill('3');
    await dialog.getByRole('button', { name: '调整', exact: true }).click();
    await dialog
      .getByRole('alert')
      .filter({
        hasText: `库存不足：SH001 的 DRY-005 可用 ${onHand - 5}，需要扣减 ${onHand - 3}（在库 ${onHand}，其中 5 件被未支付订单占用）`,
      })
      .waitFor();
    await shot('adjust-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('shows the counter’s appointments in Chinese', async () => {
    await page.getByRole('link', { name: '预约' }).click();
    await page.locator('[data-test=bookings]').waitFor();
    expect(await page.locator('[data-test=bookings] th').allTextContents()).toEqual([
      '时间',
      '服务',
      '柜台',
      '顾客',
      '人数',
      '状态',
      '',
    ]);
    expect(await page.locator('[data-test=book-form] h2').textContent()).toBe('为顾客预约');
    await browser.status(/^时间为门店当地时间（Asia\/Shanghai）$/);
    await shot('appointments');
  });

  it("shows the store manager yesterday's footfall beside the sales in Chinese", async () => {
    // Yesterday in the store's time zone: three visits of 10, 20 and 30 minutes, two of them at 18:00.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000);
    await t.db.tenant(tenantId, async (tx) => {
      for (const [device, from, minutes] of [
        ['zh-days-a', '11:00', 10],
        ['zh-days-b', '18:05', 20],
        ['zh-days-c', '18:40', 30],
      ] as const) {
        const arrived = new Date(`${yesterday.toISOString().slice(0, 10)}T${from}:00+08:00`);
        await tx.query(
          'INSERT INTO visits (tenant_id, store_id, device, arrived_at, departed_at) VALUES ($1, $2, $3, $4, $5)',
          [tenantId, sh001, device, arrived, new Date(arrived.getTime() + minutes * 60_000)],
        );
      }
    });
    await signInAs('manager.sh001@freshmart.demo');
    await page.getByRole('link', { name: '客流与销售' }).click();
    const kpis = page.locator('[data-test=yesterday]');
    await kpis.waitFor();
    expect(await page.locator('.page-head h1').textContent()).toBe('客流与销售');
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      '近 7 天',
      '近 14 天',
      '近 30 天',
      '近 90 天',
    ]);
    expect(await kpis.locator('.kpi').allInnerTexts()).toEqual([
      expect.stringMatching(/^昨天客流\s+3\s+停留时长中位数 20 分钟，高峰 18:00$/),
      expect.stringMatching(/^昨天销售额\s+¥[\d,.]+\s+订单 \d+ 笔，收银小票 \d+ 张$/),
      expect.stringMatching(/^每人次销售额\s+¥[\d,.]+\s+昨天销售额 ÷ 信标识别到的进店人次$/),
    ]);
    expect(await page.locator('[data-test=store-days] th').allTextContents()).toEqual([
      '日期',
      '客流（人次）',
      '进店人数',
      '停留时长中位数',
      '高峰时段',
      '订单数',
      '订单销售额 ¥',
      '收银小票',
      '收银件数',
      '收银销售额 ¥*',
      '销售额 ¥',
    ]);
    // Days as Chinese writes them, with the weekday; the last row is the total.
    const rows = page.locator('[data-test=store-days] tbody tr');
    expect(await rows.nth(1).locator('td').first().textContent()).toBe(
      `${yesterday.getUTCFullYear()}年${yesterday.getUTCMonth() + 1}月${yesterday.getUTCDate()}日周${'日一二三四五六'[yesterday.getUTCDay()]}`,
    );
    expect(await rows.last().locator('td').first().textContent()).toBe('合计');
    expect(await page.locator('.page .hint').last().textContent()).toMatch(
      /^日期按门店所在时区（Asia\/Shanghai）计算。/,
    );
    await page
      .getByRole('img', { name: /每日客流与销售额$/ })
      .locator('canvas')
      .waitFor();
    await browser.status(/^就绪$/);
    await shot('store-days');

    // Another store's days are not this manager's: refused, in Chinese.
    const stores = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
    const sh002 = stores.find((s: { code: string }) => s.code === 'SH002').id;
    await page.goto(`${base}/console/#/days/${sh002}/7`);
    await page.locator('.page .error', { hasText: '您不在该门店工作，无权查看或操作它的数据' }).waitFor();
  });

  it("lets the brand admin set the brand's mini-program in Chinese, and go back to the server's", async () => {
    await signInAs('admin@freshmart.demo');
    await page.getByRole('link', { name: '小程序' }).click();
    const state = page.locator('[data-test=miniprogram-state]');
    await expect.poll(() => state.textContent()).toMatch(/^您的顾客目前使用平台默认小程序。/);
    expect(await page.locator('.page-head h1').textContent()).toBe('FreshMart 鲜生超市：微信小程序');
    const form = page.locator('[data-test=miniprogram-form]');
    expect(await form.locator('h2').textContent()).toBe('设置小程序');
    await form.getByLabel('AppID（小程序 ID）').fill('not-an-app');
    await form.getByLabel('AppSecret（小程序密钥）').fill('console-secret-zh-1234');
    await form.getByRole('button', { name: '保存' }).click();
    // The server's check of the AppID, said in Chinese beside it.
    const appidError = form.locator('label', { hasText: 'AppID' }).locator('.error');
    await expect.poll(() => appidError.textContent()).toBe('appid 格式不正确');
    await shot('brand-appid-refused');
    await form.getByLabel('AppID（小程序 ID）').fill('wx_console_zh');
    await form.getByLabel('预约提醒模板 ID（选填）').fill('TPL_ZH_REMIND');
    await form.getByLabel('订单状态通知模板 ID（选填）').fill('TPL_ZH_ORDER');
    expect(await form.locator('.hint').textContent()).toMatch(/^订单待取货或配送中、退款时通知顾客/);
    await form.getByRole('button', { name: '保存' }).click();
    await browser.status(/^已保存：FreshMart 鲜生超市 的顾客现在使用小程序 wx_console_zh。$/);
    await expect
      .poll(() => state.textContent())
      .toMatch(
        /^您的顾客登录小程序 wx_console_zh，预约提醒使用模板 TPL_ZH_REMIND，订单状态通知使用模板 TPL_ZH_ORDER（设置于 \d{4}\/\d{1,2}\/\d{1,2} \d\d:\d\d:\d\d）。AppSecret 已加密保存，不再显示。$/,
      );
    expect(await form.locator('h2').textContent()).toBe('修改小程序');
    expect(await form.getByLabel('AppSecret（小程序密钥）').getAttribute('placeholder')).toBe(
      '修改任何一项都需重新填写',
    );
    await shot('brand-miniprogram');
    await form.getByRole('button', { name: '改用平台默认小程序' }).click();
    await browser.status(/^FreshMart 鲜生超市 的顾客已改回使用平台默认小程序。$/);
    await expect.poll(() => state.textContent()).toMatch(/^您的顾客目前使用平台默认小程序。/);
  });

  it('signs in in Chinese after signing out, and switches back to English', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('邮箱').fill(CLERK);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await shot('sign-in');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('.nav').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await navReads(ENGLISH);
    await page.reload();
    await navReads(ENGLISH);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await shot('english-again');
  });
});
