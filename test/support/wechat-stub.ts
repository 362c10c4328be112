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
 * - /cgi-bin/message/custom/send: a customer-service reply, taken within 48 hours of the shopper's last
 *   message to the app (`shopperWrote(openid, at)`, as the push the test sends tells WeChat), else
 *   45015; at most 5 replies per message of the shopper's, then 45047; `customSent` records what was
 *   delivered. A `miniprogrampage` card needs the token's own appid (else 40013), a pagepath (else 47001)
 *   and a thumb_media_id the stub issued (else 40007).
 * - /cgi-bin/media/upload: temporary media, `type=image` (else 40004) with a JPEG or PNG in the
 *   multipart field `media` (none: 41005; another kind of file: 40005); answers a media_id, recorded
 *   in `uploads`.
 * And the pushes WeChat sends a brand's server: `pushQuery` signs one with the brand's token (the URL
 * check's echostr, or safe mode's Encrypt), `encryptPush` makes safe mode's Encrypt.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { TestApp } from './app.js';

export const STUB_APPID = 'wx_stub_appid';
export const STUB_SECRET = 'stub-secret';
/** A second mini-program, a brand's own. */
export const STUB_APPID_2 = 'wx_stub_second';
export const STUB_SECRET_2 = 'stub-second-secret';
const APPS: Record<string, string> = { [STUB_APPID]: STUB_SECRET, [STUB_APPID_2]: STUB_SECRET_2 };
/** Openids are per app, as WeChat's are: the same person is o_<code> in the first and o_2_<code> in the second. */
const openidOf = (appid: string, code: string) => (appid === STUB_APPID ? `o_${code}` : `o_2_${code}`);

/** The customer-service reply window and how many replies one message of the shopper's allows. */
const REPLY_WINDOW_MS = 48 * 3600 * 1000;
const REPLIES_PER_MESSAGE = 5;

export interface CustomMessage {
  touser: string;
  msgtype: string;
  text?: { content: string };
  miniprogrampage?: { title: string; appid: string; pagepath: string; thumb_media_id: string };
}

/** An image uploaded as temporary media. */
export interface MediaUploaded {
  media_id: string;
  filename: string;
  bytes: number;
}

