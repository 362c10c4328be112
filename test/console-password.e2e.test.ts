/**
 * A clerk changes the first password their admin handed over, from the header's Change password, in
 * Chromium: two new passwords that differ said before anything is sent, a wrong current password
 * refused in the dialog in the server's words, then the change, after which the console carries on
 * signed in, the new password signs in and the old one and the old token do not; once more in Chinese.
 * Screenshots in test-results/console-password/.
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
const CLERK = 'clerk.sh001@freshmart.demo';
const shot = (name: string) => browser.shot(name);
const dialog = () => page.getByRole('dialog');
const logIn = (password: string) => t.api(undefined, 'POST', '/auth/login', { email: CLERK, password });
/** The tab's session token (a string: the tests are typed without the DOM library). */
const token = () => page.evaluate('sessionStorage.getItem("smart-store-token")') as Promise<string | null>;
/** The password changes the console sent. */
const sent: string[] = [];

beforeAll(async () => {
  ({ t, base, browser, page } = await consoleUnderTest('console-password'));
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/me/password')) sent.push(request.method());
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Fills the dialog: the current password, the new one and its repeat, in the labels' language. */
async function fill(labels: [string, string, string], values: [string, string, string]) {
  for (const [i, label] of labels.entries()) {
    await dialog().getByLabel(label, { exact: true }).fill(values[i]!);
  }
}

describe("a clerk's own password, from the console's header", () => {
  const ENGLISH: [string, string, string] = ['Current password', 'New password', 'New password again'];

  it('says two differing new passwords before sending, and shows a wrong current one refused', async () => {
    await browser.signIn(base, CLERK, DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Change password' }).click();
    await dialog().getByRole('heading', { name: 'Change your password' }).waitFor();
    await fill(ENGLISH, [DEMO_PASSWORD, 'clerk-new-pass', 'clerk-new-pasz']);
    await dialog().getByRole('button', { name: 'Change it' }).click();
    await dialog()
      .getByRole('alert')
      .filter({ hasText: 'The two new passwords differ: type the same one twice' })
      .waitFor();
    expect(sent).toEqual([]);
    await shot('mismatch');

    await fill(ENGLISH, ['not-my-password', 'clerk-new-pass', 'clerk-new-pass']);
    await dialog().getByRole('button', { name: 'Change it' }).click();
    await dialog().getByRole('alert').filter({ hasText: 'Your current password is wrong' }).waitFor();
    expect(sent).toEqual(['PUT']);
    await shot('wrong-current');
    expect((await logIn(DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('changes it and carries on signed in; the new password signs in, the old one and old token do not', async () => {
    const before = await token();
    await dialog().getByLabel('Current password').fill(DEMO_PASSWORD);
    await dialog().getByRole('button', { name: 'Change it' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();
    expect(await dialog().count()).toBe(0);
    await shot('changed');
    const after = await token();
    expect(after).not.toBe(before);
    expect((await t.api(before!, 'GET', '/stores')).statusCode).toBe(401);
    expect((await logIn(DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await logIn('clerk-new-pass')).json().principal).toMatchObject({ role: 'clerk' });
    // Still signed in: the next section loads with the tab's fresh session.
    await page.getByRole('link', { name: 'Stock' }).click();
    await page.getByRole('heading', { name: 'Stock', exact: true }).waitFor();
    expect(await token()).toBe(after);
  });

  it('does it in Chinese', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '修改密码' }).click();
    await dialog().getByRole('heading', { name: '修改你的密码' }).waitFor();
    const CHINESE: [string, string, string] = ['当前密码', '新密码', '再次输入新密码'];
    await fill(CHINESE, ['clerk-new-pass', DEMO_PASSWORD, `${DEMO_PASSWORD}!`]);
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await dialog()
      .getByRole('alert')
      .filter({ hasText: '两次输入的新密码不一致，请输入相同的密码' })
      .waitFor();
    await fill(CHINESE, [DEMO_PASSWORD, DEMO_PASSWORD, DEMO_PASSWORD]);
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await dialog().getByRole('alert').filter({ hasText: '当前密码不正确' }).waitFor();
    await shot('wrong-current-chinese');
    await dialog().getByLabel('当前密码').fill('clerk-new-pass');
    await dialog().getByRole('button', { name: '确认修改' }).click();
    await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor();
    await shot('changed-chinese');
    expect((await logIn(DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await logIn('clerk-new-pass')).statusCode).toBe(401);
    await page.getByRole('button', { name: 'English' }).click();
  });
});
