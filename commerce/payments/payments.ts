/**
 * An order's WeChat Pay payment: its prepay, and the one place a payment WeChat reports (by
 * notification or by query) is applied to the order — exactly once, under the payment's row lock.
 *
 * A payment that arrives for an order that can no longer take it is never lost: an unpaid order
 * whose reservation lapsed reserves its stock again and is paid, or, when the shelf is empty, is
 * cancelled and refunded in full; a payment for a cancelled order is refunded in full.
 */

import { guardConstraints } from '../../db/index.js';
import type { Tx } from '../../db/pool.js';
import type { SmartStoreError } from '../../server/errors.js';
import { OrderExpired, StockInsufficient } from '../errors.js';
import { getOrder, payOrder, reserveOrderAgain, transitionOrder } from '../orders/orders.js';
import { getReservation } from '../stock/reservations.js';
import type { TradeResource } from './notify.js';
import { createRefund, type RefundRow } from './refunds.js';
import type { RequestPayment } from './schemas.js';

export type PaymentStatus = 'prepaid' | 'paid' | 'closed';

export interface PaymentRow {
  id: string;
  order_id: string;
  out_trade_no: string;
  appid: string;
  mchid: string;
  openid: string;
  amount_cents: number;
  status: PaymentStatus;
  prepay_id: string;
  prepay_expires_at: Date;
  request_payment: RequestPayment;
  transaction_id: string | null;
  paid_at: Date | null;
  last_checked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, order_id, out_trade_no, appid, mchid, openid, amount_cents, status, prepay_id,
  prepay_expires_at, request_payment, transaction_id, paid_at, last_checked_at, created_at, updated_at`;

/** A prepay_id is good for two hours at WeChat; one this close to its end is not handed out again. */
export const PREPAY_TTL_MS = 2 * 3600_000;
const PREPAY_MARGIN_MS = 60_000;

/** The merchant order number: the order id without dashes (32 characters, WeChat's maximum). */
export const outTradeNo = (orderId: string) => orderId.replaceAll('-', '');

export async function paymentOfOrder(tx: Tx, orderId: string, lock = false): Promise<PaymentRow | undefined> {
  const { rows } = await tx.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM commerce_payments WHERE order_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [orderId],
  );
  return rows[0];
}

async function paymentByTradeNo(tx: Tx, tradeNo: string): Promise<PaymentRow | undefined> {
  const { rows } = await tx.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM commerce_payments WHERE out_trade_no = $1 FOR UPDATE`,
    [tradeNo],
  );
  return rows[0];
}

/** The prepay to hand out again, if the order has one that is still good. */
export const reusablePrepay = (payment: PaymentRow | undefined, now: Date) =>
  payment?.status === 'prepaid' && payment.prepay_expires_at.getTime() - PREPAY_MARGIN_MS > now.getTime()
    ? payment
    : undefined;

/**
 * Records a prepay. Two prepays racing for one order both reach WeChat with the same out_trade_no
 * and the same content, so the one recorded first stands and both callers hand out its parameters.
 */
export async function recordPrepay(
  tx: Tx,
  tenantId: string,
  prepay: Pick<PaymentRow, 'order_id' | 'appid' | 'mchid' | 'openid' | 'amount_cents' | 'prepay_id'> & {
    request_payment: RequestPayment;
    prepay_expires_at: Date;
  },
): Promise<PaymentRow> {
  await tx.query(
    `INSERT INTO commerce_payments (tenant_id, order_id, out_trade_no, appid, mchid, openid, amount_cents,
       prepay_id, prepay_expires_at, request_payment)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (order_id) DO UPDATE SET prepay_id = EXCLUDED.prepay_id,
       prepay_expires_at = EXCLUDED.prepay_expires_at, request_payment = EXCLUDED.request_payment
     WHERE commerce_payments.status = 'prepaid' AND commerce_payments.prepay_expires_at < EXCLUDED.prepay_expires_at - interval '1 minute'`,
    [
      tenantId,
      prepay.order_id,
      outTradeNo(prepay.order_id),
      prepay.appid,
      prepay.mchid,
      prepay.openid,
      prepay.amount_cents,
      prepay.prepay_id,
      prepay.prepay_expires_at,
      JSON.stringify(prepay.request_payment),
    ],
  );
  return (await paymentOfOrder(tx, prepay.order_id))!;
}

