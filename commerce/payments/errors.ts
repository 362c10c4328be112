/** Payment errors, each made once; clients and tests match on the code. */
import { defineError } from '../../server/errors.js';

export const WechatPayOff = defineError(
  'SS_ERR_WECHATPAY_OFF',
  409,
  () =>
    'WeChat Pay is not configured on this server (demo mode): pay with POST /api/v1/orders/{id}/demo-payment',
);

/** WeChat Pay refused the request (its code says why); sending it again will not help. */
export const WechatPayFailed = defineError(
  'SS_ERR_WECHATPAY',
  502,
  (code: string, message: string) => `WeChat Pay answered ${code}: ${message}`,
);

/** WeChat Pay could not be reached or was busy; the same request may be sent again. */
export const WechatPayUnavailable = defineError(
  'SS_ERR_WECHATPAY_UNAVAILABLE',
  503,
  (why: string) => `WeChat Pay is unavailable (${why}); try again shortly`,
);

export const NotRefundable = defineError(
  'SS_ERR_NOT_REFUNDABLE',
  409,
  (why: string) => `This order cannot be refunded: ${why}`,
);

export const RefundTooLarge = defineError(
  'SS_ERR_REFUND_TOO_LARGE',
  409,
  (asked: number, left: number) => `Refund of ${asked} fen asked but only ${left} fen are left to refund`,
  () => 'amount_cents',
);
