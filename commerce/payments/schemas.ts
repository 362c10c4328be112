import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RequestPayment = Type.Object(
  {
    appId: Type.String(),
    timeStamp: Type.String(),
    nonceStr: Type.String(),
    package: Type.String({ description: 'prepay_id=…' }),
    signType: Type.Literal('RSA'),
    paySign: Type.String(),
  },
  { $id: 'RequestPayment', description: 'Pass as is to wx.requestPayment in the mini-program' },
);
export type RequestPayment = Static<typeof RequestPayment>;

const ReturnedLine = Type.Object(
  { sku_id: Uuid, qty: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);

export const RefundCreate = Type.Object(
  {
    amount_cents: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'fen' }),
    reason: Type.String({ minLength: 1, maxLength: 80, description: 'shown to the shopper by WeChat' }),
    returned: Type.Optional(
      Type.Array(ReturnedLine, {
        maxItems: 100,
        description: 'after handover: goods the customer brought back, put back on the shelf',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RefundCreate = Static<typeof RefundCreate>;

export const Refund = Type.Object(
  {
    id: Uuid,
    order_id: Uuid,
    out_refund_no: Type.String(),
    amount_cents: Type.Integer(),
    reason: Type.String(),
    returned: Type.Array(Type.Object({ sku_id: Uuid, qty: Type.Integer() })),
    status: Type.Union(
      ['requested', 'processing', 'success', 'closed', 'abnormal'].map((s) => Type.Literal(s)),
      { description: 'requested: not yet accepted by WeChat Pay (sent again shortly)' },
    ),
    refund_id: Nullable(Type.String()),
    requested_by: Type.String(),
    succeeded_at: Nullable(Timestamp),
    created_at: Timestamp,
  },
  { $id: 'Refund' },
);

export const OrderPayments = Type.Object(
  {
    payment: Nullable(
      Type.Object({
        id: Uuid,
        out_trade_no: Type.String(),
        amount_cents: Type.Integer(),
        status: Type.Union(['prepaid', 'paid', 'closed'].map((s) => Type.Literal(s))),
        transaction_id: Nullable(Type.String()),
        paid_at: Nullable(Timestamp),
        created_at: Timestamp,
      }),
    ),
    refunds: Type.Array(Type.Ref('Refund')),
  },
  { $id: 'OrderPayments', description: "An order's WeChat Pay payment and its refunds" },
);

/** What WeChat Pay expects back from a notification. */
export const NotifyAnswer = Type.Object({
  code: Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAIL')]),
  message: Type.String(),
});
export type NotifyAnswer = Static<typeof NotifyAnswer>;
