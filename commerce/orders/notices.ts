/**
 * What a shopper is told of their order, queued: a pickup order ready to collect or a delivery order
 * out for delivery, money refunded (the whole order or part of it), an unpaid order that lapsed.
 *
 * Why an outbox rather than a call to push/ after the commit: the notice is written in the very
 * transaction that changes the order (by `recordEvent`, the one writer of the order's audit trail,
 * and by a refund's success), so there is a notice exactly when the change committed: a process
 * that dies just after the commit loses none, a change rolled back leaves none. The sending is the
 * worker's (notice-sender.ts), off the clerk's request, so WeChat being slow or failing never holds
 * up or fails the change itself.
 */
import type { Tx } from '../../db/pool.js';
import type { OrderStatus } from './state.js';

export type NoticeEvent = 'ready' | 'refund' | 'lapsed';

export interface QueuedNotice {
  id: string;
  order_id: string;
  event: NoticeEvent;
  /** push/'s log sends once per source key and channel. */
  source_key: string;
  refund_cents: number | null;
}

async function queue(
  tx: Tx,
  tenantId: string,
  orderId: string,
  event: NoticeEvent,
  sourceKey: string,
  refundCents: number | null = null,
): Promise<void> {
  // An order taken at the till has no shopper to tell.
  await tx.query(
    `INSERT INTO order_notices (tenant_id, order_id, event, source_key, refund_cents)
     SELECT $1, id, $3, $4, $5 FROM orders WHERE id = $2 AND shopper_id IS NOT NULL`,
    [tenantId, orderId, event, sourceKey, refundCents],
  );
}

/**
 * The notice a change of status brings, if any, in the transaction that records the change: one per
 * (order, status), as the state machine reaches a status once.
 */
export async function noticeStatusChange(
  tx: Tx,
  tenantId: string,
  orderId: string,
  to: OrderStatus,
  actor: string,
): Promise<void> {
  if (to === 'ready') return queue(tx, tenantId, orderId, 'ready', `order:${orderId}:ready`);
  // Cancelled by the sweeper, not by the shopper or staff: it was not paid in time.
  if (to === 'cancelled' && actor === 'system')
    return queue(tx, tenantId, orderId, 'lapsed', `order:${orderId}:lapsed`);
  if (to !== 'refunded') return;
  // The WeChat Pay refunds that succeeded were told of one by one (noticeRefund): a whole refund
  // through WeChat Pay leaves nothing to tell here; staff marking an order refunded, what is left.
  const { rows } = await tx.query<{ left: number }>(
    `SELECT (o.total_cents - coalesce((SELECT sum(r.amount_cents) FROM commerce_refunds r
       WHERE r.order_id = o.id AND r.status = 'success'), 0))::int AS left
     FROM orders o WHERE o.id = $1`,
    [orderId],
  );
  const left = rows[0]?.left ?? 0;
  if (left > 0) await queue(tx, tenantId, orderId, 'refund', `order:${orderId}:refunded`, left);
}

/** A refund WeChat Pay reports successful, in the transaction that records it: its amount is on its way. */
export const noticeRefund = (
  tx: Tx,
  tenantId: string,
  refund: { id: string; order_id: string; amount_cents: number },
) =>
  queue(
    tx,
    tenantId,
    refund.order_id,
    'refund',
    `order:${refund.order_id}:refund:${refund.id}`,
    refund.amount_cents,
  );

/**
 * Takes up to `limit` notices due at `now` (SKIP LOCKED: each to one worker) and moves them on by
 * `claimMs`, so a notice whose worker died is taken again once the claim lapses. Oldest first.
 */
export async function claimNotices(
  tx: Tx,
  now: Date,
  claimMs: number,
  limit: number,
): Promise<QueuedNotice[]> {
  const { rows } = await tx.query<QueuedNotice>(
    `UPDATE order_notices SET due_at = $1::timestamptz + make_interval(secs => $2::float8 / 1000)
     WHERE id IN (SELECT id FROM order_notices WHERE due_at <= $1 ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, order_id, event, source_key, refund_cents`,
    [now, claimMs, limit],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The notice went out (or push/'s log says it had): it leaves the queue. */
export async function noticeDone(tx: Tx, id: string): Promise<void> {
  await tx.query('DELETE FROM order_notices WHERE id = $1', [id]);
}
