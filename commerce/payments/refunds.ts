/**
 * Refunds of WeChat Pay payments. Each is keyed by its out_refund_no, which WeChat also treats as
 * the refund's idempotency key, so a retry — of the staff request, of the call to WeChat, or of
 * WeChat's notification — never refunds twice. A refund changes the order and the stock only
 * when WeChat reports it successful, and only once:
 * - before handover (paid, preparing, ready): refunding what is left of the payment refunds the
 *   order, and its units go back on the shelf (the order's own `refunded` step); a partial refund
 *   is a price adjustment and moves no stock;
 * - after handover (completed): the order stays completed, and the goods the customer brought
 *   back (`returned`) go back on the shelf as a `return` movement.
 */

import type { Tx } from '../../db/pool.js';
import { reversePointsForOrder, revokeReferral } from '../../members/index.js';
import { NotFound, Validation } from '../../server/errors.js';
import { IdempotencyKeyReused } from '../errors.js';
import { noticeRefund } from '../orders/notices.js';
import { getOrder, transitionOrder } from '../orders/orders.js';
import { applyStockOperation, movementLines } from '../stock/movements.js';
import { stockDemand } from '../stock/reservations.js';
import { NotRefundable, RefundTooLarge } from './errors.js';
import type { RefundResource } from './notify.js';
import type { PaymentRow } from './payments.js';

export type RefundStatus = 'requested' | 'processing' | 'success' | 'closed' | 'abnormal';

export interface ReturnedLine {
  sku_id: string;
  qty: number;
}

export interface RefundRow {
  id: string;
  order_id: string;
  payment_id: string;
  out_refund_no: string;
  out_trade_no: string;
  total_cents: number;
  amount_cents: number;
  reason: string;
  returned: ReturnedLine[];
  status: RefundStatus;
  refund_id: string | null;
  requested_by: string;
  succeeded_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT r.id, r.order_id, r.payment_id, r.out_refund_no, p.out_trade_no, p.amount_cents AS total_cents,
    r.amount_cents, r.reason, r.returned, r.status, r.refund_id, r.requested_by, r.succeeded_at, r.created_at, r.updated_at
  FROM commerce_refunds r JOIN commerce_payments p ON p.id = r.payment_id`;

/**
 * Statuses whose money is gone or on its way: they count against what is left to refund. An
 * abnormal refund (the shopper's card closed) is still owed to the shopper and is settled at
 * WeChat, not refunded again here.
 */
const COUNTED: RefundStatus[] = ['requested', 'processing', 'success', 'abnormal'];

export async function refundsOfOrder(tx: Tx, orderId: string): Promise<RefundRow[]> {
  const { rows } = await tx.query<RefundRow>(`${SELECT} WHERE r.order_id = $1 ORDER BY r.created_at`, [
    orderId,
  ]);
  return rows;
}

/** What WeChat Pay has given back of each of these orders: its refunds that succeeded, summed. */
export async function refundedOf(tx: Tx, orderIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ order_id: string; cents: number }>(
    `SELECT order_id, sum(amount_cents)::int AS cents FROM commerce_refunds
     WHERE order_id = ANY($1::uuid[]) AND status = 'success' GROUP BY order_id`,
    [orderIds],
  );
  return new Map(rows.map((r) => [r.order_id, r.cents]));
}

export async function refundByNo(tx: Tx, outRefundNo: string): Promise<RefundRow | undefined> {
  const { rows } = await tx.query<RefundRow>(`${SELECT} WHERE r.out_refund_no = $1`, [outRefundNo]);
  return rows[0];
}

/** Refunds sent to WeChat without an answer yet (network trouble): sent again with the same out_refund_no. */
export async function unsentRefunds(tx: Tx, before: Date, limit = 50): Promise<RefundRow[]> {
  const { rows } = await tx.query<RefundRow>(
    `${SELECT} WHERE r.status = 'requested' AND r.updated_at <= $1 ORDER BY r.updated_at LIMIT $2`,
    [before, limit],
  );
  return rows;
}

export interface RefundRequest {
  payment: PaymentRow;
  out_refund_no: string;
  amount_cents: number;
  reason: string;
  returned: ReturnedLine[];
  requested_by: string;
}

/** Records a refund to send; the caller holds the payment's row lock, so refunds of one payment queue up. */
export async function createRefund(tx: Tx, tenantId: string, request: RefundRequest): Promise<RefundRow> {
  const { rows } = await tx.query<{ left: number }>(
    'SELECT $2::int - coalesce(sum(amount_cents), 0)::int AS left FROM commerce_refunds WHERE payment_id = $1 AND status = ANY($3)',
    [request.payment.id, request.payment.amount_cents, COUNTED],
  );
  const left = rows[0]!.left;
  if (request.amount_cents > left) throw RefundTooLarge(request.amount_cents, left);
  await tx.query(
    `INSERT INTO commerce_refunds (tenant_id, order_id, payment_id, out_refund_no, amount_cents, reason, returned, requested_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      tenantId,
      request.payment.order_id,
      request.payment.id,
      request.out_refund_no,
      request.amount_cents,
      request.reason,
      JSON.stringify(request.returned),
      request.requested_by,
    ],
  );
  return (await refundByNo(tx, request.out_refund_no))!;
}

