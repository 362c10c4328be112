import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURES, featureRows, type Moment } from './features.js';
import {
  DAY_MS,
  NO_HISTORY,
  type ShelfProduct,
  type StoreData,
  shopperFacts,
  storeFacts,
} from './history.js';

const product = (
  sku: string,
  category: string,
  price: number,
  extra: Partial<ShelfProduct> = {},
): ShelfProduct => ({
  sku_id: sku,
  category,
  price_cents: price,
  member_cents: {},
  available: 5,
  ...extra,
});
const shelf = [
  product('latte', 'coffee', 1800, { member_cents: { gold: 1620 } }),
  product('espresso', 'coffee', 1200),
  product('beer', 'beer', 900),
  product('crisps', 'snacks', 700, { available: 0 }),
];
const at = (day: number, hour: number) => day * DAY_MS + hour * 3_600_000;
/** Coffee sells in the morning, beer at night; Ann buys lattes, and passed the counter before. */
const data: StoreData = {
  tiers: ['silver', 'gold'],
  shelf,
  near: new Map([['counter', new Map([['latte', 0.5]])]]),
  trips: [
    ...[1, 2, 3].map((day) => ({
      id: `ann-${day}`,
      shopper: 'ann',
      tier: 'gold',
      at: at(day, 8),
      hour: 8,
      weekday: day,
      steps: [
        { zone: 'counter', at: at(day, 8), bought: [] },
        { zone: 'tills', at: at(day, 8) + 60_000, bought: [{ sku_id: 'latte', qty: 1 }] },
      ],
    })),
    ...[1, 2, 3, 4].map((day) => ({
      id: `bob-${day}`,
      shopper: 'bob',
      tier: null,
      at: at(day, 21),
      hour: 21,
      weekday: day,
      steps: [{ at: at(day, 21), bought: [{ sku_id: 'beer', qty: 2 }] }],
    })),
  ],
};

const value = (rows: Float32Array, candidate: number, feature: (typeof FEATURES)[number]) =>
  rows[candidate * FEATURE_COUNT + FEATURES.indexOf(feature)]!;

describe('featureRows', () => {
  const store = storeFacts(data, 0, at(5, 0));
  const shoppers = shopperFacts(data, store, 0, at(5, 0));
  const moment: Moment = {
    at: at(5, 8),
    hour: 8,
    weekday: 5,
    tier: 'gold',
    tierLevel: 1,
    zone: 'counter',
    near: data.near.get('counter')!,
    cart: [{ sku_id: 'espresso', qty: 1 }],
  };
  const rows = featureRows(store, shoppers.get('ann')!, moment, shelf);

  it('gives one row of FEATURE_COUNT floats per candidate', () => {
    expect(rows.length).toBe(shelf.length * FEATURE_COUNT);
    expect(rows.every(Number.isFinite)).toBe(true);
  });

  it("reads the shopper's habits: the SKU and category they buy, how lately, their tier's price", () => {
    expect(value(rows, 0, 'bought_before')).toBeCloseTo(Math.log1p(3));
    expect(value(rows, 0, 'bought_recency')).toBeCloseTo(Math.exp(-(2 - 1 / 1440) / 14), 3);
    expect(value(rows, 2, 'bought_before')).toBe(0);
    expect(value(rows, 0, 'category_lift')).toBeGreaterThan(0);
    expect(value(rows, 2, 'category_lift')).toBeLessThan(0);
    expect(value(rows, 0, 'member_discount')).toBeCloseTo(0.1);
    expect(value(rows, 1, 'member_discount')).toBe(0);
    expect(value(rows, 0, 'tier_level')).toBe(1);
  });

  it('reads where and when: in the zone, bought after passing it, sold at this hour', () => {
    expect(value(rows, 0, 'in_zone')).toBe(1);
    expect(value(rows, 0, 'zone_closeness')).toBeCloseTo(1 / 1.5);
    expect(value(rows, 2, 'in_zone')).toBe(0);
    expect(value(rows, 0, 'zone_lift')).toBeGreaterThan(0);
    expect(value(rows, 2, 'zone_lift')).toBeLessThan(0);
    expect(value(rows, 0, 'hour_lift')).toBeGreaterThan(0);
    expect(value(rows, 2, 'hour_lift')).toBeLessThan(0);
    expect(value(rows, 0, 'hour_cos')).toBeCloseTo(Math.cos((2 * Math.PI * 8) / 24));
  });

  it('reads the cart and the candidate against its store: shares, rank, price band, stock', () => {
    expect(value(rows, 0, 'cart_same_category')).toBe(1);
    expect(value(rows, 1, 'in_cart')).toBe(1);
    expect(value(rows, 2, 'cart_same_category')).toBe(0);
    expect(value(rows, 0, 'cart_units')).toBeCloseTo(Math.log1p(1));
    // Beer sold 8 of 11 units in a shelf of 3 sellable products.
    expect(value(rows, 2, 'popularity')).toBeCloseTo(Math.log1p((8 / 11) * 3));
    expect(value(rows, 2, 'popularity_rank')).toBe(1);
    expect(value(rows, 3, 'popularity_rank')).toBe(0);
    expect(value(rows, 0, 'price_band')).toBeCloseTo(Math.log(1800 / 1500));
    expect(value(rows, 3, 'in_stock')).toBe(0);
  });

  it('the same relative figures for a store ten times as big', () => {
    const big: StoreData = {
      ...data,
      trips: data.trips.map((t) => ({
        ...t,
        steps: t.steps.map((s) => ({ ...s, bought: s.bought.map((l) => ({ ...l, qty: l.qty * 10 })) })),
      })),
    };
    const bigStore = storeFacts(big, 0, at(5, 0));
    const bigRows = featureRows(
      bigStore,
      shopperFacts(big, bigStore, 0, at(5, 0)).get('ann')!,
      moment,
      shelf,
    );
    for (const f of ['popularity', 'popularity_rank', 'category_popularity', 'price_band'] as const)
      for (let c = 0; c < shelf.length; c++) expect(value(bigRows, c, f)).toBeCloseTo(value(rows, c, f));
  });

  it('gives the neutral 0 for what a new shopper or a store without zone passes cannot say', () => {
    const noZones: StoreData = {
      ...data,
      trips: data.trips.map((t) => ({ ...t, steps: t.steps.map(({ at, bought }) => ({ at, bought })) })),
    };
    const store2 = storeFacts(noZones, 0, at(5, 0));
    expect(shopperFacts(noZones, store2, 0, 0).get('ann')).toBeUndefined();
    const stranger = featureRows(store2, NO_HISTORY, moment, shelf);
    for (const f of ['category_lift', 'bought_before', 'bought_recency', 'price_gap', 'zone_lift'] as const)
      expect(value(stranger, 0, f)).toBe(0);
  });
});
