/**
 * The Members section in Chromium against the real server and the demo seed (and sixty till members
 * more): SH001's manager pages through every member to the total, finds members by a phone's last
 * four digits and by part of a member number, finds a till member by phone (masked in the list), reads the balance, the way to the next tier and the
 * history; gives goodwill points whose first answer is lost (the retry posted once), takes points
 * with a double click (posted once), is refused taking more than the balance in the server's words,
 * keeps the member at gold and lets it go, sets the birthday and the name (refused with a control
 * character), tags the member VIP and finds them by the tag, and by part of the name; the member's
 * page in Chinese, a refusal there in Chinese; the brand admin's tier ladder, a rung added, edited (its
 * spend threshold set and cleared) and deleted. Screenshots land
 * in test-results/console-members/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let manager: string;
let admin: string;
/** The demo's till member FM-0005678 (phone 13900000003, 320 points, tagged coffee-lover). */
let memberId: string;
const shot = (name: string) => browser.shot(name);
const status = (text: RegExp) => browser.status(text);

/** The member as the API has them, and their ledger. */
const member = async () =>
  (await t.api(manager, 'GET', `/members/${memberId}`)).json() as {
    points_balance: number;
    tags: string[];
    tier: string;
    assigned_tier: string | null;
    birthday: string | null;
    name: string | null;
  };
const ledger = async () =>
  (await t.api(manager, 'GET', `/members/${memberId}/points`)).json() as {
    kind: string;
    points: number;
    reason: string | null;
  }[];

const balanceShown = async () =>
  Number((await page.locator('p[data-test=balance]').textContent())?.replace(/\D/g, ''));
const historyRow = (n: number) =>
  page.locator('[data-test=history] tbody tr').nth(n).locator('td').allInnerTexts();
const dialog = () => page.getByRole('dialog');

