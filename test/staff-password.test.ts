/**
 * Staff change their own password (PUT /api/v1/me/password): the current one proves it is them, the
 * new one is checked, their other sessions are refused and the answer is a session that goes on.
 * Five wrong passwords in a quarter of an hour lock an account's login, or its password change, until
 * the quarter is up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PLATFORM_ADMIN, seedDemo } from '../db/seed.js';
import { accountOf, loginOf, MAX_WRONG, WINDOW_S } from '../tenancy/wrong-passwords.js';
import { startTestApp, type TestApp } from './support/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.close();
});

const login = (email: string, password: string) =>
  t.api(undefined, 'POST', '/auth/login', { email, password });
const change = (token: string | undefined, payload: object) => t.api(token, 'PUT', '/me/password', payload);

describe('changing one’s own password', () => {
  it('refuses a wrong current password, a short new one and the same one, naming the field', async () => {
    const clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
    const wrong = await change(clerk, {
      current_password: 'not-my-password',
      new_password: 'a-new-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'SS_ERR_PASSWORD_WRONG', field: 'current_password' });
    const short = await change(clerk, { current_password: DEMO_PASSWORD, new_password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'new_password' });
    const same = await change(clerk, { current_password: DEMO_PASSWORD, new_password: DEMO_PASSWORD });
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ code: 'SS_ERR_PASSWORD_UNCHANGED', field: 'new_password' });
    const missing = await change(clerk, { new_password: 'a-new-password' });
    expect(missing.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'current_password' });
    // None of them changed anything: the password still signs in, the token still works.
    expect((await login('clerk.sh001@freshmart.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await t.api(clerk, 'GET', '/stores')).statusCode).toBe(200);
  });

  it('changes it: the old one no longer signs in, the other sessions are refused, the answer goes on', async () => {
    const first = (await login('manager.sh001@freshmart.demo', DEMO_PASSWORD)).json();
    const other = await t.login('manager.sh001@freshmart.demo', DEMO_PASSWORD);
    const changed = await change(first.token, {
      current_password: DEMO_PASSWORD,
      new_password: 'manager-new-pw',
    });
    expect(changed.statusCode).toBe(200);
    const session = changed.json();
    expect(session).toMatchObject({ expires_in: first.expires_in, principal: first.principal });
    expect(session.token).not.toBe(first.token);
    expect((await t.api(session.token, 'GET', '/stores')).statusCode).toBe(200);
    for (const old of [first.token, other]) {
      const refused = await t.api(old, 'GET', '/stores');
      expect(refused.statusCode).toBe(401);
      expect(refused.json().message).toBe('Your account was changed: sign in again');
    }
    expect((await login('manager.sh001@freshmart.demo', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await login('manager.sh001@freshmart.demo', 'manager-new-pw')).json().principal).toEqual(
      first.principal,
    );
    // The fresh session changes it again, with the password it now has.
    const again = await change(session.token, {
      current_password: 'manager-new-pw',
      new_password: DEMO_PASSWORD,
    });
    expect(again.statusCode).toBe(200);
    expect((await login('manager.sh001@freshmart.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('lets a platform admin, of no brand, change theirs', async () => {
    const root = await t.login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const changed = await change(root, {
      current_password: PLATFORM_ADMIN.password,
      new_password: 'platform-new-pw',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().principal).toMatchObject({ role: 'platform_admin', tenant_id: null });
    expect((await t.api(changed.json().token, 'GET', '/tenants')).statusCode).toBe(200);
    expect((await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password)).statusCode).toBe(401);
    expect((await login(PLATFORM_ADMIN.email, 'platform-new-pw')).statusCode).toBe(200);
  });

  it('is for staff: a shopper is refused, and nobody without a token', async () => {
    const shopper = (
      await t.api(undefined, 'POST', '/auth/wechat', { tenant: 'freshmart', code: 'pw-shopper' })
    ).json().token as string;
    const refused = await change(shopper, { current_password: 'whatever1', new_password: 'whatever2' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('SS_ERR_FORBIDDEN');
    expect(
      (await change(undefined, { current_password: 'whatever1', new_password: 'whatever2' })).statusCode,
    ).toBe(401);
  });
});

describe('wrong passwords, many of them', () => {
  /** Ends the account's window now, as a quarter of an hour would: Redis expires the count. */
  const windowEnds = async (who: string) => {
    await t.app.redis.expire(`wrong-password:${who}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
  };

  it('locks a login out after five wrong passwords, the right one too, until the window ends', async () => {
    const email = 'marketing@freshmart.demo';
    for (let n = 1; n < MAX_WRONG; n++) {
      const refused = await login(n % 2 ? email : email.toUpperCase(), `guess-${n}`);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().code).toBe('SS_ERR_LOGIN_FAILED');
    }
    const fifth = await login(email, 'guess-5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json()).toMatchObject({
      code: 'SS_ERR_TOO_MANY_ATTEMPTS',
      field: 'password',
      message: 'Too many wrong passwords for this account: try again in 15 minutes',
    });
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(WINDOW_S - 60);
    expect(Number(fifth.headers['retry-after'])).toBeLessThanOrEqual(WINDOW_S);
    // Locked, the password is not even checked: the right one is refused alike.
    const right = await login(email, DEMO_PASSWORD);
    expect(right.statusCode).toBe(429);
    // Another account, and an email nobody has, each count their own.
    expect((await login('admin@freshmart.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    for (let n = 1; n < MAX_WRONG; n++)
      expect((await login('nobody@freshmart.demo', 'x')).statusCode).toBe(401);
    expect((await login('nobody@freshmart.demo', 'x')).statusCode).toBe(429);

    await windowEnds(loginOf(email));
    expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('forgets the wrong ones once the right password signs in', async () => {
    const email = 'clerk.sh001@freshmart.demo';
    for (let n = 1; n < MAX_WRONG; n++) expect((await login(email, 'guess')).statusCode).toBe(401);
    expect((await login(email, DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await login(email, 'guess')).statusCode).toBe(401);
  });

  it('locks a password change out after five wrong current passwords', async () => {
    const admin = (await login('admin@freshmart.demo', DEMO_PASSWORD)).json();
    const attempt = (current: string) =>
      change(admin.token, { current_password: current, new_password: 'admin-new-password' });
    for (let n = 1; n < MAX_WRONG; n++) expect((await attempt(`guess-${n}`)).statusCode).toBe(400);
    const fifth = await attempt('guess-5');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().code).toBe('SS_ERR_TOO_MANY_ATTEMPTS');
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(429);
    await windowEnds(accountOf(admin.principal.id));
    expect((await attempt(DEMO_PASSWORD)).statusCode).toBe(200);
  });
});
