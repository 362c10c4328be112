/**
 * The store map editor in Chromium against the real server and the demo seed, as the brand admin and as a
 * clerk: beacons dropped in two stores, the tools a clerk may not use, a drawing kept when its save fails,
 * the campaign editor finding a campaign's zones (one of them deleted) without loading every store's map,
 * and a zone's delete refused while live campaigns fire in it, confirmed otherwise saying what befalls
 * the drafts using it; the editor switched to 中文 in its header, a beacon placed and that refusal said in
 * Chinese; a sparse store opened on the 2 m calibration walk; a new store's beacons planned (the proposal
 * with its predicted figures, another spacing, Accept). Screenshots land in test-results/console-editor/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationWalk } from '../beacons/index.js';
import { DEMO_PASSWORD } from '../db/seed.js';
import type { TestApp } from './support/app.js';
import { type Browser, consoleUnderTest } from './support/browser.js';
import { storeWithMap } from './support/stores.js';

let t: TestApp;
let base: string;
let browser: Browser;
let page: Page;
let admin: string;
const stores: Record<string, string> = {};
const shot = (name: string) => browser.shot(name);

const status = (text: RegExp) => browser.status(text);

/** Signs in and opens the store maps (staff land on Today). */
async function signIn(email: string) {
  await browser.signIn(base, email, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Store maps' }).click();
}

async function openStore(name: RegExp) {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => page.locator('path.feature-shelf').count(), { timeout: 15_000 }).toBeGreaterThan(5);
  await expect.poll(() => page.locator('.beacon-icon').count()).toBeGreaterThan(0);
}

