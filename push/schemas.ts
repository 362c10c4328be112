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

export const DeliveryPayload = Type.Union([OfferPayload, ReminderPayload]);
export type DeliveryPayload = Static<typeof DeliveryPayload>;

/** One delivery as GET /me/offers lists it. */
export const DeliveredOffer = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    payload: DeliveryPayload,
    created_at: Timestamp,
    opened_at: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'DeliveredOffer' },
);
