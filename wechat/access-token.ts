/**
 * The mini-program's access token for WeChat's server APIs (`/cgi-bin/token`), shared by every server
 * process through a cache (Redis in production): WeChat hands out a new token on each request and the
 * old one dies a few minutes later, so processes that fetched their own would keep invalidating each
 * other's. A call WeChat answers with "token invalid" (40001, 42001, 40014) is retried once with a
 * freshly fetched token.
 */

export interface TokenCache {
  get(): Promise<string | undefined>;
  set(token: string, ttlSeconds: number): Promise<void>;
  clear(): Promise<void>;
}

export interface WechatApp {
  apiBase: string;
  appid: string;
  secret: string;
  cache: TokenCache;
}

/** WeChat answers HTTP 200 with `errcode`/`errmsg` on failure; a transport failure is put the same way. */
export interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

const TOKEN_INVALID = new Set([40001, 42001, 40014]);
/** Refresh a little before WeChat's own expiry, so no call races the deadline. */
const TOKEN_MARGIN_S = 300;

export async function wechatCall<T extends WechatReply>(url: URL, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  if (!response.ok) return { errcode: -response.status, errmsg: `HTTP ${response.status}` } as T;
  return (await response.json()) as T;
}

async function fetchToken(app: WechatApp): Promise<string> {
  const url = new URL('/cgi-bin/token', app.apiBase);
  url.search = new URLSearchParams({
    grant_type: 'client_credential',
    appid: app.appid,
    secret: app.secret,
  }).toString();
  const reply = await wechatCall<WechatReply & { access_token?: string; expires_in?: number }>(url);
  if (!reply.access_token) throw new Error(`WeChat access token refused (${reply.errcode}: ${reply.errmsg})`);
  await app.cache.set(reply.access_token, Math.max(60, (reply.expires_in ?? 7200) - TOKEN_MARGIN_S));
  return reply.access_token;
}

/**
 * Calls `path` with the access token added to `query`. Throws only when no token can be had or the
 * network fails; WeChat's own refusals come back as the reply's `errcode`.
 */
export async function callWithToken<T extends WechatReply>(
  app: WechatApp,
  path: string,
  init: RequestInit,
  query: Record<string, string> = {},
): Promise<T> {
  const call = (token: string) => {
    const url = new URL(path, app.apiBase);
    url.search = new URLSearchParams({ ...query, access_token: token }).toString();
    return wechatCall<T>(url, init);
  };
  const reply = await call((await app.cache.get()) ?? (await fetchToken(app)));
  if (!reply.errcode || !TOKEN_INVALID.has(reply.errcode)) return reply;
  await app.cache.clear();
  return call(await fetchToken(app));
}

/** POSTs `body` as JSON to `path` with the access token (callWithToken). */
export function postWithToken<T extends WechatReply>(app: WechatApp, path: string, body: object): Promise<T> {
  return callWithToken<T>(app, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'EX', ttl: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** The token cache on Redis, shared by every server process of the brand's mini-program. */
export function redisTokenCache(redis: RedisLike, appid: string): TokenCache {
  const key = `wechat:access_token:${appid}`;
  return {
    get: async () => (await redis.get(key)) ?? undefined,
    set: async (token, ttl) => void (await redis.set(key, token, 'EX', ttl)),
    clear: async () => void (await redis.del(key)),
  };
}

/** The configured mini-program with its token shared on Redis; null without credentials (demo mode). */
export function configuredApp(
  config: { WECHAT_API_BASE: string; WECHAT_APPID?: string | undefined; WECHAT_SECRET?: string | undefined },
  redis: RedisLike,
): WechatApp | null {
  const { WECHAT_API_BASE: apiBase, WECHAT_APPID: appid, WECHAT_SECRET: secret } = config;
  return appid && secret ? { apiBase, appid, secret, cache: redisTokenCache(redis, appid) } : null;
}
