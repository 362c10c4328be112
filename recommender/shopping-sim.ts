/**
 * A shopping simulator for training and judging the ranking model offline: stores with their own
 * assortments (categories, prices, member prices, stock, placement in zones) and shoppers with
 * latent tastes (categories, a few favourite products, price sensitivity, repeat buying, the hour
 * they come), walking zones, filling carts, buying. Three kinds of store that differ in size,
 * price level, zones and basket size — a convenience store, a supermarket, a boutique — and a noise
 * level (the share of picks made on a whim). Pure and deterministic from the seed.
 *
 * It answers only what a store's own database would know (`StoreData`): the shelf, where products
 * sit, and the trips. The hidden tastes, appeal and hour curves stay inside this module, so the
 * features can only learn them from behaviour, as they would in a real store.
 */
import { createRandom, type Random, seedFrom } from '../positioning/index.js';
import { DAY_MS, type Line, type ShelfProduct, type StoreData, type Trip, type TripStep } from './history.js';

export type StoreKind = 'convenience' | 'supermarket' | 'boutique';

export interface ShoppingSimOptions {
  /** Seeds everything: two stores of one kind with other seeds have other shelves and shoppers. */
  seed: string;
  kind: StoreKind;
  days: number;
  /** Epoch ms of the first day's local midnight. */
  start: number;
  /** Weekday (0 Sunday) of the first day. */
  startWeekday?: number;
  /** Share of picks made at random, whatever the shopper's taste (0–1). */
  noise?: number;
  /** Whether the store's beacons see zone passes; without, trips are steps of what was bought. */
  zonePasses?: boolean;
}

/** The member tiers of the simulated brand, lowest first. */
export const SIM_TIERS = ['silver', 'gold'] as const;

interface Kind {
  categories: number;
  perCategory: [number, number];
  /** Price level against the category's usual price. */
  priceLevel: number;
  shoppers: number;
  /** Visits per shopper per week, median. */
  visitsPerWeek: number;
  /** Mean picks per zone passed that sells something the shopper came for. */
  picksPerZone: number;
  /** Categories per aisle zone. */
  perZone: number;
  opens: number;
  closes: number;
}

const KINDS: Record<StoreKind, Kind> = {
  convenience: {
    categories: 9,
    perCategory: [4, 8],
    priceLevel: 1.15,
    shoppers: 160,
    visitsPerWeek: 2.5,
    picksPerZone: 0.45,
    perZone: 3,
    opens: 6,
    closes: 24,
  },
  supermarket: {
    categories: 16,
    perCategory: [8, 16],
    priceLevel: 0.9,
    shoppers: 260,
    visitsPerWeek: 1.2,
    picksPerZone: 0.9,
    perZone: 2,
    opens: 8,
    closes: 22,
  },
  boutique: {
    categories: 5,
    perCategory: [5, 9],
    priceLevel: 2.4,
    shoppers: 90,
    visitsPerWeek: 0.8,
    picksPerZone: 0.35,
    perZone: 1,
    opens: 10,
    closes: 21,
  },
};

/** The categories a chain sells, with their usual price (cents) and the local hour they sell most. */
const CATEGORIES: readonly { name: string; cents: number; peak: number }[] = [
  { name: 'coffee', cents: 1800, peak: 8 },
  { name: 'bakery', cents: 900, peak: 8 },
  { name: 'dairy', cents: 1100, peak: 9 },
  { name: 'fruit', cents: 1500, peak: 11 },
  { name: 'ready-meals', cents: 2200, peak: 12 },
  { name: 'drinks', cents: 500, peak: 14 },
  { name: 'snacks', cents: 700, peak: 16 },
  { name: 'vegetables', cents: 800, peak: 17 },
  { name: 'meat', cents: 3500, peak: 18 },
  { name: 'frozen', cents: 2500, peak: 18 },
  { name: 'beer', cents: 900, peak: 20 },
  { name: 'wine', cents: 9000, peak: 20 },
  { name: 'household', cents: 1600, peak: 15 },
  { name: 'personal-care', cents: 2800, peak: 15 },
  { name: 'staples', cents: 1300, peak: 17 },
  { name: 'confectionery', cents: 600, peak: 15 },
  { name: 'tea', cents: 4500, peak: 14 },
  { name: 'cosmetics', cents: 12000, peak: 14 },
  { name: 'gifts', cents: 8000, peak: 16 },
  { name: 'baby', cents: 3000, peak: 10 },
];

