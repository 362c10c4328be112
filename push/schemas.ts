/**
 * What a delivery carries to the shopper's app besides its title and body, by `kind`: one schema for
 * the OpenAPI of `GET /me/offers`, the live topic's messages, and the TS types their senders fill in.
 */
import { type Static, Type } from 'typebox';
// The schemas module, not recommender's front door: the mini-program takes these types, and the front
// door brings the database and the server with it.
import { RankedProduct } from '../recommender/schemas.js';
import { Timestamp, Uuid } from '../server/schemas.js';

export const OfferCoupon = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: 'What the till scans or the shopper types' }),
  discount_cents: Type.Integer(),
  min_spend_cents: Type.Integer(),
  valid_until: Type.String({ format: 'date-time' }),
  redeemed_at: Type.Optional(
    Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description:
        'GET /me/offers only: when an order used the coupon, null while it is still to use (a cancelled unpaid order gives it back)',
    }),
  ),
});
export type OfferCoupon = Static<typeof OfferCoupon>;

/** A campaign's offer: a coupon, a message, or products chosen for the shopper. */
export const OfferPayload = Type.Object({
  kind: Type.Literal('campaign_offer'),
  campaign_id: Type.String({ format: 'uuid' }),
  body: Type.Optional(Type.String()),
  coupon: Type.Optional(OfferCoupon),
  products: Type.Optional(
    Type.Array(RankedProduct, { description: "A products offer's picks for this shopper, best first" }),
  ),
});
export type OfferPayload = Static<typeof OfferPayload>;

/** A reminder of the shopper's booked appointment. */
export const ReminderPayload = Type.Object({
  kind: Type.Literal('appointment_reminder'),
  booking_id: Type.String({ format: 'uuid' }),
  starts_at: Type.String({ format: 'date-time' }),
  body: Type.Optional(Type.String()),
});
export type ReminderPayload = Static<typeof ReminderPayload>;

/**
 * A change of the shopper's order they are waiting for: `ready` (a pickup order to collect at
 * `store_name` with `pickup_code`; a delivery order out for delivery from it), `refund` (`refund_cents`
 * on its way back, the whole order or part of it) or `lapsed` (cancelled, not paid in time).
 * The order's page is where it shows: these are not listed among the offers.
 */
export const OrderStatusPayload = Type.Object({
  kind: Type.Literal('order_status'),
  order_id: Type.String({ format: 'uuid' }),
  event: Type.Union([Type.Literal('ready'), Type.Literal('refund'), Type.Literal('lapsed')]),
  order_type: Type.String({ description: 'pickup, delivery or scan_to_buy' }),
  store_name: Type.String(),
  pickup_code: Type.Optional(Type.String()),
  refund_cents: Type.Optional(Type.Integer()),
  body: Type.Optional(Type.String()),
});
export type OrderStatusPayload = Static<typeof OrderStatusPayload>;

/** What the shopper's live topic carries, and the delivery log keeps. */
export const DeliveryPayload = Type.Union([OfferPayload, ReminderPayload, OrderStatusPayload]);
export type DeliveryPayload = Static<typeof DeliveryPayload>;

/** What GET /me/offers lists: offers and reminders (an order's updates show on the order). */
export const ListedPayload = Type.Union([OfferPayload, ReminderPayload]);
export type ListedPayload = Static<typeof ListedPayload>;

/** One delivery as GET /me/offers lists it. */
export const DeliveredOffer = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    payload: ListedPayload,
    created_at: Timestamp,
    opened_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'DeliveredOffer' },
);
