/**
 * WeChat Pay against the orders: prepay, notifications, the check with WeChat that reconciles a
 * notification that never came and closes what was cancelled or expired, and refunds. Calls to
 * WeChat happen outside database transactions; what they answer is applied in one.
 */
import type { FastifyInstance } from 'fastify';
import type { Tx } from '../../db/pool.js';
import { shopperOpenid } from '../../members/index.js';
import { NotFound, type SmartStoreError } from '../../server/errors.js';
import { brandWechat } from '../../tenancy/index.js';
import { OrderExpired, OrderTransitionRefused } from '../errors.js';
import { cancelledOrderRefusal, getOrder, type OrderRecord, transitionOrder } from '../orders/orders.js';
import { WechatPayFailed } from './errors.js';
import { NotifyRefused, openNotification, type RefundResource, type TradeResource } from './notify.js';
import {
  markChecked,
  markClosed,
  outTradeNo,
  type PaymentRow,
  PREPAY_TTL_MS,
  paymentOfOrder,
  recordPrepay,
  reusablePrepay,
  type Settled,
  settlePayment,
} from './payments.js';
import {
  type RefundRow,
  refundByNo,
  refundStatusOf,
  refundsOfOrder,
  settleRefund,
  unsentRefunds,
} from './refunds.js';
import type { NotifyAnswer, RequestPayment } from './schemas.js';
import type { WechatPayClient } from './wechatpay.js';

/** A payment without its notification is asked about after this long, and again as often. */
const CHECK_AFTER_MS = 60_000;
/** A payment due to be closed is not asked about again sooner than this (WeChat unreachable). */
const RETRY_AFTER_MS = 10_000;

interface Payments {
  app: FastifyInstance;
  wechat: WechatPayClient;
}

/** What the mini-program shows in the payment sheet: the first line and how many more. */
function paymentDescription(order: OrderRecord): string {
  const first = order.lines[0]?.name ?? 'order';
  const units = order.lines.reduce((n, l) => n + l.qty, 0);
  return (units > 1 ? `${first} 等${units}件` : first).slice(0, 127);
}

/**
 * The wx.requestPayment parameters for an unpaid order: a prepay that is still good is handed out
 * again unchanged; otherwise WeChat is asked for one that expires with the order's reservation.
 */
export async function startPayment(
  { app, wechat }: Payments,
  tenantId: string,
  orderId: string,
  now = new Date(),
): Promise<RequestPayment> {
  const prepared = await app.db.tenant(tenantId, async (tx) => {
    const order = await getOrder(tx, orderId);
    if (!order) throw NotFound('Order');
    if (order.status === 'cancelled') throw await cancelledOrderRefusal(tx, orderId);
    if (order.status !== 'created') throw OrderTransitionRefused(order.status, 'paid');
    const reusable = reusablePrepay(await paymentOfOrder(tx, orderId), now);
    if (reusable) return { reusable };
    if (order.expires_at <= now) throw OrderExpired();
    const openid = order.shopper_id ? await shopperOpenid(tx, order.shopper_id) : undefined;
    if (!openid) throw NotFound('The WeChat account of the order’s shopper');
    return { order, openid };
  });
  if ('reusable' in prepared) return prepared.reusable!.request_payment;
  const { order, openid } = prepared;
  // The shopper's openid belongs to the brand's own mini-program when it has one.
  const appid = (await brandWechat(app, tenantId))?.appid ?? wechat.appid;
  const prepayId = await wechat.prepay({
    appid,
    out_trade_no: outTradeNo(order.id),
    description: paymentDescription(order),
    amount_cents: order.total_cents,
    openid,
    expires_at: order.expires_at,
  });
  const payment = await app.db.tenant(tenantId, (tx) =>
    recordPrepay(tx, tenantId, {
      order_id: order.id,
      appid,
      mchid: wechat.mchid,
      openid,
      amount_cents: order.total_cents,
      prepay_id: prepayId,
      prepay_expires_at: new Date(now.getTime() + PREPAY_TTL_MS),
      request_payment: wechat.requestPayment(prepayId, now, appid),
    }),
  );
  return payment.request_payment;
}

/** Sends a recorded refund to WeChat (again, with the same out_refund_no) and records its answer. */
export async function sendRefund({ app, wechat }: Payments, tenantId: string, refund: RefundRow) {
  let answer: RefundResource;
  try {
    answer = await wechat.refund({
      out_trade_no: refund.out_trade_no,
      out_refund_no: refund.out_refund_no,
      reason: refund.reason,
      amount_cents: refund.amount_cents,
      total_cents: refund.total_cents,
    });
  } catch (error) {
    await app.db.tenant(tenantId, async (tx) => {
      if ((error as SmartStoreError).code === WechatPayFailed.code) {
        // Refused outright: it will not happen, so it no longer counts against the payment.
        await settleRefund(tx, tenantId, refund.out_refund_no, 'closed', null, 'wechatpay');
      } else {
        // Unanswered: sent again later with the same out_refund_no.
        await tx.query('UPDATE commerce_refunds SET updated_at = now() WHERE id = $1', [refund.id]);
      }
    });
    throw error;
  }
  const status = refundStatusOf(answer) ?? 'processing';
  return app.db.tenant(tenantId, async (tx) => {
    await settleRefund(tx, tenantId, refund.out_refund_no, status, answer.refund_id, 'wechatpay');
    return (await refundByNo(tx, refund.out_refund_no))!;
  });
}