export interface WechatStub {
  url: string;
  /** Customer-service replies delivered to shoppers. */
  customSent: CustomMessage[];
  /** Temporary media uploaded, oldest first. */
  uploads: MediaUploaded[];
  /** The shopper wrote to the app's customer service at `at` (ms): replies are taken for 48 hours. */
  shopperWrote(openid: string, at?: number): void;
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
  const customSent: CustomMessage[] = [];
  const uploads: MediaUploaded[] = [];
  /** Per shopper: when they last wrote, and the replies sent since. */
  const lastWrote = new Map<string, { at: number; replies: number }>();
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
    if (url.pathname === '/cgi-bin/message/custom/send' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      if (!validTokens.has(url.searchParams.get('access_token') ?? '')) {
        return reply({ errcode: 40001, errmsg: `invalid credential, access_token is invalid rid: ${rid()}` });
      }
      const message = JSON.parse(body) as CustomMessage;
      if (!message.touser?.startsWith('o_'))
        return reply({ errcode: 40003, errmsg: `invalid openid rid: ${rid()}` });
      if (message.msgtype === 'miniprogrampage') {
        const card = message.miniprogrampage;
        if (!card || card.appid !== validTokens.get(url.searchParams.get('access_token') ?? ''))
          return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid()}` });
        if (!card.pagepath) return reply({ errcode: 47001, errmsg: `data format error rid: ${rid()}` });
        if (!uploads.some((u) => u.media_id === card.thumb_media_id))
          return reply({ errcode: 40007, errmsg: `invalid media_id rid: ${rid()}` });
      }
      const wrote = lastWrote.get(message.touser);
      if (!wrote || Date.now() - wrote.at > REPLY_WINDOW_MS) {
        return reply({
          errcode: 45015,
          errmsg: `response out of time limit or subscription is canceled rid: ${rid()}`,
        });
      }
      if (wrote.replies >= REPLIES_PER_MESSAGE) {
        return reply({ errcode: 45047, errmsg: `out of response count limit rid: ${rid()}` });
      }
      wrote.replies += 1;
      customSent.push(message);
      return reply({ errcode: 0, errmsg: 'ok' });
    }
    if (url.pathname === '/cgi-bin/media/upload' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk);
      if (!validTokens.has(url.searchParams.get('access_token') ?? '')) {
        return reply({ errcode: 40001, errmsg: `invalid credential, access_token is invalid rid: ${rid()}` });
      }
      if (url.searchParams.get('type') !== 'image')
        return reply({ errcode: 40004, errmsg: `invalid media type rid: ${rid()}` });
      const form = await new Response(Buffer.concat(chunks), {
        headers: { 'content-type': request.headers['content-type'] ?? '' },
      })
        .formData()
        .catch(() => undefined);
      const media = form?.get('media');
      if (!(media instanceof File))
        return reply({ errcode: 41005, errmsg: `media data missing rid: ${rid()}` });
      const head = Buffer.from(await media.arrayBuffer());
      const jpeg = head[0] === 0xff && head[1] === 0xd8;
      const png = head.subarray(1, 4).toString() === 'PNG';
      if (!jpeg && !png) return reply({ errcode: 40005, errmsg: `invalid file type rid: ${rid()}` });
      const uploaded = {
        media_id: `MEDIA_${uploads.length + 1}_${rid()}`,
        filename: media.name,
        bytes: head.length,
      };
      uploads.push(uploaded);
      return reply({ type: 'image', media_id: uploaded.media_id, created_at: Math.floor(Date.now() / 1000) });
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
    customSent,
    uploads,
    shopperWrote: (openid, at = Date.now()) => void lastWrote.set(openid, { at, replies: 0 }),
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

const sha1 = (parts: string[]) => createHash('sha1').update(parts.sort().join('')).digest('hex');

/** The query WeChat signs a push with: over the token, timestamp and nonce (and safe mode's Encrypt). */
export function pushQuery(
  token: string,
  extra: { echostr?: string; encrypted?: string; timestamp?: number } = {},
): Record<string, string> {
  const timestamp = String(extra.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  const query: Record<string, string> = { signature: sha1([token, timestamp, nonce]), timestamp, nonce };
  if (extra.echostr) query.echostr = extra.echostr;
  if (extra.encrypted) {
    query.encrypt_type = 'aes';
    query.msg_signature = sha1([token, timestamp, nonce, extra.encrypted]);
  }
  return query;
}

let pushedMsgId = 9_000_000_000_000_000n;

/**
 * The shopper `openid` writing to the demo brand, as WeChat pushes it (signed with `token`, a fresh
 * MsgId unless the message has one); the stub then takes replies to them for 48 hours.
 */
export async function shopperWrites(
  t: TestApp,
  wx: WechatStub,
  token: string,
  openid: string,
  message: Record<string, unknown>,
): Promise<void> {
  wx.shopperWrote(openid);
  const pushed = await t.call(undefined, {
    method: 'POST',
    url: '/api/v1/wechat/freshmart/service',
    query: pushQuery(token),
    payload: {
      ToUserName: 'gh_freshmart',
      FromUserName: openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgId: String(++pushedMsgId),
      ...message,
    },
  });
  expect(pushed.statusCode, pushed.body).toBe(200);
  expect(pushed.body).toBe('success');
}

/** Safe mode's Encrypt of a message to an app, as WeChat makes it with the EncodingAESKey. */
export function encryptPush(message: string, appid: string, encodingAesKey: string): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const text = Buffer.from(message);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length);
  const plain = Buffer.concat([randomBytes(16), length, text, Buffer.from(appid)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}
