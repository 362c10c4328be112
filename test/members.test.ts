/**
 * Membership end to end: the tier ladder, a shopper's card, points earned on payment and taken
 * back on refund (once each, whatever repeats), member prices at the shopper's real tier, staff
 * lookups, tags and point adjustments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { upsertImportedMember } from '../members/index.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;
let admin: string;
let clerk: string;
let manager: string;
let marketer: string;
const store: Record<string, string> = {};
const sku: Record<string, string> = {};

const call: TestApp['api'] = (...request) => t.api(...request);

const login = async (code: string) => {
  const session = (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json();
  return { token: session.token as string, id: session.principal.id as string };
};

/** Places a pickup order of `qty` × the SKU and pays it in demo mode. */
async function buy(token: string, skuCode: string, qty: number) {
  const order = await call(token, 'POST', '/orders', {
    type: 'pickup',
    store_id: store.SH001,
    lines: [{ sku_id: sku[skuCode], qty }],
  });
  expect(order.statusCode).toBe(201);
  const paid = await call(token, 'POST', `/orders/${order.json().id}/demo-payment`);
  expect(paid.statusCode).toBe(200);
  return paid.json();
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  for (const code of ['DRK-001', 'STP-001']) {
    sku[code] = (await call(admin, 'GET', `/catalogue/search?q=${code}`)).json()[0].sku_id;
  }
});
afterAll(async () => t?.close());

