/**
 * The demo's customer-service inbox (`npm start` seeds it): three conversations, SH001's clerk's
 * inbox showing the question about a desk order (linked to it) first and the one they answered
 * last; seeding again adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let clerk: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db, { deskOrders: true, serviceConversations: true });
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
}, 120_000);

afterAll(async () => t?.close());

describe('the demo inbox', () => {
  it("has a desk order's question, a brand question and an answered one, for SH001's clerk", async () => {
    const inbox = (await t.api(clerk, 'GET', '/service/conversations')).json();
    const sh001 = (await t.api(clerk, 'GET', '/stores'))
      .json()
      .find((s: { code: string }) => s.code === 'SH001').id;
    expect(inbox.map((c: { status: string; store_id: string | null }) => [c.status, c.store_id])).toEqual([
      ['waiting', sh001],
      ['waiting', null],
      ['answered', null],
    ]);
    const [aboutOrder] = inbox;
    expect(aboutOrder).toMatchObject({ unread: 2, last_message: '我的订单可以晚一点取吗？我大概八点到。' });
    const order = (await t.api(clerk, 'GET', `/orders/${aboutOrder.order_id}`)).json();
    expect(order.store_id).toBe(sh001);
    const thread = (await t.api(clerk, 'GET', `/service/conversations/${aboutOrder.id}`)).json();
    expect(thread.messages.map((m: { kind: string }) => m.kind)).toEqual(['entered', 'card', 'text']);
    expect(inbox.every((c: { shopper: { member_no: string | null } }) => c.shopper.member_no)).toBe(true);
    const answered = (await t.api(clerk, 'GET', `/service/conversations/${inbox[2].id}`)).json();
    expect(
      answered.messages.map((m: { author: string; delivery: string | null }) => [m.author, m.delivery]),
    ).toEqual([
      ['shopper', null],
      ['staff', 'sent'],
    ]);
  });

  it('is not seeded twice', async () => {
    const again = await seedDemo(t.db, { deskOrders: true, serviceConversations: true });
    expect(again.created.filter((c) => c.startsWith('service'))).toEqual([]);
    expect((await t.api(clerk, 'GET', '/service/conversations')).json()).toHaveLength(3);
  });
});