/** Sends the refund a settled payment needs; WeChat being unreachable leaves it for the worker. */
async function refundIfNeeded(payments: Payments, tenantId: string, settled: Settled) {
  if (!settled.refund) return;
  await sendRefund(payments, tenantId, settled.refund).catch((error) =>
    payments.app.log.warn(
      { err: error, refund: settled.refund?.out_refund_no },
      'refund not sent; retrying later',
    ),
  );
}

export interface NotifyReply {
  statusCode: number;
  body: NotifyAnswer;
}

const fail = (statusCode: number, message: string): NotifyReply => ({
  statusCode,
  body: { code: 'FAIL', message },
});

/**
 * A notification from WeChat Pay, answered as WeChat expects: SUCCESS once it is applied (or was
 * before), FAIL with a 4xx/5xx otherwise (WeChat then sends it again).
 */
export async function receiveNotification(
  payments: Payments,
  headers: Record<string, string | string[] | undefined>,
  body: string,
): Promise<NotifyReply> {
  const { app, wechat } = payments;
  let notification: ReturnType<typeof openNotification>;
  try {
    notification = openNotification(wechat.keys, headers, body);
  } catch (error) {
    if (error instanceof NotifyRefused) {
      app.log.warn({ reason: error.message }, 'WeChat Pay notification refused');
      return fail(error.statusCode, error.message);
    }
    throw error;
  }
  const resource = notification.resource as Partial<TradeResource & RefundResource>;
  const tradeNo = resource.out_trade_no;
  const tenantId =
    typeof tradeNo === 'string'
      ? await app.db.anonymous(
          async (tx) =>
            (await tx.query<{ id: string | null }>('SELECT wechatpay_trade_tenant($1) AS id', [tradeNo]))
              .rows[0]?.id,
        )
      : undefined;
  if (!tenantId) return fail(404, `out_trade_no ${tradeNo} is not an order of this merchant`);

  const settled = await app.db.tenant(tenantId, async (tx): Promise<Settled> => {
    const seen = await tx.query(
      "SELECT 1 FROM commerce_payment_notifications WHERE event_id = $1 AND outcome <> 'rejected'",
      [notification.id],
    );
    if (seen.rowCount) return { outcome: 'ignored', detail: 'duplicate notification' };
    const result = await applyEvent(tx, tenantId, wechat, notification.event_type, resource);
    await tx.query(
      `INSERT INTO commerce_payment_notifications (tenant_id, event_id, event_type, out_trade_no, out_refund_no,
         outcome, detail, resource) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id) WHERE outcome <> 'rejected' DO NOTHING`,
      [
        tenantId,
        notification.id,
        notification.event_type,
        tradeNo,
        resource.out_refund_no ?? null,
        result.outcome,
        result.detail,
        JSON.stringify(resource),
      ],
    );
    return result;
  });
  if (settled.outcome === 'rejected') {
    app.log.error(
      { event: notification.id, detail: settled.detail },
      'WeChat Pay notification does not match',
    );
    return fail(400, settled.detail);
  }
  await refundIfNeeded(payments, tenantId, settled);
  return { statusCode: 200, body: { code: 'SUCCESS', message: settled.detail } };
}

async function applyEvent(
  tx: Tx,
  tenantId: string,
  wechat: WechatPayClient,
  eventType: string,
  resource: Partial<TradeResource & RefundResource>,
): Promise<Settled> {
  if (eventType === 'TRANSACTION.SUCCESS') {
    if (resource.trade_state !== 'SUCCESS')
      return { outcome: 'rejected', detail: `trade_state ${resource.trade_state}` };
    return settlePayment(tx, tenantId, resource as TradeResource, 'wechatpay:notify');
  }
  if (eventType.startsWith('REFUND.')) {
    const refund = resource as RefundResource;
    if (refund.mchid !== undefined && refund.mchid !== wechat.mchid) {
      return { outcome: 'rejected', detail: `mchid ${refund.mchid} is not this merchant's` };
    }
    const known = await refundByNo(tx, refund.out_refund_no);
    // One made in the merchant portal: recorded here for the books; WeChat need not send it again.
    if (!known)
      return { outcome: 'ignored', detail: `refund ${refund.out_refund_no} was not asked for here` };
    if (known.out_trade_no !== refund.out_trade_no) {
      return {
        outcome: 'rejected',
        detail: `refund ${refund.out_refund_no} is not of ${refund.out_trade_no}`,
      };
    }
    if (refund.amount?.refund !== undefined && refund.amount.refund !== known.amount_cents) {
      return {
        outcome: 'rejected',
        detail: `refund of ${refund.amount.refund} fen is not ${known.amount_cents} fen`,
      };
    }
    const status = refundStatusOf(refund);
    if (!status) return { outcome: 'rejected', detail: `refund_status ${refund.refund_status}` };
    const done = await settleRefund(
      tx,
      tenantId,
      refund.out_refund_no,
      status,
      refund.refund_id,
      'wechatpay:notify',
    );
    return { outcome: done, detail: `refund ${status}` };
  }
  return { outcome: 'ignored', detail: `event ${eventType} is not one this shop acts on` };
}