describe('the tier ladder', () => {
  it('is the demo ladder, entry tier first, with codes the catalogue prices by', async () => {
    const ladder = (await call(clerk, 'GET', '/member-tiers')).json();
    expect(ladder.map((r: { code: string }) => r.code)).toEqual(['member', 'silver', 'gold']);
    expect(ladder[2]).toMatchObject({ min_points: 5000, min_spend_cents: 500_000, points_per_yuan: 1.5 });
  });

  it('is changed by brand admins only, with taken codes and ranks named', async () => {
    const body = { code: 'diamond', name: 'Diamond', rank: 4, min_points: 20_000 };
    expect((await call(marketer, 'POST', '/member-tiers', body)).statusCode).toBe(403);
    const made = await call(admin, 'POST', '/member-tiers', body);
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ ...body, min_spend_cents: null, points_per_yuan: 1 });
    const again = await call(admin, 'POST', '/member-tiers', { ...body, rank: 5 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SS_ERR_TIER_TAKEN', field: 'code' });
    const rank = await call(admin, 'POST', '/member-tiers', { ...body, code: 'platinum' });
    expect(rank.json()).toMatchObject({ code: 'SS_ERR_TIER_TAKEN', field: 'rank' });
    const bad = await call(admin, 'POST', '/member-tiers', { ...body, code: 'Diamond!' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('code');
    // Thresholds past their columns are the client's mistake, not a 500.
    for (const [field, value] of [
      ['min_points', 2 ** 31],
      ['min_spend_cents', 1e300],
    ] as const) {
      const huge = await call(admin, 'PATCH', `/member-tiers/${made.json().id}`, { [field]: value });
      expect(huge.statusCode, huge.body).toBe(400);
      expect(huge.json().field).toBe(field);
    }
    // A spend threshold set and cleared: null is kept as null (points only), not read as ¥0.
    const spend = await call(admin, 'PATCH', `/member-tiers/${made.json().id}`, {
      min_spend_cents: 2_000_000,
    });
    expect(spend.json().min_spend_cents).toBe(2_000_000);
    const cleared = await call(admin, 'PATCH', `/member-tiers/${made.json().id}`, { min_spend_cents: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().min_spend_cents).toBeNull();
    const ladder = (await call(admin, 'GET', '/member-tiers')).json();
    expect(ladder.find((r: { code: string }) => r.code === 'diamond').min_spend_cents).toBeNull();
    // Nobody reached Diamond by a ¥0 threshold: the members were placed by points alone.
    expect((await call(clerk, 'GET', '/members?tag=family')).json()[0].tier).toBe('gold');
    const renamed = await call(admin, 'PATCH', `/member-tiers/${made.json().id}`, { name: '钻石 Diamond' });
    expect(renamed.json().name).toBe('钻石 Diamond');
    expect((await call(admin, 'DELETE', `/member-tiers/${made.json().id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/member-tiers/${made.json().id}`)).statusCode).toBe(404);
  });
});

describe("a shopper's membership", () => {
  it('starts at login: a member number, the entry tier, the next tier and what it needs', async () => {
    const shopper = await login('members-new');
    const card = await call(shopper.token, 'GET', '/me/membership');
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({
      member_no: expect.stringMatching(/^[0-9]{10}$/),
      tier: { code: 'member' },
      points_balance: 0,
      next_tier: { code: 'silver', points_needed: 1000, spend_needed_cents: 100_000 },
      recent_points: [],
    });
    expect((await call(admin, 'GET', '/me/membership')).statusCode).toBe(403);
  });

  it("shows the README's demo shopper a silver card with the points the seed gave", async () => {
    const card = (await call((await login('demo-1')).token, 'GET', '/me/membership')).json();
    expect(card).toMatchObject({
      tier: { code: 'silver' },
      points_balance: 1280,
      next_tier: { code: 'gold', points_needed: 3720 },
    });
  });

  it('earns points on payment at the tier rate, once however often the payment repeats, and loses them on refund', async () => {
    const shopper = await login('members-earner');
    const order = await buy(shopper.token, 'STP-001', 2); // 2 × ¥69.90
    expect(order.tier).toBe('member');
    expect(order.total_cents).toBe(13_980);
    await call(shopper.token, 'POST', `/orders/${order.id}/demo-payment`);
    let card = (await call(shopper.token, 'GET', '/me/membership')).json();
    expect(card).toMatchObject({ points_balance: 139, lifetime_points: 139, lifetime_spend_cents: 13_980 });
    expect(card.recent_points).toEqual([expect.objectContaining({ kind: 'earn', points: 139 })]);

    const refunded = await call(manager, 'POST', `/orders/${order.id}/status`, { to: 'refunded' });
    expect(refunded.json().status).toBe('refunded');
    card = (await call(shopper.token, 'GET', '/me/membership')).json();
    expect(card).toMatchObject({ points_balance: 0, lifetime_points: 0, lifetime_spend_cents: 0 });
    expect(card.recent_points.map((p: { kind: string }) => p.kind)).toEqual(['reverse', 'earn']);
  });

  it('posts points once when payment notifications and refunds arrive at the same time', async () => {
    const shopper = await login('members-concurrent');
    const order = await call(shopper.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: sku['STP-001'], qty: 1 }],
    });
    const pay = () => call(shopper.token, 'POST', `/orders/${order.json().id}/demo-payment`);
    const paid = await Promise.all([pay(), pay(), pay(), pay()]);
    expect(paid.map((r) => r.json().status)).toEqual(['paid', 'paid', 'paid', 'paid']);
    expect((await call(shopper.token, 'GET', '/me/membership')).json().points_balance).toBe(69);
    const refund = () => call(manager, 'POST', `/orders/${order.json().id}/status`, { to: 'refunded' });
    // Three taps at once: each is answered with the refunded order, and the points go back once.
    const refunds = await Promise.all([refund(), refund(), refund()]);
    expect(refunds.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(refunds.map((r) => r.json().status)).toEqual(['refunded', 'refunded', 'refunded']);
    const card = (await call(shopper.token, 'GET', '/me/membership')).json();
    expect(card).toMatchObject({ points_balance: 0, lifetime_spend_cents: 0 });
    expect(card.recent_points).toHaveLength(2);
  });

  it('claims the card the tills gave them, by its number and phone (demo mode: the code is the phone)', async () => {
    const shopper = await login('members-claimer');
    const claim = (token: string, body: object) => call(token, 'POST', '/me/membership/card', body);
    // The name given in the mini-program goes onto the card claimed.
    await call(shopper.token, 'PUT', '/me/membership/name', { name: '陈小红' });
    const wrong = await claim(shopper.token, { member_no: 'FM-0005678', phone_code: '13900000099' });
    expect(wrong.statusCode).toBe(404);
    const unvouched = await claim(shopper.token, { member_no: 'FM-0005678', phone_code: 'not-a-phone' });
    expect(unvouched.statusCode).toBe(400);
    expect(unvouched.json()).toMatchObject({ code: 'SS_ERR_WECHAT_PHONE_CODE', field: 'phone_code' });
    const card = await claim(shopper.token, { member_no: 'FM-0005678', phone_code: '13900000003' });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ member_no: 'FM-0005678', points_balance: 320, name: '陈小红' });
    expect((await call(shopper.token, 'GET', '/me/membership')).json().member_no).toBe('FM-0005678');
    // A second tap (or a retry with a new phone code after a lost answer): the card is theirs already.
    const again = await claim(shopper.token, { member_no: 'FM-0005678', phone_code: '13900000003' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ member_no: 'FM-0005678', points_balance: 320 });
    const [member] = (await call(clerk, 'GET', '/members?member_no=FM-0005678')).json();
    expect(member).toMatchObject({ shopper_id: shopper.id, tags: ['coffee-lover'] });
    // Claimed once: nobody else can.
    const other = await login('members-claimer-2');
    expect(
      (await claim(other.token, { member_no: 'FM-0005678', phone_code: '13900000003' })).statusCode,
    ).toBe(404);
    // A mini-program membership with points of its own is not silently thrown away.
    const till = { id: 'CRM-claim', member_no: 'FM-0007777', phone: '13900000077', points: 10 };
    await call(clerk, 'POST', '/pos/members', { records: [till] });
    const [mine] = (await call(clerk, 'GET', `/members?shopper_id=${other.id}`)).json();
    await call(
      admin,
      'POST',
      `/members/${mine.id}/points`,
      { points: 5, reason: 'welcome' },
      'welcome-claim',
    );
    const refused = await claim(other.token, { member_no: 'FM-0007777', phone_code: '13900000077' });
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_MEMBER_CARD_IN_USE' });
  });

  it('moves up the ladder on spend, and then pays the member price of the new tier', async () => {
    const shopper = await login('members-big-spender');
    const delivery = {
      id: 'GRN-members-rice',
      kind: 'receipt',
      store_id: store.SH001,
      lines: [{ sku_id: sku['STP-001'], qty: 80 }],
    };
    expect((await call(admin, 'POST', '/pos/stock-movements', { records: [delivery] })).statusCode).toBe(200);
    // ¥5,000 of spend reaches gold by spend (and 5,000 points by the member rate too).
    await buy(shopper.token, 'STP-001', 72); // 72 × ¥69.90 = ¥5,032.80
    const card = (await call(shopper.token, 'GET', '/me/membership')).json();
    expect(card.tier).toEqual({ code: 'gold', name: '金卡 Gold' });
    expect(card.next_tier).toBeNull();
    const next = await call(shopper.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: sku['DRK-001'], qty: 1 }],
    });
    expect(next.json()).toMatchObject({ tier: 'gold', total_cents: 180 });
    expect(next.json().lines[0].basis).toMatch(/member/);
  });
});