/** Opens the adjust dialog and reviews an adjustment. */
async function review(direction: 'Give points' | 'Take points', points: number, reason: string) {
  await page.getByRole('button', { name: 'Adjust points' }).click();
  await dialog().getByText(direction, { exact: true }).click();
  await dialog().getByLabel('Points', { exact: true }).fill(String(points));
  await dialog().getByLabel('Reason').fill(reason);
  await dialog().getByRole('button', { name: 'Review' }).click();
}

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-members'));
  manager = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  const [found] = (await t.api(manager, 'GET', '/members?phone=13900000003')).json();
  memberId = found.id;
  // Till members DK-0001 … DK-0060, phones 1370000 1001 … 1060: more than a page.
  const records = Array.from({ length: 60 }, (_, i) => ({
    id: `CRM-console-${i + 1}`,
    member_no: `DK-${String(i + 1).padStart(4, '0')}`,
    phone: `1370000${1001 + i}`,
  }));
  expect((await t.api(manager, 'POST', '/pos/members', { records })).statusCode).toBe(200);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the Members section in Chromium', () => {
  it('lets a store manager page through every member, the total shown', async () => {
    await browser.signIn(base, 'manager.sh001@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Members' }).click();
    const rows = page.locator('[data-test=members] tbody tr');
    await rows.first().waitFor();
    const { total } = (await t.api(manager, 'GET', '/members/count')).json() as { total: number };
    expect(total).toBeGreaterThan(60);
    expect(await rows.count()).toBe(50);
    expect(await page.locator('[data-test=shown]').textContent()).toBe(
      `${total.toLocaleString('en')} members; showing 50, the newest first.`,
    );
    await shot('member-list');
    for (let shown = 50; shown < total; shown = Math.min(total, shown + 50)) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await expect.poll(() => rows.count()).toBe(Math.min(total, shown + 50));
    }
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
    const newest = (await t.api(manager, 'GET', `/members?limit=200`)).json() as { member_no: string }[];
    const listed = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-member')));
    expect(listed.slice(0, newest.length)).toEqual(newest.map((m) => m.member_no));
    expect(new Set(listed).size).toBe(total);
    const row = page.locator('[data-test=members] tr[data-member="FM-0005678"]');
    expect(await row.locator('[data-test=phone]').textContent()).toBe('139****0003');
    expect(await page.locator('[data-test=members]').textContent()).not.toContain('13900000003');
    await shot('member-list-all');
  });

  it("finds members by a phone's last four digits and by part of a member number", async () => {
    const rows = page.locator('[data-test=members] tbody tr');
    const find = page.getByLabel('Phone or member number');
    await page.getByText("Four digits find the phones ending in them (the phone's last 4)").waitFor();
    await find.fill('1007');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    // DK-0007 is in the whole list shown before: the search's answer is the list of as many as it finds.
    const { total } = (await t.api(manager, 'GET', '/members/count?q=1007')).json() as { total: number };
    await expect.poll(() => rows.count()).toBe(total);
    const byTail = page.locator('[data-test=members] tr[data-member="DK-0007"]');
    expect(await byTail.locator('[data-test=phone]').textContent()).toBe('137****1007');
    await shot('found-by-phone-tail');

    await find.fill('dk-004');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(10);
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-member')))).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `DK-004${i}`),
    );
    expect(await page.locator('[data-test=shown]').textContent()).toBe(
      'Found 10; showing 10, the newest first.',
    );
    await shot('found-by-member-number');

    // Two digits are no phone's tail nor enough of a card's number, and digits are never a name.
    await find.fill('12');
    await page.getByText('Type a whole phone number, its last 4 digits').waitFor();
    expect(await page.getByRole('button', { name: 'Find', exact: true }).isDisabled()).toBe(true);
  });

  it('lets a store manager find a member by phone and read their balance, tier and history', async () => {
    const rows = page.locator('[data-test=members] tbody tr');
    const row = page.locator('[data-test=members] tr[data-member="FM-0005678"]');
    await page.getByLabel('Phone or member number').fill('139 0000 0003');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await row.getByRole('link', { name: 'FM-0005678' }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/members/${memberId}`);
    await page.locator('p[data-test=balance]').waitFor();
    expect(await balanceShown()).toBe(320);
    expect(await page.locator('[data-test=tier]').textContent()).toBe('会员 Member');
    expect(await page.locator('[data-test=next-tier]').textContent()).toBe(
      '680 more lifetime points or ¥1,000.00 more spend to 银卡 Silver',
    );
    expect(await page.locator('dd[data-test=phone]').textContent()).toContain('139****0003');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await page.locator('dd[data-test=phone]').textContent()).toContain('13900000003');
    expect(await page.locator('[data-test=tags] li').allTextContents()).toEqual(['coffee-lover×']);
    expect((await historyRow(0)).slice(1)).toEqual([
      'From the tills',
      '+320',
      'Balance brought over from the till system',
    ]);
    await shot('member');
  });

  it('gives goodwill points once, though the first answer was lost and the adjustment sent again', async () => {
    const reason = 'Goodwill: coffee machine out of order';
    const keys: string[] = [];
    await page.route(`**/api/v1/members/${memberId}/points`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      // The adjustment reaches the server, but its answer is lost on the way back.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await review('Give points', 50, reason);
    expect(await dialog().locator('[data-test=review] p').allTextContents()).toEqual([
      'Give 50 points to FM-0005678?',
      'Balance 320 → 370',
      `Reason: ${reason}`,
    ]);
    await shot('adjust-review');
    await dialog().getByRole('button', { name: 'Confirm' }).click();
    await dialog().getByRole('alert').filter({ hasText: 'No answer from the server' }).waitFor();
    await shot('adjust-answer-lost');
    expect((await member()).points_balance).toBe(370);

    await dialog().getByRole('button', { name: 'Try again' }).click();
    await status(/^Gave 50 points to FM-0005678; balance now 370$/);
    await page.unroute(`**/api/v1/members/${memberId}/points`);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^console-points-[0-9a-f]{32}$/);
    expect((await member()).points_balance).toBe(370);
    expect((await ledger()).filter((line) => line.reason === reason)).toEqual([
      expect.objectContaining({ kind: 'adjust', points: 50 }),
    ]);
    await expect.poll(balanceShown).toBe(370);
    await expect.poll(() => historyRow(0)).toEqual([expect.any(String), 'Adjusted by staff', '+50', reason]);
    await shot('adjusted');
  });

  it('takes points once on a double click, and shows the refusal to take more than the balance', async () => {
    const keys: string[] = [];
    const sent = (request: { url(): string; method(): string; headers(): Record<string, string> }) => {
      if (request.method() === 'POST' && request.url().endsWith(`/members/${memberId}/points`))
        keys.push(request.headers()['idempotency-key'] ?? '');
    };
    page.on('request', sent);
    await review('Take points', 20, 'Correction: points given twice at the till');
    await dialog().getByRole('button', { name: 'Confirm' }).dblclick();
    await status(/^Took 20 points from FM-0005678; balance now 350$/);
    page.off('request', sent);
    expect(new Set(keys).size).toBe(1);
    expect((await member()).points_balance).toBe(350);
    await expect.poll(balanceShown).toBe(350);
    await expect
      .poll(() => historyRow(0))
      .toEqual([
        expect.any(String),
        'Adjusted by staff',
        '−20',
        'Correction: points given twice at the till',
      ]);

    await review('Take points', 10_000, 'Wrong card');
    await dialog().getByRole('button', { name: 'Confirm' }).click();
    await dialog()
      .getByRole('alert')
      .filter({ hasText: 'The member has 350 points; cannot take 10000' })
      .waitFor();
    await shot('adjust-refused');
    expect((await member()).points_balance).toBe(350);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('keeps the member at gold whatever their points, and lets the tier follow them again', async () => {
    await page.getByLabel('Keep at least').selectOption({ label: '金卡 Gold' });
    await status(/^FM-0005678 kept at 金卡 Gold or above$/);
    expect(await member()).toMatchObject({ tier: 'gold', assigned_tier: 'gold' });
    await expect.poll(() => page.locator('[data-test=tier]').textContent()).toBe('金卡 Gold');
    await shot('kept-at-gold');
    await page.getByLabel('Keep at least').selectOption('');
    await status(/^The tier of FM-0005678 follows points and spend again$/);
    expect(await member()).toMatchObject({ tier: 'member', assigned_tier: null });
    await expect.poll(() => page.locator('[data-test=tier]').textContent()).toBe('会员 Member');
  });

  it("sets the birthday the member tells at the counter, and refuses a day the calendar hasn't", async () => {
    const birthday = page.getByLabel('Birthday');
    await birthday.fill('02-30');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(/birthday/i);
    expect((await member()).birthday).toBeNull();
    await birthday.fill('03-15');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(/^Member FM-0005678's birthday is (15 March|March 15)$/);
    expect((await member()).birthday).toBe('03-15');
    await shot('birthday-set');
  });

  it('sets the name the member gives at the counter, trimmed, and refuses one with a control character', async () => {
    const name = page.getByLabel('Name', { exact: true });
    const save = page.getByRole('button', { name: 'Save name' });
    expect(await name.inputValue()).toBe('');
    await name.fill('王\u0007芳');
    await save.click();
    await status(/^name /);
    expect((await member()).name).toBeNull();
    await name.fill('  王芳 ');
    await save.click();
    await status(/^Member FM-0005678 is now called 王芳$/);
    expect((await member()).name).toBe('王芳');
    expect(await name.inputValue()).toBe('王芳');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Member FM-0005678 · 王芳 会员 Member',
    );
    await shot('name-set');
  });

  it('tags the member VIP and finds them by the tag', async () => {
    await page.getByLabel('New tag').fill('VIP');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await status(/^Tagged FM-0005678 “VIP”$/);
    expect((await member()).tags).toEqual(['VIP', 'coffee-lover']);
    await page.getByRole('link', { name: '← Members' }).click();
    // The search outlives the member's page; a tag narrows the list.
    expect(await page.getByLabel('Phone or member number').inputValue()).toBe('139 0000 0003');
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.getByLabel('Tag').fill('VIP');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const rows = page.locator('[data-test=members] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-member')).toBe('FM-0005678');
    await page.getByLabel('Tag').fill('nobody-has-this');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByText('No member found for tagged “nobody-has-this”.').waitFor();
    await shot('no-match');
  });

  it('finds the member by part of their name, in the list with it', async () => {
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.getByText('or part of a name.').waitFor();
    await page.getByLabel('Phone or member number').fill(' 芳 ');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const rows = page.locator('[data-test=members] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-member')).toBe('FM-0005678');
    expect(await rows.first().locator('[data-test=name]').textContent()).toBe('王芳');
    await shot('found-by-name');
  });

  it("shows the member's page in Chinese", async () => {
    await page.evaluate(`localStorage.setItem('smart-store-language', 'zh-CN')`);
    // The language is read when the console loads, as when a colleague opens a sent link.
    await page.goto(`${base}/console/#/members/${memberId}`);
    await page.reload();
    await page.locator('p[data-test=balance]').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      '积分余额',
      '会员信息',
      '标签',
      '积分明细',
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      '会员 FM-0005678 · 王芳 会员 Member',
    );
    expect(await page.locator('[data-test=name] input').inputValue()).toBe('王芳');
    expect(await page.locator('[data-test=next-tier]').textContent()).toBe(
      '再累计 680 积分或消费 ¥1,000.00 升级为银卡 Silver',
    );
    expect((await historyRow(0)).slice(1)).toEqual([
      '员工调整',
      '−20',
      'Correction: points given twice at the till',
    ]);
    await page.getByRole('button', { name: '调整积分' }).click();
    expect(await dialog().getByRole('heading').textContent()).toBe('调整 FM-0005678 的积分');
    // The server's refusal, with its figures, in Chinese.
    await dialog().getByText('扣减积分', { exact: true }).click();
    await dialog().getByLabel('积分数').fill('10000');
    await dialog().getByLabel('原因').fill('卡号错误');
    await dialog().getByRole('button', { name: '核对' }).click();
    await dialog().getByRole('button', { name: '确认' }).click();
    await dialog().getByRole('alert').filter({ hasText: '会员只有 350 积分，不能扣减 10000' }).waitFor();
    await shot('adjust-refused-chinese');
    await dialog().getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: '调整积分' }).click();
    await dialog().getByLabel('积分数').fill('5');
    await dialog().getByLabel('原因').fill('补偿');
    await dialog().getByRole('button', { name: '核对' }).click();
    expect(await dialog().locator('[data-test=review] p').allTextContents()).toEqual([
      '为 FM-0005678 增加 5 积分？',
      '余额 350 → 355',
      '原因：补偿',
    ]);
    await shot('member-chinese');
    await dialog().getByRole('button', { name: '取消' }).click();
    expect((await member()).points_balance).toBe(350);
    // The list (its search gone with the reload) says how its box finds members, and how many it shows.
    await page.getByRole('link', { name: '← 会员' }).click();
    await page.getByText('输入 4 位数字按手机尾号查找').waitFor();
    await page.getByLabel('手机号、会员号或姓名').waitFor();
    await expect
      .poll(() => page.locator('[data-test=shown]').textContent())
      .toMatch(/^共 \d+ 位会员，已显示最新加入的 50 位。$/);
    await shot('member-list-chinese');
    await page.evaluate(`localStorage.setItem('smart-store-language', 'en')`);
    await page.reload();
  });

  it('lets the brand admin read the tier ladder and add, edit and delete a rung (a manager only reads it)', async () => {
    await page.goto(`${base}/console/#/members/tiers`);
    await page.getByRole('heading', { name: 'Tier ladder' }).waitFor();
    await page.locator('[data-test=tiers] tbody tr').first().waitFor();
    expect(await page.getByRole('button', { name: 'Add tier' }).count()).toBe(0);

    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('link', { name: 'Tier ladder' }).click();
    const rows = page.locator('[data-test=tiers] tbody tr');
    await rows.first().waitFor();
    const cells = async (code: string) =>
      (await page.locator(`[data-test=tiers] tr[data-tier="${code}"] td`).allInnerTexts()).slice(0, 6);
    expect(await cells('silver')).toEqual(['2', '银卡 Silver', 'silver', '1,000', '¥1,000.00', '1.2']);
    expect(await rows.count()).toBe(3);

    await page.getByRole('button', { name: 'Add tier' }).click();
    await dialog().getByLabel('Name').fill('铂金卡 Platinum');
    await dialog().getByLabel('Code').fill('platinum');
    expect(await dialog().getByLabel('Rank').inputValue()).toBe('4');
    await dialog().getByLabel('Lifetime points').fill('20000');
    await dialog().getByLabel('Points per ¥1').fill('2');
    await shot('tier-add');
    await dialog().getByRole('button', { name: 'Add tier' }).click();
    await status(/^Tier 铂金卡 Platinum added; members placed again$/);
    await expect
      .poll(() => cells('platinum'))
      .toEqual(['4', '铂金卡 Platinum', 'platinum', '20,000', 'Points only', '2']);

    await page.locator('tr[data-tier="platinum"]').getByRole('button', { name: 'Edit' }).click();
    await dialog().getByLabel('Lifetime points').fill('15000');
    await dialog().getByLabel('or lifetime spend (¥)').fill('15000');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await status(/^Tier 铂金卡 Platinum saved; members placed again$/);
    const ladder = (await t.api(admin, 'GET', '/member-tiers')).json();
    expect(ladder.find((tier: { code: string }) => tier.code === 'platinum')).toMatchObject({
      min_points: 15000,
      min_spend_cents: 1_500_000,
      points_per_yuan: 2,
    });
    await shot('tiers');
    // The spend threshold cleared: points only again, kept as null by the API (not ¥0).
    const cleared: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/member-tiers/'))
        cleared.push(request.postDataJSON());
    });
    await page.locator('tr[data-tier="platinum"]').getByRole('button', { name: 'Edit' }).click();
    await dialog().getByLabel('or lifetime spend (¥)').fill('');
    await dialog().getByRole('button', { name: 'Save' }).click();
    // The status line says "saved" since the last edit: the dialog closing is this one's answer.
    await expect.poll(() => dialog().count()).toBe(0);
    expect(cleared).toEqual([{ min_spend_cents: null }]);
    const after = (await t.api(admin, 'GET', '/member-tiers')).json();
    expect(after.find((tier: { code: string }) => tier.code === 'platinum').min_spend_cents).toBeNull();
    await expect
      .poll(() => cells('platinum'))
      .toEqual(['4', '铂金卡 Platinum', 'platinum', '15,000', 'Points only', '2']);
    await shot('tier-spend-cleared');

    await page.locator('tr[data-tier="platinum"]').getByRole('button', { name: 'Delete' }).click();
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await status(/^Tier 铂金卡 Platinum deleted; its members placed again$/);
    await expect.poll(() => rows.count()).toBe(3);
    expect((await t.api(admin, 'GET', '/member-tiers')).json()).toHaveLength(3);
  });
});
