import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { NotFound, Validation } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { REFUNDERS, STAFF_ROLES, STORE_STAFF } from '../../tenancy/index.js';
import { idempotencyHeaders, idempotencyKeyOf } from '../idempotency.js';
import { getOrder } from '../orders/orders.js';
import { actorOf, maySee } from '../orders/routes.js';
import { every } from '../workers.js';
import { NotRefundable, WechatPayOff } from './errors.js';
import { paymentOfOrder } from './payments.js';
import { requestRefund } from './refunds.js';
import {
  NotifyAnswer,
  OrderPayments,
  Refund,
  RefundCreate as RefundBody,
  type RefundCreate,
  RequestPayment,
} from './schemas.js';
import {
  checkDuePayments,
  checkPayment,
  paymentView,
  receiveNotification,
  sendRefund,
  startPayment,
} from './service.js';
import { wechatPayFrom } from './wechatpay.js';

const tags = ['payments'];
const CHECK_EVERY_MS = 5000;
const paymentErrors = { ...errorResponses, 502: Type.Ref('ErrorBody'), 503: Type.Ref('ErrorBody') };

/** The out_refund_no of a refund request: one per order and Idempotency-Key, so a retry names the same refund. */
const refundNo = (tenantId: string, orderId: string, key: string) =>
  `R${createHash('sha256').update(`${tenantId}:${orderId}:${key}`).digest('hex').slice(0, 31)}`;

export async function paymentRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(RequestPayment);
  app.addSchema(Refund);
  app.addSchema(OrderPayments);
  const wechat = wechatPayFrom(app.config);
  const payments = wechat ? { app, wechat } : undefined;
  const wechatPay = () => {
    if (!payments) throw WechatPayOff();
    return payments;
  };
  if (payments) every(app, 'WeChat Pay check', CHECK_EVERY_MS, () => checkDuePayments(payments));

  /** The order the URL names, if the caller may see it. */
  async function visibleOrder(request: FastifyRequest) {
    const { id } = request.params as { id: string };
    const tenantId = tenantOf(request);
    const order = await app.db.tenant(tenantId, (tx) => getOrder(tx, id));
    if (!order || !maySee(request, order)) throw NotFound('Order');
    return { order, tenantId };
  }

  app.post(
    '/orders/:id/payments',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags,
        summary:
          'Pay an order with WeChat Pay: the parameters for wx.requestPayment (the same while the prepay is valid, so a retry or a second tap answers alike)',
        security: bearer,
        params: IdParams,
        headers: idempotencyHeaders(),
        response: { 200: Type.Ref('RequestPayment'), ...paymentErrors },
      },
    },
    async (request) => {
      const { order, tenantId } = await visibleOrder(request);
      return startPayment(wechatPay(), tenantId, order.id);
    },
  );

  app.get(
    '/orders/:id/payments',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: "An order's WeChat Pay payment and refunds",
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('OrderPayments'), ...errorResponses },
      },
    },
    async (request) => {
      const { order, tenantId } = await visibleOrder(request);
      return app.db.tenant(tenantId, (tx) => paymentView(tx, order.id));
    },
  );

  app.post(
    '/orders/:id/payments/query',
    {
      preHandler: app.requireRole(...STORE_STAFF, 'shopper'),
      schema: {
        tags,
        summary:
          'Ask WeChat Pay now how the payment stands (a notification that never came): a paid order is marked paid',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('OrderPayments'), ...paymentErrors },
      },
    },
    async (request) => {
      const { order, tenantId } = await visibleOrder(request);
      const live = wechatPay();
      const payment = await app.db.tenant(tenantId, (tx) => paymentOfOrder(tx, order.id));
      if (!payment) throw NotFound('WeChat Pay payment of this order');
      await checkPayment(live, tenantId, payment);
      return app.db.tenant(tenantId, (tx) => paymentView(tx, order.id));
    },
  );

  app.post(
    '/orders/:id/refunds',
    {
      preHandler: app.requireRole(...REFUNDERS),
      schema: {
        tags,
        summary:
          'Refund a WeChat Pay order, in full or in part (Idempotency-Key required: it names the refund, so a retry never refunds twice)',
        description:
          'Before handover, refunding what is left refunds the order and its units go back on the shelf; after handover the order stays completed and `returned` goods go back on the shelf. Effects apply when WeChat Pay reports the refund successful.',
        security: bearer,
        params: IdParams,
        headers: idempotencyHeaders(),
        body: RefundBody,
        response: { 201: Type.Ref('Refund'), ...paymentErrors },
      },
    },
    async (request, reply) => {
      const { order, tenantId } = await visibleOrder(request);
      const key = idempotencyKeyOf(request);
      if (!key)
        throw Validation(
          'Idempotency-Key',
          'is required: it names the refund, so a retry never refunds twice',
        );
      const live = wechatPay();
      const body = request.body as RefundCreate;
      const refund = await app.db.tenant(tenantId, async (tx) => {
        const payment = await paymentOfOrder(tx, order.id, true);
        if (!payment) throw NotRefundable('it was not paid with WeChat Pay');
        return requestRefund(tx, tenantId, payment, {
          out_refund_no: refundNo(tenantId, order.id, key),
          amount_cents: body.amount_cents,
          reason: body.reason,
          returned: body.returned ?? [],
          requested_by: actorOf(request),
        });
      });
      const sent = refund.status === 'requested' ? await sendRefund(live, tenantId, refund) : refund;
      return reply.status(201).send(sent);
    },
  );

  // WeChat signs the exact bytes it sends: this route alone takes its JSON body as raw text.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    raw.post(
      '/payments/wechatpay/notify',
      {
        schema: {
          tags,
          summary:
            'WeChat Pay notifications (payments and refunds), signed by WeChat Pay: no bearer token; answered as WeChat expects',
          response: {
            200: NotifyAnswer,
            400: NotifyAnswer,
            401: NotifyAnswer,
            404: NotifyAnswer,
            500: NotifyAnswer,
          },
        },
      },
      async (request, reply) => {
        if (!payments)
          return reply.status(404).send({ code: 'FAIL', message: 'WeChat Pay is not configured' });
        try {
          const answer = await receiveNotification(payments, request.headers, String(request.body ?? ''));
          return reply.status(answer.statusCode as 200).send(answer.body);
        } catch (error) {
          request.log.error({ err: error }, 'WeChat Pay notification failed; WeChat will send it again');
          return reply.status(500).send({ code: 'FAIL', message: 'internal error' });
        }
      },
    );
  });
}