describe("a member's birthday", () => {
  it('is set once by the shopper (month and day), sent again is no change, and a change is for staff', async () => {
    const shopper = await login('members-birthday');
    expect((await call(shopper.token, 'GET', '/me/membership')).json().birthday).toBeNull();
    for (const bad of ['02-30', '04-31', '13-01', '2-9', '1990-02-09']) {
      const refused = await call(shopper.token, 'PUT', '/me/membership/birthday', { birthday: bad });
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'birthday' });
    }
    for (let i = 0; i < 2; i++) {
      const set = await call(shopper.token, 'PUT', '/me/membership/birthday', { birthday: '02-29' });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toMatchObject({ birthday: '02-29', tier: { code: 'member' } });
    }
    const again = await call(shopper.token, 'PUT', '/me/membership/birthday', { birthday: '03-01' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SS_ERR_BIRTHDAY_SET', field: 'birthday' });
    expect((await call(shopper.token, 'GET', '/me/membership')).json().birthday).toBe('02-29');

    const [member] = (await call(clerk, 'GET', `/members?shopper_id=${shopper.id}`)).json();
    expect(member.birthday).toBe('02-29');
    expect((await call(clerk, 'PATCH', `/members/${member.id}`, { birthday: '03-01' })).statusCode).toBe(403);
    const corrected = await call(admin, 'PATCH', `/members/${member.id}`, { birthday: '03-01' });
    expect(corrected.json()).toMatchObject({ birthday: '03-01', tier: 'member' });
    const cleared = await call(admin, 'PATCH', `/members/${member.id}`, { birthday: null });
    expect(cleared.json().birthday).toBeNull();
    const wrong = await call(admin, 'PATCH', `/members/${member.id}`, { birthday: '06-31' });
    expect(wrong.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'birthday' });
  });
});

