/**
 * A local stand-in for the WeChat open API, answering as api.weixin.qq.com does: HTTP 200 with
 * `{errcode, errmsg}` on failure. Codes: any code → openid `o_<code>`; "used-code" → 40163,
 * "bad-code" → 40029, "busy" → -1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STUB_APPID = 'wx_stub_appid';
export const STUB_SECRET = 'stub-secret';

export interface WechatStub {
  url: string;
  calls: URL[];
  close(): Promise<void>;
}

const rid = () => Math.random().toString(16).slice(2, 10);

export async function startWechatStub(): Promise<WechatStub> {
  const calls: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    calls.push(url);
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/sns/jscode2session') {
      const q = url.searchParams;
      if (q.get('appid') !== STUB_APPID || q.get('secret') !== STUB_SECRET) {
        return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid()}` });
      }
      if (q.get('grant_type') !== 'authorization_code')
        return reply({ errcode: 40002, errmsg: 'invalid grant_type' });
      const code = q.get('js_code') ?? '';
      if (code === 'bad-code') return reply({ errcode: 40029, errmsg: `invalid code, rid: ${rid()}` });
      if (code === 'used-code') return reply({ errcode: 40163, errmsg: `code been used, rid: ${rid()}` });
      if (code === 'busy') return reply({ errcode: -1, errmsg: 'system error' });
      return reply({ openid: `o_${code}`, session_key: 'c2Vzc2lvbi1rZXk=', unionid: `u_${code}` });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
