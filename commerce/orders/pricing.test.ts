import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CartLine, type PricingRule, priceCart } from './pricing.js';

const milk: CartLine = {
  sku_id: 'milk',
  name: '鲜牛奶',
  barcode: null,
  qty: 2,
  prices: { list_cents: 1590, member_cents: { gold: 1450 } },
};
const bread: CartLine = {
  sku_id: 'bread',
  name: '吐司',
  barcode: null,
  qty: 1,
  prices: { list_cents: 1290, store_cents: 1190 },
};
const cart = { type: 'pickup' as const, store_id: 's', shopper_id: null, tier: null, coupons: [] };

describe('priceCart', () => {
  it('prices lines at the store or member price', () => {
    const priced = priceCart({ ...cart, tier: 'gold', lines: [milk, bread] });
    expect(priced.lines.map((l) => [l.unit_cents, l.basis, l.line_cents])).toEqual([
      [1450, 'member', 2900],
      [1190, 'store', 1190],
    ]);
    expect(priced).toMatchObject({ subtotal_cents: 4090, discount_cents: 0, total_cents: 4090 });
  });

  it('applies promotion rules and records why', () => {
    const tenOff: PricingRule = {
      id: 'ten-off-over-30',
      apply: (c) =>
        c.subtotal_cents >= 3000
          ? [{ rule: 'ten-off-over-30', description: '满30减10', amount_cents: 1000 }]
          : [],
    };
    const priced = priceCart({ ...cart, lines: [milk, bread] }, [tenOff]);
    expect(priced).toMatchObject({ subtotal_cents: 4370, discount_cents: 1000, total_cents: 3370 });
    expect(priced.adjustments).toEqual([
      { rule: 'ten-off-over-30', description: '满30减10', amount_cents: 1000 },
    ]);
  });

  it('charges delivery below the free threshold only', () => {
    const fee = { fee_cents: 600, free_over_cents: 5000 };
    expect(priceCart({ ...cart, lines: [bread] }, [], fee)).toMatchObject({
      delivery_fee_cents: 600,
      total_cents: 1790,
    });
    expect(priceCart({ ...cart, lines: [{ ...bread, qty: 5 }] }, [], fee).delivery_fee_cents).toBe(0);
  });

  it('never lets rules push a total below the delivery fee or above the subtotal', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5000, max: 50_000 }), { maxLength: 5 }), (amounts) => {
        const rules: PricingRule[] = amounts.map((amount, i) => ({
          id: `r${i}`,
          apply: () => [{ rule: `r${i}`, description: '', amount_cents: amount }],
        }));
        const priced = priceCart({ ...cart, lines: [milk, bread] }, rules, {
          fee_cents: 500,
          free_over_cents: null,
        });
        expect(priced.total_cents).toBeGreaterThanOrEqual(500);
        expect(priced.total_cents).toBeLessThanOrEqual(priced.subtotal_cents + 500);
        expect(priced.discount_cents).toBe(priced.adjustments.reduce((s, a) => s + a.amount_cents, 0));
      }),
    );
  });
});
