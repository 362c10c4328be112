/**
 * The orders desk names the customer: staff read each order with the member who placed it (number,
 * name, tier), in a list as in one order's answers; an order taken at the till, or by a shopper who
 * is no member, names nobody; the shopper's own view goes without; another store's staff still do
 * not see the order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, type OrderCreate, pricingRules, skuIdsByCode } from '../commerce/index.js';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { upsertShopper } from '../members/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let tenantId: string;
let clerk: string;
let manager: string;
const store: Record<string, string> = {};
let milk: string;

const call: TestApp['api'] = (...request) => t.api(...request);

/** A pickup order of one milk at `storeCode`, placed and paid by the shopper, as the mini-program does. */
async function paidPickup(token: string, storeCode = 'SH001') {
  const placed = await call(token, 'POST', '/orders', {
    type: 'pickup',
    store_id: store[storeCode],
    lines: [{ sku_id: milk, qty: 1 }],
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const paid = await call(token, 'POST', `/orders/${placed.json().id}/demo-payment`);
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json() as { id: string; pickup: { code: string }; customer?: unknown };
}

/** The order as the clerk's desk lists it. */
async function onDesk(id: string, storeCode = 'SH001') {
  const listed = await call(clerk, 'GET', `/orders?store_id=${store[storeCode]}&status=paid&type=pickup`);
  expect(listed.statusCode, listed.body).toBe(200);
  return listed.json().find((o: { id: string }) => o.id === id);
}

beforeAll(async () => {
  t = await startTestApp();
  tenantId = (await seedDemo(t.db)).tenantId;
  const admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  milk = (await t.db.tenant(tenantId, (tx) => skuIdsByCode(tx, ['DRY-001']))).get('DRY-001')!;
});
afterAll(async () => t?.close());

describe("the desk's orders name their customer", () => {
  let shopper: { id: string; token: string };
  let member: { id: string; member_no: string };
  let order: Awaited<ReturnType<typeof paidPickup>>;

  beforeAll(async () => {
    shopper = await signInShopper(t, 'order-customer-wang');
    expect((await call(shopper.token, 'PUT', '/me/membership/name', { name: '王芳' })).statusCode).toBe(200);
    order = await paidPickup(shopper.token);
    [member] = (await call(manager, 'GET', `/members?shopper_id=${shopper.id}`)).json();
  });

  it('as the member they are: number, name and tier, in the list and in the order itself', async () => {
    const card = (await call(shopper.token, 'GET', '/me/membership')).json();
    const customer = { membership_id: member.id, member_no: member.member_no, name: '王芳', tier: card.tier };
    expect(card.tier).toMatchObject({ code: expect.any(String), name: expect.any(String) });
    expect((await onDesk(order.id)).customer).toEqual(customer);
    expect((await call(clerk, 'GET', `/orders/${order.id}`)).json().customer).toEqual(customer);
    // What a step on the desk answers names them too.
    const moved = await call(clerk, 'POST', `/orders/${order.id}/status`, { to: 'preparing' });
    expect(moved.json().customer).toEqual(customer);
  });

  it('with the name the member goes by now, or none once cleared', async () => {
    await call(manager, 'PATCH', `/members/${member.id}`, { name: '王芳芳' });
    expect((await call(clerk, 'GET', `/orders/${order.id}`)).json().customer.name).toBe('王芳芳');
    await call(shopper.token, 'PUT', '/me/membership/name', { name: '' });
    const unnamed = (await call(clerk, 'GET', `/orders/${order.id}`)).json().customer;
    expect(unnamed).toMatchObject({ member_no: member.member_no, name: null });
  });

  it('as they are handed over at the counter', async () => {
    await call(shopper.token, 'PUT', '/me/membership/name', { name: '王芳' });
    await call(clerk, 'POST', `/orders/${order.id}/status`, { to: 'ready' });
    const handed = await call(clerk, 'POST', '/orders/pickup', {
      store_id: store.SH001,
      code: order.pickup.code,
    });
    expect(handed.statusCode, handed.body).toBe(200);
    expect(handed.json().customer).toMatchObject({ member_no: member.member_no, name: '王芳' });
  });

  it("not in the shopper's own view, which stays as it was", async () => {
    expect(order).not.toHaveProperty('customer');
    expect((await call(shopper.token, 'GET', `/orders/${order.id}`)).json()).not.toHaveProperty('customer');
    const mine = (await call(shopper.token, 'GET', '/orders')).json();
    expect(mine.map((o: { id: string }) => o.id)).toContain(order.id);
    for (const o of mine) expect(o).not.toHaveProperty('customer');
  });

  it("and another store's staff still do not see the order", async () => {
    const elsewhere = await paidPickup(shopper.token, 'SH002');
    expect((await call(clerk, 'GET', `/orders/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await call(clerk, 'GET', `/orders?store_id=${store.SH002}`)).statusCode).toBe(403);
    const mine = (await call(clerk, 'GET', '/orders?limit=500')).json();
    expect(mine.map((o: { id: string }) => o.id)).not.toContain(elsewhere.id);
    expect(mine.every((o: { store_id: string }) => o.store_id === store.SH001)).toBe(true);
  });
});

describe('orders that name nobody', () => {
  it('a shopper who is no member (one the mini-program never signed in, their order written directly)', async () => {
    const input = { type: 'pickup', store_id: store.SH001, lines: [{ sku_id: milk, qty: 1 }] } as OrderCreate;
    const { stranger, order } = await t.db.tenant(tenantId, async (tx) => {
      const stranger = await upsertShopper(tx, tenantId, { openid: 'order-customer-stranger' });
      const customer = {
        shopper_id: stranger.id,
        staff_id: null,
        tier: null,
        actor: `shopper:${stranger.id}`,
      };
      const order = await createOrder(tx, tenantId, input, customer, {
        ttlSeconds: 900,
        rules: pricingRules(),
      });
      return { stranger, order };
    });
    expect((await call(manager, 'GET', `/members?shopper_id=${stranger.id}`)).json()).toEqual([]);
    const read = (await call(clerk, 'GET', `/orders/${order.id}`)).json();
    expect(read).toMatchObject({ shopper_id: stranger.id, customer: null });
  });

  it('an order taken at the till', async () => {
    const taken = await call(clerk, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: milk, qty: 1 }],
    });
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json()).toMatchObject({ shopper_id: null, customer: null });
    const paid = await call(clerk, 'POST', `/orders/${taken.json().id}/demo-payment`);
    expect((await onDesk(paid.json().id)).customer).toBeNull();
  });
});
