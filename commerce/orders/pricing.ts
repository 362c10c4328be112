/**
 * Pricing a cart, pure: each line at the shopper's unit price (store price, member price), then
 * the promotions and coupons as `PricingRule`s — an interface the marketing work implements —
 * then the delivery fee. Rules only ever lower the total, never below zero.
 */
import { type PriceBasis, type SkuPrices, unitPrice } from '../catalogue/pricing.js';
import type { OrderType } from './state.js';

/** An amount in fen as the shopper reads it: ¥12.50. */
export const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

export interface CartLine {
  sku_id: string;
  name: string;
  barcode: string | null;
  qty: number;
  prices: SkuPrices;
}

export interface PricedLine {
  sku_id: string;
  name: string;
  barcode: string | null;
  qty: number;
  unit_cents: number;
  basis: PriceBasis;
  line_cents: number;
}

export interface PricingContext {
  type: OrderType;
  store_id: string;
  shopper_id: string | null;
  tier: string | null;
  lines: readonly PricedLine[];
  subtotal_cents: number;
  /** Coupon codes the shopper presented; a rule decides which it honours. */
  coupons: readonly string[];
}

/** A discount a rule grants, recorded on the order so the receipt can explain it. */
export interface Adjustment {
  rule: string;
  description: string;
  amount_cents: number;
}

/** A promotion or coupon. Pure: the same context gives the same adjustments. */
export interface PricingRule {
  id: string;
  apply(context: PricingContext): Adjustment[];
}

export interface DeliveryFee {
  fee_cents: number;
  free_over_cents: number | null;
}

export interface PricedCart {
  lines: PricedLine[];
  subtotal_cents: number;
  discount_cents: number;
  delivery_fee_cents: number;
  total_cents: number;
  adjustments: Adjustment[];
}

export function deliveryFeeFor(fee: DeliveryFee, subtotalCents: number): number {
  return fee.free_over_cents !== null && subtotalCents >= fee.free_over_cents ? 0 : fee.fee_cents;
}

export function priceCart(
  cart: Omit<PricingContext, 'lines' | 'subtotal_cents'> & { lines: readonly CartLine[] },
  rules: readonly PricingRule[] = [],
  delivery?: DeliveryFee,
): PricedCart {
  const lines = cart.lines.map((line): PricedLine => {
    const price = unitPrice(line.prices, cart.tier);
    return {
      sku_id: line.sku_id,
      name: line.name,
      barcode: line.barcode,
      qty: line.qty,
      unit_cents: price.unit_cents,
      basis: price.basis,
      line_cents: price.unit_cents * line.qty,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.line_cents, 0);
  const context: PricingContext = { ...cart, lines, subtotal_cents: subtotal };
  const adjustments: Adjustment[] = [];
  let discount = 0;
  for (const rule of rules) {
    for (const adjustment of rule.apply(context)) {
      // A rule may not raise the price nor take the goods below zero.
      const amount = Math.min(Math.max(0, Math.round(adjustment.amount_cents)), subtotal - discount);
      if (amount === 0) continue;
      adjustments.push({ ...adjustment, amount_cents: amount });
      discount += amount;
    }
  }
  const fee = delivery ? deliveryFeeFor(delivery, subtotal - discount) : 0;
  return {
    lines,
    subtotal_cents: subtotal,
    discount_cents: discount,
    delivery_fee_cents: fee,
    total_cents: subtotal - discount + fee,
    adjustments,
  };
}