interface Product extends ShelfProduct {
  appeal: number;
  zone: string;
  distance: number;
}

interface Shopper {
  id: string;
  tier: string | null;
  taste: Map<string, number>;
  favourites: Set<string>;
  priceSensitivity: number;
  repeat: number;
  hour: number;
  visitRate: number;
}

/** The items in a random order (Fisher–Yates). */
export const shuffled = <T>(random: Random, items: readonly T[]) => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

const between = (random: Random, [low, high]: readonly [number, number]) =>
  low + Math.floor(random.next() * (high - low + 1));

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let n = 0;
  for (let p = random.next(); p > limit; p *= random.next()) n++;
  return n;
}

/** One store's shelf, map and weeks of trips. */
export function simulateStore(options: ShoppingSimOptions): StoreData {
  const random = createRandom(seedFrom(`shopping-sim:${options.kind}:${options.seed}`));
  const kind = KINDS[options.kind];
  const noise = options.noise ?? 0.15;
  const store = options.seed;

  // The assortment: categories (a boutique's lean to the dear ones), products, prices, stock.
  const pool =
    options.kind === 'boutique' ? [...CATEGORIES].sort((a, b) => b.cents - a.cents).slice(0, 10) : CATEGORIES;
  const categories = shuffled(random, pool).slice(0, kind.categories);
  const appealOf = new Map(categories.map((c) => [c.name, 0.8 * random.gaussian()]));
  // Each category's hours: its usual peak moved a little in this store, some sharper than others.
  const hourCurve = new Map(
    categories.map((c) => [c.name, { peak: c.peak + 1.5 * random.gaussian(), width: 2 + 4 * random.next() }]),
  );
  const aisles = Array.from(
    { length: Math.ceil(categories.length / kind.perZone) },
    (_, i) => `${store}:aisle-${i + 1}`,
  );
  const zoneOf = new Map(categories.map((c, i) => [c.name, aisles[Math.floor(i / kind.perZone)]!]));
  const products: Product[] = [];
  for (const category of categories) {
    for (let n = between(random, kind.perCategory); n > 0; n--) {
      const price = Math.round(category.cents * kind.priceLevel * Math.exp(0.4 * random.gaussian()));
      const onOffer = random.next() < 0.3;
      products.push({
        sku_id: `${store}:${category.name}-${products.length + 1}`,
        category: category.name,
        price_cents: price,
        member_cents: onOffer ? { silver: Math.round(price * 0.95), gold: Math.round(price * 0.88) } : {},
        available: random.next() < 0.93 ? 1 + Math.floor(40 * random.next()) : 0,
        appeal: appealOf.get(category.name)! + 0.9 * random.gaussian(),
        zone: zoneOf.get(category.name)!,
        distance: 6 * random.next(),
      });
    }
  }
  const entrance = `${store}:entrance`;
  const tills = `${store}:tills`;
  // The entrance shows a few products on promotion; the tills the small cheap things bought on a whim.
  const promoted = shuffled(random, products).slice(0, 4);
  const cheapest = [...products].sort((a, b) => a.price_cents - b.price_cents).slice(0, 5);
  const near = new Map<string, Map<string, number>>();
  const place = (zone: string, sku: string, distance: number) =>
    near.set(zone, (near.get(zone) ?? new Map()).set(sku, distance));
  for (const p of products) if (random.next() < 0.9) place(p.zone, p.sku_id, p.distance);
  for (const p of promoted) place(entrance, p.sku_id, 1);
  for (const p of cheapest) place(tills, p.sku_id, 0.5);
  const pricesOf = new Map<string, number[]>();
  for (const p of products) pricesOf.set(p.category, [...(pricesOf.get(p.category) ?? []), p.price_cents]);
  const usual = new Map(
    [...pricesOf].map(([c, ps]) => [c, Math.exp(ps.reduce((s, x) => s + Math.log(x), 0) / ps.length)]),
  );

  // The shoppers: tastes for a few categories, favourite products among them, habits.
  const shoppers: Shopper[] = Array.from({ length: kind.shoppers }, (_, i) => {
    const taste = new Map(categories.map((c) => [c.name, 1.3 * random.gaussian() - 0.3]));
    const liked = [...taste]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([c]) => c);
    const candidates = products.filter((p) => liked.includes(p.category));
    const tierRoll = random.next();
    return {
      id: `${store}:shopper-${i + 1}`,
      tier: tierRoll < 0.12 ? 'gold' : tierRoll < 0.4 ? 'silver' : null,
      taste,
      favourites: new Set(
        shuffled(random, candidates)
          .slice(0, 2 + Math.floor(4 * random.next()))
          .map((p) => p.sku_id),
      ),
      priceSensitivity: 1.6 * random.next(),
      repeat: 2.5 * random.next(),
      hour: kind.opens + 1 + (kind.closes - kind.opens - 2) * random.next(),
      visitRate: (kind.visitsPerWeek / 7) * Math.exp(0.7 * random.gaussian()),
    };
  });

  const utility = (
    s: Shopper,
    p: Product,
    hour: number,
    cart: ReadonlySet<string>,
    last: Map<string, number>,
    at: number,
  ) => {
    const curve = hourCurve.get(p.category)!;
    const off = Math.min(Math.abs(hour - curve.peak), 24 - Math.abs(hour - curve.peak));
    const member = s.tier ? p.member_cents[s.tier] : undefined;
    const lastAt = last.get(p.sku_id);
    return (
      p.appeal +
      s.taste.get(p.category)! +
      1.2 * Math.exp(-((off / curve.width) ** 2)) -
      s.priceSensitivity * Math.log(p.price_cents / usual.get(p.category)!) +
      (member !== undefined ? 4 * (1 - member / p.price_cents) : 0) +
      (s.favourites.has(p.sku_id) ? 1.5 + 0.5 * s.repeat : 0) +
      (lastAt !== undefined ? s.repeat * Math.exp(-(at - lastAt) / (10 * DAY_MS)) : 0) -
      (cart.has(p.category) ? 0.8 : 0)
    );
  };
  const choose = (
    s: Shopper,
    options: readonly Product[],
    hour: number,
    cart: Set<string>,
    last: Map<string, number>,
    at: number,
  ) => {
    if (random.next() < noise) return options[Math.floor(random.next() * options.length)]!;
    const weights = options.map((p) => Math.exp(utility(s, p, hour, cart, last, at)));
    let r = random.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < options.length; i++) {
      r -= weights[i]!;
      if (r < 0) return options[i]!;
    }
    return options[options.length - 1]!;
  };

  const byZone = new Map<string, Product[]>();
  for (const [zone, skus] of near)
    byZone.set(
      zone,
      products.filter((p) => skus.has(p.sku_id) && p.available > 0),
    );
  const sellable = products.filter((p) => p.available > 0);
  const lastBought = new Map(shoppers.map((s) => [s.id, new Map<string, number>()]));
  const trips: Trip[] = [];
  const startWeekday = options.startWeekday ?? 1;
  for (let day = 0; day < options.days; day++) {
    const weekday = (startWeekday + day) % 7;
    const weekend = weekday === 0 || weekday === 6 ? 1.3 : 1;
    for (const s of shoppers) {
      if (random.next() >= s.visitRate * weekend) continue;
      const hour = Math.min(
        kind.closes - 1,
        Math.max(kind.opens, Math.round(s.hour + 1.5 * random.gaussian())),
      );
      const at = options.start + day * DAY_MS + hour * 3_600_000 + Math.floor(random.next() * 3_600_000);
      // The walk: the entrance, the aisles the shopper cares for (and some on the way), the tills.
      const walked = aisles.filter((zone) => {
        const interest = categories
          .filter((c) => zoneOf.get(c.name) === zone)
          .map((c) => s.taste.get(c.name)!);
        return random.next() < 0.25 + 0.6 / (1 + Math.exp(-Math.max(...interest)));
      });
      const route = [entrance, ...shuffled(random, walked), tills];
      const cart = new Set<string>();
      const last = lastBought.get(s.id)!;
      const steps: TripStep[] = [];
      let clock = at;
      for (const zone of route) {
        clock += 30_000 + Math.floor(90_000 * random.next());
        const here = byZone.get(zone) ?? [];
        const picks = new Map<string, number>();
        const mean = zone === entrance || zone === tills ? 0.2 : kind.picksPerZone;
        // A product bought here comes from what sits at the zone, now and then from anywhere.
        for (let n = poisson(random, mean); n > 0 && here.length > 0; n--) {
          const product = choose(s, random.next() < 0.85 ? here : sellable, hour, cart, last, clock);
          picks.set(product.sku_id, (picks.get(product.sku_id) ?? 0) + (random.next() < 0.8 ? 1 : 2));
          cart.add(product.category);
          last.set(product.sku_id, clock);
        }
        steps.push({ zone, at: clock, bought: [...picks].map(([sku_id, qty]): Line => ({ sku_id, qty })) });
      }
      trips.push({
        id: `${s.id}:${day}`,
        shopper: s.id,
        tier: s.tier,
        at,
        hour,
        weekday,
        steps: options.zonePasses === false ? withoutZones(steps) : steps,
      });
    }
  }
  trips.sort((a, b) => a.at - b.at);
  return {
    tiers: SIM_TIERS,
    shelf: products.map(({ sku_id, category, price_cents, member_cents, available }) => ({
      sku_id,
      category,
      price_cents,
      member_cents,
      available,
    })),
    near,
    trips,
  };
}

