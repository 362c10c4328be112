import { describe, expect, it } from 'vitest';
import { orderOfPagePath, orderOfSessionFrom, readPushJson, shopperPush } from './push.js';
import type { PushBody } from './schemas.js';

const ORDER = '0f5e4c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b';
const base = { ToUserName: 'gh_abc', FromUserName: 'o_shopper', CreateTime: 1700000000 };

describe('readPushJson', () => {
  it('keeps a 64-bit MsgId as its digits (JSON.parse would round it)', () => {
    const text = '{"MsgType":"text","MsgId":23456789012345678,"Content":"MsgId: 1"}';
    expect(String(JSON.parse(text).MsgId)).not.toBe('23456789012345678');
    expect(readPushJson(text)).toEqual({ MsgType: 'text', MsgId: '23456789012345678', Content: 'MsgId: 1' });
  });

  it('throws on what is not JSON', () => {
    expect(() => readPushJson('<xml></xml>')).toThrow(SyntaxError);
  });
});

describe('the order a card or a session names', () => {
  it('reads the order page path, with or without a leading / or .html', () => {
    expect(orderOfPagePath(`/pages/order/index?id=${ORDER}`)).toBe(ORDER);
    expect(orderOfPagePath(`pages/order/index.html?id=${ORDER.toUpperCase()}`)).toBe(ORDER);
    expect(orderOfPagePath(`pages/product/index?id=${ORDER}`)).toBeNull();
    expect(orderOfPagePath('pages/order/index?id=not-an-id')).toBeNull();
  });

  it("reads the order page's session-from, order:<id>", () => {
    expect(orderOfSessionFrom(`order:${ORDER}`)).toBe(ORDER);
    expect(orderOfSessionFrom('me')).toBeNull();
    expect(orderOfSessionFrom(undefined)).toBeNull();
  });
});

describe('shopperPush', () => {
  it('reads a text, keyed by its MsgId, at its CreateTime', () => {
    expect(shopperPush({ ...base, MsgType: 'text', Content: '你好', MsgId: '42' })).toEqual({
      openid: 'o_shopper',
      at: new Date(1700000000 * 1000),
      key: '42',
      event: { kind: 'text', text: '你好' },
    });
  });

  it('reads an image and an order card', () => {
    expect(
      shopperPush({ ...base, MsgType: 'image', PicUrl: 'http://p/1.jpg', MediaId: 'm', MsgId: '43' })?.event,
    ).toEqual({
      kind: 'image',
      imageUrl: 'http://p/1.jpg',
    });
    const card: PushBody = {
      ...base,
      MsgType: 'miniprogrampage',
      MsgId: '44',
      Title: '#0F5E4C1A',
      AppId: 'wx1',
      PagePath: `pages/order/index.html?id=${ORDER}`,
      ThumbUrl: 'http://t/1.jpg',
    };
    expect(shopperPush(card)?.event).toEqual({
      kind: 'card',
      title: '#0F5E4C1A',
      pagePath: `pages/order/index.html?id=${ORDER}`,
      thumbUrl: 'http://t/1.jpg',
      orderId: ORDER,
    });
  });

  it('keys entering the chat, which has no MsgId, by the shopper and its time', () => {
    const entered = shopperPush({
      ...base,
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: `order:${ORDER}`,
    });
    expect(entered).toEqual({
      openid: 'o_shopper',
      at: new Date(1700000000 * 1000),
      key: 'entered:o_shopper:1700000000',
      event: { kind: 'entered', orderId: ORDER },
    });
  });

  it('leaves out other events, unknown kinds, and a message without MsgId', () => {
    expect(shopperPush({ ...base, MsgType: 'event', Event: 'subscribe' })).toBeUndefined();
    expect(shopperPush({ ...base, MsgType: 'voice', MsgId: '45' })).toBeUndefined();
    expect(shopperPush({ ...base, MsgType: 'text', Content: 'x' })).toBeUndefined();
  });
});
