/**
 * The shopper's session: wx.login's code traded at POST /auth/wechat for the server's token, kept
 * in storage until shortly before it expires. Consents come with it.
 */
import { config } from './config';
import { send } from './http';
import { t } from './i18n';

export type Purpose = 'location_tracking' | 'location_marketing';

export interface ConsentState {
  purpose: Purpose;
  granted: boolean;
  policy_version: string | null;
  recorded_at: string | null;
  in_effect?: boolean;
}

export interface Session {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  shopperId: string;
  tenantId: string;
  /** 'demo': the server has no WeChat credentials and derives the shopper from the code. */
  mode: 'wechat' | 'demo';
  /** The brand's WeChat subscribe-message template for order updates, asked for at checkout; null: none. */
  orderStatusTemplateId: string | null;
  /** The brand's template for appointment reminders, asked for when the shopper books; null: none. */
  reminderTemplateId: string | null;
}

interface LoginAnswer {
  token: string;
  expires_in: number;
  mode: 'wechat' | 'demo';
  principal: { id: string; tenant_id: string };
  consents: ConsentState[];
  order_status_template_id: string | null;
  reminder_template_id: string | null;
}

const KEY = 'ss.session';
/** A token this close to its expiry is renewed before use rather than refused mid-checkout. */
const RENEW_MARGIN_MS = 5 * 60_000;

export function storedSession(): Session | null {
  const session = wx.getStorageSync(KEY) as Session | '' | undefined;
  return session && session.expiresAt - RENEW_MARGIN_MS > Date.now() ? session : null;
}

export function forgetSession(): void {
  wx.removeStorageSync(KEY);
}

function wxLoginCode(): Promise<string> {
  return new Promise((resolve, reject) =>
    wx.login({
      success: ({ code }) => resolve(code),
      fail: (error) => reject(new Error(t('loginFailed', { reason: error.errMsg }))),
    }),
  );
}

/** Signs in afresh; answers the session and the shopper's consents as the server holds them. */
export async function signIn(): Promise<{ session: Session; consents: ConsentState[] }> {
  const code = await wxLoginCode();
  const answer = await send<LoginAnswer>({
    method: 'POST',
    path: '/auth/wechat',
    body: { tenant: config.tenant, code },
  });
  const session: Session = {
    token: answer.token,
    expiresAt: Date.now() + answer.expires_in * 1000,
    shopperId: answer.principal.id,
    tenantId: answer.principal.tenant_id,
    mode: answer.mode,
    orderStatusTemplateId: answer.order_status_template_id,
    reminderTemplateId: answer.reminder_template_id,
  };
  wx.setStorageSync(KEY, session);
  return { session, consents: answer.consents };
}

export async function ensureSession(): Promise<Session> {
  return storedSession() ?? (await signIn()).session;
}