/** Goods may come back only after handover, and no more of a SKU than the order had less what came back before. */
async function checkReturned(tx: Tx, orderId: string, returned: ReturnedLine[]) {
  const { rows } = await tx.query<{ sku_id: string; left: number }>(
    `SELECT l.sku_id, (sum(l.qty) - coalesce((SELECT sum((x->>'qty')::int) FROM commerce_refunds r,
         jsonb_array_elements(r.returned) x WHERE r.order_id = $1 AND r.status = ANY($2) AND x->>'sku_id' = l.sku_id::text), 0))::int AS left
     FROM order_lines l WHERE l.order_id = $1 GROUP BY l.sku_id`,
    [orderId, COUNTED],
  );
  const left = new Map(rows.map((r) => [r.sku_id, r.left]));
  const asked = new Map<string, number>();
  returned.forEach((line, index) => {
    const total = (asked.get(line.sku_id) ?? 0) + line.qty;
    asked.set(line.sku_id, total);
    if (!left.has(line.sku_id)) throw Validation(`returned.${index}.sku_id`, 'is not on this order');
    if (total > left.get(line.sku_id)!) {
      throw Validation(`returned.${index}.qty`, `is more than the ${left.get(line.sku_id)} left to return`);
    }
  });
}

/**
 * A refund staff ask for. Asked again with the same out_refund_no (the same Idempotency-Key),
 * it answers with the refund already recorded; with other content, the key is refused.
 */
export async function requestRefund(
  tx: Tx,
  tenantId: string,
  payment: PaymentRow,
  request: Omit<RefundRequest, 'payment'>,
): Promise<RefundRow> {
  const known = await refundByNo(tx, request.out_refund_no);
  if (known) {
    const same =
      known.order_id === payment.order_id &&
      known.amount_cents === request.amount_cents &&
      known.reason === request.reason &&
      JSON.stringify(known.returned) === JSON.stringify(request.returned);
    if (!same) throw IdempotencyKeyReused();
    return known;
  }
  if (payment.status !== 'paid') throw NotRefundable('it has not been paid with WeChat Pay');
  const order = await getOrder(tx, payment.order_id);
  if (!order) throw NotFound('Order');
  if (!['paid', 'preparing', 'ready', 'completed'].includes(order.status)) {
    throw NotRefundable(`it is ${order.status}`);
  }
  if (request.returned.length > 0) {
    if (order.status !== 'completed') {
      throw Validation(
        'returned',
        'is for goods brought back after handover; before handover a full refund puts the whole order back on the shelf',
      );
    }
    await checkReturned(tx, order.id, request.returned);
  }
  return createRefund(tx, tenantId, { payment, ...request });
}

/** WeChat's refund status (SUCCESS, PROCESSING, CLOSED, ABNORMAL) as ours. */
export function refundStatusOf(resource: RefundResource): RefundStatus | undefined {
  const status = (resource.refund_status ?? resource.status ?? '').toLowerCase();
  return (['processing', 'success', 'closed', 'abnormal'] as const).find((s) => s === status);
}

/**
 * Records what WeChat says of a refund. A refund moves out of requested/processing once; its
 * success refunds the order or puts the returned goods back, exactly once.
 */
export async function settleRefund(
  tx: Tx,
  tenantId: string,
  outRefundNo: string,
  status: RefundStatus,
  refundId: string | null,
  actor: string,
): Promise<'applied' | 'ignored'> {
  const from = status === 'processing' ? ['requested'] : ['requested', 'processing'];
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE commerce_refunds SET status = $2, refund_id = coalesce($3, refund_id),
       succeeded_at = CASE WHEN $2 = 'success' THEN now() END
     WHERE out_refund_no = $1 AND status = ANY($4) RETURNING id`,
    [outRefundNo, status, refundId, from],
  );
  if (!rows[0]) return 'ignored';
  if (status !== 'success') return 'applied';
  const refund = (await refundByNo(tx, outRefundNo))!;
  await noticeRefund(tx, tenantId, refund);
  const order = (await getOrder(tx, refund.order_id))!;
  if (refund.returned.length > 0) {
    await applyStockOperation(tx, tenantId, {
      key: `refund:${refund.out_refund_no}`,
      kind: 'return',
      reference: `order ${order.id}: ${refund.reason}`,
      // A bundle comes back as its components, the way it left the shelf.
      lines: movementLines('return', order.store_id, await stockDemand(tx, refund.returned)),
    });
  }
  const refundedCents = async () => {
    const { rows: sums } = await tx.query<{ refunded: number }>(
      "SELECT coalesce(sum(amount_cents), 0)::int AS refunded FROM commerce_refunds WHERE payment_id = $1 AND status = 'success'",
      [refund.payment_id],
    );
    return sums[0]!.refunded;
  };
  // The member gives back the points this refund's share of the order earned.
  await reversePointsForOrder(tx, tenantId, order.id, {
    key: refund.out_refund_no,
    refundedShare: async () => (await refundedCents()) / refund.total_cents,
  });
  const whole = (await refundedCents()) >= refund.total_cents;
  // All of it back after handover: a referral bonus that order paid is taken back too.
  if (whole) await revokeReferral(tx, tenantId, order.id);
  if (whole && ['paid', 'preparing', 'ready'].includes(order.status)) {
    await transitionOrder(
      tx,
      tenantId,
      order.id,
      'refunded',
      actor,
      `WeChat Pay refund ${refund.out_refund_no}`,
    );
  }
  return 'applied';
}
