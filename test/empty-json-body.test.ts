/**
 * `wx.request` sends `content-type: application/json` and no body on a bodyless POST: the route
 * answers as it would without the header, and a route that needs a body names what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let shopper: string;
let storeId: string;
let skuId: string;

const JSON_TYPE = { 'content-type': 'application/json' };

const order = async () => {
  const created = await t.call(shopper, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: { type: 'pickup', store_id: storeId, lines: [{ sku_id: skuId, qty: 1 }] },
  });
  expect(created.statusCode).toBe(201);
  return created.json().id as string;
};

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  storeId = (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json()[0].id;
  skuId = (await t.call(admin, { method: 'GET', url: '/api/v1/catalogue/search?q=DRK-001' })).json()[0]
    .sku_id;
  shopper = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code: 'empty-body' },
    })
  ).json().token;
});
afterAll(async () => t?.close());

describe('an empty body sent as JSON', () => {
  it('is no body: a bodyless POST gets the route’s own answer', async () => {
    const cancelled = await t.call(shopper, {
      method: 'POST',
      url: `/api/v1/orders/${await order()}/cancel`,
      headers: JSON_TYPE,
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');

    const paid = await t.call(shopper, {
      method: 'POST',
      url: `/api/v1/orders/${await order()}/demo-payment`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: '',
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json().status).toBe('paid');
  });

  it('to a route that needs a body is a 400 naming the body', async () => {
    const login = await t.call(undefined, { method: 'POST', url: '/api/v1/auth/login', headers: JSON_TYPE });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'body' });
    expect(login.json().message).toMatch(/^body /);
  });

  it('leaves JSON that is there as it was: a missing field is named, bad JSON refused', async () => {
    const missing = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: JSON_TYPE,
      payload: '{"email":"admin@freshmart.demo"}',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'password' });
    const broken = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: JSON_TYPE,
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('SS_ERR_FST_ERR_CTP_INVALID_JSON_BODY');
    const poisoned = await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: JSON_TYPE,
      payload: '{"__proto__":{"x":1}}',
    });
    expect(poisoned.statusCode).toBe(400);
  });
});
