/**
 * A product sent to a shopper as a mini-program card, end to end against the real Postgres and the
 * WeChat stub: the product's photo uploaded once as temporary media and its media_id used again,
 * a product without a photo sent on the plain card, the page opened at the conversation's store (or
 * the one given for a brand-level conversation), and the refusals (no store, an unknown SKU, both
 * or neither of text and sku_id, WeChat's 48 hours) as for text.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../db/seed.js';
import { startTestApp, type TestApp } from './support/app.js';
import {
  STUB_APPID,
  STUB_SECRET,
  shopperWrites,
  startWechatStub,
  type WechatStub,
} from './support/wechat-stub.js';

const TOKEN = 'FreshmartCards1';

let t: TestApp;
let wx: WechatStub;
let admin: string;
let clerk: string;
const store: Record<string, string> = {};
/** Water (DRK-001), given a photo here; oat milk (DRY-005), without one. */
let water: { sku_id: string; name: string; product_id: string };
let oat: { sku_id: string; name: string };

const call: TestApp['api'] = (...request) => t.api(...request);
/** A SKU by code, named as the catalogue names it (product and variant). */
async function found(code: string) {
  const hit = (await call(admin, 'GET', `/catalogue/search?q=${code}`)).json()[0];
  const [named] = (await call(admin, 'GET', `/catalogue/skus?ids=${hit.sku_id}`)).json();
  return { sku_id: hit.sku_id as string, product_id: hit.product_id as string, name: named.name as string };
}