const beaconLabels = () => page.locator('.beacon-icon').allTextContents();

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-editor'));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    stores[s.code] = s.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the store map editor in Chromium', () => {
  it("drops a beacon in one store, then another: each gets its store's next identity", async () => {
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    const before = await beaconLabels();
    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/Beacon 100:\d+ placed/);
    const labels = await beaconLabels();
    expect(labels.length).toBe(before.length + 1);
    // Each marker on the level is labelled by its own minor: none twice.
    expect(new Set(labels).size).toBe(labels.length);
    await shot('sh001-beacon-dropped');

    await page.getByRole('button', { name: '← Stores' }).click();
    const sh002 = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH002}/beacons` })
    ).json();
    await page.getByRole('button', { name: /SH002/ }).click();
    await expect.poll(() => page.locator('.beacon-icon').count(), { timeout: 15_000 }).toBe(sh002.length);
    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/Beacon 200:\d+ placed/);
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(sh002.length + 1);
    expect(await page.locator('footer.status').getAttribute('class')).not.toMatch(/error/);
    await shot('sh002-beacon-dropped');
  }, 90_000);

  it('keeps a drawn zone the server refused, to correct and finish again', async () => {
    const box = (await page.locator('[data-test=plan]').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    const corner = {
      a: [cx - 70, cy - 50],
      b: [cx + 70, cy - 50],
      c: [cx + 70, cy + 50],
      d: [cx - 70, cy + 50],
    };
    const zones = await page.locator('path.feature-zone').count();
    // One of each is counted as one ("1 zone", not "1 zones").
    await page.getByText(`${zones} zone${zones === 1 ? '' : 's'} on this level`).waitFor();
    await page.getByRole('button', { name: 'Zone', exact: true }).click();
    // Corners in a bow tie's order: the polygon crosses itself, and the server says so.
    for (const k of ['a', 'b', 'd', 'c'] as const) await page.mouse.click(corner[k][0]!, corner[k][1]!);
    await page.getByLabel('Name').fill('Promo corner');
    await page.getByRole('button', { name: 'Finish zone' }).click();
    await status(/is not a simple polygon/);
    await page.locator('[data-test=draft-kept]').waitFor();
    await page.getByText('Click the corners on the plan (4 so far)').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Promo corner');
    await shot('zone-refused-kept');
    await page.getByRole('button', { name: 'Undo point' }).click();
    await page.getByRole('button', { name: 'Undo point' }).click();
    for (const k of ['c', 'd'] as const) await page.mouse.click(corner[k][0]!, corner[k][1]!);
    await page.getByRole('button', { name: 'Finish zone' }).click();
    await status(/Zone saved/);
    await expect.poll(() => page.locator('path.feature-zone').count()).toBe(zones + 1);
    await page.getByText('Promo corner', { exact: true }).waitFor();
    await page.getByText(`${zones + 1} zones on this level`).waitFor();
  }, 60_000);

  it('shows a clerk the map tools as theirs to use or not, and keeps beacons and calibration theirs', async () => {
    await signIn('clerk.sh001@freshmart.demo');
    await openStore(/Nanjing East Road/);
    const notYours = 'Only a store manager or brand admin can change the map';
    for (const name of ['Outline', 'Shelf', 'Zone', 'Wall', 'Set scale', '+ Level']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isDisabled(), name).toBe(true);
      expect(await button.getAttribute('title'), name).toBe(notYours);
    }
    for (const test of ['plan-file', 'map-file'])
      expect(await page.locator(`[data-test=${test}]`).isDisabled(), test).toBe(true);
    await page.locator('[data-test=map-locked]').waitFor();
    // A shape clicked on the plan can be looked at, not renamed or deleted.
    const tills = (await page.getByText('Tills', { exact: true }).first().boundingBox())!;
    await page.mouse.click(tills.x + tills.width / 2, tills.y + tills.height / 2);
    const panel = page.locator('[data-test=selected-feature]');
    await panel.waitFor();
    expect(await panel.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).toBe(true);
    expect(await panel.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    await panel.getByRole('button', { name: 'Close' }).click();
    // What the server lets a clerk do stays open to them.
    for (const name of ['From fixed scanners', 'Start calibration walk'])
      expect(await page.getByRole('button', { name }).isEnabled(), name).toBe(true);
    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/Beacon 100:\d+ placed/);
    await shot('clerk-tools');
    // A beacon dragged off the store: the server says where it may hang, and the marker goes back.
    const marker = page.locator('.beacon-icon').first();
    const from = (await marker.boundingBox())!;
    const plan = (await page.locator('[data-test=plan]').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(plan.x + 20, from.y + from.height / 2, { steps: 8 });
    await page.mouse.up();
    await status(/x \(.*\) is [\d.]+ m outside level 0's outline/);
    await expect.poll(async () => Math.round((await marker.boundingBox())!.x)).toBe(Math.round(from.x));
  }, 60_000);

  it('opens a campaign of every store with one request for its zones, not a map per store, and names each', async () => {
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.call(admin, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
    const tills = async (code: string) =>
      (await call('GET', `/stores/${stores[code]}/map`))
        .json()
        .map.features.find((f: { kind: string; name: string }) => f.kind === 'zone' && f.name === 'Tills').id;
    // A zone drawn for the campaign and deleted since (a draft does not hold the map's save up).
    const drawn = await call('POST', `/stores/${stores.SH003}/zones`, {
      level: 0,
      name: 'Pop-up stand',
      polygon: [
        [20, 10],
        [24, 10],
        [24, 14],
        [20, 14],
      ],
    });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const campaign = await call('POST', '/campaigns', {
      name: 'Every store at the tills',
      trigger: { kind: 'zone_enter', zones: [await tills('SH001'), await tills('SH002'), drawn.json().id] },
      schedule: { starts_at: '2026-01-01T00:00:00Z', ends_at: '2030-01-01T00:00:00Z' },
      offer: { kind: 'content', title: 'Hello', body: 'At the tills' },
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const sh003 = (await call('GET', `/stores/${stores.SH003}/map`)).json().map;
    const kept = sh003.features.filter((f: { id: string }) => f.id !== drawn.json().id);
    expect((await call('PUT', `/stores/${stores.SH003}/map`, { ...sh003, features: kept })).statusCode).toBe(
      200,
    );

    await signIn('admin@freshmart.demo');
    await page.getByRole('heading', { name: 'Choose a store' }).waitFor();
    const reads: string[] = [];
    const count = (r: { method(): string; url(): string }) => {
      const { pathname } = new URL(r.url());
      if (r.method() === 'GET' && /\/(map|zones)$/.test(pathname)) reads.push(pathname);
    };
    page.on('request', count);
    await page.goto(`${base}/console/#/campaigns/${campaign.json().id}`);
    const chips = page.locator('[data-test=picked-zones] li');
    await expect
      .poll(() => chips.allTextContents(), { timeout: 15_000 })
      .toEqual([
        'Tills · FreshMart Nanjing East Road×',
        'Tills · FreshMart Xintiandi×',
        'Zone deleted · no longer on its map×',
      ]);
    await page.locator('[data-test=zones-deleted]').waitFor();
    page.off('request', count);
    // The picker's map of the first store, and the campaign's zones: not the maps of all three stores.
    expect(reads.sort()).toEqual([`/api/v1/stores/${stores.SH001}/map`, '/api/v1/zones']);
    await page.locator('[data-test=zones-deleted]').scrollIntoViewIfNeeded();
    await shot('campaign-zones-of-every-store');
  }, 60_000);

  it('reads in Chinese once switched to 中文: places a beacon, and refuses a zone live campaigns fire in', async () => {
    await signIn('admin@freshmart.demo');
    await openStore(/Xintiandi/);
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('aside.tools h2').allTextContents()).toEqual([
      '平面图',
      '绘制',
      '信标',
      '固定扫描器',
      '定位精度',
      '实时',
      '校准',
      '路线',
      '导入导出',
    ]);
    for (const name of ['设置比例尺', '外轮廓', '货架', '区域', '墙', '+ 楼层', '导出 CSV', '显示精度热力图'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    for (const name of ['开始校准行走', '根据固定扫描器', '显示路线', '添加扫描器', '← 门店列表'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(1);
    await page.getByText(/^本楼层：\d+ 个货架 · \d+ 个区域$/).waitFor();
    await page.getByText('将信标拖到平面图上').waitFor();
    await status(/^就绪$/);

    await page.locator('[data-test=beacon-palette]').dragTo(page.locator('[data-test=plan]'));
    await status(/^信标 200:\d+ 已放置在 [\d.-]+, [\d.-]+$/);
    await page.getByText(/^本楼层 \d+ 个；在平面图上拖动信标即可移动。$/).waitFor();
    await shot('chinese-beacon-placed');

    // The demo's live campaigns fire at Xintiandi's tills too: the delete is refused, said in Chinese.
    const tills = (await page.getByText('Tills', { exact: true }).first().boundingBox())!;
    await page.mouse.click(tills.x + tills.width / 2, tills.y + tills.height / 2);
    const panel = page.locator('[data-test=selected-feature]');
    await panel.getByText('已选：区域').waitFor();
    await panel.getByRole('button', { name: '删除', exact: true }).click();
    const confirm = panel.locator('[data-test=confirm-delete]');
    await expect
      .poll(() => confirm.locator('p').textContent())
      .toMatch(
        /^无法删除区域“Tills”：活动“(Checkout treat|Fresh picks at the tills)”（进行中）和“(Checkout treat|Fresh picks at the tills)”（进行中）正在该区域触发，删除后地图将无法保存。请先结束这些活动，或将此区域从活动中移除。$/,
      );
    await shot('chinese-zone-delete-refused');
    await confirm.getByRole('button', { name: '关闭' }).click();
    await confirm.waitFor({ state: 'detached' });

    // Back in English at once, from the same switch: the next tests sign in through the English form.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('aside.tools h2').first().textContent()).toBe('Floor plan');
    await panel.getByText('Selected zone').waitFor();
  }, 60_000);

  it('refuses at once to delete a zone live campaigns fire in, tells a draft what befalls it, and deletes once they end', async () => {
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    const zones = await page.locator('path.feature-zone').count();
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/map')) puts.push(r.url());
    });
    const panel = page.locator('[data-test=selected-feature]');
    const confirm = panel.locator('[data-test=confirm-delete]');
    const askToDeleteTills = async () => {
      const tills = (await page.getByText('Tills', { exact: true }).first().boundingBox())!;
      await page.mouse.click(tills.x + tills.width / 2, tills.y + tills.height / 2);
      await panel.getByRole('button', { name: 'Delete', exact: true }).click();
    };

    // The demo's two live campaigns at the tills: the server would refuse the save, so the editor refuses
    // the delete before trying, names them (each a link to its rules) and says what to do.
    await askToDeleteTills();
    const words = () => confirm.locator('p').textContent();
    await expect.poll(words).toMatch(/^The zone “Tills” cannot be deleted: /);
    const refusal = (await words())!;
    for (const part of [
      '“Checkout treat” (active)',
      '“Fresh picks at the tills” (active)',
      ' fire in it, and the map would not save. End them, or take this zone out of them, first.',
    ])
      expect(refusal).toContain(part);
    // A draft at the tills does not hold the save up, so it is not named here.
    expect(refusal).not.toContain('Every store at the tills');
    expect(await confirm.getByRole('button', { name: 'Delete zone' }).count()).toBe(0);
    expect(await confirm.getByRole('link', { name: 'Checkout treat' }).getAttribute('href')).toMatch(
      /^#\/campaigns\/[0-9a-f-]{36}$/,
    );
    await shot('zone-delete-refused-live');
    await confirm.getByRole('button', { name: 'Close' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(puts).toEqual([]);

    // A store manager does not read campaigns: they are told the rule, and the server's refusal names them.
    await signIn('manager.sh001@freshmart.demo');
    await openStore(/Nanjing East Road/);
    await askToDeleteTills();
    await expect
      .poll(words)
      .toContain(
        'If a scheduled, active or paused campaign fires in it, the map will not save until that campaign is ended or no longer uses the zone.',
      );
    await confirm.getByRole('button', { name: 'Delete zone' }).click();
    await status(
      /Saving this map would delete the zone “Tills” on Ground floor \(level 0\), where the campaigns .*“Checkout treat” \(active\).* fire: edit or end them first/,
    );
    expect(await page.locator('footer.status').getAttribute('class')).toMatch(/error/);
    expect(puts.length).toBe(1);
    expect(await page.locator('path.feature-zone').count()).toBe(zones);
    expect(await panel.locator('input[name=selected-name]').inputValue()).toBe('Tills');
    await shot('zone-delete-refused-by-server');

    // Once the live campaigns end, the delete is asked for, saying what befalls the draft and the ended ones.
    const campaigns = (await t.call(admin, { method: 'GET', url: '/api/v1/campaigns' })).json();
    const named = (name: string) => campaigns.find((c: { name: string }) => c.name === name);
    for (const name of ['Checkout treat', 'Fresh picks at the tills'])
      expect(
        (
          await t.call(admin, {
            method: 'POST',
            url: `/api/v1/campaigns/${named(name).id}/status`,
            payload: { status: 'ended' },
          })
        ).statusCode,
      ).toBe(200);
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    await askToDeleteTills();
    await expect
      .poll(words)
      .toContain(
        'The draft “Every store at the tills” uses it: the campaign editor will show the zone as deleted, and it cannot be scheduled until the zone is taken out.',
      );
    expect(await words()).toMatch(
      /The ended campaigns “(Checkout treat|Fresh picks at the tills)” and “(Checkout treat|Fresh picks at the tills)” used it: nothing changes for them; their reports stay\./,
    );
    await shot('zone-delete-confirm-draft');
    await confirm.getByRole('button', { name: 'Delete zone' }).click();
    await status(/Zone Tills deleted/);
    expect(puts.length).toBe(2);
    await expect.poll(() => page.locator('path.feature-zone').count()).toBe(zones - 1);

    // As the confirmation said: the draft's editor shows the zone deleted, and it cannot be scheduled.
    const draft = named('Every store at the tills');
    await page.goto(`${base}/console/#/campaigns/${draft.id}`);
    await expect
      .poll(() => page.locator('[data-test=picked-zones] li').allTextContents(), { timeout: 15_000 })
      .toEqual([
        'Zone deleted · no longer on its map×',
        'Tills · FreshMart Xintiandi×',
        'Zone deleted · no longer on its map×',
      ]);
    const scheduled = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/campaigns/${draft.id}/status`,
      payload: { status: 'scheduled' },
    });
    expect(scheduled.json()).toMatchObject({ code: 'SS_ERR_CAMPAIGN_ZONES_DELETED' });
  }, 90_000);

  it('opens a level whose beacons hang 10 m apart on the 2 m walk, and says why', async () => {
    // A store of one beacon per 100 m²: the 4 m walk leaves its blue dot over 3 m (docs/benchmarks.md).
    const { id, anchors } = await storeWithMap(
      t,
      admin,
      { code: 'SH090', name: 'FreshMart Sparse' },
      { width: 60, depth: 40, levels: 1, layout: 'shelving', beaconSpacing: 10 },
    );
    const csv = [
      'uuid,major,minor,name,x,y,z,level,tx_power',
      ...anchors.map((a) => `${a.id.split(':').join(',')},B${a.id.split(':')[2]},${a.x},${a.y},${a.z},0,-59`),
    ].join('\n');
    const imported = await t.call(admin, {
      method: 'POST',
      url: `/api/v1/stores/${id}/beacons/csv`,
      payload: { csv: `${csv}\n` },
    });
    expect(imported.statusCode, imported.body).toBe(200);

    await signIn('admin@freshmart.demo');
    await openStore(/FreshMart Sparse/);
    const spacing = page.getByLabel('Walk points every');
    await expect.poll(() => spacing.inputValue()).toBe('2');
    expect(await page.locator('[data-test=walk-called-for]').textContent()).toBe(
      'Beacons on this level hang about 10 m apart: the walk with points every 2 m is the one that brings the blue dot within 3 m, so it is chosen.',
    );
    await page.locator('[data-test=walk-called-for]').scrollIntoViewIfNeeded();
    await shot('sparse-store-walk-called-for');
    // The walk the clerk starts is that one: its marked points every 2 m.
    const site = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${id}/site` })).json();
    await page.getByRole('button', { name: 'Start calibration walk' }).click();
    await page.getByText(`0 points recorded, ${calibrationWalk(site, 0, 2).length} to go`).waitFor();
  }, 90_000);

  it("proposes a level's beacons with their predicted accuracy, and adds them on Accept", async () => {
    await storeWithMap(
      t,
      admin,
      { code: 'SH092', name: 'FreshMart Unhung' },
      { width: 40, depth: 30, levels: 1, layout: 'shelving', beaconSpacing: 6 },
    );
    // A new store's clerk is not set up yet: the brand admin plans its beacons.
    await signIn('admin@freshmart.demo');
    await page.getByRole('button', { name: /FreshMart Unhung/ }).click();
    await expect
      .poll(() => page.locator('path.feature-shelf').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);
    await page.getByText('0 on this level').waitFor();

    await page.getByRole('button', { name: 'Plan beacons…' }).click();
    const figures = page.locator('[data-test=plan-figures]');
    // 40 × 30 m every 6 m: 7 × 5 on the ceiling.
    await expect
      .poll(() => figures.textContent())
      .toMatch(/^35 beacons · predicted mean \d\.\d m, \d+% of the floor within 3 m$/);
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(35);
    expect(await page.locator('.beacon-icon').count()).toBe(0);
    await shot('planned-6m');

    // 10 m apart is sparser, and predicted worse.
    const at6 = Number((await figures.textContent())!.match(/(\d+)% of the floor/)![1]);
    await page.getByLabel('One every').selectOption('10');
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(12);
    const at10 = Number((await figures.textContent())!.match(/(\d+)% of the floor/)![1]);
    expect(at10).toBeLessThan(at6);
    await shot('planned-10m');

    // Cancel takes the ghosts off; planned again at 6 m and accepted, they hang.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(0);
    await page.getByRole('button', { name: 'Plan beacons…' }).click();
    await expect.poll(() => page.locator('.planned-icon').count()).toBe(35);
    await page.getByRole('button', { name: 'Accept' }).click();
    await browser.status(/35 planned beacons added/);
    await expect.poll(() => page.locator('.beacon-icon').count()).toBe(35);
    expect(await page.locator('.planned-icon').count()).toBe(0);
    await page.getByText('35 on this level').waitFor();
    // Each with its own identity, as a beacon dragged onto the plan gets.
    const labels = await page.locator('.beacon-icon').allTextContents();
    expect(new Set(labels).size).toBe(35);
    await shot('plan-accepted');
  }, 120_000);
});
