/**
 * The WeChat mini-program login exchange (code2session): the mini-program's `wx.login()` code is
 * traded for the shopper's openid. The one call to the outside world here; tests run it against
 * a local stub that answers as the WeChat server does.
 */
import { createHash } from 'node:crypto';
import { defineError } from '../server/errors.js';
import { type WechatReply, wechatCall } from '../wechat/index.js';

export interface WechatIdentity {
  openid: string;
  unionid?: string;
  /** 'demo' when no app credentials are configured: the openid is derived from the code. */
  mode: 'wechat' | 'demo';
}

export const WechatLoginRejected = defineError(
  'SS_ERR_WECHAT_LOGIN',
  401,
  (errcode: number, errmsg: string) => `WeChat refused the login code (${errcode}: ${errmsg})`,
  () => 'code',
);
export const WechatUnavailable = defineError(
  'SS_ERR_WECHAT_UNAVAILABLE',
  503,
  (why: string) => `WeChat login is unavailable right now: ${why}`,
);

export interface WechatCredentials {
  apiBase: string;
  appid?: string | undefined;
  secret?: string | undefined;
}

export async function codeToSession(credentials: WechatCredentials, code: string): Promise<WechatIdentity> {
  if (!credentials.appid || !credentials.secret) {
    return { openid: `demo_${createHash('sha256').update(code).digest('hex').slice(0, 24)}`, mode: 'demo' };
  }
  const url = new URL('/sns/jscode2session', credentials.apiBase);
  url.search = new URLSearchParams({
    appid: credentials.appid,
    secret: credentials.secret,
    js_code: code,
    grant_type: 'authorization_code',
  }).toString();
  let body: WechatReply & { openid?: string; unionid?: string };
  try {
    body = await wechatCall(url);
  } catch (error) {
    throw WechatUnavailable((error as Error).message);
  }
  // -1: WeChat is busy, below it an HTTP failure (wechatCall); retrying later may work. Every other
  // errcode is about the code itself.
  if (body.errcode !== undefined && body.errcode <= -1) throw WechatUnavailable(body.errmsg ?? 'system busy');
  if (body.errcode || !body.openid) throw WechatLoginRejected(body.errcode ?? 0, body.errmsg ?? 'no openid');
  return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}), mode: 'wechat' };
}