/** A shopper who asked something: their conversation, at SH001 when they ordered there first. */
async function conversationWith(code: string, { orderedAt }: { orderedAt?: string } = {}) {
  const session = (await call('', 'POST', '/auth/wechat', { tenant: 'freshmart', code })).json();
  if (orderedAt) {
    const order = await call(session.token, 'POST', '/orders', {
      type: 'pickup',
      store_id: orderedAt,
      lines: [{ sku_id: water.sku_id, qty: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
  }
  const openid = `o_${code}`;
  await shopperWrites(t, wx, TOKEN, openid, { MsgType: 'text', Content: '有燕麦奶吗？在哪里？' });
  const listed = (await call(admin, 'GET', '/service/conversations')).json();
  const conversation = listed.find((c: { shopper: { id: string } }) => c.shopper.id === session.principal.id);
  return { id: conversation.id as string, store_id: conversation.store_id as string | null, openid };
}

const sendCard = (conversationId: string, body: object, token = clerk) =>
  call(token, 'POST', `/service/conversations/${conversationId}/replies`, body);
const cardsTo = (openid: string) =>
  wx.customSent.filter((m) => m.touser === openid && m.msgtype === 'miniprogrampage');

beforeAll(async () => {
  wx = await startWechatStub();
  t = await startTestApp({ WECHAT_APPID: STUB_APPID, WECHAT_SECRET: STUB_SECRET, WECHAT_API_BASE: wx.url });
  await seedDemo(t.db);
  admin = await t.login('admin@freshmart.demo', DEMO_PASSWORD);
  clerk = await t.login('clerk.sh001@freshmart.demo', DEMO_PASSWORD);
  for (const s of (await call(admin, 'GET', '/stores')).json()) store[s.code] = s.id;
  const set = await call(admin, 'PUT', '/service/settings', { push_token: TOKEN, away_message: null });
  expect(set.statusCode, set.body).toBe(200);
  water = await found('DRK-001');
  oat = await found('DRY-005');
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2e86de' } })
    .jpeg()
    .toBuffer();
  const added = await call(admin, 'POST', `/catalogue/products/${water.product_id}/photos`, {
    media_type: 'image/jpeg',
    image_base64: photo.toString('base64'),
    main: true,
  });
  expect(added.statusCode, added.body).toBe(200);
});

afterAll(async () => {
  await t?.close();
  await wx?.close();
});

describe('a product card', () => {
  it("opens the product's page at the conversation's store, its photo uploaded once as the thumbnail", async () => {
    const asked = await conversationWith('card-amy', { orderedAt: store.SH001 });
    expect(asked.store_id).toBe(store.SH001);
    const uploadsBefore = wx.uploads.length;
    // The conversation's store is the page's, whatever store_id says.
    const sent = await sendCard(asked.id, { sku_id: water.sku_id, store_id: store.SH002 });
    expect(sent.statusCode, sent.body).toBe(201);
    const page = `pages/product/index?sku=${water.sku_id}&store=${store.SH001}`;
    expect(sent.json()).toMatchObject({
      author: 'staff',
      kind: 'card',
      body: null,
      delivery: 'sent',
      card: { title: water.name, page_path: page, thumb_url: expect.stringMatching(/\?size=thumb$/) },
    });
    expect(wx.uploads.length).toBe(uploadsBefore + 1);
    const thumb = wx.uploads.at(-1)!;
    expect(thumb.filename).toBe('thumb.jpg');
    expect(cardsTo(asked.openid)).toEqual([
      {
        touser: asked.openid,
        msgtype: 'miniprogrampage',
        miniprogrampage: {
          title: water.name,
          appid: STUB_APPID,
          pagepath: page,
          thumb_media_id: thumb.media_id,
        },
      },
    ]);
    // The thread shows it as a card, and the inbox previews it by its title.
    const thread = (await call(clerk, 'GET', `/service/conversations/${asked.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({ kind: 'card', card: { title: water.name } });
    expect(thread.conversation).toMatchObject({ status: 'answered', last_message: water.name });
    const served = await t.call(undefined, { method: 'GET', url: thread.messages.at(-1).card.thumb_url });
    expect(served.statusCode).toBe(200);
  });

  it("of the same product again uses the photo's media_id, uploading nothing", async () => {
    const asked = await conversationWith('card-ben', { orderedAt: store.SH001 });
    const uploadsBefore = wx.uploads.length;
    expect((await sendCard(asked.id, { sku_id: water.sku_id })).statusCode).toBe(201);
    expect(wx.uploads.length).toBe(uploadsBefore);
    expect(cardsTo(asked.openid)[0]?.miniprogrampage?.thumb_media_id).toBe(
      cardsTo('o_card-amy')[0]?.miniprogrampage?.thumb_media_id,
    );
  });

  it('of a product without a photo goes on the plain card, at the store given for a brand-level conversation', async () => {
    const asked = await conversationWith('card-cai');
    expect(asked.store_id).toBeNull();
    const sent = await sendCard(asked.id, { sku_id: oat.sku_id, store_id: store.SH002 });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().card).toEqual({
      title: oat.name,
      page_path: `pages/product/index?sku=${oat.sku_id}&store=${store.SH002}`,
      thumb_url: null,
    });
    expect(wx.uploads.at(-1)?.filename).toBe('thumb.png');
    expect(cardsTo(asked.openid)).toHaveLength(1);
  });

  it('needs a store: a brand-level conversation without store_id is a 400 naming store_id', async () => {
    const asked = await conversationWith('card-dan');
    const refused = await sendCard(asked.id, { sku_id: oat.sku_id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'SS_ERR_VALIDATION', field: 'store_id' });
    const unknownStore = await sendCard(asked.id, { sku_id: oat.sku_id, store_id: crypto.randomUUID() });
    expect(unknownStore.statusCode).toBe(404);
    expect(cardsTo(asked.openid)).toEqual([]);
    const thread = (await call(clerk, 'GET', `/service/conversations/${asked.id}`)).json();
    expect(thread.messages.map((m: { kind: string }) => m.kind)).toEqual(['text']);
  });

  it('of an unknown SKU is a 404, nothing kept or sent', async () => {
    const asked = await conversationWith('card-eva', { orderedAt: store.SH001 });
    const refused = await sendCard(asked.id, { sku_id: crypto.randomUUID() });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('SS_ERR_NOT_FOUND');
    expect(cardsTo(asked.openid)).toEqual([]);
  });

  it('is a text or a card: both, neither, or store_id with a text is a 400 naming the field', async () => {
    const asked = await conversationWith('card-fay', { orderedAt: store.SH001 });
    for (const [body, field] of [
      [{ text: '有的', sku_id: oat.sku_id }, 'sku_id'],
      [{}, 'text'],
      [{ store_id: store.SH001 }, 'text'],
      [{ text: '有的', store_id: store.SH001 }, 'store_id'],
      [{ sku_id: 'oat' }, 'sku_id'],
    ] as const) {
      const refused = await sendCard(asked.id, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().field, JSON.stringify(body)).toBe(field);
    }
  });

  it('past 48 hours is refused as a text is (45015, SS_ERR_SERVICE_REPLY_TOO_LATE) and kept as failed', async () => {
    const asked = await conversationWith('card-gus', { orderedAt: store.SH001 });
    wx.shopperWrote(asked.openid, Date.now() - 49 * 3600 * 1000);
    const refused = await sendCard(asked.id, { sku_id: oat.sku_id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SS_ERR_SERVICE_REPLY_TOO_LATE');
    const thread = (await call(clerk, 'GET', `/service/conversations/${asked.id}`)).json();
    expect(thread.messages.at(-1)).toMatchObject({
      kind: 'card',
      card: { title: oat.name },
      delivery: 'failed',
      errcode: 45015,
    });
  });
});
