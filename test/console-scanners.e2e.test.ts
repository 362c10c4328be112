/**
 * The store's fixed scanners in Chromium against the real server and the demo seed: a brand admin adds
 * an ESPresense node standing at a beacon (picked from the list, or clicked on the plan), saved at once
 * and still there after a reload with the MQTT login the broker takes (copied to the clipboard); a
 * name another store holds is refused beside the name field, saying what to do; a store manager sees
 * the same logins (and where the embedded broker listens, when the server runs one); a clerk setting
 * up beacons sees which scanners hang where, read-only, and no password; an admin removes one, asked
 * once. The taken name is said in Chinese too, once the editor is switched to 中文. Screenshots land in
 * test-results/console-scanners/.
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
let admin: string;
const stores: Record<string, string> = {};
const shot = (name: string) => browser.shot(name);
const panel = () => page.locator('[data-test=scanners]');
const listed = () => panel().locator('[data-test=scanner]');

const status = (text: RegExp) => browser.status(text);

/** Signs in and opens the store maps (staff land on Today). */
async function signIn(email: string) {
  await browser.signIn(base, email, DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Store maps' }).click();
}

async function openStore(name: RegExp) {
  await page.getByRole('button', { name }).click();
  await expect.poll(() => page.locator('.beacon-icon').count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-scanners'));
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await t.call(admin, { method: 'GET', url: '/api/v1/stores' })).json())
    stores[s.code] = s.id;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('fixed scanners in the store setup', () => {
  let beacon: { uuid: string; major: number; minor: number; name: string | null };
  let login: { username: string; password: string };

  it('lets a brand admin add an ESPresense node at a beacon, and shows its MQTT login after a reload', async () => {
    [beacon] = (await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/beacons` })).json();
    const label = `${beacon.minor} · ${beacon.name ?? `${beacon.major}:${beacon.minor}`}`;
    const anchor = `${beacon.uuid.toLowerCase()}:${beacon.major}:${beacon.minor}`;
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    await panel().scrollIntoViewIfNeeded();
    await panel().getByText('None yet.').waitFor();

    await panel().getByRole('button', { name: 'Add a scanner' }).click();
    // Nothing picked yet: said beside the field, nothing sent.
    await panel().getByLabel('Name', { exact: true }).fill('fresh-produce');
    await panel().getByRole('button', { name: 'Add and save' }).click();
    expect(await panel().locator('.field-error').textContent()).toBe('Pick the beacon the scanner stands at');
    await panel().getByLabel('Kind').selectOption({ label: 'ESPresense node' });
    await panel().getByText('The name is its Room, as set in ESPresense’s settings').waitFor();
    await panel().getByLabel('Stands at beacon').selectOption(anchor);
    // The field corrected, its complaint goes.
    await expect.poll(() => panel().locator('.field-error').count()).toBe(0);
    expect(await panel().getByLabel('Stands at beacon').locator('option:checked').textContent()).toContain(
      label,
    );
    await shot('scanner-form');
    await panel().getByRole('button', { name: 'Add and save' }).click();
    await status(/Scanner fresh-produce added/);
    const saved = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/scanners` })
    ).json();
    expect(saved.scanners).toEqual([{ source: 'espresense', scanner: 'fresh-produce', anchor }]);
    [login] = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/scanners/mqtt-logins` })
    ).json().scanners;
    // The new scanner's login opens at once, for the person standing at it.
    await panel().locator('[data-test=mqtt-login]').waitFor();

    // The tab keeps the store open across the reload.
    await page.reload();
    await expect.poll(() => page.locator('.beacon-icon').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => listed().count(), { timeout: 15_000 }).toBe(1);
    expect(await listed().first().textContent()).toContain(
      `fresh-produceESPresense node · at beacon ${label}`,
    );
    await listed().first().getByRole('button', { name: 'MQTT login' }).click();
    const shown = listed().first().locator('[data-test=mqtt-login]');
    expect(await shown.getByRole('textbox', { name: 'Username' }).inputValue()).toBe('fresh-produce');
    expect(await shown.getByRole('textbox', { name: 'Password' }).inputValue()).toBe(login.password);
    expect(login.password.length).toBeGreaterThan(16);
    // The tests' server uses a broker of its own (MQTT_URL): the console names it, as /health does.
    await shown.getByText('Set these as the user and password in the scanner’s MQTT settings.').waitFor();
    expect(await shown.textContent()).toContain('The broker is 127.0.0.1, port 1883.');
    await shown.getByRole('button', { name: 'Copy password' }).click();
    await expect
      .poll(() => shown.getByRole('button', { name: 'Copy password' }).textContent())
      .toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(login.password);
    await shown.scrollIntoViewIfNeeded();
    await shot('scanner-login');
  }, 90_000);

  it('refuses a name another store holds beside the name field, and saves nothing', async () => {
    const [other] = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH002}/beacons` })
    ).json();
    const taken = await t.call(admin, {
      method: 'PUT',
      url: `/api/v1/stores/${stores.SH002}/scanners`,
      payload: {
        scanners: [
          {
            source: 'espresense',
            scanner: 'tills',
            anchor: `${other.uuid.toLowerCase()}:${other.major}:${other.minor}`,
          },
        ],
      },
    });
    expect(taken.statusCode, taken.body).toBe(200);
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/scanners')) puts.push(r.url());
    });
    await panel().getByRole('button', { name: 'Add a scanner' }).click();
    await panel().getByLabel('Name', { exact: true }).fill('tills');
    // The beacon clicked on the plan is the one it stands at.
    const sh001 = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/beacons` })
    ).json();
    const second = sh001.find(
      (b: { level: number; minor: number }) => b.level === 0 && b.minor !== beacon.minor,
    );
    await page.locator('.beacon-icon', { hasText: new RegExp(`^${second.minor}$`) }).click();
    // The click reaches the form on the panel's next render.
    await expect
      .poll(() => panel().getByLabel('Stands at beacon').inputValue())
      .toBe(`${second.uuid.toLowerCase()}:${second.major}:${second.minor}`);
    await panel().getByRole('button', { name: 'Add and save' }).click();
    await status(/Scanner tills is already mapped to another store/);
    expect(await page.locator('footer.status').getAttribute('class')).toMatch(/error/);
    const error = panel().locator('.field-error');
    expect(await error.textContent()).toBe(
      'Scanner tills is already mapped to another store: each name belongs to one store, of any brand. Remove it there first, or give this one another name (with the store’s code, say).',
    );
    expect(await panel().getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(puts).toHaveLength(1);
    // The form keeps what was typed, to correct; the list stays what the server has.
    expect(await panel().getByLabel('Name', { exact: true }).inputValue()).toBe('tills');
    expect(await listed().count()).toBe(1);
    await error.scrollIntoViewIfNeeded();
    await shot('scanner-name-taken');

    // A name the broker keeps for its own users: the server's 400 shows beside the name too.
    await panel().getByLabel('Name', { exact: true }).fill('smartstore');
    await panel().getByRole('button', { name: 'Add and save' }).click();
    await expect
      .poll(() => error.textContent())
      .toBe('May not use the name smartstore, which the broker keeps for its own users');

    // In Chinese, the same form and the taken name said beside the field and in the status line.
    await page.getByRole('button', { name: '中文' }).click();
    await panel().getByLabel('名称', { exact: true }).fill('tills');
    await panel().getByRole('button', { name: '添加并保存' }).click();
    const takenInChinese =
      '扫描器 tills 已登记在另一家门店：每个名称只能属于一家门店（不分品牌）。请先在那家门店移除它，或给这个扫描器另起一个名称（例如加上门店编号）。';
    await expect.poll(() => error.textContent()).toBe(takenInChinese);
    expect(await page.locator('footer.status').textContent()).toBe(takenInChinese);
    await error.scrollIntoViewIfNeeded();
    await shot('scanner-name-taken-chinese');
    await page.getByRole('button', { name: 'English' }).click();
    await panel().getByRole('button', { name: 'Cancel' }).click();
    const saved = (
      await t.call(admin, { method: 'GET', url: `/api/v1/stores/${stores.SH001}/scanners` })
    ).json();
    expect(saved.scanners.map((s: { scanner: string }) => s.scanner)).toEqual(['fresh-produce']);
  }, 60_000);

  it('shows a store manager the logins, and a clerk the list read-only without a password', async () => {
    // A server running its embedded broker (npm start): the console says where that one listens.
    await page.route('**/health', (route) =>
      route.fulfill({ json: { status: 'ok', checks: { mqtt: { ok: true, detail: 'embedded broker' } } } }),
    );
    await signIn('manager.sh001@freshmart.demo');
    await openStore(/Nanjing East Road/);
    await expect.poll(() => listed().count(), { timeout: 15_000 }).toBe(1);
    await listed().first().getByRole('button', { name: 'MQTT login' }).click();
    expect(await listed().first().getByRole('textbox', { name: 'Password' }).inputValue()).toBe(
      login.password,
    );
    await expect
      .poll(() => listed().first().locator('[data-test=mqtt-login]').textContent())
      .toContain(
        'The broker is the server’s own (embedded), on port 1884 unless MQTT_EMBEDDED_PORT says otherwise',
      );
    await page.unroute('**/health');

    await signIn('clerk.sh001@freshmart.demo');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/scanners')) asked.push(new URL(r.url()).pathname);
    });
    await openStore(/Nanjing East Road/);
    await expect.poll(() => listed().count(), { timeout: 15_000 }).toBe(1);
    const label = `${beacon.minor} · ${beacon.name ?? `${beacon.major}:${beacon.minor}`}`;
    expect(await listed().first().textContent()).toContain(
      `fresh-produceESPresense node · at beacon ${label}`,
    );
    await panel()
      .getByText(
        'A store manager or brand admin adds and removes the store’s fixed scanners and holds their logins.',
      )
      .waitFor();
    expect(await panel().getByRole('button').count()).toBe(0);
    expect(await page.content()).not.toContain(login.password);
    // The list only, nothing the server would refuse a clerk: no error in the status line.
    expect(asked).toEqual([`/api/v1/stores/${stores.SH001}/scanners`]);
    expect(await page.locator('footer.status').getAttribute('class')).not.toMatch(/error/);
    await panel().scrollIntoViewIfNeeded();
    await shot('clerk-scanners');
  }, 60_000);

  it('lets a brand admin remove a scanner, asked once, after which it has no login', async () => {
    await signIn('admin@freshmart.demo');
    await openStore(/Nanjing East Road/);
    await expect.poll(() => listed().count(), { timeout: 15_000 }).toBe(1);
    await listed().first().getByRole('button', { name: 'Remove', exact: true }).click();
    await listed().first().getByText('Removed, it can no longer log in to the broker.').waitFor();
    await listed().first().getByRole('button', { name: 'Remove fresh-produce' }).click();
    await status(/Scanner fresh-produce removed/);
    await expect.poll(() => listed().count()).toBe(0);
    await panel().getByText('None yet.').waitFor();
    const logins = await t.call(admin, {
      method: 'GET',
      url: `/api/v1/stores/${stores.SH001}/scanners/mqtt-logins`,
    });
    expect(logins.json()).toEqual({ scanners: [] });
  }, 60_000);
});
