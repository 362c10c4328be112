/**
 * Commerce: catalogue, stock ledger and reservations, orders and their WeChat Pay payments and
 * refunds, POS/ERP sync, appointments and outbound webhooks. Front door of the domain: other
 * folders import from here only.
 */
export * from './appointments/index.js';
export * from './carts/index.js';
export * from './catalogue/index.js';
export { COFFEE_CATEGORY, type DemoStore, seedDemoCatalogue } from './demo-catalogue.js';
export {
  BarcodeInvalid,
  CategoryTaken,
  ExitPassInvalid,
  IdempotencyKeyReused,
  ItemUnavailable,
  NoDeliveryStore,
  OrderExpired,
  OrderTransitionRefused,
  PaymentAmountMismatch,
  PickupCodeUnknown,
  ReservationSettled,
  SkuTaken,
  StockInsufficient,
} from './errors.js';
export { type Answer, idempotent } from './idempotency.js';
export { seedDemoDesk } from './orders/demo-desk.js';
export * from './orders/index.js';
export * from './payments/index.js';
export * from './pos/index.js';
export { commerceRoutes } from './routes.js';
export * from './stock/index.js';
export * from './webhooks/index.js';
export {
  expireDueOrders,
  expireDueReservations,
  forgetExpiredIdempotency,
  forgetOldWebhookEvents,
} from './workers.js';
