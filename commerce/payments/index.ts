/**
 * Payments: WeChat Pay API v3 for the mini-program — JSAPI prepay, signed notifications applied
 * exactly once, the check with WeChat that reconciles and closes, refunds keyed by out_refund_no.
 * Unconfigured, the server keeps the demo payment mode.
 */
export {
  NotRefundable,
  RefundTooLarge,
  WechatPayFailed,
  WechatPayOff,
  WechatPayUnavailable,
} from './errors.js';
export {
  NOTIFY_WINDOW_S,
  type Notification,
  type NotifyKeys,
  NotifyRefused,
  openNotification,
  type RefundResource,
  type TradeResource,
} from './notify.js';
export { outTradeNo, type PaymentRow, type PaymentStatus } from './payments.js';
export type { RefundRow, RefundStatus } from './refunds.js';
export { paymentRoutes } from './routes.js';
export type { RequestPayment } from './schemas.js';
export { checkDuePayments, checkPayment } from './service.js';
export { chinaTime, type WechatPayClient, wechatPayFrom } from './wechatpay.js';