describe("a member's name", () => {
  const nameOf = async (token: string) => (await call(token, 'GET', '/me/membership')).json().name;

  it('is set, changed and cleared by the shopper, trimmed and plain', async () => {
    const shopper = await login('members-name');
    expect(await nameOf(shopper.token)).toBeNull();
    for (const bad of [' 王芳', '王芳 ', 'a'.repeat(41), 'Wang\u0007Fang', 'line\nbreak', '\u0085', 42]) {
      const refused = await call(shopper.token, 'PUT', '/me/membership/name', { name: bad });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'name' });
    }
    expect(await nameOf(shopper.token)).toBeNull();
    const set = await call(shopper.token, 'PUT', '/me/membership/name', { name: '王芳' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ name: '王芳', tier: { code: 'member' } });
    const longest = '欧阳'.repeat(20);
    expect((await call(shopper.token, 'PUT', '/me/membership/name', { name: longest })).json().name).toBe(
      longest,
    );
    const changed = await call(shopper.token, 'PUT', '/me/membership/name', { name: 'Fang Wang' });
    expect(changed.json().name).toBe('Fang Wang');
    for (const clear of ['', null]) {
      await call(shopper.token, 'PUT', '/me/membership/name', { name: '王芳' });
      const cleared = await call(shopper.token, 'PUT', '/me/membership/name', { name: clear });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json().name).toBeNull();
      expect(await nameOf(shopper.token)).toBeNull();
    }
  });

  it('is read by clerks and corrected by managers and brand admins, in their own brand only', async () => {
    const shopper = await login('members-name-staff');
    await call(shopper.token, 'PUT', '/me/membership/name', { name: '李雷' });
    const [member] = (await call(clerk, 'GET', `/members?shopper_id=${shopper.id}`)).json();
    expect(member.name).toBe('李雷');
    expect((await call(clerk, 'GET', `/members/${member.id}`)).json().name).toBe('李雷');
    const byClerk = await call(clerk, 'PATCH', `/members/${member.id}`, { name: '李磊' });
    expect(byClerk.statusCode).toBe(403);
    const byManager = await call(manager, 'PATCH', `/members/${member.id}`, { name: '李磊' });
    expect(byManager.json()).toMatchObject({ name: '李磊', tier: 'member' });
    expect(await nameOf(shopper.token)).toBe('李磊');
    const wrong = await call(admin, 'PATCH', `/members/${member.id}`, { name: '李\t磊' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'name' });
    expect((await call(admin, 'PATCH', `/members/${member.id}`, { name: null })).json().name).toBeNull();
    expect((await call(admin, 'PATCH', `/members/${member.id}`, { name: 'Lei Li' })).json().name).toBe(
      'Lei Li',
    );

    const other = await t.addBrand({
      slug: 'members-name-other',
      name: 'Other brand',
      admin: { email: 'admin@members-name-other.test', name: 'Other', password: 'other-brand-secret' },
    });
    const theirs = await call(other.admin, 'PATCH', `/members/${member.id}`, { name: 'Stolen' });
    expect(theirs.statusCode).toBe(404);
    expect((await call(other.admin, 'GET', `/members/${member.id}`)).statusCode).toBe(404);
    expect((await call(clerk, 'GET', `/members/${member.id}`)).json().name).toBe('Lei Li');
  });

  it('finds members at the desk by any part of the name, in any case, and not by digits alone', async () => {
    const named = {
      'members-find-1': '张晓明',
      'members-find-2': '欧阳晓',
      'members-find-3': 'Mary Jones',
      'members-find-4': 'Room 2718',
    };
    const ids: Record<string, string> = {};
    for (const [code, name] of Object.entries(named)) {
      const shopper = await login(code);
      expect((await call(shopper.token, 'PUT', '/me/membership/name', { name })).statusCode).toBe(200);
      ids[name] = shopper.id;
    }
    const other = await t.addBrand({
      slug: 'members-find-other',
      name: 'Another brand',
      admin: { email: 'admin@members-find-other.test', name: 'Other', password: 'other-brand-secret' },
    });
    await t.db.tenant(other.tenantId, async (tx) => {
      const id = await upsertImportedMember(tx, other.tenantId, { member_no: 'XM-0001' });
      await tx.query(`UPDATE memberships SET name = '张晓明' WHERE id = $1`, [id]);
    });
    const find = async (q: string) => {
      const query = `q=${encodeURIComponent(q)}`;
      const found = await call(clerk, 'GET', `/members?${query}&limit=200`);
      expect(found.statusCode, `${q}: ${found.body}`).toBe(200);
      const names = (found.json() as { name: string | null }[]).map((m) => m.name).sort();
      expect((await call(clerk, 'GET', `/members/count?${query}`)).json().total, q).toBe(names.length);
      return names;
    };
    expect(await find('晓')).toEqual(['张晓明', '欧阳晓']);
    expect(await find('晓明')).toEqual(['张晓明']);
    expect(await find('张晓明')).toEqual(['张晓明']);
    expect(await find('欧阳')).toEqual(['欧阳晓']);
    expect(await find('mary')).toEqual(['Mary Jones']);
    expect(await find('RY JO')).toEqual(['Mary Jones']);
    expect(await find('Room 2')).toEqual(['Room 2718']);
    // Digits are a phone's or a card's: the desk does not look for them in names.
    expect(await find('2718')).not.toContain('Room 2718');
    expect(await find('晓明x')).toEqual([]);
    // A name changed or cleared is found by what it is now.
    const [mary] = (await call(clerk, 'GET', `/members?shopper_id=${ids['Mary Jones']}`)).json();
    await call(manager, 'PATCH', `/members/${mary.id}`, { name: 'Mary Smith' });
    expect(await find('jones')).toEqual([]);
    expect(await find('smith')).toEqual(['Mary Smith']);
    await call(manager, 'PATCH', `/members/${mary.id}`, { name: '' });
    expect(await find('mary')).toEqual([]);
  });
});

