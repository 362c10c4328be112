import { describe, expect, it } from 'vitest';
import { DAY_MS } from './history.js';
import { SIM_START, simulatedChain, simulateStore } from './shopping-sim.js';

const week = (kind: 'convenience' | 'supermarket' | 'boutique', seed = 'a', noise?: number) =>
  simulateStore({ seed, kind, days: 14, start: SIM_START, ...(noise === undefined ? {} : { noise }) });

const units = (data: ReturnType<typeof week>) => {
  const bought = new Map<string, number>();
  for (const t of data.trips)
    for (const s of t.steps)
      for (const l of s.bought) bought.set(l.sku_id, (bought.get(l.sku_id) ?? 0) + l.qty);
  return bought;
};

describe('simulateStore', () => {
  it('is the same for the same seed, another store for another', () => {
    expect(week('convenience')).toEqual(week('convenience'));
    expect(week('convenience', 'b').shelf.map((p) => p.sku_id)).not.toEqual(
      week('convenience').shelf.map((p) => p.sku_id),
    );
  });

  it('makes kinds of store that differ: size, price level, baskets', () => {
    const [c, s, b] = [week('convenience'), week('supermarket'), week('boutique')];
    expect(s.shelf.length).toBeGreaterThan(2 * c.shelf.length);
    const median = (d: typeof c) =>
      d.shelf.map((p) => p.price_cents).sort((x, y) => x - y)[d.shelf.length >> 1]!;
    expect(median(b)).toBeGreaterThan(2 * median(c));
    const perTrip = (d: typeof c) =>
      d.trips.reduce((n, t) => n + t.steps.reduce((m, st) => m + st.bought.length, 0), 0) / d.trips.length;
    expect(perTrip(s)).toBeGreaterThan(perTrip(b));
  });

  it('answers only what a store knows: shelf, places, trips in time order within their days', () => {
    const data = week('supermarket');
    expect(Object.keys(data).sort()).toEqual(['near', 'shelf', 'tiers', 'trips']);
    expect(Object.keys(data.shelf[0]!).sort()).toEqual([
      'available',
      'category',
      'member_cents',
      'price_cents',
      'sku_id',
    ]);
    expect(Object.keys(data.trips[0]!).sort()).toEqual([
      'at',
      'hour',
      'id',
      'shopper',
      'steps',
      'tier',
      'weekday',
    ]);
    expect(data.trips.every((t, i) => i === 0 || t.at >= data.trips[i - 1]!.at)).toBe(true);
    expect(data.trips.every((t) => t.at >= SIM_START && t.at < SIM_START + 14 * DAY_MS)).toBe(true);
    // Out of stock sells nothing.
    const gone = new Set(data.shelf.filter((p) => p.available === 0).map((p) => p.sku_id));
    expect([...units(data).keys()].some((sku) => gone.has(sku))).toBe(false);
  });

  it('shoppers have tastes: they buy again what they bought, more than chance', () => {
    const data = simulateStore({ seed: 'taste', kind: 'convenience', days: 28, start: SIM_START, noise: 0 });
    let again = 0;
    let buys = 0;
    const seen = new Map<string, Set<string>>();
    for (const t of data.trips) {
      const mine = seen.get(t.shopper!) ?? new Set();
      for (const s of t.steps)
        for (const l of s.bought) {
          if (mine.size > 0) {
            buys++;
            if (mine.has(l.sku_id)) again++;
          }
          mine.add(l.sku_id);
        }
      seen.set(t.shopper!, mine);
    }
    expect(again / buys).toBeGreaterThan(0.3);
  });

  it('more noise spreads purchases over more of the shelf', () => {
    const share = (noise: number) => {
      const bought = units(week('convenience', 'n', noise));
      const total = [...bought.values()].reduce((a, b) => a + b, 0);
      return Math.max(...bought.values()) / total;
    };
    expect(share(0.8)).toBeLessThan(share(0));
  });

  it("a chain's unseen stores are not its training stores; one of each set has no zone passes", () => {
    const chain = simulatedChain('x', 7);
    const skus = (s: (typeof chain.training)[number]) => new Set(s.data.shelf.map((p) => p.sku_id));
    for (const u of chain.unseen)
      for (const t of chain.training) expect([...skus(u)].some((sku) => skus(t).has(sku))).toBe(false);
    const zoned = (s: (typeof chain.training)[number]) =>
      s.data.trips.some((t) => t.steps.some((st) => st.zone));
    expect(chain.training.map(zoned)).toEqual([true, true, false]);
    expect(chain.unseen.map(zoned)).toEqual([true, false, true]);
  });
});
