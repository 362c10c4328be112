/**
 * Coupons at checkout. A campaign issues a coupon to a shopper (marketing writes the `coupons` row
 * and pushes its code); an order that presents the code redeems it in the order's own transaction,
 * once: a second order with the same code is refused. A cancelled or lapsed unpaid order gives its
 * coupons back. The discount itself is a `PricingRule`, so the receipt explains it like any other.
 */
import type { Tx } from '../../db/pool.js';
import { Validation } from '../../server/errors.js';
import { CouponRefused, CouponUnknown } from '../errors.js';
import type { PricedCart, PricingRule } from './pricing.js';

export interface PresentedCoupon {
  id: string;
  code: string;
  title: string;
  discount_cents: number;
  min_spend_cents: number;
}

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;
const ruleOf = (code: string) => `coupon:${code}`;

/**
 * The coupons an order presents, locked until it commits: each the shopper's own (staff taking an
 * order accept the code the customer shows them), unused and still valid.
 */
export async function presentCoupons(
  tx: Tx,
  codes: readonly string[],
  shopperId: string | null,
  now: Date,
): Promise<PresentedCoupon[]> {
  if (codes.length === 0) return [];
  // Codes are printed in capitals; a shopper may type them otherwise.
  const wanted = codes.map((code) => code.trim().toUpperCase());
  wanted.forEach((code, i) => {
    if (wanted.indexOf(code) !== i)
      throw Validation(`coupons.${i}`, `repeats ${code}: a coupon is used once`);
  });
  const { rows } = await tx.query<
    PresentedCoupon & { shopper_id: string; valid_until: Date; redeemed_at: Date | null }
  >(
    `SELECT id, code, title, discount_cents, min_spend_cents, shopper_id, valid_until, redeemed_at
     FROM coupons WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [wanted],
  );
  return wanted.map((code, i) => {
    const field = `coupons.${i}`;
    const coupon = rows.find((r) => r.code === code && (shopperId === null || r.shopper_id === shopperId));
    if (!coupon) throw CouponUnknown(code, field);
    if (coupon.redeemed_at) throw CouponRefused(code, 'has been used already', field);
    if (coupon.valid_until <= now) throw CouponRefused(code, 'has expired', field);
    const { id, title, discount_cents, min_spend_cents } = coupon;
    return { id, code, title, discount_cents, min_spend_cents };
  });
}

/** The presented coupons' discounts, each once its minimum spend on goods is met. */
export function couponRule(coupons: readonly PresentedCoupon[]): PricingRule {
  return {
    id: 'coupons',
    apply: (context) =>
      coupons
        .filter((c) => context.subtotal_cents >= c.min_spend_cents)
        .map((c) => ({ rule: ruleOf(c.code), description: c.title, amount_cents: c.discount_cents })),
  };
}

/** Refuses an order on which a presented coupon would take nothing off, rather than spend it for nothing. */
export function checkCouponsApplied(coupons: readonly PresentedCoupon[], priced: PricedCart): void {
  coupons.forEach((coupon, i) => {
    const field = `coupons.${i}`;
    if (priced.subtotal_cents < coupon.min_spend_cents)
      throw CouponRefused(
        coupon.code,
        `needs ${yuan(coupon.min_spend_cents)} of goods; these come to ${yuan(priced.subtotal_cents)}`,
        field,
      );
    if (!priced.adjustments.some((a) => a.rule === ruleOf(coupon.code)))
      throw CouponRefused(coupon.code, 'would take nothing more off this order', field);
  });
}

export async function redeemCoupons(
  tx: Tx,
  coupons: readonly PresentedCoupon[],
  orderId: string,
  now: Date,
): Promise<void> {
  if (coupons.length === 0) return;
  await tx.query('UPDATE coupons SET redeemed_at = $2, order_ref = $3 WHERE id = ANY($1::uuid[])', [
    coupons.map((c) => c.id),
    now,
    orderId,
  ]);
}

/** A cancelled or lapsed order's coupons are the shopper's to use again. */
export async function giveCouponsBack(tx: Tx, orderId: string): Promise<void> {
  await tx.query('UPDATE coupons SET redeemed_at = NULL, order_ref = NULL WHERE order_ref = $1', [orderId]);
}
