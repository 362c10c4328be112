/**
 * A shopper's push, kept: the shopper found by openid (members), their conversation found or opened
 * (the store it concerns: the order they sent as a card, else that of their last order, else none),
 * the message stored once however often WeChat pushes it.
 */
import type { FastifyInstance } from 'fastify';
import { getOrder, listOrders } from '../commerce/index.js';
import type { Tx } from '../db/index.js';
import { shopperOfOpenid } from '../members/index.js';
import { conversationOfShopper, lockShopper, shopperActive, startConversation } from './conversations.js';
import { addMessage, type NewMessage, pushKept } from './messages.js';
import type { ShopperPush } from './push.js';

export interface Received {
  conversationId: string;
  shopperId: string;
  /** The store the conversation concerns now; null: brand-level. */
  storeId: string | null;
  /** The conversation was opened by this push (new, or closed before). */
  opened: boolean;
}

/** The shopper's own order they named, with its store; someone else's order is not linked. */
async function namedOrder(tx: Tx, shopperId: string, push: ShopperPush) {
  const orderId = 'orderId' in push.event ? push.event.orderId : null;
  const order = orderId ? await getOrder(tx, orderId) : undefined;
  return order && order.shopper_id === shopperId ? { id: order.id, storeId: order.store_id } : null;
}

async function lastOrderStore(tx: Tx, shopperId: string): Promise<string | null> {
  return (await listOrders(tx, { shopper_id: shopperId, limit: 1 }))[0]?.store_id ?? null;
}

function messageOf(push: ShopperPush, orderId: string | null): NewMessage {
  const base = { author: 'shopper' as const, wechat_key: push.key, order_id: orderId };
  const e = push.event;
  switch (e.kind) {
    case 'text':
      return { ...base, kind: 'text', body: e.text };
    case 'image':
      return { ...base, kind: 'image', image_url: e.imageUrl };
    case 'card':
      return {
        ...base,
        kind: 'card',
        card: { title: e.title, page_path: e.pagePath, thumb_url: e.thumbUrl },
      };
    case 'entered':
      return { ...base, kind: 'entered' };
  }
}

/** Keeps the push in the transaction's brand; undefined when it was kept before. */
export async function keepPush(tx: Tx, tenantId: string, push: ShopperPush): Promise<Received | undefined> {
  const shopperId = await shopperOfOpenid(tx, tenantId, push.openid);
  await lockShopper(tx, shopperId);
  if (await pushKept(tx, push.key)) return undefined;
  const order = await namedOrder(tx, shopperId, push);
  const conversation = await conversationOfShopper(tx, shopperId);
  const storeId =
    order?.storeId ?? (conversation ? conversation.store_id : await lastOrderStore(tx, shopperId));
  const conversationId =
    conversation?.id ??
    (await startConversation(tx, tenantId, { shopperId, storeId, orderId: order?.id ?? null, at: push.at }));
  await shopperActive(tx, conversationId, { message: push.event.kind !== 'entered', at: push.at, order });
  await addMessage(tx, tenantId, conversationId, messageOf(push, order?.id ?? null));
  return { conversationId, shopperId, storeId, opened: !conversation || conversation.status === 'closed' };
}

/** Keeps a push WeChat sent; undefined when WeChat pushed it before. */
export function receivePush(
  app: FastifyInstance,
  tenantId: string,
  push: ShopperPush,
): Promise<Received | undefined> {
  return app.db.tenant(tenantId, (tx) => keepPush(tx, tenantId, push));
}
