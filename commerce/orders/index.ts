/** Orders: cart pricing, pickup, delivery and scan-to-buy, the state machine and its audit trail. */
export { type CouponWallet, type HeldCoupon, useCouponWallet } from './coupons.js';
export {
  type DeliveryCandidate,
  type DeliveryZone,
  deliveryCandidates,
  deliveryZones,
  setDeliveryZone,
} from './delivery.js';
export { orderNoticeChannels, sendOrderNotices } from './notice-sender.js';
export {
  type Customer,
  createOrder,
  expireOrders,
  getOrder,
  listOrders,
  type OrderOptions,
  type OrderRecord,
  orderByPickupCode,
  type PaymentRecord,
  payOrder,
  reserveOrderAgain,
  transitionOrder,
} from './orders.js';
export { exitPass, newPickupCode, pickupPayload, qrDataUrl, verifyExitPass } from './passes.js';
export {
  type Adjustment,
  type CartLine,
  type DeliveryFee,
  deliveryFeeFor,
  type PricedCart,
  type PricedLine,
  type PricingContext,
  type PricingRule,
  priceCart,
} from './pricing.js';
export { addPricingRule, pricingRules } from './promotions.js';
export { type PurchaseScope, purchasesAfter, type ShopperPurchases } from './purchases.js';
export { orderRoutes } from './routes.js';
export { type SaleLine, saleLines } from './sale-lines.js';
export { type DaySales, type SkuSales, salesByDay, unitsSold } from './sales.js';
export type { DeliveryAddress, OrderCreate, OrderTransition } from './schemas.js';
export {
  canTransition,
  isFinal,
  nextStatuses,
  ORDER_STATUSES,
  ORDER_TYPES,
  type OrderStatus,
  type OrderType,
} from './state.js';
