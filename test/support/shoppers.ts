/** Demo brand shoppers: signed in through the WeChat demo login, with the consents given; their orders. */
import { expect } from 'vitest';
import { skuIdsByCode } from '../../commerce/index.js';
import type { TestApp } from './app.js';

export const LOCATION_CONSENTS = { location_tracking: true, location_marketing: true };

export async function signInShopper(
  t: TestApp,
  code: string,
  consents: Record<string, boolean> = LOCATION_CONSENTS,
): Promise<{ id: string; token: string }> {
  const session = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code },
    })
  ).json();
  for (const [purpose, granted] of Object.entries(consents)) {
    await t.call(session.token, {
      method: 'PUT',
      url: `/api/v1/me/consents/${purpose}`,
      payload: { granted, policy_version: '2026-11' },
    });
  }
  return { id: session.principal.id as string, token: session.token as string };
}

/** A shopper's pickup order at a store, paid in demo mode, as the mini-program places it. */
export async function paidPickup(
  t: TestApp,
  at: { tenantId: string; storeId: string; shopper: string },
  code: string,
  qty: number,
): Promise<{ id: string; pickup: { code: string } }> {
  const skus = await t.db.tenant(at.tenantId, (tx) => skuIdsByCode(tx, [code]));
  const placed = await t.call(at.shopper, {
    method: 'POST',
    url: '/api/v1/orders',
    payload: { type: 'pickup', store_id: at.storeId, lines: [{ sku_id: skus.get(code), qty }] },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const paid = await t.call(at.shopper, {
    method: 'POST',
    url: `/api/v1/orders/${placed.json().id}/demo-payment`,
  });
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json();
}
