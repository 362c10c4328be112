import { describe, expect, it } from 'vitest';
import { DAY_MS, type StoreData } from './history.js';
import { rankingMoments, sellable, trainingSets } from './moments.js';

const shelf = ['milk', 'bread', 'eggs', 'tea', 'jam'].map((sku, i) => ({
  sku_id: sku,
  category: i < 3 ? 'breakfast' : 'pantry',
  price_cents: 500 + 100 * i,
  member_cents: {},
  available: sku === 'jam' ? 0 : 9,
}));
const trip = (id: string, day: number, steps: { zone?: string; bought: string[] }[]) => ({
  id,
  shopper: 'ann',
  tier: null,
  at: day * DAY_MS + 9 * 3_600_000,
  hour: 9,
  weekday: day % 7,
  steps: steps.map((s, i) => ({
    zone: s.zone,
    at: day * DAY_MS + 9 * 3_600_000 + i * 60_000,
    bought: s.bought.map((sku_id) => ({ sku_id, qty: 1 })),
  })),
});
const data: StoreData = {
  tiers: [],
  shelf,
  near: new Map([['dairy', new Map([['milk', 1]])]]),
  trips: [
    trip('past', 1, [{ bought: ['tea'] }]),
    trip('today', 3, [
      { zone: 'dairy', bought: ['milk'] },
      { zone: 'bakery', bought: [] },
      { zone: 'tills', bought: ['bread', 'milk'] },
    ]),
    trip('tomorrow', 4, [{ bought: ['eggs'] }]),
  ],
};

describe('rankingMoments', () => {
  const [day] = rankingMoments(data, {
    from: 3 * DAY_MS,
    to: 4 * DAY_MS,
    storeDays: 14,
    shopperDays: 90,
    seed: 's',
  });

  it('makes a moment of each step with something still to buy: the cart before it, the rest as targets', () => {
    expect(
      day!.moments.map((m) => [m.moment.zone, m.moment.cart.map((l) => l.sku_id), [...m.targets]]),
    ).toEqual([
      ['dairy', [], ['milk', 'bread']],
      ['bakery', ['milk'], ['bread']],
      ['tills', ['milk'], ['bread']],
    ]);
    expect(day!.moments[0]!.moment.near.get('milk')).toBe(1);
  });

  it('sees only the days before: the store and shopper figures hold the past trip, not today or tomorrow', () => {
    expect([...day!.store.units]).toEqual([['tea', 1]]);
    expect(day!.moments[0]!.shopper.visits).toBe(1);
    expect([...day!.moments[0]!.shopper.skus.keys()]).toEqual(['tea']);
  });

  it('one step per trip when asked', () => {
    const [one] = rankingMoments(data, {
      from: 3 * DAY_MS,
      to: 4 * DAY_MS,
      storeDays: 14,
      shopperDays: 90,
      oneStepPerTrip: true,
      seed: 's',
    });
    expect(one!.moments).toHaveLength(1);
  });
});

describe('trainingSets', () => {
  it("labels a moment's targets 1 and sampled sellable products it did not buy 0", () => {
    const days = rankingMoments(data, {
      from: 3 * DAY_MS,
      to: 4 * DAY_MS,
      storeDays: 14,
      shopperDays: 90,
      seed: 's',
    });
    const { train, validation } = trainingSets([{ data, days }], {
      negatives: 2,
      seed: 's',
      validation: () => false,
    });
    expect(validation.count).toBe(0);
    // Targets 2 + 1 + 1, negatives 2 per moment (the shelf has just enough: eggs, tea; jam sells out).
    expect(train.count).toBe(4 + 6);
    expect([...train.labels].filter((l) => l === 1)).toHaveLength(4);
    expect(sellable(data).map((p) => p.sku_id)).not.toContain('jam');
  });
});
