/**
 * Customer service end to end against the real Postgres and the WeChat stub: WeChat's URL check and
 * pushes for the demo brand (signed with its token; plaintext JSON and safe mode), a shopper's
 * messages kept once however often WeChat retries, their order card linking the order and its store,
 * staff replies delivered through WeChat's customer-service message (and its refusals surfaced and
 * kept), the inbox scoped to the stores a clerk works, and bad input named by its field.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import { liveLine, settled } from './support/news.js';
import {
  encryptPush,
  pushQuery,
  STUB_APPID,
  STUB_SECRET,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';

const TOKEN = 'FreshmartService1';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const PUSH_URL = '/api/v1/wechat/freshmart/service';

let t: TestApp;
let wx: WechatStub;
let tenantId: string;
let admin: string;
let clerk: string;
let otherClerk: string;
const store: Record<string, string> = {};
let sku: string;
let msgId = 7_000_000_000_000_000n;

const call: TestApp['api'] = (...request) => t.api(...request);
const nextMsgId = () => String(++msgId);

/** WeChat pushing `body` as JSON, signed with `token` unless told otherwise. */
function push(body: object | string, query: Record<string, string> = pushQuery(TOKEN)) {
  return t.call(undefined, {
    method: 'POST',
    url: PUSH_URL,
    query,
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The shopper writing `text`, as WeChat pushes it (and as WeChat then takes replies for 48 hours). */
async function shopperSays(openid: string, text: string, id = nextMsgId()) {
  wx.shopperWrote(openid);
  const response = await push({
    ToUserName: 'gh_freshmart',
    FromUserName: openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: text,
    MsgId: id,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).toBe('success');
  return id;
}

async function shopperSignsIn(code: string) {
  const session = (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json();
  return { id: session.principal.id as string, token: session.token as string, openid: `o_${code}` };
}

const conversations = async (token = admin, query = '') => {
  const listed = await call(token, 'GET', `/service/conversations${query}`);
  expect(listed.statusCode, listed.body).toBe(200);
  return listed.json() as {
    id: string;
    status: string;
    unread: number;
    store_id: string | null;
    order_id: string | null;
    shopper: { id: string; member_no: string | null };
    last_message: string | null;
  }[];
};
const conversationOf = async (shopperId: string, token = admin) =>
  (await conversations(token)).find((c) => c.shopper.id === shopperId);
const messagesStored = async () =>
  (await t.db.tenant(tenantId, (tx) => tx.query('SELECT 1 FROM service_messages'))).rowCount;

beforeAll(async () => {
  wx = await startWechatStub();
  t = await startTestApp({ WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET, WECHAT_API_BASE: wx.url });
  tenantId = (await seedDemo(t.db)).tenantId;
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  sku = (await call(admin, 'GET', '/catalogue/search?q=DRK-001')).json()[0].sku_id;
  const made = await call(admin, 'POST', '/staff', {
    email: 'clerk.sh002@freshmart.demo',
    name: 'Clerk SH002',
    role: 'clerk',
    store_ids: [store.SH002],
    password: DEMO_PASSWORD,
  });
  expect(made.statusCode, made.body).toBe(201);
  otherClerk = await t.login('clerk.sh002@freshmart.demo', DEMO_PASSWORD);
});

afterAll(async () => {
  await t?.close();
  await wx?.close();
});

describe('message-push settings', () => {
  it('is not set at first: a push for the brand is refused, nothing kept', async () => {
    const response = await push({ ToUserName: 'gh', FromUserName: 'o_x', CreateTime: 1, MsgType: 'text' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('SS_ERR_SERVICE_PUSH_NOT_SET');
  });

  it('is set by the brand admin, who is told the URL path to give WeChat', async () => {
    expect(
      (await call(clerk, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null })).statusCode,
    ).toBe(403);
    const noToken = await call(admin, 'PUT', '/service/settings', { away_message: null });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'push_token' });
    const bad = await call(admin, 'PUT', '/service/settings', {
      push_token: 'no spaces!',
      away_message: null,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('push_token');
    const set = await call(admin, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      push_path: PUSH_URL,
      push_token_set: true,
      safe_mode: false,
      away_message: null,
    });
    expect(set.body).not.toContain(TOKEN);
    // Left out, the token set stays: the away message changes alone.
    const away = await call(admin, 'PUT', '/service/settings', { away_message: '稍后回复' });
    expect(away.json()).toMatchObject({ push_token_set: true, away_message: '稍后回复' });
    expect(
      (await call(admin, 'PUT', '/service/settings', { away_message: null })).json().away_message,
    ).toBeNull();
  });
});

describe("WeChat's check of the URL", () => {
  it('is answered with echostr as plain text when signed with the token', async () => {
    const response = await t.call(undefined, {
      method: 'GET',
      url: PUSH_URL,
      query: pushQuery(TOKEN, { echostr: 'echo-1234' }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toBe('echo-1234');
  });

  it('is refused when signed with another token', async () => {
    const response = await t.call(undefined, {
      method: 'GET',
      url: PUSH_URL,
      query: pushQuery('AnotherToken', { echostr: 'echo-1234' }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'SS_ERR_SERVICE_SIGNATURE_INVALID', field: 'signature' });
    expect(response.body).not.toContain('echo-1234');
  });
});

describe("a shopper's messages", () => {
  let shopper: Awaited<ReturnType<typeof shopperSignsIn>>;

  beforeAll(async () => {
    shopper = await shopperSignsIn('svc-ann');
  });

  it('signed otherwise are refused with 401 and keep nothing', async () => {
    const body = {
      ToUserName: 'gh',
      FromUserName: shopper.openid,
      CreateTime: 1,
      MsgType: 'text',
      Content: 'hi',
      MsgId: '1',
    };
    expect((await push(body, pushQuery('WrongToken'))).statusCode).toBe(401);
    const unsigned = await push(body, { timestamp: '1', nonce: '2' });
    expect(unsigned.statusCode).toBe(401);
    // Signed with the token, but an hour ago: a signature seen once is not good later.
    const stale = await push(body, pushQuery(TOKEN, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: 'SS_ERR_SERVICE_PUSH_STALE', field: 'timestamp' });
    expect(await messagesStored()).toBe(0);
    expect(await conversations()).toEqual([]);
  });

  it('open a conversation waiting for staff, brand-level when the shopper has no order', async () => {
    await shopperSays(shopper.openid, '你好，请问有燕麦奶吗？');
    const conversation = await conversationOf(shopper.id);
    expect(conversation).toMatchObject({
      status: 'waiting',
      unread: 1,
      store_id: null,
      order_id: null,
      last_message: '你好，请问有燕麦奶吗？',
    });
    expect(conversation?.shopper.member_no).toMatch(/^[0-9]{10}$/);
    expect(JSON.stringify(await conversations())).not.toContain(shopper.openid);
  });

  it('are kept once when WeChat pushes the same MsgId again', async () => {
    const id = await shopperSays(shopper.openid, '还在吗');
    await shopperSays(shopper.openid, '还在吗', id);
    await shopperSays(shopper.openid, '还在吗', id);
    const conversation = (await conversationOf(shopper.id))!;
    expect(conversation.unread).toBe(2);
    const thread = (await call(admin, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.map((m: { body: string }) => m.body)).toEqual([
      '你好，请问有燕麦奶吗？',
      '还在吗',
    ]);
  });

  it('with MsgIds past what a JS number holds exactly are two messages, not one', async () => {
    const before = await messagesStored();
    for (const id of ['9007199254740993', '9007199254740992']) {
      const body = `{"ToUserName":"gh","FromUserName":"${shopper.openid}","CreateTime":${Math.floor(Date.now() / 1000)},"MsgType":"text","Content":"big","MsgId":${id}}`;
      expect((await push(body)).statusCode).toBe(200);
    }
    expect(await messagesStored()).toBe(before! + 2);
  });

  it('are read: the unread count falls to none', async () => {
    const conversation = (await conversationOf(shopper.id))!;
    const unread = (await call(clerk, 'GET', '/service/unread')).json();
    expect(unread.conversations).toBeGreaterThanOrEqual(1);
    const read = await call(clerk, 'POST', `/service/conversations/${conversation.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().unread).toBe(0);
    expect((await call(admin, 'GET', '/service/unread')).json()).toEqual({ conversations: 0, messages: 0 });
  });

  it('are answered by staff through WeChat: delivered, kept, the conversation answered', async () => {
    const conversation = (await conversationOf(shopper.id))!;
    const replied = await call(clerk, 'POST', `/service/conversations/${conversation.id}/replies`, {
      text: '有的，SH001 店冷柜第二层',
    });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json()).toMatchObject({
      author: 'staff',
      body: '有的，SH001 店冷柜第二层',
      delivery: 'sent',
      staff_name: 'Clerk SH001',
    });
    // A colleague reading the thread sees who answered; the shopper's messages name no one.
    const thread = (await call(admin, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({ author: 'staff', staff_name: 'Clerk SH001' });
    expect(thread.messages[0]).toMatchObject({ author: 'shopper', staff_name: null });
    expect(wx.customSent.at(-1)).toEqual({
      touser: shopper.openid,
      msgtype: 'text',
      text: { content: '有的，SH001 店冷柜第二层' },
    });
    expect(await conversationOf(shopper.id)).toMatchObject({ status: 'answered', unread: 0 });
  });

  it('too many replies for one message are refused by WeChat, said with a code, and kept as failed', async () => {
    const conversation = (await conversationOf(shopper.id))!;
    await shopperSays(shopper.openid, '好的谢谢');
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const replied = await call(admin, 'POST', `/service/conversations/${conversation.id}/replies`, {
        text: `回复 ${i}`,
      });
      codes.push(replied.statusCode === 201 ? 'sent' : replied.json().code);
    }
    expect(codes).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'SS_ERR_SERVICE_REPLY_LIMIT']);
    const thread = (await call(admin, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({ body: '回复 5', delivery: 'failed', errcode: 45047 });
  });

  it('are closed, and reopened by the next message', async () => {
    const conversation = (await conversationOf(shopper.id))!;
    const closed = await call(clerk, 'POST', `/service/conversations/${conversation.id}/close`);
    expect(closed.json().status).toBe('closed');
    const refused = await call(clerk, 'POST', `/service/conversations/${conversation.id}/replies`, {
      text: '在',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SS_ERR_SERVICE_CONVERSATION_CLOSED');
    await shopperSays(shopper.openid, '还有一个问题');
    expect(await conversationOf(shopper.id)).toMatchObject({
      id: conversation.id,
      status: 'waiting',
      unread: 1,
    });
    expect((await conversations(admin, '?status=closed')).map((c) => c.id)).not.toContain(conversation.id);
  });
});

describe("a shopper's order card", () => {
  it('links the order and its store; a clerk of another store neither sees nor answers it', async () => {
    const shopper = await shopperSignsIn('svc-bob');
    const order = await call(shopper.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    const orderId = order.json().id as string;
    wx.shopperWrote(shopper.openid);
    const entered = await push({
      ToUserName: 'gh',
      FromUserName: shopper.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: `order:${orderId}`,
    });
    expect(entered.statusCode).toBe(200);
    expect(await conversationOf(shopper.id)).toMatchObject({ status: 'open', unread: 0, order_id: orderId });
    const card = await push({
      ToUserName: 'gh',
      FromUserName: shopper.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'miniprogrampage',
      MsgId: nextMsgId(),
      Title: `#${orderId.slice(0, 8).toUpperCase()}`,
      AppId: STUB_APPID,
      PagePath: `pages/order/index.html?id=${orderId}`,
      ThumbUrl: 'http://mmbiz.qpic.cn/thumb.jpg',
      ThumbMediaId: 'thumb-media',
    });
    expect(card.statusCode, card.body).toBe(200);
    const conversation = (await conversationOf(shopper.id))!;
    expect(conversation).toMatchObject({
      status: 'waiting',
      order_id: orderId,
      store_id: store.SH001,
      unread: 1,
    });
    const thread = (await call(clerk, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.map((m: { kind: string }) => m.kind)).toEqual(['entered', 'card']);
    expect(thread.messages[1]).toMatchObject({
      order_id: orderId,
      card: { title: `#${orderId.slice(0, 8).toUpperCase()}` },
    });

    expect((await conversations(otherClerk)).map((c) => c.id)).not.toContain(conversation.id);
    expect((await conversations(clerk)).map((c) => c.id)).toContain(conversation.id);
    expect((await call(otherClerk, 'GET', `/service/conversations/${conversation.id}`)).statusCode).toBe(404);
    const answered = await call(otherClerk, 'POST', `/service/conversations/${conversation.id}/replies`, {
      text: '你好',
    });
    expect(answered.statusCode).toBe(404);
    expect(wx.customSent.filter((m) => m.touser === shopper.openid)).toEqual([]);
    // Brand-level conversations are every store's to answer.
    expect(
      (await conversations(otherClerk)).every((c) => c.store_id === null || c.store_id === store.SH002),
    ).toBe(true);
    expect((await conversations(otherClerk)).length).toBeGreaterThan(0);
    expect((await conversations(clerk, `?store_id=${store.SH001}`)).map((c) => c.id)).toEqual([
      conversation.id,
    ]);
  });

  it("of someone else's order is kept as a message but links nothing", async () => {
    const owner = await shopperSignsIn('svc-carol');
    const order = await call(owner.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH002,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    const stranger = await shopperSignsIn('svc-dave');
    await push({
      ToUserName: 'gh',
      FromUserName: stranger.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'miniprogrampage',
      MsgId: nextMsgId(),
      Title: 'order',
      PagePath: `pages/order/index?id=${order.json().id}`,
    });
    expect(await conversationOf(stranger.id)).toMatchObject({
      order_id: null,
      store_id: null,
      status: 'waiting',
    });
  });
});

describe('a reply past 48 hours', () => {
  it('is refused by WeChat (45015), said to staff as SS_ERR_SERVICE_REPLY_TOO_LATE, and kept as failed', async () => {
    const shopper = await shopperSignsIn('svc-erin');
    await shopperSays(shopper.openid, '我的订单呢');
    // WeChat last heard from the shopper 49 hours ago.
    wx.shopperWrote(shopper.openid, Date.now() - 49 * 3600 * 1000);
    const conversation = (await conversationOf(shopper.id))!;
    const replied = await call(clerk, 'POST', `/service/conversations/${conversation.id}/replies`, {
      text: '抱歉久等',
    });
    expect(replied.statusCode).toBe(409);
    expect(replied.json().code).toBe('SS_ERR_SERVICE_REPLY_TOO_LATE');
    const thread = (await call(clerk, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({ body: '抱歉久等', delivery: 'failed', errcode: 45015 });
    expect(thread.conversation.status).toBe('waiting');
  });
});

describe('safe mode', () => {
  it("opens WeChat's Encrypt with the brand's EncodingAESKey, and refuses a bad msg_signature", async () => {
    const set = await call(admin, 'PUT', '/service/settings', {
      push_token: TOKEN,
      encoding_aes_key: AES_KEY,
      away_message: null,
    });
    expect(set.json().safe_mode).toBe(true);
    const shopper = await shopperSignsIn('svc-fay');
    const inner = `{"ToUserName":"gh","FromUserName":"${shopper.openid}","CreateTime":${Math.floor(Date.now() / 1000)},"MsgType":"text","Content":"加密消息","MsgId":${nextMsgId()}}`;
    const encrypted = encryptPush(inner, STUB_APPID, AES_KEY);
    const forged = { ...pushQuery(TOKEN, { encrypted }), msg_signature: '0'.repeat(40) };
    const refused = await push({ ToUserName: 'gh', Encrypt: encrypted }, forged);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().field).toBe('msg_signature');
    expect(await conversationOf(shopper.id)).toBeUndefined();

    const kept = await push({ ToUserName: 'gh', Encrypt: encrypted }, pushQuery(TOKEN, { encrypted }));
    expect(kept.statusCode, kept.body).toBe(200);
    expect((await conversationOf(shopper.id))?.last_message).toBe('加密消息');

    const otherApp = encryptPush(inner.replace('加密消息', 'x'), 'wx_other_app', AES_KEY);
    const wrongApp = await push(
      { ToUserName: 'gh', Encrypt: otherApp },
      pushQuery(TOKEN, { encrypted: otherApp }),
    );
    expect(wrongApp.statusCode).toBe(400);
    expect(wrongApp.json().code).toBe('SS_ERR_SERVICE_PUSH_UNREADABLE');
  });
});

describe('bad input', () => {
  it('is a 400 naming the field', async () => {
    const noSender = await push({
      ToUserName: 'gh',
      CreateTime: 1,
      MsgType: 'text',
      Content: 'x',
      MsgId: '5',
    });
    expect(noSender.statusCode).toBe(400);
    expect(noSender.json().field).toBe('FromUserName');
    const notJson = await push('<xml><MsgType>text</MsgType></xml>');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().field).toBe('body');
    const someone = (await conversations())[0]!;
    const empty = await call(clerk, 'POST', `/service/conversations/${someone.id}/replies`, { text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().field).toBe('text');
    const status = await call(clerk, 'GET', '/service/conversations?status=lost');
    expect(status.statusCode).toBe(400);
    expect(status.json().field).toBe('status');
    const before = await call(clerk, 'GET', '/service/conversations?before=yesterday');
    expect(before.json().field).toBe('before');
  });
});

describe('the inbox', () => {
  it('lists open and waiting first, newest first, and pages on by the last one shown', async () => {
    const all = await conversations(admin, '?limit=100');
    const rank = (s: string) => (s === 'waiting' || s === 'open' ? 0 : s === 'answered' ? 1 : 2);
    expect(all.map((c) => rank(c.status))).toEqual([...all.map((c) => rank(c.status))].sort());
    const first = await conversations(admin, '?limit=2');
    const next = await conversations(admin, `?limit=100&before=${first.at(-1)!.id}`);
    expect([...first, ...next].map((c) => c.id)).toEqual(all.map((c) => c.id));
  });

  it('counts what waits for an answer at a store and brand-wide, all of it, not the first page', async () => {
    // More brand-level shoppers waiting than the inbox's page of 30 holds.
    for (let n = 0; n < 32; n++) await shopperSays((await shopperSignsIn(`svc-queue-${n}`)).openid, '在吗？');
    const inDb = await t.db.tenant(tenantId, (tx) =>
      tx.query<{ store_id: string | null; n: number; since: Date }>(
        `SELECT store_id, count(*)::int AS n, min(last_message_at) AS since FROM service_conversations
         WHERE status = 'waiting' GROUP BY store_id`,
      ),
    );
    const expected = (storeId: string | null) => {
      const row = inDb.rows.find((r) => r.store_id === storeId);
      return row
        ? { conversations: row.n, since: row.since.toISOString() }
        : { conversations: 0, since: null };
    };
    expect(expected(null).conversations).toBeGreaterThan(30);
    expect(expected(store.SH001!).conversations).toBeGreaterThan(0);
    const waiting = async (token: string, storeId: string) => {
      const answer = await call(token, 'GET', `/service/waiting?store_id=${storeId}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json();
    };
    expect(await waiting(clerk, store.SH001!)).toEqual({
      store: expected(store.SH001!),
      brand: expected(null),
    });
    // Another store's clerk is told nothing of SH001's, and the brand's as everyone is.
    expect(await waiting(otherClerk, store.SH001!)).toEqual({
      store: { conversations: 0, since: null },
      brand: expected(null),
    });
    const bad = await call(clerk, 'GET', '/service/waiting?store_id=SH001');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('store_id');
  });

  it('is for store staff and brand admins, not marketers', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    expect((await call(marketer, 'GET', '/service/conversations')).statusCode).toBe(403);
  });
});

describe('quick replies', () => {
  it('are saved by the brand admin and listed to store staff, who cannot change them', async () => {
    const saved = await call(admin, 'POST', '/service/quick-replies', {
      title: '营业时间',
      body: '门店今天营业：{store_hours}',
      keywords: ['营业时间'],
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect((await call(clerk, 'POST', '/service/quick-replies', { title: 'x', body: 'y' })).statusCode).toBe(
      403,
    );
    expect((await call(clerk, 'GET', '/service/quick-replies')).json()).toEqual([
      expect.objectContaining({ id: saved.json().id, title: '营业时间', keywords: ['营业时间'] }),
    ]);
    const changed = await call(admin, 'PATCH', `/service/quick-replies/${saved.json().id}`, {
      title: '几点开门',
    });
    expect(changed.json()).toMatchObject({ title: '几点开门', body: '门店今天营业：{store_hours}' });
    const bad = await call(admin, 'PATCH', `/service/quick-replies/${saved.json().id}`, {
      keywords: ['a', 'a'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('keywords');
    expect((await call(admin, 'DELETE', `/service/quick-replies/${saved.json().id}`)).statusCode).toBe(204);
    expect((await call(admin, 'GET', '/service/quick-replies')).json()).toEqual([]);
  });
});

describe('the API documentation', () => {
  it('has the inbox, replies, quick replies and the push URL in /docs', async () => {
    const spec = (await t.call(undefined, { method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/service/conversations',
        '/api/v1/service/conversations/{id}',
        '/api/v1/service/conversations/{id}/replies',
        '/api/v1/service/conversations/{id}/close',
        '/api/v1/service/conversations/{id}/reopen',
        '/api/v1/service/unread',
        '/api/v1/service/quick-replies',
        '/api/v1/service/quick-replies/{id}',
        '/api/v1/service/settings',
        '/api/v1/wechat/{tenant}/service',
      ]),
    );
    expect(Object.keys(spec.paths['/api/v1/service/conversations/{id}/replies'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '409']),
    );
  });
});

describe('automatic answers', () => {
  const autoSentTo = (openid: string) =>
    wx.customSent.filter((m) => m.touser === openid).map((m) => m.text?.content);
  async function until(condition: () => boolean, what: string) {
    for (let waited = 0; !condition(); waited += 50) {
      if (waited > 10_000) throw new Error(`waited 10 s for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("answer a message holding a quick reply's keyword, the stores' hours filled in, and leave it waiting", async () => {
    const saved = await call(admin, 'POST', '/service/quick-replies', {
      title: '营业时间',
      body: '今天营业：{store_hours}',
      keywords: ['营业时间'],
    });
    expect(saved.statusCode).toBe(201);
    const shopper = await shopperSignsIn('svc-gus');
    await shopperSays(shopper.openid, '请问营业时间？');
    await until(() => autoSentTo(shopper.openid).length > 0, 'the automatic answer');
    // A brand-level conversation: every store's hours today, each named.
    const stores = (await call(admin, 'GET', '/stores')).json() as {
      name: string;
      hours_today: { open: string; close: string }[];
    }[];
    const hours = stores
      .map((s) => `${s.name} ${s.hours_today.map((i) => `${i.open}–${i.close}`).join('、') || '今日休息'}`)
      .join('；');
    expect(autoSentTo(shopper.openid)).toEqual([`今天营业：${hours}`]);
    const conversation = (await conversationOf(shopper.id))!;
    expect(conversation.status).toBe('waiting');
    const thread = (await call(admin, 'GET', `/service/conversations/${conversation.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({ author: 'auto', delivery: 'sent', staff_id: null });
    await shopperSays(shopper.openid, '谢谢');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(autoSentTo(shopper.openid)).toHaveLength(1);
  });

  it('say the away message when a conversation opens while its store is closed, once', async () => {
    const shopper = await shopperSignsIn('svc-hana');
    const order = await call(shopper.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH003,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    const closedAllWeek = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []]),
    );
    const closed = await call(admin, 'PATCH', `/stores/${store.SH003}`, {
      hours: { weekly: closedAllWeek, exceptions: [] },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await call(admin, 'PUT', '/service/settings', {
      push_token: TOKEN,
      away_message: '门店已打烊，明天营业后第一时间回复您。',
    });
    await shopperSays(shopper.openid, '订单可以改时间吗');
    await until(() => autoSentTo(shopper.openid).length > 0, 'the away message');
    expect(autoSentTo(shopper.openid)).toEqual(['门店已打烊，明天营业后第一时间回复您。']);
    expect(await conversationOf(shopper.id)).toMatchObject({ status: 'waiting', store_id: store.SH003 });
    await shopperSays(shopper.openid, '在吗');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(autoSentTo(shopper.openid)).toHaveLength(1);
  });

  it("fill in {store_hours} in a staff member's reply too, with the conversation's store's hours", async () => {
    const shopper = await shopperSignsIn('svc-ivy');
    const order = await call(shopper.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: store.SH001,
      lines: [{ sku_id: sku, qty: 1 }],
    });
    expect(order.statusCode).toBe(201);
    await shopperSays(shopper.openid, '你好');
    const conversation = (await conversationOf(shopper.id))!;
    const sh001 = (await call(admin, 'GET', `/stores/${store.SH001}`)).json();
    const replied = await call(clerk, 'POST', `/service/conversations/${conversation.id}/replies`, {
      text: '本店今天 {store_hours}',
    });
    const hours = sh001.hours_today
      .map((i: { open: string; close: string }) => `${i.open}–${i.close}`)
      .join('、');
    expect(replied.json().body).toBe(`本店今天 ${hours || '今日休息'}`);
    expect(autoSentTo(shopper.openid).at(-1)).toBe(`本店今天 ${hours || '今日休息'}`);
  });

  it('say the away message at brand level only while every store of the brand is closed', async () => {
    const ids = [store.SH001!, store.SH002!, store.SH003!];
    const before = await Promise.all(
      ids.map(async (id) => (await call(admin, 'GET', `/stores/${id}`)).json()),
    );
    const closedAllWeek = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, []]),
    );
    const setHours = (id: string, hours: unknown) => call(admin, 'PATCH', `/stores/${id}`, { hours });
    await call(admin, 'PUT', '/service/settings', {
      push_token: TOKEN,
      away_message: '我们已下班，明早回复您。',
    });
    try {
      // One store open: someone is at work, no away message for a question to the brand.
      for (const id of ids.slice(1)) await setHours(id, { weekly: closedAllWeek, exceptions: [] });
      const alwaysOpen = Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          [{ open: '00:00', close: '24:00' }],
        ]),
      );
      expect((await setHours(ids[0]!, { weekly: alwaysOpen, exceptions: [] })).statusCode).toBe(200);
      const early = await shopperSignsIn('svc-jin');
      await shopperSays(early.openid, '会员卡怎么办理');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(autoSentTo(early.openid)).toEqual([]);
      expect(await conversationOf(early.id)).toMatchObject({ store_id: null });

      await setHours(ids[0]!, { weekly: closedAllWeek, exceptions: [] });
      const late = await shopperSignsIn('svc-kai');
      await shopperSays(late.openid, '会员卡怎么办理');
      await until(() => autoSentTo(late.openid).length > 0, 'the away message');
      expect(autoSentTo(late.openid)).toEqual(['我们已下班，明早回复您。']);
    } finally {
      for (const [n, id] of ids.entries()) await setHours(id, before[n].hours);
      await call(admin, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null });
    }
  });
});

describe("the inbox's live line", () => {
  const CHANGED = '{"type":"service_changed"}';
  const line = (token: string) => liveLine(t, '/api/v1/service/live', token);

  it("tells staff of a shopper's message and a colleague's reply as they come, in their reach only", async () => {
    const here = await line(clerk);
    const there = await line(otherClerk);
    // A shopper with no order: a brand-level conversation, every store's to hear.
    await shopperSays('o_svc-live', '请问营业到几点？');
    await vi.waitFor(() => expect(here.heard).toContain(CHANGED));
    await vi.waitFor(() => expect(there.heard).toContain(CHANGED));
    here.heard.length = 0;
    there.heard.length = 0;
    // A reply in SH001's conversation is SH001's news, not SH002's.
    const [sh001] = await conversations(clerk, `?store_id=${store.SH001}`);
    const reply = await call(admin, 'POST', `/service/conversations/${sh001!.id}/replies`, { text: '好的' });
    expect(reply.statusCode, reply.body).toBe(201);
    await vi.waitFor(() => expect(here.heard).toContain(CHANGED));
    await settled();
    expect(there.heard).toEqual([]);
    here.socket.terminate();
    there.socket.terminate();
  });

  it('is for store staff and brand admins, not marketers', async () => {
    const marketer = await t.login('marketing@freshmart.demo', DEMO_PASSWORD);
    await expect(line(marketer)).rejects.toThrow(/403/);
    expect((await t.call(clerk, { method: 'GET', url: '/api/v1/service/live' })).statusCode).toBe(426);
  });
});
