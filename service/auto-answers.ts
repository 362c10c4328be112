/**
 * What the brand answers by itself once a push is kept: the away message when the push opened the
 * conversation while its store is closed (a brand-level conversation: while every store of the brand
 * is, so nobody is at work to answer), and the quick reply whose keyword the shopper's message holds. Sent as any reply
 * is, kept as the automatic answer's; the conversation still waits for a person.
 */
import type { FastifyInstance } from 'fastify';
import { getStore, listStores } from '../stores/index.js';
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
    const stores = !away
      ? []
      : received.storeId
        ? [await getStore(tx, received.storeId)]
        : await listStores(tx);
    const closed = stores.length > 0 && stores.every((store) => store && !store.open_now);
    const keyword =
      push.event.kind === 'text' ? keywordReply(push.event.text, await listQuickReplies(tx)) : undefined;
    return [closed ? away : undefined, keyword?.body].filter((text) => text !== undefined);
  });
  for (const text of answers) {
    const { refusal } = await sendReply(app, tenantId, received.conversationId, {
      content: { text },
      staffId: null,
      reach: null,
    });
    if (refusal) app.log.warn({ code: refusal.code }, 'an automatic customer-service answer was not sent');
  }
}
