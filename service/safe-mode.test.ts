import { describe, expect, it } from 'vitest';
import { encryptPush } from '../test/support/wechat-stub.js';
import { EncryptUnreadable, openPush } from './safe-mode.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OTHER_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';

describe('openPush', () => {
  it("opens WeChat's Encrypt into the message and the appid it was sent to", () => {
    const message = JSON.stringify({ MsgType: 'text', Content: '营业时间?', MsgId: 1 });
    expect(openPush(encryptPush(message, 'wx_brand', KEY), KEY)).toEqual({ message, appid: 'wx_brand' });
  });

  it('opens a message whose length is a whole number of blocks (a full block of padding)', () => {
    const message = 'x'.repeat(32 * 3 - 20 - 'wx_brand'.length);
    expect(openPush(encryptPush(message, 'wx_brand', KEY), KEY).message).toBe(message);
  });

  it('refuses an Encrypt made with another key, or not made at all', () => {
    expect(() => openPush(encryptPush('{}', 'wx_brand', OTHER_KEY), KEY)).toThrow(EncryptUnreadable);
    expect(() => openPush('bm90IGEgY2lwaGVy', KEY)).toThrow(EncryptUnreadable);
    expect(() => openPush(encryptPush('{}', 'wx_brand', KEY), 'short')).toThrow(EncryptUnreadable);
  });
});
