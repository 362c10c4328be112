/**
 * A reply to the shopper through WeChat's customer-service message (`/cgi-bin/message/custom/send`)
 * from the brand's mini-program: a text, or a product as a mini-program card. The reply is stored before it is sent and settled after, so what
 * was sent and what WeChat refused (45015 past 48 hours, 45047 too many replies) both stay on record.
 */
import type { FastifyInstance } from 'fastify';
import type { Tx } from '../db/index.js';
import { shopperOpenid } from '../members/index.js';
import { NotFound, type SmartStoreError, Validation } from '../server/errors.js';
import { getStore, listStores } from '../stores/index.js';
import { brandWechat } from '../tenancy/index.js';
import { postWithToken, type WechatApp } from '../wechat/index.js';
import { fillReply } from './answers.js';
import { cardThumb } from './card-thumbs.js';
import { answered, type ConversationRow, getConversation, type Reach } from './conversations.js';
import { ConversationClosed, NoMiniprogram, ReplyLimit, ReplyRefused, ReplyTooLate } from './errors.js';
import { addMessage, type MessageRow, type NewMessage, settleMessage, type Undelivered } from './messages.js';
import { productCard } from './product-card.js';

export interface ReplyOutcome {
  message: MessageRow;
  /** Why it was not sent, as staff are to hear it; none when sent. */
  refusal?: SmartStoreError;
}

function refusalOf(undelivered: Undelivered): SmartStoreError {
  if (undelivered.errcode === null) return NoMiniprogram();
  if (undelivered.errcode === 45015) return ReplyTooLate();
  if (undelivered.errcode === 45047) return ReplyLimit();
  return ReplyRefused(undelivered.errcode, undelivered.errmsg);
}

/** What staff send: a text, or a product as a card (opening its page at the store given, when the conversation has none). */
export type ReplyContent = { text: string } | { sku_id: string; store_id?: string | undefined };

/** A stored reply as it goes out, with the photo of a card's thumbnail (null: the plain card). */
interface Outgoing {
  message: MessageRow;
  photo: string | null;
}

/** The reply in WeChat's words: its text, or a card whose thumbnail is uploaded first (or was). */
async function wechatMessage(app: FastifyInstance, wechat: WechatApp, { message, photo }: Outgoing) {
  if (message.kind !== 'card') return { msgtype: 'text', text: { content: message.body ?? '' } };
  const thumb = await cardThumb(app, wechat, photo);
  if (!('media_id' in thumb)) return thumb;
  const card = message.card!;
  return {
    msgtype: 'miniprogrampage',
    miniprogrampage: {
      title: card.title,
      appid: wechat.appid,
      pagepath: card.page_path,
      thumb_media_id: thumb.media_id,
    },
  };
}

async function deliver(
  app: FastifyInstance,
  tenantId: string,
  openid: string,
  outgoing: Outgoing,
): Promise<Undelivered | null> {
  const wechat = await brandWechat(app, tenantId);
  if (!wechat) return { errcode: null, errmsg: 'no WeChat mini-program set' };
  try {
    const content = await wechatMessage(app, wechat, outgoing);
    if ('errcode' in content) return content;
    const reply = await postWithToken(wechat, '/cgi-bin/message/custom/send', { touser: openid, ...content });
    return reply.errcode ? { errcode: reply.errcode, errmsg: reply.errmsg ?? '' } : null;
  } catch (error) {
    app.log.warn({ err: error }, 'a customer-service reply could not reach WeChat');
    return { errcode: -1, errmsg: (error as Error).message };
  }
}

/** The message to keep for `content`: a text with {store_hours} filled in, or a product's card. */
async function compose(
  tx: Tx,
  conversation: ConversationRow,
  content: ReplyContent,
): Promise<{ message: Pick<NewMessage, 'kind' | 'body' | 'card'>; photo: string | null }> {
  if ('sku_id' in content) {
    const storeId = conversation.store_id ?? content.store_id;
    if (!storeId) throw Validation('store_id', 'is required: the conversation is with no store');
    if (!(await getStore(tx, storeId))) throw NotFound('Store');
    const { card, photo } = await productCard(tx, content.sku_id, storeId);
    return { message: { kind: 'card', card }, photo };
  }
  const stores = !content.text.includes('{store_hours}')
    ? []
    : conversation.store_id
      ? [await getStore(tx, conversation.store_id)].filter((s) => s !== undefined)
      : await listStores(tx);
  return { message: { kind: 'text', body: fillReply(content.text, stores) }, photo: null };
}

/**
 * Sends a text ({store_hours} filled in) or a product card in the conversation, by a staff member or
 * (staffId null) the automatic answers.
 */
export async function sendReply(
  app: FastifyInstance,
  tenantId: string,
  conversationId: string,
  reply: { content: ReplyContent; staffId: string | null; reach: Reach },
): Promise<ReplyOutcome> {
  const { outgoing, openid } = await app.db.tenant(tenantId, async (tx) => {
    const conversation = await getConversation(tx, conversationId, reply.reach);
    if (!conversation) throw NotFound('Conversation');
    if (conversation.status === 'closed') throw ConversationClosed();
    const { message, photo } = await compose(tx, conversation, reply.content);
    return {
      openid: (await shopperOpenid(tx, conversation.shopper_id))!,
      outgoing: {
        photo,
        message: await addMessage(tx, tenantId, conversationId, {
          ...message,
          author: reply.staffId ? 'staff' : 'auto',
          staff_id: reply.staffId,
        }),
      },
    };
  });
  const undelivered = await deliver(app, tenantId, openid, outgoing);
  const settled = await app.db.tenant(tenantId, async (tx) => {
    // An automatic answer leaves the shopper waiting for a person.
    if (!undelivered && reply.staffId) await answered(tx, conversationId, reply.staffId);
    return settleMessage(tx, outgoing.message.id, undelivered);
  });
  return undelivered ? { message: settled, refusal: refusalOf(undelivered) } : { message: settled };
}
