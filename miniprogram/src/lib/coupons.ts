/** The shopper's coupons are the ones campaigns pushed to them, read from their offers. */
import type { Coupon, Offer } from './api';

/** Coupons still to use: not redeemed by an order, not expired; soonest to expire first. */
export function usableCoupons(offers: Offer[], now = Date.now()): Coupon[] {
  return offers
    .map((o) => o.payload.coupon)
    .filter((c): c is Coupon => !!c && !c.redeemed_at && Date.parse(c.valid_until) > now)
    .sort((a, b) => Date.parse(a.valid_until) - Date.parse(b.valid_until));
}
