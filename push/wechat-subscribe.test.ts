import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUB_APPID, STUB_SECRET, startWechatStub, type WechatStub } from '../test/support/wechat-stub.js';
import { redisTokenCache } from '../wechat/index.js';
import { wechatSubscribe } from './index.js';

let stub: WechatStub;
let redis: Redis;
beforeAll(async () => {
  stub = await startWechatStub();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    keyPrefix: `test:${randomBytes(4).toString('hex')}:`,
  });
});
afterAll(async () => {
  await stub?.close();
  await redis?.quit();
});

const offer = (openid: string) => ({
  openid,
  templateId: 'TPL_OFFER',
  page: 'pages/offer/index?id=1',
  data: { thing1: 'Latte ¥5 off', time2: '2026-11-25 10:00' },
});

/** One server process's client; all of them share the token cached in Redis. */
const serverProcess = () =>
  wechatSubscribe({
    apiBase: stub.url,
    appid: STUB_APPID,
    secret: STUB_SECRET,
    cache: redisTokenCache(redis, STUB_APPID),
  });

describe('WeChat subscribe messages', () => {
  it('sends with one shared access token, and skips a shopper with no subscription left', async () => {
    const client = serverProcess();
    stub.subscriptions.o_alice = 1;
    expect(await client.send(offer('o_alice'))).toMatchObject({ status: 'sent' });
    expect(stub.sent.at(-1)).toMatchObject({
      touser: 'o_alice',
      template_id: 'TPL_OFFER',
      data: { thing1: { value: 'Latte ¥5 off' } },
    });
    expect(await client.send(offer('o_alice'))).toEqual({
      status: 'skipped',
      errcode: 43101,
      reason: 'no_subscription',
    });
    // A second process shares the cached token instead of asking for a new one.
    const other = serverProcess();
    stub.subscriptions.o_bob = 1;
    expect(await other.send(offer('o_bob'))).toMatchObject({ status: 'sent' });
    expect(stub.tokensIssued()).toBe(1);
  });

  it('refreshes the token on 40001 and retries once', async () => {
    const client = serverProcess();
    const before = stub.tokensIssued();
    stub.revokeTokens();
    stub.subscriptions.o_carol = 1;
    expect(await client.send(offer('o_carol'))).toMatchObject({ status: 'sent' });
    expect(stub.tokensIssued()).toBe(before + 1);
  });

  it('reports other WeChat errors as failures with their code', async () => {
    const client = serverProcess();
    expect(await client.send(offer('not-an-openid'))).toMatchObject({ status: 'failed', errcode: 40003 });
    const wrongSecret = wechatSubscribe({
      apiBase: stub.url,
      appid: STUB_APPID,
      secret: 'wrong',
      cache: redisTokenCache(redis, 'other-app'),
    });
    expect(await wrongSecret.send(offer('o_alice'))).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('40013'),
    });
  });
});