export async function markChecked(tx: Tx, paymentId: string): Promise<void> {
  await tx.query('UPDATE commerce_payments SET last_checked_at = now() WHERE id = $1', [paymentId]);
}

export async function markClosed(tx: Tx, paymentId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    "UPDATE commerce_payments SET status = 'closed', last_checked_at = now() WHERE id = $1 AND status = 'prepaid'",
    [paymentId],
  );
  return rowCount === 1;
}

export interface Settled {
  outcome: 'applied' | 'ignored' | 'rejected';
  detail: string;
  /** A refund this payment needs (sent to WeChat once the transaction commits). */
  refund?: RefundRow;
}

/** Why a reported payment does not belong to this payment record, or undefined when it does. */
function tradeMismatch(payment: PaymentRow, trade: TradeResource): string | undefined {
  if (trade.mchid !== payment.mchid) return `mchid ${trade.mchid} is not this merchant's`;
  if (trade.appid !== payment.appid) return `appid ${trade.appid} is not the mini-program's`;
  if (trade.amount?.total !== payment.amount_cents) {
    return `amount ${trade.amount?.total} fen is not the order's ${payment.amount_cents} fen`;
  }
  if ((trade.amount?.currency ?? 'CNY') !== 'CNY') return `currency ${trade.amount?.currency} is not CNY`;
  return undefined;
}

/**
 * Applies a payment WeChat reports as successful to its order, once: a payment already paid is
 * ignored; one whose mchid, appid, amount or currency do not match is rejected and changes nothing.
 */
export async function settlePayment(
  tx: Tx,
  tenantId: string,
  trade: TradeResource,
  actor: string,
): Promise<Settled> {
  const payment = await paymentByTradeNo(tx, trade.out_trade_no);
  if (!payment) return { outcome: 'rejected', detail: `no payment ${trade.out_trade_no}` };
  const mismatch = tradeMismatch(payment, trade);
  if (mismatch) return { outcome: 'rejected', detail: mismatch };
  if (payment.status === 'paid') return { outcome: 'ignored', detail: 'already paid' };
  const transactionId = trade.transaction_id ?? trade.out_trade_no;
  await tx.query(
    `UPDATE commerce_payments SET status = 'paid', transaction_id = $2, paid_at = coalesce($3::timestamptz, now())
     WHERE id = $1`,
    [payment.id, transactionId, trade.success_time ?? null],
  );
  const refundAll = async (reason: string): Promise<Settled> => ({
    outcome: 'applied',
    detail: reason,
    refund: await createRefund(tx, tenantId, {
      payment,
      amount_cents: payment.amount_cents,
      reason,
      returned: [],
      requested_by: 'system',
      out_refund_no: `A${payment.out_trade_no.slice(0, 31)}`,
    }),
  });

  const order = (await getOrder(tx, payment.order_id))!;
  if (order.status !== 'created') {
    return refundAll(`the order was ${order.status} before the payment arrived: refunded in full`);
  }
  const pay = () =>
    payOrder(
      tx,
      tenantId,
      order.id,
      { method: 'wechatpay', amount_cents: payment.amount_cents, transaction_id: transactionId },
      actor,
    );
  /** One step in a savepoint: the coded error `code` comes back as such, the transaction still usable. */
  const attempt = <T>(step: () => Promise<T>, code: string) =>
    guardConstraints(tx, step, (e) =>
      (e as SmartStoreError).code === code ? (e as SmartStoreError) : undefined,
    );
  const reservation = order.reservation_id ? await getReservation(tx, order.reservation_id) : undefined;
  if (reservation?.status === 'held') {
    try {
      await attempt(pay, OrderExpired.code);
      return { outcome: 'applied', detail: 'paid' };
    } catch (error) {
      // The expiry sweeper released the reservation a moment ago: as if it had lapsed before.
      if ((error as SmartStoreError).code !== OrderExpired.code) throw error;
    }
  }
  try {
    await attempt(() => reserveOrderAgain(tx, tenantId, order.id), StockInsufficient.code);
  } catch (error) {
    if ((error as SmartStoreError).code !== StockInsufficient.code) throw error;
    await transitionOrder(tx, tenantId, order.id, 'cancelled', actor, 'paid after its stock was released');
    return refundAll('paid after its stock was released and the shelf had none left: refunded in full');
  }
  await pay();
  return { outcome: 'applied', detail: 'paid after its reservation lapsed; reserved again' };
}
