/** A demo brand shopper signed in through the WeChat demo login, with the consents given. */
import type { TestApp } from './app.js';

export const LOCATION_CONSENTS = { location_tracking: true, location_marketing: true };

export async function signInShopper(
  t: TestApp,
  code: string,
  consents: Record<string, boolean> = LOCATION_CONSENTS,
): Promise<{ id: string; token: string }> {
  const session = (
    await t.call(undefined, {
      method: 'POST',
      url: '/api/v1/auth/wechat',
      payload: { tenant: 'freshmart', code },
    })
  ).json();
  for (const [purpose, granted] of Object.entries(consents)) {
    await t.call(session.token, {
      method: 'PUT',
      url: `/api/v1/me/consents/${purpose}`,
      payload: { granted, policy_version: '2026-11' },
    });
  }
  return { id: session.principal.id as string, token: session.token as string };
}