/**
 * Asks WeChat how an open payment stands and acts on it: paid → applied as a notification would
 * be; not paid and its order cancelled or expired → closed at WeChat (so it can no longer be paid),
 * then an expired order is cancelled. A shopper in the middle of paying is left for the next pass.
 */
export async function checkPayment(
  payments: Payments,
  tenantId: string,
  payment: PaymentRow,
  now = new Date(),
): Promise<void> {
  const { app, wechat } = payments;
  if (payment.status !== 'prepaid') return;
  const trade = await wechat.query(payment.out_trade_no);
  if (trade.trade_state === 'SUCCESS' || trade.trade_state === 'REFUND') {
    const settled = await app.db.tenant(tenantId, (tx) =>
      settlePayment(tx, tenantId, trade, 'wechatpay:query'),
    );
    if (settled.outcome === 'rejected') {
      app.log.error(
        { payment: payment.out_trade_no, detail: settled.detail },
        'WeChat Pay query does not match',
      );
    }
    await refundIfNeeded(payments, tenantId, settled);
    return;
  }
  const order = await app.db.tenant(tenantId, (tx) => getOrder(tx, payment.order_id));
  const due = order?.status !== 'created' || order.expires_at <= now;
  if (!due || trade.trade_state === 'USERPAYING') {
    await app.db.tenant(tenantId, (tx) => markChecked(tx, payment.id));
    return;
  }
  if (trade.trade_state !== 'CLOSED') await wechat.close(payment.out_trade_no);
  await app.db.tenant(tenantId, async (tx) => {
    if (!(await markClosed(tx, payment.id))) return;
    const current = await getOrder(tx, payment.order_id);
    if (current?.status === 'created') {
      await transitionOrder(
        tx,
        tenantId,
        current.id,
        'cancelled',
        'system',
        'not paid in time; WeChat Pay order closed',
      );
    }
  });
}

/** The worker's pass: every brand's payments due for a check, and refunds WeChat has not answered. */
export async function checkDuePayments(payments: Payments, now = new Date()): Promise<number> {
  const { app } = payments;
  const before = new Date(now.getTime() - CHECK_AFTER_MS);
  const retryBefore = new Date(now.getTime() - RETRY_AFTER_MS);
  const tenants = await app.db.anonymous(
    async (tx) =>
      (
        await tx.query<{ id: string }>('SELECT id FROM wechatpay_due_tenants($1, $2, $3) AS id', [
          now,
          before,
          retryBefore,
        ])
      ).rows,
  );
  let checked = 0;
  for (const { id: tenantId } of tenants) {
    const { due, refunds } = await app.db.tenant(tenantId, async (tx) => ({
      due: (
        await tx.query<PaymentRow>(
          `SELECT p.* FROM commerce_payments p JOIN orders o ON o.id = p.order_id
           WHERE p.status = 'prepaid' AND coalesce(p.last_checked_at, '-infinity') <= $3
             AND (o.status <> 'created' OR o.expires_at <= $1 OR coalesce(p.last_checked_at, p.created_at) <= $2)
           ORDER BY coalesce(p.last_checked_at, p.created_at) LIMIT 50`,
          [now, before, retryBefore],
        )
      ).rows,
      refunds: await unsentRefunds(tx, before),
    }));
    for (const payment of due) {
      checked++;
      await checkPayment(payments, tenantId, payment, now).catch(async (error) => {
        app.log.warn(
          { err: error, payment: payment.out_trade_no },
          'WeChat Pay check failed; retrying later',
        );
        await app.db.tenant(tenantId, (tx) => markChecked(tx, payment.id));
      });
    }
    for (const refund of refunds) {
      checked++;
      await sendRefund(payments, tenantId, refund).catch((error) =>
        app.log.warn({ err: error, refund: refund.out_refund_no }, 'refund not sent; retrying later'),
      );
    }
  }
  return checked;
}

export interface PaymentView {
  payment: PaymentRow | null;
  refunds: RefundRow[];
}

export async function paymentView(tx: Tx, orderId: string): Promise<PaymentView> {
  return { payment: (await paymentOfOrder(tx, orderId)) ?? null, refunds: await refundsOfOrder(tx, orderId) };
}
