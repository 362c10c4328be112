/**
 * WeChat subscribe messages (`/cgi-bin/message/subscribe/send`), the offline channel to a shopper.
 * The access token is shared by every server process through a cache (Redis in production) and
 * refreshed when WeChat says it is no longer valid (40001 / 42001), then the send is retried once.
 * 43101 means the shopper has no subscription left for the template: not an error, a skip.
 */

export interface TokenCache {
  get(): Promise<string | undefined>;
  set(token: string, ttlSeconds: number): Promise<void>;
  clear(): Promise<void>;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** Mini-program page opened from the message, e.g. `pages/offer/index?id=…`. */
  page: string;
  data: Record<string, string>;
}

export type SendOutcome =
  | { status: 'sent'; msgid?: number }
  | { status: 'skipped'; errcode: number; reason: 'no_subscription' }
  | { status: 'failed'; errcode: number; reason: string };

export interface WechatSubscribeOptions {
  apiBase: string;
  appid: string;
  secret: string;
  cache: TokenCache;
  /** developer | trial | formal: which build of the mini-program the message opens. */
  miniprogramState?: 'developer' | 'trial' | 'formal';
}

const TOKEN_INVALID = new Set([40001, 42001, 40014]);
const NO_SUBSCRIPTION = 43101;
/** Refresh a little before WeChat's own expiry, so no send races the deadline. */
const TOKEN_MARGIN_S = 300;

interface WechatReply {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number;
}

async function call(url: URL, init?: RequestInit): Promise<WechatReply> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  if (!response.ok) return { errcode: -response.status, errmsg: `HTTP ${response.status}` };
  return (await response.json()) as WechatReply;
}

export function wechatSubscribe(options: WechatSubscribeOptions) {
  async function fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', options.apiBase);
    url.search = new URLSearchParams({
      grant_type: 'client_credential',
      appid: options.appid,
      secret: options.secret,
    }).toString();
    const reply = await call(url);
    if (!reply.access_token)
      throw new Error(`WeChat access token refused (${reply.errcode}: ${reply.errmsg})`);
    await options.cache.set(reply.access_token, Math.max(60, (reply.expires_in ?? 7200) - TOKEN_MARGIN_S));
    return reply.access_token;
  }

  async function token(): Promise<string> {
    return (await options.cache.get()) ?? fetchToken();
  }

  async function sendWith(accessToken: string, message: SubscribeMessage): Promise<WechatReply> {
    const url = new URL('/cgi-bin/message/subscribe/send', options.apiBase);
    url.search = new URLSearchParams({ access_token: accessToken }).toString();
    return call(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: message.openid,
        template_id: message.templateId,
        page: message.page,
        miniprogram_state: options.miniprogramState ?? 'formal',
        lang: 'zh_CN',
        data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
      }),
    });
  }

  return {
    async send(message: SubscribeMessage): Promise<SendOutcome> {
      let reply: WechatReply;
      try {
        reply = await sendWith(await token(), message);
        if (reply.errcode && TOKEN_INVALID.has(reply.errcode)) {
          await options.cache.clear();
          reply = await sendWith(await fetchToken(), message);
        }
      } catch (error) {
        return { status: 'failed', errcode: -1, reason: (error as Error).message };
      }
      if (!reply.errcode)
        return { status: 'sent', ...(reply.msgid !== undefined ? { msgid: reply.msgid } : {}) };
      if (reply.errcode === NO_SUBSCRIPTION)
        return { status: 'skipped', errcode: NO_SUBSCRIPTION, reason: 'no_subscription' };
      return { status: 'failed', errcode: reply.errcode, reason: reply.errmsg ?? 'unknown' };
    },
  };
}

/** The token cache on Redis, shared by every server process of the brand's mini-program. */
export function redisTokenCache(
  redis: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string, mode: 'EX', ttl: number): Promise<unknown>;
    del(key: string): Promise<unknown>;
  },
  appid: string,
): TokenCache {
  const key = `wechat:access_token:${appid}`;
  return {
    get: async () => (await redis.get(key)) ?? undefined,
    set: async (token, ttl) => void (await redis.set(key, token, 'EX', ttl)),
    clear: async () => void (await redis.del(key)),
  };
}
