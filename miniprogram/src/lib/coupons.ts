/**
 * The shopper's coupons as the server lists them (GET /me/coupons: every coupon issued to them,
 * whether or not its offer reached the phone), read for the me page and the checkout's picker.
 */
import type { MyCoupon } from './api';
import { yuan } from './format';

/** "¥5.00 off over ¥30.00". */
export const couponLabel = (c: MyCoupon) =>
  `${yuan(c.discount_cents)} off${c.min_spend_cents ? ` over ${yuan(c.min_spend_cents)}` : ''}`;

export interface CouponChoice {
  code: string;
  label: string;
  chosen: boolean;
  /** Why the cart cannot take it; empty when it can. */
  why: string;
}

/**
 * The usable coupons at checkout, in the server's order (soonest to expire first): each the cart's
 * goods reach can be chosen, the others say how much more they need. A choice stays made only while
 * the cart still reaches its coupon, so changing a quantity never sends a coupon the order refuses.
 */
export function couponChoices(usable: MyCoupon[], goodsCents: number, chosen: Set<string>): CouponChoice[] {
  return usable.map((c) => {
    const short = c.min_spend_cents - goodsCents;
    return {
      code: c.code,
      label: couponLabel(c),
      chosen: short <= 0 && chosen.has(c.code),
      why: short > 0 ? `Add ${yuan(short)} more to use it` : '',
    };
  });
}
