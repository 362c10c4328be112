/**
 * Claiming a till's member card with WeChat credentials configured: the phone on the card must be
 * the one WeChat vouches for (getPhoneNumber's code, traded at the local stub that answers as
 * api.weixin.qq.com does), whatever the shopper types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from './support/wechat-stub.js';

let t: TestApp;
let stub: WechatStub;
let clerk: string;

beforeAll(async () => {
  stub = await startWechatStub();
  t = await startTestApp({ WECHAT_API_BASE: stub.url, WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET });
  await seedDemo(t.db);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const shopper = async (code: string) =>
  (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code },
    })
  ).json().token as string;
const claim = (token: string, payload: object) =>
  t.call(token, { method: 'POST', url: '/api/v1/me/membership/card', payload });

describe('claiming a member card with WeChat', () => {
  it('takes the phone WeChat vouches for, not one the shopper types', async () => {
    const token = await shopper('card-typist');
    // The demo mode's shortcut is no way round: WeChat knows no such code.
    const typed = await claim(token, { member_no: 'FM-0005678', phone_code: '13900000003' });
    expect(typed.statusCode).toBe(400);
    expect(typed.json()).toMatchObject({ code: 'SS_ERR_WECHAT_PHONE_CODE', field: 'phone_code' });
    // Someone else's card with one's own (vouched) phone: not found, like a wrong number.
    const notTheirs = await claim(token, { member_no: 'FM-0005678', phone_code: 'phone-13900000099' });
    expect(notTheirs.statusCode).toBe(404);

    const owner = await shopper('card-owner');
    const card = await claim(owner, { member_no: 'FM-0005678', phone_code: 'phone-13900000003' });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ member_no: 'FM-0005678', points_balance: 320 });
    // A code is good once.
    const again = await claim(owner, { member_no: 'FM-0005678', phone_code: 'phone-13900000003' });
    expect(again.json()).toMatchObject({ code: 'SS_ERR_WECHAT_PHONE_CODE' });
  });

  it('matches a card the till stored with the country code', async () => {
    const till = { id: 'CRM-wechat-cc', member_no: 'FM-0008686', phone: '+8613900000086', points: 40 };
    expect(
      (await t.call(clerk, { method: 'POST', url: '/api/v1/pos/members', payload: { records: [till] } }))
        .statusCode,
    ).toBe(200);
    const token = await shopper('card-with-country-code');
    const card = await claim(token, { member_no: 'FM-0008686', phone_code: 'phone-13900000086' });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ member_no: 'FM-0008686', points_balance: 40 });
  });

  it('fetches a new access token when WeChat has revoked it, and says 503 when WeChat is busy', async () => {
    const till = { id: 'CRM-wechat-token', member_no: 'FM-0008787', phone: '13900000087', points: 5 };
    await t.call(clerk, { method: 'POST', url: '/api/v1/pos/members', payload: { records: [till] } });
    const token = await shopper('card-after-revoke');
    const busy = await claim(token, { member_no: 'FM-0008787', phone_code: 'busy' });
    expect(busy.statusCode).toBe(503);
    const issued = stub.tokensIssued();
    stub.revokeTokens();
    const card = await claim(token, { member_no: 'FM-0008787', phone_code: 'phone-13900000087' });
    expect(card.statusCode).toBe(200);
    expect(stub.tokensIssued()).toBe(issued + 1);
    const asked = stub.calls.filter((u) => u.pathname === '/wxa/business/getuserphonenumber');
    expect(asked.every((u) => u.searchParams.get('access_token')?.startsWith('ACCESS_TOKEN_'))).toBe(true);
  });
});
