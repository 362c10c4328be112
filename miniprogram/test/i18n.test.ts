/**
 * The shopper's language: which WeChat settings read Chinese, the two dictionaries kept alike, texts
 * filled in, and the server's refusals worded in Chinese by their code (the server's own message for a
 * code with no words here). The pages in Chinese against the real server: shopper-stories.test.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageOf } from '../src/lib/feedback';
import {
  distance,
  hoursToday,
  localDate,
  localDateTime,
  openingLine,
  orderStatusName,
  yuan,
} from '../src/lib/format';
import { ApiError } from '../src/lib/http';
import { language, languageOf, t, texts } from '../src/lib/i18n';
import { type OrderUpdate, orderUpdateText } from '../src/lib/order-updates';
import { en } from '../src/lib/texts/en';
import { REFUSALS_ZH_CN } from '../src/lib/texts/refusals-zh-CN';
import { zhCN } from '../src/lib/texts/zh-CN';
import { type FakeWx, installWx } from './support/wx-fake';

let fake: FakeWx;
beforeAll(() => {
  fake = installWx();
});
afterEach(() => {
  fake.language = 'en';
});

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the language', () => {
  it('is Chinese for any Chinese WeChat, English for anything else', () => {
    for (const reported of ['zh_CN', 'zh_HK', 'zh_TW', 'zh']) expect(languageOf(reported)).toBe('zh_CN');
    for (const reported of ['en', 'en_US', 'fr', '', undefined]) expect(languageOf(reported)).toBe('en');
  });

  it("is WeChat's own setting, from getAppBaseInfo, else (an older base library) getSystemInfoSync", () => {
    fake.language = 'zh_HK';
    expect(language()).toBe('zh_CN');
    const globals = globalThis as unknown as { wx: Record<string, unknown> };
    const getAppBaseInfo = globals.wx.getAppBaseInfo;
    globals.wx.getAppBaseInfo = undefined;
    try {
      fake.language = 'en';
      expect(language()).toBe('en');
      fake.language = 'zh_CN';
      expect(language()).toBe('zh_CN');
    } finally {
      globals.wx.getAppBaseInfo = getAppBaseInfo;
    }
  });
});

describe('the dictionaries', () => {
  it('have the same keys, no Chinese text empty, and the same placeholders in both', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const chinese = zhCN[key as keyof typeof en];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it('fill in placeholders, and leave one with no value as it is', () => {
    fake.language = 'zh_CN';
    expect(texts().addToCart).toBe('加入购物车');
    expect(t('addedProduct', { name: '燕麦奶' })).toBe('已加入：燕麦奶');
    expect(t('pointsToNextTier', { points: 30, tier: '金卡' })).toBe('再得30积分即可升级为金卡');
    expect(t('addedProduct')).toBe('已加入：{name}');
    fake.language = 'en';
    expect(t('addedProduct', { name: 'Oat milk' })).toBe('Added Oat milk');
  });
});

describe('what lib words', () => {
  const store = {
    open_now: false,
    open_until: null,
    opens_next: { date: '2026-11-30', time: '08:00' },
    hours_today: [
      { open: '08:00', close: '12:00' },
      { open: '13:00', close: '22:00' },
    ],
  } as unknown as Parameters<typeof openingLine>[0];

  it('reads amounts, distances, hours and order states in Chinese', () => {
    fake.language = 'zh_CN';
    expect(yuan(1250)).toBe('¥12.50');
    expect([distance(350.4), distance(1234)]).toEqual(['350米', '1.2公里']);
    expect(openingLine(store)).toBe('休息中 · 周一 08:00 开门');
    expect(hoursToday(store)).toBe('今日营业时间 08:00–12:00，13:00–22:00');
    expect(orderStatusName('ready')).toBe('待取货');
    expect(orderStatusName('ready', 'delivery')).toBe('配送中');
  });

  it("gives times and dates (an order's, a coupon's, a points line's) on the phone's own clock, not the server's UTC", () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      expect(localDateTime('2026-11-28T00:23:00Z')).toBe('2026-11-28 08:23');
      expect(localDateTime('2026-11-27T16:05:00.000Z')).toBe('2026-11-28 00:05');
      expect(localDate('2026-11-27T16:05:00.000Z')).toBe('2026-11-28');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('reads them in English', () => {
    expect([distance(350.4), distance(1234)]).toEqual(['350 m', '1.2 km']);
    expect(openingLine(store)).toBe('Closed · opens Mon 08:00');
    expect(hoursToday(store)).toBe('Today 08:00–12:00, 13:00–22:00');
    expect(orderStatusName('ready')).toBe('Ready to collect');
  });
});

describe('order updates', () => {
  const update = (fields: Partial<OrderUpdate>) =>
    ({
      id: 'u1',
      title: '',
      kind: 'order_status',
      order_id: '00000000-0000-4000-8000-000000000000',
      order_type: 'pickup',
      store_name: 'FreshMart 南京西路店',
      ...fields,
    }) as OrderUpdate;

  it('say what happened to the order in Chinese, the store named as the brand did', () => {
    fake.language = 'zh_CN';
    expect(orderUpdateText(update({ event: 'ready', pickup_code: '482913' }))).toBe(
      '订单已备好，请到FreshMart 南京西路店取货，取货码482913',
    );
    expect(orderUpdateText(update({ event: 'refund', refund_cents: 1250 }))).toBe('退款¥12.50正在原路退回');
  });
});

describe("the server's refusals", () => {
  const stock = new ApiError(
    409,
    'SS_ERR_STOCK_INSUFFICIENT',
    'Not enough stock of SKU x in store y',
    'lines',
  );
  const novel = new ApiError(409, 'SS_ERR_SOMETHING_NEW', 'The server says why', 'lines');

  it('read in Chinese by their code; a code with no words here shows what the server said', () => {
    fake.language = 'zh_CN';
    expect(messageOf(stock)).toBe(REFUSALS_ZH_CN.SS_ERR_STOCK_INSUFFICIENT);
    expect(messageOf(novel)).toBe('The server says why');
  });

  it('name the field the shopper typed when the server found it wrong', () => {
    fake.language = 'zh_CN';
    expect(messageOf(new ApiError(400, 'SS_ERR_VALIDATION', 'delivery.phone …', 'delivery.phone'))).toBe(
      '请填写正确的手机号。',
    );
    expect(messageOf(new ApiError(400, 'SS_ERR_VALIDATION', 'lines.0.qty …', 'lines.0.qty'))).toBe(
      REFUSALS_ZH_CN.SS_ERR_VALIDATION,
    );
  });

  it('read as the server words them in English', () => {
    expect(messageOf(stock)).toBe(stock.message);
  });
});
