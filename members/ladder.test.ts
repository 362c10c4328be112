import { describe, expect, it } from 'vitest';
import { nextRung, pointsForSpend, type Rung } from './ladder.js';

const ladder: Rung[] = [
  { code: 'gold', name: 'Gold', rank: 3, min_points: 5000, min_spend_cents: 500_000 },
  { code: 'member', name: 'Member', rank: 1, min_points: 0, min_spend_cents: null },
  { code: 'silver', name: 'Silver', rank: 2, min_points: 1000, min_spend_cents: null },
];

describe('nextRung', () => {
  it('names the rung above, in ladder order whatever the list order', () => {
    expect(nextRung(ladder, { tier: 'member', lifetime_points: 400, lifetime_spend_cents: 40_000 })).toEqual({
      code: 'silver',
      name: 'Silver',
      points_needed: 600,
      spend_needed_cents: null,
    });
    expect(
      nextRung(ladder, { tier: 'silver', lifetime_points: 1200, lifetime_spend_cents: 120_000 }),
    ).toEqual({ code: 'gold', name: 'Gold', points_needed: 3800, spend_needed_cents: 380_000 });
  });

  it('is the entry rung for a member without a tier, and null at the top', () => {
    expect(nextRung(ladder, { tier: null, lifetime_points: 0, lifetime_spend_cents: 0 })?.code).toBe(
      'member',
    );
    expect(nextRung(ladder, { tier: 'gold', lifetime_points: 9000, lifetime_spend_cents: 0 })).toBeNull();
  });

  it('never asks for a negative amount (a member assigned below what they earned)', () => {
    expect(
      nextRung(ladder, { tier: 'member', lifetime_points: 1500, lifetime_spend_cents: 0 })?.points_needed,
    ).toBe(0);
  });
});

describe('pointsForSpend', () => {
  it('gives whole points per whole yuan at the rung rate, rounding down', () => {
    expect(pointsForSpend(12_999, 1)).toBe(129);
    expect(pointsForSpend(10_000, 1.5)).toBe(150);
    expect(pointsForSpend(1_990, 1.5)).toBe(29);
    expect(pointsForSpend(-500, 1)).toBe(0);
    expect(pointsForSpend(700, 0.1)).toBe(0);
    expect(pointsForSpend(1000, 0.1)).toBe(1);
  });
});
