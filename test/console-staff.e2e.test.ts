/**
 * The brand admin's Staff section in Chromium, as on a new hire's first day and a leaver's last: an
 * account for a clerk at one store with a first password to hand over, the clerk signing in to that
 * store alone; a store-bound role without a store refused; a new password; the leaver deactivated
 * and shut out; the admin's own role and sign-in not theirs to change; the screen in Chinese.
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
const shot = (name: string) => browser.shot(name);
const status = (text: RegExp) => browser.status(text);
const dialog = () => page.getByRole('dialog');
const row = (email: string) => page.locator(`[data-test=staff] tr[data-staff="${email}"]`);
const logIn = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-staff'));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the Staff section in Chromium', () => {
  let password: string;

  it("lists the brand's accounts for its admin, with roles and stores", async () => {
    await browser.signIn(base, 'admin@freshmart.demo', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Staff' }).click();
    await row('clerk.sh001@freshmart.demo').waitFor();
    expect(await row('clerk.sh001@freshmart.demo').locator('td').allTextContents()).toEqual([
      'Clerk SH001',
      'clerk.sh001@freshmart.demo',
      'clerk',
      'SH001',
      'Active',
      'Change',
    ]);
    expect(await row('marketing@freshmart.demo').locator('td').nth(3).textContent()).toBe('Across the brand');
    expect(await row('admin@freshmart.demo').locator('td').first().textContent()).toMatch(/\(you\)$/);
    await shot('staff-list');
  });

  it('adds a clerk at one store with a first password they sign in with, to that store alone', async () => {
    await page.getByRole('button', { name: 'Add staff' }).click();
    await dialog().getByLabel('Name').fill('Wang Fang');
    await dialog().getByLabel('Email (to sign in)').fill('wang.fang@freshmart.demo');
    await dialog().getByLabel('Role').selectOption('clerk');
    password = await dialog().getByLabel('First password').inputValue();
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    // No store ticked: the server's refusal, in the dialog.
    await dialog().getByRole('button', { name: 'Add staff' }).click();
    await dialog().getByRole('alert').filter({ hasText: 'works at one store at least' }).waitFor();
    await dialog()
      .getByLabel(/\(SH002\)/)
      .check();
    await shot('add-clerk');
    await dialog().getByRole('button', { name: 'Add staff' }).click();
    await status(
      new RegExp(`^Added Wang Fang: they sign in as wang.fang@freshmart.demo with the password ${password}$`),
    );
    await expect.poll(() => row('wang.fang@freshmart.demo').locator('td').nth(3).textContent()).toBe('SH002');
    const session = (await logIn('wang.fang@freshmart.demo', password)).json();
    expect(session.principal).toMatchObject({ role: 'clerk' });
    const stores = (await t.api(session.token, 'GET', '/stores')).json() as { id: string; code: string }[];
    const sh002 = stores.find((s) => s.code === 'SH002')!.id;
    expect(session.principal.store_ids).toEqual([sh002]);
  });

  it('sets a new password, and deactivates a leaver, who can no longer sign in', async () => {
    await row('wang.fang@freshmart.demo').getByRole('button', { name: 'Change' }).click();
    await dialog().getByRole('button', { name: 'Make one' }).click();
    const fresh = await dialog().getByLabel('New password').inputValue();
    expect(fresh).not.toBe(password);
    await dialog().getByRole('button', { name: 'Save' }).click();
    await status(new RegExp(`^Saved Wang Fang; their new password is ${fresh}$`));
    expect((await logIn('wang.fang@freshmart.demo', password)).statusCode).toBe(401);
    expect((await logIn('wang.fang@freshmart.demo', fresh)).statusCode).toBe(200);

    await row('wang.fang@freshmart.demo').getByRole('button', { name: 'Change' }).click();
    await dialog()
      .getByLabel(/May sign in/)
      .uncheck();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await status(/^Saved Wang Fang$/);
    await expect
      .poll(() => row('wang.fang@freshmart.demo').locator('td').nth(4).textContent())
      .toBe('Deactivated');
    expect((await logIn('wang.fang@freshmart.demo', fresh)).statusCode).toBe(401);
    await shot('deactivated');
  });

  it('does not let the admin change their own role or sign-in', async () => {
    await row('admin@freshmart.demo').getByRole('button', { name: 'Change' }).click();
    expect(await dialog().getByLabel('Role').isDisabled()).toBe(true);
    expect(
      await dialog()
        .getByLabel(/May sign in/)
        .count(),
    ).toBe(0);
    await dialog().getByText('Your own role is changed by another brand admin.').waitFor();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows the accounts in Chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '员工账号' }).waitFor();
    expect(await page.locator('[data-test=staff] thead th').allTextContents()).toEqual([
      '姓名',
      '邮箱（用于登录）',
      '角色',
      '门店',
      '登录',
      '',
    ]);
    expect(await row('clerk.sh001@freshmart.demo').locator('td').nth(2).textContent()).toBe('店员');
    expect(await row('wang.fang@freshmart.demo').locator('td').nth(4).textContent()).toBe('已停用');
    await shot('staff-chinese');
    await page.getByRole('button', { name: 'English' }).click();
  });
});
