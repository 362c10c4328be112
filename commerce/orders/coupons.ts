/**
 * Coupons at checkout. A campaign issues a coupon to a shopper (marketing owns the coupons and pushes
 * the code); an order that presents the code redeems it in the order's own transaction, once: a
 * second order with the same code is refused. A cancelled or lapsed unpaid order gives its coupons
 * back. The discount itself is a `PricingRule`, so the receipt explains it like any other.
 *
 * Commerce reads and writes coupons only through the `CouponWallet` it declares here: marketing
 * implements it and imports commerce, so what puts the domains together hands it in
 * (`useCouponWallet`: server/app.ts, and the demo history that `npm start` seeds before it).
 */
import type { Tx } from '../../db/pool.js';
import { Validation } from '../../server/errors.js';
import { CouponRefused, CouponUnknown } from '../errors.js';
import { type Adjustment, type PricedCart, type PricingRule, yuan } from './pricing.js';

/** A coupon as its issuer keeps it. */
export interface HeldCoupon {
  id: string;
  code: string;
  title: string;
  discount_cents: number;
  min_spend_cents: number;
  valid_until: Date;
  redeemed_at: Date | null;
}

/** What an order needs of the shopper's coupons; every call works in the order's transaction. */
export interface CouponWallet {
  /**
   * The coupons with these codes that the shopper holds (anyone's when `shopperId` is null),
   * locked FOR UPDATE in id order until `tx` ends.
   */
  lock(tx: Tx, codes: readonly string[], shopperId: string | null): Promise<HeldCoupon[]>;
  /** Marks the coupons used by the order. */
  redeem(tx: Tx, couponIds: readonly string[], orderId: string, at: Date): Promise<void>;
  /** Every coupon the order used is unused again. */
  giveBack(tx: Tx, orderId: string): Promise<void>;
}

let wallet: CouponWallet | undefined;

/** Hands in the wallet orders redeem coupons from; the composition root calls it at start-up. */
export function useCouponWallet(coupons: CouponWallet): void {
  wallet = coupons;
}

function theWallet(): CouponWallet {
  if (!wallet)
    throw new Error(
      "No coupon wallet in this process: its composition root hands marketing's couponWallet to useCouponWallet, as server/app.ts does",
    );
  return wallet;
}

export type PresentedCoupon = Pick<
  HeldCoupon,
  'id' | 'code' | 'title' | 'discount_cents' | 'min_spend_cents'
>;

const RULE_PREFIX = 'coupon:';
const ruleOf = (code: string) => `${RULE_PREFIX}${code}`;

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
  const held = await theWallet().lock(tx, wanted, shopperId);
  return wanted.map((code, i) => {
    const field = `coupons.${i}`;
    const coupon = held.find((c) => c.code === code);
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
  await theWallet().redeem(
    tx,
    coupons.map((c) => c.id),
    orderId,
    now,
  );
}

/**
 * A cancelled or lapsed order's coupons are the shopper's to use again. Every coupon an order
 * redeemed took something off it (`checkCouponsApplied`), so its adjustments name them: an order
 * without one asks the wallet nothing.
 */
export async function giveCouponsBack(
  tx: Tx,
  order: { id: string; adjustments: readonly Adjustment[] },
): Promise<void> {
  if (!order.adjustments.some((a) => a.rule.startsWith(RULE_PREFIX))) return;
  await theWallet().giveBack(tx, order.id);
}
