import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PLATFORM_ADMIN, seedDemo } from '../db/seed.js';
import { hasConsent } from '../members/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from './support/wechat-stub.js';

let t: TestApp;
let stub: WechatStub;
let tenantId: string;

beforeAll(async () => {
  stub = await startWechatStub();
  t = await startTestApp({ WECHAT_API_BASE: stub.url, WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET });
  ({ tenantId } = await seedDemo(t.db));
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});

const login = (payload: object) => t.call(undefined, { method: 'POST', url: '/api/v1/auth/login', payload });
const wechat = (code: string, tenant = 'freshmart') =>
  t.call(undefined, { method: 'POST', url: '/api/v1/auth/wechat', payload: { tenant, code } });

describe('staff login and roles', () => {
  it('gives a token that carries the role, tenant and stores', async () => {
    const response = await login({ email: 'Manager.SH001@freshmart.demo', password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json().principal).toMatchObject({
      kind: 'staff',
      role: 'store_manager',
      tenant_id: tenantId,
    });
    expect(response.json().principal.store_ids).toHaveLength(1);
  });

  it('answers a wrong email and a wrong password alike', async () => {
    const wrongPassword = await login({ email: 'admin@freshmart.demo', password: 'nope-nope' });
    const wrongEmail = await login({ email: 'nobody@freshmart.demo', password: 'nope-nope' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongEmail.json()).toEqual(wrongPassword.json());
    expect(wrongPassword.json().code).toBe('SS_ERR_LOGIN_FAILED');
  });

  it('refuses requests without a valid token, and roles that do not fit', async () => {
    expect((await t.call(undefined, { method: 'GET', url: '/api/v1/stores' })).json().code).toBe(
      'SS_ERR_UNAUTHORIZED',
    );
    expect((await t.call('not.a.token', { method: 'GET', url: '/api/v1/stores' })).statusCode).toBe(401);
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    const staff = await t.call(marketer, { method: 'GET', url: '/api/v1/staff' });
    expect(staff.statusCode).toBe(403);
    expect(staff.json().code).toBe('SS_ERR_FORBIDDEN');
  });

  it('shuts out a deactivated account', async () => {
    const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
    const [store] = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json();
    const temp = { email: 'temp@freshmart.demo', name: 'Temp', role: 'clerk', password: 'temp-password' };
    // A clerk of no store could sign in and do nothing.
    const storeless = await t.call(admin, { method: 'POST', url: '/api/v1/staff', payload: temp });
    expect(storeless.json()).toMatchObject({ code: 'SS_ERR_STORES_NEEDED', field: 'store_ids' });
    const created = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: { ...temp, store_ids: [store.id] },
    });
    expect(created.statusCode).toBe(201);
    const before = (await login({ email: 'temp@freshmart.demo', password: 'temp-password' })).json().token;
    expect((await t.call(before, { method: 'GET', url: '/api/v1/stores' })).statusCode).toBe(200);
    const unbound = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/staff/${created.json().id}`,
      payload: { store_ids: [] },
    });
    expect(unbound.json()).toMatchObject({ code: 'SS_ERR_STORES_NEEDED', field: 'store_ids' });
    // A marketer works across the brand: no store needed.
    const marketer = await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/staff/${created.json().id}`,
      payload: { role: 'marketer', store_ids: [] },
    });
    expect(marketer.json()).toMatchObject({ role: 'marketer', store_ids: [] });
    // The token from before carries the clerk's role and store: refused; a new login carries the change.
    const stale = await t.call(before, { method: 'GET', url: '/api/v1/stores' });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toBe('Your account was changed: sign in again');
    const after = (await login({ email: 'temp@freshmart.demo', password: 'temp-password' })).json();
    expect(after.principal.role).toBe('marketer');
    expect((await t.call(after.token, { method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(200);
    // The admin cannot lock themselves out.
    const me = (await login({ email: 'admin@freshmart.demo', password: DEMO_PASSWORD })).json().principal.id;
    for (const [payload, field] of [
      [{ active: false }, 'active'],
      [{ role: 'clerk', store_ids: [store.id] }, 'role'],
    ] as const) {
      const own = await t.call(admin, { method: 'PATCH', url: `/api/v1/staff/${me}`, payload });
      expect(own.statusCode).toBe(409);
      expect(own.json()).toMatchObject({ code: 'SS_ERR_OWN_ACCESS', field });
    }
    const duplicate = await t.call(admin, {
      method: 'POST',
      url: '/api/v1/staff',
      payload: { ...temp, email: 'TEMP@freshmart.demo', store_ids: [store.id] },
    });
    expect(duplicate.json()).toMatchObject({ code: 'SS_ERR_STAFF_EMAIL_TAKEN', field: 'email' });
    await t.call(admin, {
      method: 'PATCH',
      url: `/api/v1/staff/${created.json().id}`,
      payload: { active: false },
    });
    expect((await login({ email: 'temp@freshmart.demo', password: 'temp-password' })).statusCode).toBe(401);
    // Nor does the token they held still open the console.
    expect((await t.call(after.token, { method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(401);
  });

  it('makes a platform admin name the brand it acts for', async () => {
    const root = await t.login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const without = await t.call(root, { method: 'GET', url: '/api/v1/stores' });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe('X-Tenant-Id');
    const withTenant = await t.call(root, {
      method: 'GET',
      url: '/api/v1/stores',
      headers: { 'x-tenant-id': tenantId },
    });
    expect(withTenant.statusCode).toBe(200);
    expect(withTenant.json()).toHaveLength(3);
    const brands = await t.call(root, { method: 'GET', url: '/api/v1/tenants' });
    expect(brands.json().map((b: { slug: string }) => b.slug)).toContain('freshmart');
  });
});

describe('shopper login through WeChat', () => {
  it('turns a wx.login code into a shopper session, the same shopper each time', async () => {
    const first = await wechat('alice-1');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      mode: 'wechat',
      principal: { kind: 'shopper', tenant_id: tenantId },
    });
    const again = await wechat('alice-1');
    expect(again.json().principal.id).toBe(first.json().principal.id);
    const call = stub.calls.at(-1)!;
    expect(call.pathname).toBe('/sns/jscode2session');
    expect(call.searchParams.get('js_code')).toBe('alice-1');
    // A shopper may not use staff routes.
    const staffRoute = await t.call(first.json().token, { method: 'GET', url: '/api/v1/stores' });
    expect(staffRoute.statusCode).toBe(403);
  });

  it("passes on WeChat's refusals as coded errors", async () => {
    const bad = await wechat('bad-code');
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'SS_ERR_WECHAT_LOGIN', field: 'code' });
    expect(bad.json().message).toContain('40029');
    expect((await wechat('used-code')).json().message).toContain('40163');
    const busy = await wechat('busy');
    expect(busy.statusCode).toBe(503);
    expect(busy.json().code).toBe('SS_ERR_WECHAT_UNAVAILABLE');
    expect((await wechat('x', 'no-such-brand')).statusCode).toBe(404);
  });
});

describe('consent', () => {
  it('starts with nothing granted, records each change, and revocation takes effect at once', async () => {
    const session = (await wechat('bob-1')).json();
    expect(session.consents.every((c: { granted: boolean }) => !c.granted)).toBe(true);
    const put = (purpose: string, granted: boolean) =>
      t.call(session.token, {
        method: 'PUT',
        url: `/api/v1/me/consents/${purpose}`,
        payload: { granted, policy_version: '2026-11' },
      });

    const marketing = await put('location_marketing', true);
    expect(marketing.statusCode).toBe(200);
    // Marketing on location needs tracking as well: given, and the shopper is told it is not in effect yet.
    expect(marketing.json()).toMatchObject({ granted: true, in_effect: false });
    expect(
      await t.db.tenant(tenantId, (tx) => hasConsent(tx, session.principal.id, 'location_marketing')),
    ).toBe(false);
    await put('location_tracking', true);
    expect(
      await t.db.tenant(tenantId, (tx) => hasConsent(tx, session.principal.id, 'location_marketing')),
    ).toBe(true);
    expect((await put('location_tracking', false)).json()).toMatchObject({
      granted: false,
      in_effect: false,
    });
    expect(
      await t.db.tenant(tenantId, (tx) => hasConsent(tx, session.principal.id, 'location_tracking')),
    ).toBe(false);
    expect(
      await t.db.tenant(tenantId, (tx) => hasConsent(tx, session.principal.id, 'location_marketing')),
    ).toBe(false);

    const current = (await t.call(session.token, { method: 'GET', url: '/api/v1/me/consents' })).json();
    expect(current).toEqual([
      expect.objectContaining({
        purpose: 'location_tracking',
        granted: false,
        in_effect: false,
        recorded_at: expect.any(String),
      }),
      // Still recorded as given, but not in effect without tracking: a settings page shows it off.
      expect.objectContaining({
        purpose: 'location_marketing',
        granted: true,
        in_effect: false,
        policy_version: '2026-11',
      }),
    ]);
    const history = (
      await t.call(session.token, { method: 'GET', url: '/api/v1/me/consents/history' })
    ).json();
    expect(history.map((h: { purpose: string; granted: boolean }) => `${h.purpose}:${h.granted}`)).toEqual([
      'location_marketing:true',
      'location_tracking:true',
      'location_tracking:false',
    ]);
  });

  it('keeps the history as evidence: the application cannot rewrite it', async () => {
    await expect(
      t.db.tenant(tenantId, (tx) => tx.query('UPDATE consents SET granted = true')),
    ).rejects.toThrow(/permission denied/);
    await expect(t.db.tenant(tenantId, (tx) => tx.query('DELETE FROM consents'))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('refuses an unknown purpose and a missing policy version', async () => {
    const token = (await wechat('carol-1')).json().token;
    const unknown = await t.call(token, {
      method: 'PUT',
      url: '/api/v1/me/consents/selling_data',
      payload: { granted: true, policy_version: '1' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field).toBe('purpose');
    const missing = await t.call(token, {
      method: 'PUT',
      url: '/api/v1/me/consents/location_tracking',
      payload: { granted: true },
    });
    expect(missing.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'policy_version' });
  });
});
