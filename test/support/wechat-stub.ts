/**
 * A local stand-in for the WeChat open API, answering as api.weixin.qq.com does: HTTP 200 with
 * `{errcode, errmsg}` on failure.
 * Two mini-programs are known (STUB_APPID and STUB_APPID_2, each with its secret).
 * - /sns/jscode2session: any code → openid `o_<code>` (`o_2_<code>` in the second app); "used-code" → 40163,
 *   "bad-code" → 40029, "busy" → -1.
 * - /cgi-bin/token: a fresh access token for the app; `revokeTokens()` makes every issued token invalid (40001).
 * - /cgi-bin/message/subscribe/send: consumes one of the shopper's one-time subscriptions
 *   (`subscriptions[openid]`), 43101 when none is left; `sent` records what was delivered;
 *   `failNextSend(errcode)` makes the next one fail with that code, as WeChat does at times.
 * - /wxa/business/getuserphonenumber: code "phone-<digits>" → that Chinese mobile number, once;
 *   a used or unknown code → 40029, "busy" → -1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STUB_APPID = 'wx_stub_appid';
export const STUB_SECRET = 'stub-secret';
/** A second mini-program, a brand's own. */
export const STUB_APPID_2 = 'wx_stub_second';
export const STUB_SECRET_2 = 'stub-second-secret';
const APPS: Record<string, string> = { [STUB_APPID]: STUB_SECRET, [STUB_APPID_2]: STUB_SECRET_2 };
/** Openids are per app, as WeChat's are: the same person is o_<code> in the first and o_2_<code> in the second. */
const openidOf = (appid: string, code: string) => (appid === STUB_APPID ? `o_${code}` : `o_2_${code}`);

export interface WechatStub {
  url: string;
  calls: URL[];
  subscriptions: Record<string, number>;
  sent: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }[];
  /** The next subscribe message is refused with this code (e.g. -1, system busy). */
  failNextSend(errcode: number): void;
  tokensIssued(): number;
  revokeTokens(): void;
  close(): Promise<void>;
}

const rid = () => Math.random().toString(16).slice(2, 10);

export async function startWechatStub(): Promise<WechatStub> {
  const calls: URL[] = [];
  const subscriptions: Record<string, number> = {};
  const sent: WechatStub['sent'] = [];
  /** Each valid token and the app it was issued to. */
  const validTokens = new Map<string, string>();
  const usedPhoneCodes = new Set<string>();
  let issued = 0;
  let failSend: number | undefined;
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    calls.push(url);
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/cgi-bin/token') {
      const appid = url.searchParams.get('appid') ?? '';
      if (APPS[appid] === undefined || url.searchParams.get('secret') !== APPS[appid]) {
        return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid()}` });
      }
      const token = `ACCESS_TOKEN_${++issued}_${rid()}`;
      validTokens.set(token, appid);
      return reply({ access_token: token, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (!validTokens.has(url.searchParams.get('access_token') ?? '')) {
        return reply({
          errcode: 40001,
          errmsg: `invalid credential, access_token is invalid or not latest rid: ${rid()}`,
        });
      }
      const message = JSON.parse(body);
      if (failSend !== undefined) {
        const errcode = failSend;
        failSend = undefined;
        return reply({ errcode, errmsg: `system error rid: ${rid()}` });
      }
      if (!message.touser?.startsWith('o_'))
        return reply({ errcode: 40003, errmsg: `invalid openid rid: ${rid()}` });
      const left = subscriptions[message.touser] ?? 0;
      if (left <= 0) return reply({ errcode: 43101, errmsg: `user refuse to accept the msg rid: ${rid()}` });
      subscriptions[message.touser] = left - 1;
      sent.push(message);
      return reply({ errcode: 0, errmsg: 'ok', msgid: sent.length });
    }
    if (url.pathname === '/wxa/business/getuserphonenumber' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (!validTokens.has(url.searchParams.get('access_token') ?? '')) {
        return reply({ errcode: 40001, errmsg: `invalid credential, access_token is invalid rid: ${rid()}` });
      }
      const code = String(JSON.parse(body).code ?? '');
      if (code === 'busy') return reply({ errcode: -1, errmsg: `system error rid: ${rid()}` });
      const phone = /^phone-([0-9]{11})$/.exec(code)?.[1];
      if (!phone || usedPhoneCodes.has(code))
        return reply({ errcode: 40029, errmsg: `invalid code rid: ${rid()}` });
      usedPhoneCodes.add(code);
      return reply({
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: phone,
          purePhoneNumber: phone,
          countryCode: '86',
          watermark: {
            timestamp: Math.floor(Date.now() / 1000),
            appid: validTokens.get(url.searchParams.get('access_token') ?? ''),
          },
        },
      });
    }
    if (url.pathname === '/sns/jscode2session') {
      const q = url.searchParams;
      const appid = q.get('appid') ?? '';
      if (APPS[appid] === undefined || q.get('secret') !== APPS[appid]) {
        return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid()}` });
      }
      if (q.get('grant_type') !== 'authorization_code')
        return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      const code = q.get('js_code') ?? '';
      if (code === 'bad-code') return reply({ errcode: 40029, errmsg: `invalid code, rid: ${rid()}` });
      if (code === 'used-code') return reply({ errcode: 40163, errmsg: `code been used, rid: ${rid()}` });
      if (code === 'busy') return reply({ errcode: -1, errmsg: 'system error' });
      return reply({ openid: openidOf(appid, code), session_key: 'c2Vzc2lvbi1rZXk=', unionid: `u_${code}` });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    subscriptions,
    sent,
    failNextSend: (errcode) => {
      failSend = errcode;
    },
    tokensIssued: () => issued,
    revokeTokens: () => validTokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
