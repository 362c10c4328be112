/**
 * The live demo's purchase model (scripts/demo-checkout.ts `leaving`), without a server: an offer the
 * pipeline delivered makes its products likelier to be bought and its coupon used, by a modest amount;
 * a shopper without it (a campaign's holdout) keeps the baseline. The dice are scripted, or a seeded
 * stream, so every figure here is the same on every run.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, seedFrom } from '../positioning/index.js';
import { BUYS, type Hit, leaving, OPENS, type Received, TAKES_UP } from '../scripts/demo-checkout.js';

/** A shelf like SH001's: 34 other products and 3 coffees, ¥15, ¥18 and ¥20. */
const others: Hit[] = Array.from({ length: 34 }, (_, i) => ({
  sku_id: `other-${i}`,
  category_id: 'groceries',
  unit_cents: 500 + 100 * i,
}));
const coffees: Hit[] = [1500, 1800, 2000].map((unit_cents, i) => ({
  sku_id: `coffee-${i}`,
  category_id: 'coffee',
  unit_cents,
}));
const shelf = [...others, ...coffees];
const coffeeCoupon: Received = {
  id: 'coffee-offer',
  about: coffees,
  coupon: { code: 'COFFEE5', min_spend_cents: 1500 },
};
const welcome: Received = { id: 'welcome', about: [] };

/** Dice that answer `rolls` in turn, then 0.99 (no to everything). */
const scripted = (...rolls: number[]) => {
  let n = 0;
  return () => rolls[n++] ?? 0.99;
};
const hasCoffee = (lines: Map<string, number> | undefined) =>
  [...(lines?.keys() ?? [])].some((sku) => sku.startsWith('coffee-'));

describe('a demo shopper leaving the store', () => {
  it('buys a product of an offer they opened and took up, and uses its coupon', () => {
    // Opens it, takes it up, would not have bought anyway; picks the first coffee.
    const { opened, basket } = leaving(shelf, [coffeeCoupon], scripted(OPENS / 2, TAKES_UP / 2, 0.99, 0));
    expect(opened).toEqual(['coffee-offer']);
    expect([...basket!.lines]).toEqual([['coffee-0', 1]]);
    expect(basket!.coupons).toEqual(['COFFEE5']);
  });

  it('keeps the baseline when they ignore the offer, or never got it', () => {
    // Opened, not taken up: the same dice as a shopper who got nothing.
    expect(leaving(shelf, [coffeeCoupon], scripted(0, 0.99, 0.99))).toEqual({ opened: ['coffee-offer'] });
    expect(leaving(shelf, [], scripted(0.99))).toEqual({ opened: [] });
    // Buying anyway, an offer not taken up leaves its coupon unused.
    const { basket } = leaving(shelf, [coffeeCoupon], scripted(0, 0.99, BUYS / 2, 0, 0));
    expect([...basket!.lines]).toEqual([['other-0', 1]]);
    expect(basket!.coupons).toEqual([]);
  });

  it("tops a taken-up coupon's basket up to its minimum spend", () => {
    const treat: Received = { id: 'treat', about: [], coupon: { code: 'TREAT3', min_spend_cents: 2000 } };
    // Takes it up; the first pick (¥5) falls short, so they add the cheapest again until ¥20.
    const { basket } = leaving(shelf, [treat], scripted(0, 0, 0.99, 0, 0, 0, 0));
    expect([...basket!.lines]).toEqual([['other-0', 4]]);
    expect(basket!.coupons).toEqual(['TREAT3']);
  });

  it('over many visits, an offer about coffee lifts coffee buyers modestly above the baseline', () => {
    const visits = 4000;
    const rate = (received: Received[], seed: string) => {
      const random = createRandom(seedFrom(seed)).next;
      let bought = 0;
      for (let n = 0; n < visits; n++)
        if (hasCoffee(leaving(shelf, received, random).basket?.lines)) bought++;
      return bought / visits;
    };
    const baseline = rate([], 'holdout');
    const offered = rate([coffeeCoupon], 'offered');
    // Per visit: the baseline buys a coffee about one time in eleven (BUYS × the shelf's 3 in 37 over
    // 1–3 picks); an offer adds those who open it and take it up (OPENS × TAKES_UP ≈ 0.28).
    expect(baseline).toBeGreaterThan(0.06);
    expect(baseline).toBeLessThan(0.12);
    expect(offered - baseline).toBeGreaterThan(0.2);
    expect(offered - baseline).toBeLessThan(0.32);
    // A message about nothing in particular makes some buy who would not have.
    const buying = (received: Received[]) => {
      const random = createRandom(seedFrom('welcome')).next;
      let bought = 0;
      for (let n = 0; n < visits; n++) if (leaving(shelf, received, random).basket) bought++;
      return bought / visits;
    };
    expect(buying([welcome])).toBeGreaterThan(buying([]) + 0.1);
  });
});
