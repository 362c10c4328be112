/**
 * What the brand answers by itself once a push is kept: the away message when the push opened the
 * conversation while its store is closed (store hours; a brand-level conversation has none to be
 * outside of), and the quick reply whose keyword the shopper's message holds. Sent as any reply
 * is, kept as the automatic answer's; the conversation still waits for a person.
 */
import type { FastifyInstance } from 'fastify';
import { getStore } from '../stores/index.js';
import { keywordReply } from './answers.js';
import type { ShopperPush } from './push.js';
import { listQuickReplies } from './quick-replies.js';
import type { Received } from './receive.js';
import { sendReply } from './reply.js';
import { serviceSettings } from './settings.js';

export async function answerByItself(
  app: FastifyInstance,
  tenantId: string,
  received: Received,
  push: ShopperPush,
): Promise<void> {
  const answers = await app.db.tenant(tenantId, async (tx) => {
    const away = received.opened ? ((await serviceSettings(tx))?.away_message ?? undefined) : undefined;
    const store = away && received.storeId ? await getStore(tx, received.storeId) : undefined;
    const keyword =
      push.event.kind === 'text' ? keywordReply(push.event.text, await listQuickReplies(tx)) : undefined;
    return [store && !store.open_now ? away : undefined, keyword?.body].filter((text) => text !== undefined);
  });
  for (const text of answers) {
    const { refusal } = await sendReply(app, tenantId, received.conversationId, {
      text,
      staffId: null,
      reach: null,
    });
    if (refusal) app.log.warn({ code: refusal.code }, 'an automatic customer-service answer was not sent');
  }
}
