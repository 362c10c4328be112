/**
 * Member-get-member end to end: a marketer runs the programme, a member shares a code, a new shopper
 * joins with it, and when the friend's first order is completed both get their bonus points, once;
 * the refusals a referral scheme needs against gaming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { signInShopper } from './support/shoppers.js';

let t: TestApp;
let marketer: string;
let clerk: string;
let storeId: string;
let skuId: string;

const call: TestApp['api'] = (...request) => t.api(...request);
const balance = async (token: string) =>
  (await call(token, 'GET', '/me/membership')).json().points_balance as number;

/** A pickup order of one bottle of water, paid (demo) and handed over at the counter. */
async function shopAndCollect(token: string) {
  const order = (
    await call(token, 'POST', '/orders', {
      type: 'pickup',
      store_id: storeId,
      lines: [{ sku_id: skuId, qty: 1 }],
    })
  ).json();
  expect((await call(token, 'POST', `/orders/${order.id}/demo-payment`)).json().status).toBe('paid');
  for (const to of ['preparing', 'ready', 'completed']) {
    expect((await call(clerk, 'POST', `/orders/${order.id}/status`, { to })).json().status).toBe(to);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  storeId = (await call(marketer, 'GET', '/stores'))
    .json()
    .find((s: { code: string }) => s.code === 'SH001').id;
  skuId = (await call(marketer, 'GET', '/catalogue/search?q=DRK-001')).json()[0].sku_id;
});
afterAll(async () => t?.close());

describe('member-get-member referrals', () => {
  it('pays both sides once, when the new friend’s first order is completed', async () => {
    const alice = await signInShopper(t, 'referral-alice');
    const bob = await signInShopper(t, 'referral-bob');
    const code = (await call(alice.token, 'GET', '/me/referral')).json().code as string;
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    // Off until a marketer runs it.
    expect((await call(bob.token, 'POST', '/me/referral', { code })).json().code).toBe(
      'SS_ERR_REFERRAL_CLOSED',
    );
    const run = await call(marketer, 'PUT', '/referral-program', {
      active: true,
      referrer_points: 200,
      friend_points: 100,
    });
    expect(run.json()).toMatchObject({ program: { active: true }, joined: 0, rewarded: 0 });

    expect((await call(alice.token, 'POST', '/me/referral', { code })).json()).toMatchObject({
      code: 'SS_ERR_VALIDATION',
      field: 'code',
    });
    expect((await call(bob.token, 'POST', '/me/referral', { code: 'NOSUCH22' })).statusCode).toBe(404);
    expect((await call(bob.token, 'POST', '/me/referral', { code: code.toLowerCase() })).statusCode).toBe(
      204,
    );
    // A second tap with the same code is answered as the first; another code is refused.
    expect((await call(bob.token, 'POST', '/me/referral', { code })).statusCode).toBe(204);
    const erin = await signInShopper(t, 'referral-erin');
    const otherCode = (await call(erin.token, 'GET', '/me/referral')).json().code as string;
    const another = await call(bob.token, 'POST', '/me/referral', { code: otherCode });
    expect(another.json()).toMatchObject({ code: 'SS_ERR_REFERRAL_REFUSED', field: 'code' });
    expect((await call(alice.token, 'GET', '/me/referral')).json()).toMatchObject({
      friends_joined: 1,
      friends_rewarded: 0,
      share_path: `pages/index/index?ref=${code}`,
    });

    const [aliceBefore, bobBefore] = [await balance(alice.token), await balance(bob.token)];
    await shopAndCollect(bob.token);
    const bobEarned = (await balance(bob.token)) - bobBefore;
    expect(bobEarned).toBeGreaterThanOrEqual(100); // the bonus and the order's own points
    expect((await balance(alice.token)) - aliceBefore).toBe(200);
    // A second order pays no second bonus.
    await shopAndCollect(bob.token);
    expect((await balance(alice.token)) - aliceBefore).toBe(200);
    expect((await call(marketer, 'GET', '/referral-program')).json()).toMatchObject({
      joined: 1,
      rewarded: 1,
      points_given: 300,
    });
  });

  it('is for new shoppers only: one who has ordered before cannot join with a code', async () => {
    const carol = await signInShopper(t, 'referral-carol');
    const dave = await signInShopper(t, 'referral-dave');
    await shopAndCollect(dave.token);
    const code = (await call(carol.token, 'GET', '/me/referral')).json().code as string;
    const refused = await call(dave.token, 'POST', '/me/referral', { code });
    expect(refused.json()).toMatchObject({
      code: 'SS_ERR_REFERRAL_REFUSED',
      message: expect.stringMatching(/new shopper/),
    });
  });

  it('is the marketers’ to run, not the shoppers’ or the clerks’', async () => {
    const erin = await signInShopper(t, 'referral-erin');
    const body = { active: false, referrer_points: 1, friend_points: 1 };
    expect((await call(erin.token, 'PUT', '/referral-program', body)).statusCode).toBe(403);
    expect((await call(clerk, 'PUT', '/referral-program', body)).statusCode).toBe(403);
    const bad = await call(marketer, 'PUT', '/referral-program', { ...body, friend_points: -5 });
    expect(bad.statusCode).toBe(400);
  });
});
