import { describe, expect, it } from 'vitest';
import { unitPrice } from './pricing.js';

describe('unitPrice', () => {
  const prices = { list_cents: 500, store_cents: 450, member_cents: { gold: 400, silver: 480 } };

  it('uses the store price over the list price', () => {
    expect(unitPrice(prices)).toEqual({ unit_cents: 450, basis: 'store' });
    expect(unitPrice({ list_cents: 500, store_cents: null })).toEqual({ unit_cents: 500, basis: 'list' });
  });

  it("gives a member their tier's price only when it is lower than the shelf", () => {
    expect(unitPrice(prices, 'gold')).toEqual({ unit_cents: 400, basis: 'member' });
    expect(unitPrice(prices, 'silver')).toEqual({ unit_cents: 450, basis: 'store' });
    expect(unitPrice(prices, 'bronze')).toEqual({ unit_cents: 450, basis: 'store' });
  });
});