describe('staff and members', () => {
  it('find a member by phone or member number, and a till member by tag', async () => {
    const byPhone = (await call(clerk, 'GET', '/members?phone=13900000002')).json();
    expect(byPhone).toEqual([
      expect.objectContaining({
        member_no: 'FM-0001234',
        tier: 'gold',
        assigned_tier: 'gold',
        shopper_id: null,
      }),
    ]);
    const byNo = (await call(marketer, 'GET', '/members?member_no=FM-0001234')).json();
    expect(byNo[0].id).toBe(byPhone[0].id);
    const tagged = (await call(clerk, 'GET', '/members?tag=family')).json();
    expect(tagged.map((m: { member_no: string }) => m.member_no)).toContain('FM-0001234');
    expect((await call(clerk, 'GET', '/members?phone=12')).statusCode).toBe(400);
    expect((await call(clerk, 'GET', '/members/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('tag and untag a member', async () => {
    const shopper = await login('members-tagged');
    const [member] = (await call(clerk, 'GET', `/members?shopper_id=${shopper.id}`)).json();
    const tagged = await call(clerk, 'PUT', `/members/${member.id}/tags/${encodeURIComponent('咖啡控')}`);
    expect(tagged.json().tags).toEqual(['咖啡控']);
    await call(marketer, 'PUT', `/members/${member.id}/tags/baker`);
    const untagged = await call(
      clerk,
      'DELETE',
      `/members/${member.id}/tags/${encodeURIComponent('咖啡控')}`,
    );
    expect(untagged.json().tags).toEqual(['baker']);
  });

  it('adjust points once per Idempotency-Key, never below zero, and assign a tier floor', async () => {
    const shopper = await login('members-adjusted');
    const [member] = (await call(clerk, 'GET', `/members?shopper_id=${shopper.id}`)).json();
    const url = `/members/${member.id}/points`;
    expect((await call(clerk, 'POST', url, { points: 50, reason: 'goodwill' }, 'k1')).statusCode).toBe(403);
    expect((await call(admin, 'POST', url, { points: 50, reason: 'goodwill' })).statusCode).toBe(400);
    for (let i = 0; i < 2; i++) {
      const adjusted = await call(admin, 'POST', url, { points: 50, reason: 'goodwill' }, 'goodwill-1');
      expect(adjusted.json().points_balance).toBe(50);
    }
    const overdrawn = await call(admin, 'POST', url, { points: -80, reason: 'correction' }, 'fix-1');
    expect(overdrawn.statusCode).toBe(409);
    expect(overdrawn.json()).toMatchObject({ code: 'SS_ERR_POINTS_INSUFFICIENT', field: 'points' });
    // A goodwill adjustment moves the balance, not the tier.
    expect((await call(clerk, 'GET', `/members/${member.id}`)).json()).toMatchObject({
      points_balance: 50,
      lifetime_points: 0,
      tier: 'member',
    });
    const silver = await call(admin, 'PATCH', `/members/${member.id}`, { assigned_tier: 'silver' });
    expect(silver.json()).toMatchObject({ tier: 'silver', assigned_tier: 'silver' });
    const unknown = await call(admin, 'PATCH', `/members/${member.id}`, { assigned_tier: 'bronze' });
    expect(unknown.json()).toMatchObject({ code: 'SS_ERR_TIER_UNKNOWN', field: 'assigned_tier' });
    const taken = await call(admin, 'PATCH', `/members/${member.id}`, { phone: '13900000002' });
    expect(taken.json()).toMatchObject({ code: 'SS_ERR_MEMBER_TAKEN', field: 'phone' });
    const history = (await call(clerk, 'GET', `${url}?limit=10`)).json();
    expect(history).toEqual([expect.objectContaining({ kind: 'adjust', points: 50, reason: 'goodwill' })]);
  });
});

describe('staff at the desk', () => {
  /** Sixty till members DK-0001 … DK-0060, phones 1370000 1001 … 1060; and another brand's look-alikes. */
  const desk = Array.from({ length: 60 }, (_, i) => ({
    id: `CRM-desk-${i + 1}`,
    member_no: `DK-${String(i + 1).padStart(4, '0')}`,
    phone: `1370000${1001 + i}`,
  }));
  const numbers = (response: { json(): { member_no: string }[] }) => response.json().map((m) => m.member_no);
  const count = async (query: string) => (await call(clerk, 'GET', `/members/count?${query}`)).json().total;

  beforeAll(async () => {
    const imported = await call(clerk, 'POST', '/pos/members', { records: desk });
    expect(imported.statusCode, imported.body).toBe(200);
    const other = await t.addBrand({
      slug: 'members-other',
      name: 'Other brand',
      admin: { email: 'admin@members-other.test', name: 'Other', password: 'other-brand-secret' },
    });
    await t.db.tenant(other.tenantId, (tx) =>
      Promise.all([
        upsertImportedMember(tx, other.tenantId, { member_no: 'DK-0042', phone: '13799991007' }),
        upsertImportedMember(tx, other.tenantId, { member_no: 'DK-9999', phone: '13799994321' }),
      ]),
    );
  });

  it("find a member by their phone's last four digits, and no other brand's", async () => {
    const byTail = await call(clerk, 'GET', '/members?phone_tail=1007');
    expect(byTail.json()).toEqual([expect.objectContaining({ member_no: 'DK-0007', phone: '13700001007' })]);
    expect(await count('phone_tail=1007')).toBe(1);
    expect((await call(clerk, 'GET', '/members?phone_tail=4321')).json()).toEqual([]);
    expect(await count('phone_tail=4321')).toBe(0);
  });

  it("find what was typed at the desk: a phone's last four, a whole phone, a member number's beginning or end", async () => {
    // Four digits: the phone's last four, or the beginning or end of a member number.
    const four = (await call(clerk, 'GET', '/members?q=1007')).json() as {
      member_no: string;
      phone: string;
    }[];
    expect(four.map((m) => m.member_no)).toContain('DK-0007');
    for (const m of four) expect(m.phone.endsWith('1007') || /^1007|1007$/.test(m.member_no)).toBe(true);
    expect(numbers(await call(clerk, 'GET', '/members?q=13700001042'))).toEqual(['DK-0042']);
    expect(numbers(await call(clerk, 'GET', '/members?q=%2B8613700001042'))).toEqual([]);
    // The end of a member number, typed in lower case; its beginning.
    expect(numbers(await call(clerk, 'GET', '/members?q=k-0042'))).toEqual(['DK-0042']);
    const start = numbers(await call(clerk, 'GET', '/members?q=dk-000&limit=200'));
    expect(start.sort()).toEqual(desk.slice(0, 9).map((m) => m.member_no));
    expect(await count('q=dk-000')).toBe(9);
    // The other brand has a DK-0042 too: never found here.
    expect(await count('q=DK-0042')).toBe(1);
    expect(await count('q=DK-9999')).toBe(0);
    // Filters narrow one another.
    expect(numbers(await call(clerk, 'GET', '/members?q=DK-&phone_tail=1060'))).toEqual(['DK-0060']);
    expect(numbers(await call(clerk, 'GET', '/members?q=DK-&tag=family'))).toEqual([]);
  });

  it('page through every member, newest first, with the total', async () => {
    const total = await count('');
    expect(total).toBeGreaterThanOrEqual(63);
    const pages = [];
    for (let offset = 0; offset < total; offset += 25) {
      const page = await call(clerk, 'GET', `/members?limit=25&offset=${offset}`);
      expect(page.statusCode).toBe(200);
      pages.push(...page.json());
    }
    expect(pages).toHaveLength(total);
    expect(new Set(pages.map((m: { id: string }) => m.id)).size).toBe(total);
    const joined = pages.map((m: { joined_at: string }) => Date.parse(m.joined_at));
    expect(joined).toEqual([...joined].sort((a, b) => b - a));
    expect((await call(clerk, 'GET', `/members?offset=${total}`)).json()).toEqual([]);
    expect(await count('q=DK-')).toBe(60);
    const lastPage = await call(clerk, 'GET', '/members?q=DK-&limit=25&offset=50');
    expect(lastPage.json()).toHaveLength(10);
  });

  it('refuse a lookup they cannot make, naming the field', async () => {
    for (const [query, field] of [
      ['phone_tail=123', 'phone_tail'],
      ['phone_tail=12a4', 'phone_tail'],
      ['q=12', 'q'],
      [`q=${encodeURIComponent('王\u0007芳')}`, 'q'],
      [`q=${encodeURIComponent(' 王芳')}`, 'q'],
      [`q=${'a'.repeat(41)}`, 'q'],
      ['offset=-1', 'offset'],
      ['limit=201', 'limit'],
    ]) {
      for (const path of ['/members', '/members/count']) {
        if (path === '/members/count' && /^(offset|limit)/.test(query!)) continue;
        const refused = await call(clerk, 'GET', `${path}?${query}`);
        expect(refused.statusCode, `${path}?${query}`).toBe(400);
        expect(refused.json().field, `${path}?${query}`).toBe(field);
      }
    }
    expect((await call(clerk, 'GET', '/members/count?limit=5')).statusCode).toBe(400);
  });
});
