/**
 * A brand with its own WeChat mini-program: its admin sets the app (the secret kept sealed, never
 * shown again), and its shoppers' logins, phone numbers and appointment reminders go through that
 * app, against the local stub that knows two apps, while another brand stays on the server's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderChannels } from '../commerce/appointments/reminders.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { shopperOpenid } from '../members/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  STUB_APPID,
  STUB_APPID_2,
  STUB_SECRET,
  STUB_SECRET_2,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';

let t: TestApp;
let stub: WechatStub;
let freshmart: string;
let teaHouse: string;
let teaAdmin: string;

beforeAll(async () => {
  stub = await startWechatStub();
  t = await startTestApp({ WECHAT_API_BASE: stub.url, WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET });
  ({ tenantId: freshmart } = await seedDemo(t.db));
  ({ tenantId: teaHouse, admin: teaAdmin } = await t.addBrand({
    slug: 'tea-house',
    name: 'Tea House',
    admin: { email: 'admin@tea-house.test', name: 'Tea admin', password: 'tea-house-secret' },
  }));
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const own = (token: string, tenantId: string, method: 'GET' | 'PUT' | 'DELETE', payload?: object) =>
  t.call(token, { method, url: `/api/v1/tenants/${tenantId}/miniprogram`, ...(payload ? { payload } : {}) });
const wechatLogin = async (tenant: string, code: string) => {
  const session = (
    await t.call(undefined, { method: 'POST', url: '/api/v1/auth/wechat', payload: { tenant, code } })
  ).json();
  return { token: session.token as string, id: session.principal.id as string };
};
const ON_THE_SERVERS = {
  own: false,
  appid: null,
  secret_set: false,
  reminder_template_id: null,
  order_status_template_id: null,
  updated_at: null,
};
const lastCall = (path: string) => stub.calls.filter((u) => u.pathname === path).at(-1);

describe("a brand's own mini-program", () => {
  it('is set by the brand admin, its secret sealed and never shown again, and no one else may see it', async () => {
    // No app of its own yet: the usual state, answered as such (the console's page asks on every visit).
    const before = await own(teaAdmin, teaHouse, 'GET');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual(ON_THE_SERVERS);
    const set = await own(teaAdmin, teaHouse, 'PUT', {
      appid: STUB_APPID_2,
      secret: STUB_SECRET_2,
      reminder_template_id: 'TPL_TEA_REMINDER',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ own: true, appid: STUB_APPID_2, secret_set: true });
    const read = await own(teaAdmin, teaHouse, 'GET');
    expect(read.json()).toMatchObject({
      own: true,
      appid: STUB_APPID_2,
      secret_set: true,
      reminder_template_id: 'TPL_TEA_REMINDER',
    });
    expect(JSON.stringify(read.json())).not.toContain(STUB_SECRET_2);
    const stored = await t.db.tenant(teaHouse, (tx) =>
      tx.query<{ secret_sealed: string }>('SELECT secret_sealed FROM brand_miniprograms'),
    );
    expect(stored.rows[0]!.secret_sealed).not.toContain(STUB_SECRET_2);
    // Another brand's admin: not found, as if there were no such brand.
    const freshAdmin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    expect((await own(freshAdmin, teaHouse, 'GET')).statusCode).toBe(404);
    // One app, one brand.
    const taken = await own(freshAdmin, freshmart, 'PUT', { appid: STUB_APPID_2, secret: 'whatever-secret' });
    expect(taken.json()).toMatchObject({ code: 'SS_ERR_MINIPROGRAM_TAKEN', field: 'appid' });
    const bad = await own(teaAdmin, teaHouse, 'PUT', { appid: 'not-an-app', secret: STUB_SECRET_2 });
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_VALIDATION' });
  });

  it("signs the brand's shoppers in through its app, the other brand's through the server's", async () => {
    const tea = await wechatLogin('tea-house', 'same-person');
    expect(lastCall('/sns/jscode2session')?.searchParams.get('appid')).toBe(STUB_APPID_2);
    const fresh = await wechatLogin('freshmart', 'same-person');
    expect(lastCall('/sns/jscode2session')?.searchParams.get('appid')).toBe(STUB_APPID);
    // One person, two apps: two openids, as WeChat gives them.
    expect(await t.db.tenant(teaHouse, (tx) => shopperOpenid(tx, tea.id))).toBe('o_2_same-person');
    expect(await t.db.tenant(freshmart, (tx) => shopperOpenid(tx, fresh.id))).toBe('o_same-person');
    // Their phone numbers come through the brand's app too (its own access token).
    const claim = await t.call(tea.token, {
      method: 'POST',
      url: '/api/v1/me/membership/card',
      payload: { member_no: 'TEA-0001', phone_code: 'phone-13900000011' },
    });
    expect(claim.statusCode).toBe(404); // no such card at the tea house; the phone was vouched for
    expect(lastCall('/cgi-bin/token')?.searchParams.get('appid')).toBe(STUB_APPID_2);
  });

  it("reminds the brand's shoppers with its own template; a brand on the server's app without one, live only", async () => {
    const channelsOf = reminderChannels(t.app);
    expect((await channelsOf(teaHouse)).wechat?.templateId).toBe('TPL_TEA_REMINDER');
    expect((await channelsOf(freshmart)).wechat).toBeUndefined();
  });

  it('says so, and signs no one in to another app, when the secret was sealed under another key', async () => {
    const sealed = await t.db.tenant(teaHouse, (tx) =>
      tx.query<{ secret_sealed: string }>('SELECT secret_sealed FROM brand_miniprograms'),
    );
    await t.db.tenant(teaHouse, (tx) =>
      tx.query(
        "UPDATE brand_miniprograms SET secret_sealed = 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'",
      ),
    );
    const refused = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'tea-house', code: 'after-key-change' },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().code).toBe('SS_ERR_MINIPROGRAM_SEALED');
    await t.db.tenant(teaHouse, (tx) =>
      tx.query('UPDATE brand_miniprograms SET secret_sealed = $1', [sealed.rows[0]!.secret_sealed]),
    );
  });

  it("goes back to the server's app when removed", async () => {
    expect((await own(teaAdmin, teaHouse, 'DELETE')).statusCode).toBe(204);
    expect((await own(teaAdmin, teaHouse, 'GET')).json()).toEqual(ON_THE_SERVERS);
    expect((await own(teaAdmin, teaHouse, 'DELETE')).statusCode).toBe(404);
    await wechatLogin('tea-house', 'back-again');
    expect(lastCall('/sns/jscode2session')?.searchParams.get('appid')).toBe(STUB_APPID);
  });
});
