/**
 * The marketer's pages in Chromium against the real server and the demo seed: a campaign at a zone
 * picked on the floor plan plus one drawn there, the audience estimate, a 400 shown on its field,
 * scheduling with confirmation, the report with its charts once shoppers have triggered it, and
 * pausing from the list; then a store manager's footfall beside sales, and a clerk taking a phone booking
 * at the appointments counter. Screenshots land in test-results/console-marketing/.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../db/seed.js';
import { addDays } from '../stores/index.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { playCampaign } from './support/campaign-play.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let tenantId: string;
let marketer: string;
let storeId: string;
/** A SKU the demo stores sell, for the shoppers who buy after the offer. */
let water: { sku_id: string };
const shot = (name: string) => browser.shot(name);
const NAME = 'Coffee corner latte';

const api = async (url: string, payload?: object) =>
  (
    await t.call(marketer, {
      method: payload ? 'POST' : 'GET',
      url: `/api/v1${url}`,
      ...(payload ? { payload } : {}),
    })
  ).json();

const status = (text: RegExp) => browser.status(text);

/** `datetime-local` text for a day from today, in the browser's time zone (the test runs in the same one). */
function localDay(days: number, hhmm: string): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${hhmm}`;
}

beforeAll(async () => {
  ({ t, tenantId, base, browser, page } = await consoleUnderTest('console-marketing'));
  marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
  storeId = (await api('/stores')).find((s: { code: string }) => s.code === 'SH001').id;
  water = (await api('/catalogue/search?q=DRK-002'))[0];
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("the marketer's campaign pages in Chromium", () => {
  it('creates a campaign on zones picked and drawn on the plan, schedules it, and reads its report', async () => {
    await page.goto(`${base}/console/`);
    await page.getByLabel('Email').fill('marketing@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A marketer lands on the campaigns, with the demo's two; store maps are not theirs to edit.
    await page.locator('[data-test=campaign-table] tbody tr').first().waitFor();
    expect(await page.locator('[data-test=campaign-table] tbody tr').count()).toBe(
      (await api('/campaigns')).length,
    );
    await expect
      .poll(() => page.locator('.nav nav a').allTextContents())
      .toEqual(['Campaigns', 'Members', 'Products', 'Footfall & sales']);
    await shot('campaign-list');
    // The demo's campaigns run 1 Jan 2026 – 31 Dec 2027 in the stores' time, whatever the browser's.
    expect(await page.locator('[data-test=campaign-table] tbody tr').first().textContent()).toContain(
      '1 Jan 2026 – 31 Dec 2027',
    );

    await page.getByRole('button', { name: '+ New campaign' }).click();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.locator('label.check', { hasText: 'FreshMart Nanjing East Road' }).click();
    await page.locator('.segmented label', { hasText: 'Stays in a zone' }).click();
    await page.locator('input[name=min_dwell_s]').fill('30');

    // Pick a zone of the store's map by clicking it.
    const zones = page.locator('[data-test=zone-map] path.feature-zone');
    await zones.first().waitFor();
    await zones.first().click();
    // The list holds a placeholder line until the pick renders: wait for the zone's own line.
    await expect
      .poll(() => page.locator('[data-test=picked-zones] li').first().textContent())
      .not.toMatch(/No zone/);
    expect(await page.locator('[data-test=picked-zones] li').count()).toBe(1);

    // Draw a new one, corner by corner, and save it to the store map.
    await page.getByRole('button', { name: '✎ Draw a new zone' }).click();
    const box = (await page.locator('[data-test=zone-map]').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    for (const [dx, dy] of [
      [-50, -35],
      [50, -35],
      [50, 35],
      [-50, 35],
    ] as const)
      await page.mouse.click(cx + dx, cy + dy);
    await page.getByLabel('Zone name').fill('Coffee corner');
    await shot('zone-drawn');
    await page.getByRole('button', { name: 'Save zone' }).click();
    await status(/Zone “Coffee corner” saved to the FreshMart Nanjing East Road map/);
    await expect.poll(() => page.locator('[data-test=picked-zones] li').allTextContents()).toHaveLength(2);
    const map = await api(`/stores/${storeId}/map`);
    const drawn = map.map.features.find((f: { name: string }) => f.name === 'Coffee corner');
    expect(drawn).toMatchObject({ kind: 'zone', level: 0 });
    expect(drawn.polygon).toHaveLength(4);

    // The audience estimate follows the rules, as the API counts them.
    const everyone = await api('/campaigns/audience-preview', { audience: { visitors: 'any' } });
    const size = () => page.locator('[data-test=audience-size]').textContent();
    await expect.poll(size).toBe(everyone.reachable.toLocaleString('en-US'));
    await page.getByLabel('Visitors').selectOption('returning');
    const returning = await api('/campaigns/audience-preview', { audience: { visitors: 'returning' } });
    await expect.poll(size).toBe(returning.reachable.toLocaleString('en-US'));
    await page.getByLabel('Visitors').selectOption('any');
    await expect.poll(size).toBe(everyone.reachable.toLocaleString('en-US'));
    const birthdays = await api('/campaigns/audience-preview', {
      audience: { visitors: 'any', birthday_month: true },
    });
    await page.getByLabel('Only members in their birthday month').check();
    await expect.poll(size).toBe(birthdays.reachable.toLocaleString('en-US'));
    await page.getByLabel('Only members in their birthday month').uncheck();
    await expect.poll(size).toBe(everyone.reachable.toLocaleString('en-US'));
    const carts = await api('/campaigns/audience-preview', {
      audience: { visitors: 'any', cart_waiting: true },
    });
    await page.getByLabel('Only shoppers whose cart is waiting').check();
    await expect.poll(size).toBe(carts.reachable.toLocaleString('en-US'));
    await page.getByLabel('Only shoppers whose cart is waiting').uncheck();
    await expect.poll(size).toBe(everyone.reachable.toLocaleString('en-US'));

    await page.getByLabel('Title shown to the shopper').fill('¥5 off your latte');
    await page.getByLabel('Discount (¥)').fill('5');
    await page.getByLabel('Quiet hours (never push)', { exact: true }).uncheck();
    await page.getByLabel('Budget (offers it may give; empty: no limit)').fill('100');
    await page.locator('input[name=holdout]').fill('30');

    // Ends before it starts: the API's 400 shows under the schedule.
    await page.getByLabel('Starts').fill(localDay(-1, '08:00'));
    await page.getByLabel('Ends').fill(localDay(-2, '08:00'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    const fieldError = page.locator('.field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe('Ends must be after Starts');
    expect(await page.getByLabel('Ends').getAttribute('aria-invalid')).toBe('true');
    await shot('field-error');

    await page.getByLabel('Ends').fill(localDay(30, '22:00'));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await status(/“Coffee corner latte” saved as a draft/);
    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split('/').at(-1)!;
    const saved = await api(`/campaigns/${campaignId}`);
    expect(saved).toMatchObject({
      status: 'draft',
      store_ids: [storeId],
      trigger: { kind: 'zone_dwell', min_dwell_s: 30, zones: expect.arrayContaining([drawn.id]) },
      audience: { visitors: 'any' },
      offer: { kind: 'coupon', discount_cents: 500 },
      budget_total: 100,
      holdout: 0.3,
    });
    expect(saved.trigger.zones).toHaveLength(2);
    expect(saved.schedule.quiet_hours).toBeUndefined();
    await page.getByRole('heading', { name: NAME }).waitFor();
    await shot('editor-saved');

    // Scheduling asks first; its start has passed, so it goes live at once.
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await shot('confirm-schedule');
    await page.getByRole('button', { name: 'Yes, schedule' }).click();
    await expect.poll(() => page.locator('.page-head .badge').textContent()).toBe('active');

    // Shoppers linger in the zone picked on the plan: triggers, pushes, opens and a redemption.
    await playCampaign(t, {
      tenantId,
      storeId,
      campaignId,
      zone: saved.trigger.zones[0],
      moment: 'zone_dwell',
      shoppers: 12,
      opens: 4,
      redemptions: 2,
      prefix: 'e2e-coffee',
      buyers: { skuId: water.sku_id, push: 5, holdout: 1 },
    });
    const report = await api(`/campaigns/${campaignId}/report`);
    expect(report.triggers.total).toBe(12);

    await page.getByRole('link', { name: 'Report' }).click();
    await page.locator('.chart canvas').first().waitFor();
    const kpi = (name: string) => page.locator(`[data-test=kpi-${name}] strong`).textContent();
    expect(await kpi('triggers')).toBe('12');
    expect(await kpi('pushes')).toBe(String(report.pushes.sent));
    expect(await kpi('opens')).toBe(String(report.pushes.opened));
    expect(await kpi('redemptions')).toBe(String(report.coupons.redeemed));
    expect(report.pushes.opened).toBe(Math.min(4, report.pushes.sent));
    expect(report.attributed.treated.orders).toBe(Math.min(5, report.triggers.push));
    const lift = report.lift
      ? `${report.lift.difference >= 0 ? '+' : ''}${(report.lift.difference * 100).toFixed(1)} pts`
      : '–';
    expect(await kpi('lift')).toBe(lift);
    // With both groups, the conversion chart draws them and the lift's interval; without, it says why.
    expect(
      await page
        .locator('.charts section', { hasText: 'Conversion within 7 days' })
        .locator('canvas')
        .count(),
    ).toBe(report.lift ? 1 : 0);
    expect(await page.locator('[data-test=kpi-triggers] small').textContent()).toBe(
      `${report.triggers.push} pushed · ${report.triggers.holdout} held out · ${report.triggers.skip} skipped`,
    );
    await page.waitForTimeout(600); // ECharts animates in
    await shot('report');
    // The whole report at once (the page scrolls inside the console's frame).
    await page.setViewportSize({ width: 1440, height: 1240 });
    await page.waitForTimeout(600);
    await shot('report-full');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('tab', { name: 'By day' }).click();
    await expect.poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(1);
    // The day by day activity for a spreadsheet: the API's figures, a row a day.
    const byDay = await api(`/campaigns/${campaignId}/activity?bucket=day`);
    const [activityCsv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(activityCsv.suggestedFilename()).toBe(`campaign-days-${campaignId}.csv`);
    const activitySheet: string[][] = parse(await readFile((await activityCsv.path())!, 'utf8'), {
      bom: true,
    });
    expect(activitySheet).toEqual([
      ['Day', 'Triggers', 'Pushed', 'Held out', 'Opens', 'Redemptions'],
      ...byDay.series.map((p: Record<string, number | string>) =>
        [p.at, p.triggers, p.push, p.holdout, p.opened, p.redeemed].map(String),
      ),
    ]);

    // Its rules again: the shoppers who consented since are in the estimate.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    const now = await api('/campaigns/audience-preview', { audience: saved.audience });
    expect(now.reachable).toBeGreaterThanOrEqual(12);
    await expect.poll(size).toBe(now.reachable.toLocaleString('en-US'));
    await page.locator('[data-test=picked-zones] li', { hasText: 'Coffee corner' }).waitFor();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await shot('editor-with-audience');
    await page.setViewportSize({ width: 1440, height: 900 });
    // Changed rules are saved before the campaign can be moved on.
    const head = page.locator('.page-head');
    await page.getByLabel('Name', { exact: true }).fill(`${NAME} (weekend)`);
    await head.getByText('Unsaved changes').waitFor();
    expect(await head.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await head.getByRole('button', { name: 'Pause' }).waitFor();

    // Back on the list: its numbers, and a pause that asks first.
    await page.getByRole('link', { name: '← Campaigns' }).click();
    await page.getByRole('tab', { name: /Active/ }).click();
    const row = page.locator(`tr[data-campaign="${NAME}"]`);
    await row.waitFor();
    const cells = await row.locator('td.num').allTextContents();
    expect(cells[0]).toBe('12');
    await shot('list-with-numbers');
    await row.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Yes, pause' }).click();
    await status(/“Coffee corner latte” is now paused/);
    expect((await api(`/campaigns/${campaignId}`)).status).toBe('paused');
    await page.getByRole('tab', { name: /Paused/ }).click();
    await row.locator('.badge').waitFor();
    expect(await row.locator('.badge').textContent()).toBe('paused');
  }, 180_000);

  it('runs the member-get-member programme from under the campaigns, and pauses it', async () => {
    await page.goto(`${base}/console/#/campaigns`);
    const panel = page.locator('[data-test=referral-panel]');
    await expect.poll(() => panel.locator('h2').textContent()).toMatch(/paused/);
    await panel.getByLabel('Points for the member who invites').fill('300');
    await panel.getByLabel('Points for the friend').fill('150');
    await panel.getByRole('button', { name: 'Run' }).click();
    await status(/Referral programme running/);
    await expect.poll(() => panel.locator('h2').textContent()).toMatch(/running/);
    expect(await panel.locator('[data-test=referral-numbers]').textContent()).toMatch(/0 joined/);
    const program = (await api('/referral-program')).program;
    expect(program).toEqual({ active: true, referrer_points: 300, friend_points: 150 });
    await shot('referral-programme');
    await panel.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => panel.locator('h2').textContent()).toMatch(/paused/);
  });

  it('reads the campaigns in Chinese: the list, a report, the editor refusing a schedule, and a resume', async () => {
    await page.goto(`${base}/console/#/campaigns`);
    await page.getByRole('button', { name: '中文' }).click();
    await expect
      .poll(() => page.locator('.nav nav a').allTextContents())
      .toEqual(['营销活动', '会员', '商品', '客流与销售']);

    // The list: its columns, statuses as tabs and badges, days as Chinese writes them.
    await page.getByRole('tab', { name: /^全部/ }).click();
    const table = page.locator('[data-test=campaign-table]');
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('th').allTextContents()).toEqual([
      '活动',
      '状态',
      '活动时间',
      '触发',
      '推送',
      '打开',
      '核销',
      '预算',
      '',
    ]);
    expect(await table.locator('tr[data-campaign="Coffee at the counter"] td.dates').textContent()).toBe(
      '2026年1月1日 – 2027年12月31日',
    );
    const row = page.locator(`tr[data-campaign="${NAME}"]`);
    expect(await row.locator('.badge').textContent()).toBe('已暂停');
    expect(await row.locator('td.name small').first().textContent()).toBe(
      '在区域停留 ≥ 30 秒（2 个区域） · 优惠券：满 ¥30.00 减 ¥5.00',
    );
    await page.getByRole('tab', { name: /已暂停/ }).waitFor();
    await expect
      .poll(() => page.locator('[data-test=referral-panel] h2').textContent())
      .toBe('老带新 · 已暂停');
    await shot('zh-list');

    // Its report: the key numbers and the charts' titles in Chinese.
    const campaignId = (await api('/campaigns')).find((c: { name: string }) => c.name === NAME).id;
    const report = await api(`/campaigns/${campaignId}/report`);
    await row.getByRole('link', { name: '报告' }).click();
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('[data-test=kpi-triggers] span').textContent()).toBe('触发');
    expect(await page.locator('[data-test=kpi-triggers] small').textContent()).toBe(
      `推送 ${report.triggers.push} · 对照 ${report.triggers.holdout} · 跳过 ${report.triggers.skip}`,
    );
    expect(await page.locator('[data-test=kpi-redemptions] span').textContent()).toBe('核销');
    expect(await page.locator('.charts h2').allTextContents()).toEqual([
      '活动趋势',
      '7 天内转化',
      '触发被跳过的原因',
    ]);
    await page.getByRole('tab', { name: '按天' }).waitFor();
    await page.locator('.page-head').getByRole('button', { name: '恢复' }).waitFor();
    // The whole report, the conversion chart's axis too.
    await page.setViewportSize({ width: 1440, height: 1240 });
    await page.waitForTimeout(600); // ECharts animates in
    await shot('zh-report');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The editor: its labels, and the server's refusal of an end before the start said in Chinese.
    await page.getByRole('link', { name: '编辑' }).click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    expect(await page.getByLabel('活动名称', { exact: true }).inputValue()).toBe(NAME);
    expect(await page.locator('.segmented label.on').first().textContent()).toBe('在区域停留');
    expect(await page.locator('.days button').allTextContents()).toEqual([
      '周日',
      '周一',
      '周二',
      '周三',
      '周四',
      '周五',
      '周六',
    ]);
    const ends = page.getByLabel('结束时间');
    const savedEnd = await ends.inputValue();
    await ends.fill(localDay(-2, '08:00'));
    await page.locator('.page-head').getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.locator('.field-error').waitFor();
    expect(await page.locator('.field-error').textContent()).toBe('结束时间必须晚于开始时间');
    await status(/^未保存：结束时间必须晚于开始时间$/);
    await shot('zh-editor-refused');

    // A common check's refusal is said in Chinese too, after the field's label.
    await ends.fill(savedEnd);
    const budget = page.getByLabel('预算（可发放的优惠数量；留空：不限）');
    await budget.fill('0');
    await page.getByRole('button', { name: '保存修改' }).click();
    await status(/^未保存：预算 不能小于 1$/);
    expect(await page.locator('.field-error').textContent()).toBe('预算 不能小于 1');

    // As saved again, it resumes from the editor, asking first in Chinese.
    await budget.fill('100');
    await page.locator('.page-head').getByRole('button', { name: '恢复' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('h3').textContent()).toBe(`恢复“${NAME}”？`);
    expect(await dialog.locator('p').textContent()).toBe('顾客将重新收到它的优惠。');
    await shot('zh-confirm-resume');
    await dialog.getByRole('button', { name: '确定恢复' }).click();
    await status(new RegExp(`“${NAME}”的状态已改为：进行中`));
    expect(await page.locator('.page-head .badge').textContent()).toBe('进行中');
    expect((await api(`/campaigns/${campaignId}`)).status).toBe('active');

    // The next tests read the console in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.page-head .badge', { hasText: 'active' }).waitFor();
  });

  it("shows a store manager yesterday's footfall beside the sales, for their store", async () => {
    // Yesterday in the store's time zone: three visits of 10, 20 and 30 minutes, two of them at 18:00.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await t.db.tenant(tenantId, async (tx) => {
      for (const [device, from, minutes] of [
        ['days-a', '11:00', 10],
        ['days-b', '18:05', 20],
        ['days-c', '18:40', 30],
      ] as const) {
        const arrived = new Date(`${yesterday}T${from}:00+08:00`);
        await tx.query(
          `INSERT INTO visits (tenant_id, store_id, device, arrived_at, departed_at) VALUES ($1, $2, $3, $4, $5)`,
          [tenantId, storeId, device, arrived, new Date(arrived.getTime() + minutes * 60_000)],
        );
      }
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('manager.sh001@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Footfall & sales' }).click();
    const kpis = page.locator('[data-test=yesterday]');
    await kpis.waitFor();
    await expect
      .poll(() => kpis.locator('.kpi').first().innerText())
      .toMatch(/Yesterday's visits\s+3\s+median stay 20 min, busiest 18:00/i);
    const rows = page.locator('[data-test=store-days] tbody tr');
    expect(await rows.count()).toBe(8);
    expect(await rows.nth(1).locator('td').first().innerText()).toBe(yesterday);
    // Before the beacons' first visit, no visits is no figure: a dash, not a zero.
    expect(await rows.nth(2).locator('td').nth(1).textContent()).toBe('–');
    await page.locator('canvas').first().waitFor();
    await shot('store-days');
    // The same days for a spreadsheet: oldest first, plain numbers, no figure before the first visit.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`SH001-days-${addDays(today, -6)}-${today}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const sheet: string[][] = parse(csv, { bom: true });
    expect(sheet[0]).toEqual([
      'Day',
      'Visits',
      'Shoppers',
      'Median stay (min)',
      'Busiest',
      'Orders',
      'Orders ¥',
      'Till receipts',
      'Till units',
      'Tills ¥*',
      'Sales ¥',
    ]);
    expect(sheet.map((row) => row[0])).toEqual([
      'Day',
      ...Array.from({ length: 7 }, (_, i) => addDays(today, i - 6)),
      'Total',
    ]);
    expect(sheet[6]!.slice(0, 5)).toEqual([yesterday, '3', '0', '20', '18:00']);
    expect(sheet[5]![1]).toBe('');
    // The table's figures, as numbers: yesterday's sales in yuan, and the total of the days.
    const salesCell = (await rows.nth(1).locator('td').last().textContent())!;
    expect(Number(sheet[6]![10])).toBe(Number(salesCell.replace(/[^0-9.]/g, '')));
    const days = sheet.slice(1, 8).reduce((sum, row) => sum + Math.round(Number(row[10]) * 100), 0);
    expect(Math.round(Number(sheet[8]![10]) * 100)).toBe(days);
    await page.getByRole('tab', { name: '30 days' }).click();
    await expect.poll(() => rows.count()).toBe(31);
    // The store select offers the manager's own store only.
    expect(await page.getByLabel('Store').locator('option').allTextContents()).toEqual([
      expect.stringMatching(/SH001/),
    ]);
    // A manager has one store; the address of another store's days is refused, and says so.
    const other = (await api('/stores')).find((s: { code: string }) => s.code === 'SH002').id;
    await page.goto(`${base}/console/#/days/${other}/7`);
    await page.getByText('You do not work at this store').waitFor();
  });

  it('shows a clerk Today, the store maps and no campaigns, even at a campaign address', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('clerk.sh001@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-test=today]').waitFor();
    expect(await page.locator('.nav nav a').allTextContents()).toEqual([
      'Today',
      'Store maps',
      'Appointments',
      'Orders',
      'Stock',
      'Members',
      'Customer service',
    ]);
    await page.getByRole('link', { name: 'Store maps' }).click();
    // Only the store the clerk works at: the others' maps are not theirs to set up.
    await expect
      .poll(() => page.locator('.stores li').allInnerTexts())
      .toEqual([expect.stringMatching(/SH001/)]);
    await page.goto(`${base}/console/#/campaigns/new`);
    await page.locator('[data-test=today]').waitFor();
    expect(await page.locator('.campaign-editor').count()).toBe(0);
  });

  it("takes a phone booking for a customer at a clerk's counter, and cancels it when they call back", async () => {
    // Tomorrow in the store's time zone, whose slots are all still ahead whenever the test runs.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.goto(`${base}/console/#/appointments/${storeId}/${tomorrow}`);
    await page.getByText(`No bookings on ${tomorrow}.`).waitFor();
    const form = page.locator('[data-test=book-form]');
    await form.getByLabel('Service').selectOption({ label: '护肤咨询 Skin-care consultation' });
    await expect.poll(() => form.getByLabel('Time').locator('option').count()).toBeGreaterThan(1);
    const time = (await form.getByLabel('Time').locator('option').first().textContent())!.slice(0, 5);
    await form.getByLabel("Customer's name").fill('Wang Li');
    await form.getByLabel('Phone (optional)').fill('not a phone');
    await form.getByRole('button', { name: 'Book' }).click();
    // The server's 400 names the field, and the form shows it there.
    await form.locator('label', { hasText: 'Phone' }).locator('.error').waitFor();
    await form.getByLabel('Phone (optional)').fill('138 0013 8000');
    await form.getByRole('button', { name: 'Book' }).click();
    await status(new RegExp(`Booked ${time} 护肤咨询 Skin-care consultation for Wang Li`));
    const row = page.locator('[data-test=bookings] tbody tr', { hasText: 'Wang Li' });
    await row.locator('.badge', { hasText: 'booked' }).waitFor();
    // Tomorrow's customer can be neither arrived nor missed yet.
    expect(await row.getByRole('button', { name: 'No-show' }).isDisabled()).toBe(true);
    expect(await row.getByRole('button', { name: 'Arrived' }).isDisabled()).toBe(true);
    await shot('appointments');
    await row.getByRole('button', { name: 'Cancel' }).click();
    // One click asks first: "Keep it" leaves the booking as it was.
    await row.getByRole('button', { name: 'Keep it' }).click();
    expect(await row.locator('.badge').textContent()).toBe('booked');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await row.getByRole('button', { name: 'Yes, cancel it' }).click();
    await row.locator('.badge', { hasText: 'cancelled' }).waitFor();
    await status(new RegExp(`${time} Wang Li: cancelled`));
    const day = await t.call(await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD), {
      method: 'GET',
      url: `/api/v1/stores/${storeId}/appointments?date=${tomorrow}`,
    });
    expect(day.json().bookings).toMatchObject([
      { customer_name: 'Wang Li', customer_phone: '138 0013 8000', status: 'cancelled', local_time: time },
    ]);
  }, 90_000);

  it("lets a brand admin set the brand's own mini-program, its secret never shown, and go back to the server's", async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('admin@freshmart.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A brand on the server's app is the usual case: the page asks without an error (the browser logged a 404).
    const refused: string[] = [];
    const watch = (r: { url(): string; status(): number }) =>
      r.url().endsWith('/miniprogram') && r.status() >= 400 && refused.push(`${r.status()} ${r.url()}`);
    page.on('response', watch);
    await page.getByRole('link', { name: 'Mini-program' }).click();
    const state = page.locator('[data-test=miniprogram-state]');
    await expect.poll(() => state.textContent()).toMatch(/use the server's mini-program/);
    page.off('response', watch);
    expect(refused).toEqual([]);
    const form = page.locator('[data-test=miniprogram-form]');
    await form.getByLabel('AppID').fill('not-an-app');
    await form.getByLabel('AppSecret').fill('console-secret-1234');
    await form.getByRole('button', { name: 'Save' }).click();
    // The server's 400 names the field, and the form shows it there.
    await form.locator('label', { hasText: 'AppID' }).locator('.error').waitFor();
    await form.getByLabel('AppID').fill('wx_console_app');
    await form.getByLabel('Order-status template').fill('TPL_CONSOLE_ORDER');
    await form.getByRole('button', { name: 'Save' }).click();
    await status(/now use the mini-program wx_console_app/);
    await expect.poll(() => state.textContent()).toMatch(/sign in to wx_console_app/);
    expect(await state.textContent()).toMatch(/order updates use template TPL_CONSOLE_ORDER/);
    expect(await page.content()).not.toContain('console-secret-1234');
    expect(await form.getByLabel('AppSecret').inputValue()).toBe('');
    await shot('brand-miniprogram');
    await form.getByRole('button', { name: "Use the server's instead" }).click();
    await expect.poll(() => state.textContent()).toMatch(/use the server's mini-program/);
  });
});
