/**
 * Push: delivery to shoppers on the live channel (an MQTT topic per shopper) and as WeChat
 * subscribe messages, with a delivery log that never sends the same trigger twice and records
 * opens.
 */
export { brandChannels } from './channels.js';
export {
  BUCKET_LABEL,
  type Channels,
  type CouponRedemptions,
  type DeliveredOffer,
  type Delivery,
  type DeliveryStats,
  deliver,
  deliveryStats,
  type LiveCounts,
  liveCounts,
  markOpened,
  offersFor,
  offerTopic,
  opensOverTime,
  recordPastDelivery,
} from './deliveries.js';
export { type PushRouteOptions, pushRoutes } from './routes.js';
export {
  DeliveryPayload,
  ListedPayload,
  OfferCoupon,
  OfferPayload,
  OrderStatusPayload,
  ReminderPayload,
} from './schemas.js';
export { type SendOutcome, type SubscribeMessage, wechatSubscribe } from './wechat-subscribe.js';
