/**
 * A reply to the shopper through WeChat's customer-service message (`/cgi-bin/message/custom/send`)
 * from the brand's mini-program. The reply is stored before it is sent and settled after, so what
 * was sent and what WeChat refused (45015 past 48 hours, 45047 too many replies) both stay on record.
 */
import type { FastifyInstance } from 'fastify';
import { shopperOpenid } from '../members/index.js';
import { NotFound, type SmartStoreError } from '../server/errors.js';
import { getStore, listStores } from '../stores/index.js';
import { brandWechat } from '../tenancy/index.js';
import { postWithToken } from '../wechat/index.js';
import { fillReply } from './answers.js';
import { answered, getConversation, type Reach } from './conversations.js';
import { ConversationClosed, NoMiniprogram, ReplyLimit, ReplyRefused, ReplyTooLate } from './errors.js';
import { addMessage, type MessageRow, settleMessage, type Undelivered } from './messages.js';

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

async function deliver(app: FastifyInstance, tenantId: string, openid: string, text: string) {
  const wechat = await brandWechat(app, tenantId);
  if (!wechat) return { errcode: null, errmsg: 'no WeChat mini-program set' };
  try {
    const reply = await postWithToken(wechat, '/cgi-bin/message/custom/send', {
      touser: openid,
      msgtype: 'text',
      text: { content: text },
    });
    return reply.errcode ? { errcode: reply.errcode, errmsg: reply.errmsg ?? '' } : null;
  } catch (error) {
    app.log.warn({ err: error }, 'a customer-service reply could not reach WeChat');
    return { errcode: -1, errmsg: (error as Error).message };
  }
}

/**
 * Sends `text` in the conversation ({store_hours} filled in), by a staff member or (staffId null) the
 * automatic answers.
 */
export async function sendReply(
  app: FastifyInstance,
  tenantId: string,
  conversationId: string,
  reply: { text: string; staffId: string | null; reach: Reach },
): Promise<ReplyOutcome> {
  const { message, openid } = await app.db.tenant(tenantId, async (tx) => {
    const conversation = await getConversation(tx, conversationId, reply.reach);
    if (!conversation) throw NotFound('Conversation');
    if (conversation.status === 'closed') throw ConversationClosed();
    const stores = !reply.text.includes('{store_hours}')
      ? []
      : conversation.store_id
        ? [await getStore(tx, conversation.store_id)].filter((s) => s !== undefined)
        : await listStores(tx);
    return {
      openid: (await shopperOpenid(tx, conversation.shopper_id))!,
      message: await addMessage(tx, tenantId, conversationId, {
        author: reply.staffId ? 'staff' : 'auto',
        kind: 'text',
        body: fillReply(reply.text, stores),
        staff_id: reply.staffId,
      }),
    };
  });
  const undelivered = await deliver(app, tenantId, openid, message.body ?? '');
  const settled = await app.db.tenant(tenantId, async (tx) => {
    // An automatic answer leaves the shopper waiting for a person.
    if (!undelivered && reply.staffId) await answered(tx, conversationId, reply.staffId);
    return settleMessage(tx, message.id, undelivered);
  });
  return undelivered ? { message: settled, refusal: refusalOf(undelivered) } : { message: settled };
}
