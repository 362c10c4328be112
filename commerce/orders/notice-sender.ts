/**
 * The worker that tells shoppers what notices.ts queued, through push/'s channels: the shopper's
 * live topic (a `kind: 'order_status'` message, which the mini-program tells from offers), and a
 * WeChat subscribe message opening the order's page when the brand has an order-status template.
 * Workers in every process share the queue (claims under SKIP LOCKED that lapse), and push/ claims one
 * log row per (source key, channel) before sending, so a notice taken again after a crash or by a
 * second worker sends nothing twice: one notification per (order, status), per refund. A WeChat error
 * is what push/ records in its log; the notice is done all the same.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Db } from '../../db/pool.js';
import { brandChannels, type Channels, type Delivery, deliver } from '../../push/index.js';
import { getStore } from '../../stores/index.js';
import { claimNotices, noticeDone, type QueuedNotice } from './notices.js';
import { getOrder, type OrderRecord } from './orders.js';
import { yuan } from './pricing.js';

/** A notice taken and not done in this long (its worker died) is taken again. */
const CLAIM_MS = 60_000;

/**
 * The words, in Chinese as WeChat shows the subscribe message (`lang: zh_CN`); the mini-program words
 * the live message itself from its fields. The template's `thing` fields hold 20 characters: what
 * matters (the pickup code, the amount) comes first.
 */
function wording(notice: QueuedNotice, order: OrderRecord, store: string): { title: string; body: string } {
  switch (notice.event) {
    case 'ready':
      // A delivery order is `ready` once the store has handed it to the courier (state.ts).
      return order.type === 'delivery'
        ? { title: '订单配送中', body: `${store}已将订单交给骑手` }
        : { title: `订单已备好 取货码${order.pickup_code}`, body: `请到${store}取货` };
    case 'refund':
      return { title: `退款${yuan(notice.refund_cents!)}正在退回`, body: `${store}的订单，原路退回` };
    case 'lapsed':
      return { title: '订单已取消', body: '未按时支付，商品已放回' };
  }
}

/** What one notice says to the order's shopper (notices are queued for shoppers' orders only). */
function deliveryOf(tenantId: string, notice: QueuedNotice, order: OrderRecord, store: string): Delivery {
  return {
    tenantId,
    shopperId: order.shopper_id!,
    sourceKey: notice.source_key,
    ...wording(notice, order, store),
    payload: {
      kind: 'order_status',
      order_id: order.id,
      event: notice.event,
      order_type: order.type,
      store_name: store,
      ...(notice.event === 'ready' && order.pickup_code ? { pickup_code: order.pickup_code } : {}),
      ...(notice.refund_cents ? { refund_cents: notice.refund_cents } : {}),
    },
    pageQuery: `id=${order.id}`,
  };
}

/** One pass over every brand with notices due. Returns how many notices it handed to push/. */
export async function sendOrderNotices(
  db: Db,
  /** Each brand's channels (`orderNoticeChannels`). */
  channelsOf: (tenantId: string) => Promise<Channels>,
  log: Pick<FastifyBaseLogger, 'warn'>,
  now = new Date(),
  limit = 50,
): Promise<number> {
  const tenants = await db.anonymous(
    async (tx) =>
      (await tx.query<{ id: string }>('SELECT id FROM order_notice_tenants($1) AS id', [now])).rows,
  );
  let sent = 0;
  for (const { id: tenantId } of tenants) {
    const due = await db.tenant(tenantId, async (tx) => {
      const claimed = await claimNotices(tx, now, CLAIM_MS, limit);
      const stores = new Map<string, string>();
      const notices: { id: string; delivery: Delivery }[] = [];
      for (const notice of claimed) {
        // A notice goes with its order (ON DELETE CASCADE).
        const order = (await getOrder(tx, notice.order_id))!;
        if (!stores.has(order.store_id))
          stores.set(order.store_id, (await getStore(tx, order.store_id))?.name ?? '');
        notices.push({
          id: notice.id,
          delivery: deliveryOf(tenantId, notice, order, stores.get(order.store_id)!),
        });
      }
      return notices;
    });
    if (due.length === 0) continue;
    let channels: Channels;
    try {
      channels = await channelsOf(tenantId);
    } catch (error) {
      // One brand's broken mini-program (a secret sealed under another key) holds up no other brand.
      log.warn({ err: error, tenant: tenantId }, 'order notices wait: the brand’s channels are unavailable');
      continue;
    }
    for (const notice of due) {
      await deliver(db, channels, notice.delivery);
      await db.tenant(tenantId, (tx) => noticeDone(tx, notice.id));
      sent++;
    }
  }
  return sent;
}

/** A brand's channels for order notices: its WeChat messages open the order's page. */
export const orderNoticeChannels = (app: FastifyInstance) =>
  brandChannels(app, (wechat) => wechat.orderStatusTemplateId, 'pages/order/index');