/** A store without zone passes knows what was bought and when: a step per product, no zone. */
const withoutZones = (steps: readonly TripStep[]): TripStep[] =>
  steps.flatMap((step) => step.bought.map((line) => ({ at: step.at, bought: [line] })));

export interface SimulatedStore {
  name: string;
  kind: StoreKind;
  data: StoreData;
}

/** Day 0 of every simulated chain: a Monday's local midnight. */
export const SIM_START = Date.UTC(2026, 0, 5);

/**
 * A chain to train on and one to judge with: three stores of each kind apart, every store its own
 * seed (its own assortment, prices and shoppers). The unseen ones are noisier than the trained, one
 * of each set has no zone passes, and the unseen supermarket opens the weeks on another weekday.
 */
export function simulatedChain(
  seed: string,
  days: number,
): { training: SimulatedStore[]; unseen: SimulatedStore[] } {
  const store = (name: string, kind: StoreKind, extra: Partial<ShoppingSimOptions> = {}): SimulatedStore => ({
    name,
    kind,
    data: simulateStore({ seed: `${seed}:${name}`, kind, days, start: SIM_START, ...extra }),
  });
  return {
    training: [
      store('convenience-1', 'convenience'),
      store('supermarket-1', 'supermarket'),
      store('boutique-1', 'boutique', { zonePasses: false }),
    ],
    unseen: [
      store('convenience-2', 'convenience', { noise: 0.25 }),
      store('supermarket-2', 'supermarket', { noise: 0.25, startWeekday: 4, zonePasses: false }),
      store('boutique-2', 'boutique', { noise: 0.25 }),
    ],
  };
}
