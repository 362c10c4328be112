/**
 * The shopper's coupons as the server lists them (GET /me/coupons: every coupon issued to them,
 * whether or not its offer reached the phone), read for the me page and the checkout's picker.
 */
import type { MyCoupon } from './api';
import { yuan } from './format';
import { t } from './i18n';

/** "¥5.00 off over ¥30.00" / "满¥30.00减¥5.00", of a coupon as any list carries it. */
export const couponLabel = (c: { discount_cents: number; min_spend_cents: number }) =>
  c.min_spend_cents
    ? t('couponOffOver', { discount: yuan(c.discount_cents), min: yuan(c.min_spend_cents) })
    : t('couponOff', { discount: yuan(c.discount_cents) });

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
      why: short > 0 ? t('couponNeedsMore', { amount: yuan(short) }) : '',
    };
  });
}
