/**
 * What a store's past says, as plain data: its shelf, where products sit by zone, and trips — a
 * shopper's visit (or an order) as steps, each a zone passed (when the store saw it) with what was
 * picked there. The database and the shopping simulator both answer in this shape, so features,
 * training and evaluation never know which one they read. `snapshot` sums up the past before a
 * moment into the figures the features take: shares, ranks and recency, never raw counts alone.
 */

export interface ShelfProduct {
  sku_id: string;
  category: string;
  /** What the shelf asks (the store's price, else the list price). */
  price_cents: number;
  /** Member prices by tier code, when the tier pays less. */
  member_cents: Readonly<Record<string, number>>;
  /** Units a shopper could buy now (0: not sold here now). */
  available: number;
}

export interface Line {
  sku_id: string;
  qty: number;
}

export interface TripStep {
  /** The zone passed, when the store's beacons saw it; absent for an order or a till receipt. */
  zone?: string | undefined;
  at: number;
  bought: readonly Line[];
}

export interface Trip {
  id: string;
  /** Null for a shopper the store did not know (a till receipt without a member card). */
  shopper: string | null;
  /** The shopper's member tier then, if any. */
  tier: string | null;
  /** Epoch ms of the trip's start; `hour` and `weekday` (0 Sunday) are the store's local clock then. */
  at: number;
  hour: number;
  weekday: number;
  steps: readonly TripStep[];
}

export interface StoreData {
  /** The brand's tier ladder, lowest first. */
  tiers: readonly string[];
  shelf: readonly ShelfProduct[];
  /** Per zone, the products within a shopper's reach of it and how far (m) from its edge. */
  near: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Time-ordered. */
  trips: readonly Trip[];
}

export interface StoreFacts {
  /** Units per SKU sold in the window. */
  units: ReadonlyMap<string, number>;
  /** Share of the window's units per SKU, and per category. */
  skuShare: ReadonlyMap<string, number>;
  categoryShare: ReadonlyMap<string, number>;
  /** Percentile of the SKU among the shelf by units (1 the best seller, 0 unsold). */
  rank: ReadonlyMap<string, number>;
  /** Per category, its units by local hour (24). */
  categoryHours: ReadonlyMap<string, Float64Array>;
  /** All units by local hour. */
  hours: Float64Array;
  /** Per zone seen passed, the units per SKU picked at or after passing it, and their total. */
  afterZone: ReadonlyMap<string, { units: ReadonlyMap<string, number>; total: number }>;
  /** Median shelf price per category. */
  categoryMedian: ReadonlyMap<string, number>;
  category: ReadonlyMap<string, string>;
  /** SKUs sellable now, and categories among them: what "average share" means in this store. */
  assortment: number;
  categories: number;
  totalUnits: number;
}

export interface ShopperFacts {
  visits: number;
  orders: number;
  units: number;
  categoryUnits: ReadonlyMap<string, number>;
  skus: ReadonlyMap<string, { times: number; lastAt: number }>;
  /** Mean log price relative to the category median of what they bought (0: none). */
  priceBand: number;
}

export const DAY_MS = 86_400_000;

/** A tier's place on the ladder: 0 for none, 1 for the top. */
export const tierLevel = (tiers: readonly string[], tier: string | null) =>
  tier === null ? 0 : (tiers.indexOf(tier) + 1) / Math.max(1, tiers.length);

/** Log of a price against its category's median in this store: 0 mid-range, positive dearer. */
export const priceBand = (facts: StoreFacts, product: ShelfProduct) =>
  Math.log(product.price_cents / (facts.categoryMedian.get(product.category) ?? product.price_cents));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const add = <K>(map: Map<K, number>, key: K, by: number) => map.set(key, (map.get(key) ?? 0) + by);

/** The map's value for the key, made and kept first when missing. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}

function shares(units: ReadonlyMap<string, number>, total: number): Map<string, number> {
  return new Map([...units].map(([k, v]) => [k, total > 0 ? v / total : 0]));
}

/** The store's figures from its trips in [since, until). */
export function storeFacts(data: StoreData, since: number, until: number): StoreFacts {
  const category = new Map(data.shelf.map((p) => [p.sku_id, p.category]));
  const units = new Map<string, number>();
  const categoryUnits = new Map<string, number>();
  const categoryHours = new Map<string, Float64Array>();
  const hours = new Float64Array(24);
  const zoneUnits = new Map<string, Map<string, number>>();
  const zoneTotals = new Map<string, number>();
  let total = 0;
  for (const trip of data.trips) {
    if (trip.at < since || trip.at >= until) continue;
    const passed: string[] = [];
    for (const step of trip.steps) {
      if (step.zone !== undefined && !passed.includes(step.zone)) passed.push(step.zone);
      for (const line of step.bought) {
        const cat = category.get(line.sku_id);
        if (cat === undefined) continue;
        add(units, line.sku_id, line.qty);
        add(categoryUnits, cat, line.qty);
        const curve = entry(categoryHours, cat, () => new Float64Array(24));
        curve[trip.hour] = curve[trip.hour]! + line.qty;
        hours[trip.hour] = hours[trip.hour]! + line.qty;
        total += line.qty;
        for (const zone of passed) {
          add(
            entry(zoneUnits, zone, () => new Map<string, number>()),
            line.sku_id,
            line.qty,
          );
          add(zoneTotals, zone, line.qty);
        }
      }
    }
  }
  const sellable = data.shelf.filter((p) => p.available > 0);
  const byUnits = [...data.shelf].sort((a, b) => (units.get(b.sku_id) ?? 0) - (units.get(a.sku_id) ?? 0));
  const rank = new Map(
    byUnits.map((p, i) => [p.sku_id, units.has(p.sku_id) ? 1 - i / Math.max(1, byUnits.length - 1) : 0]),
  );
  const prices = new Map<string, number[]>();
  for (const p of data.shelf) prices.set(p.category, [...(prices.get(p.category) ?? []), p.price_cents]);
  return {
    units,
    skuShare: shares(units, total),
    categoryShare: shares(categoryUnits, total),
    rank,
    categoryHours,
    hours,
    afterZone: new Map([...zoneUnits].map(([zone, m]) => [zone, { units: m, total: zoneTotals.get(zone)! }])),
    categoryMedian: new Map([...prices].map(([cat, p]) => [cat, median(p)])),
    category,
    assortment: Math.max(1, sellable.length),
    categories: Math.max(1, new Set(sellable.map((p) => p.category)).size),
    totalUnits: total,
  };
}

/** Each known shopper's figures from their trips in [since, until), prices read against `facts`. */
export function shopperFacts(
  data: StoreData,
  facts: StoreFacts,
  since: number,
  until: number,
): Map<string, ShopperFacts> {
  const products = new Map(data.shelf.map((p) => [p.sku_id, p]));
  const out = new Map<
    string,
    {
      visits: number;
      orders: number;
      units: number;
      categoryUnits: Map<string, number>;
      skus: Map<string, { times: number; lastAt: number }>;
      bandSum: number;
    }
  >();
  for (const trip of data.trips) {
    if (trip.shopper === null || trip.at < since || trip.at >= until) continue;
    const s = entry(out, trip.shopper, () => ({
      visits: 0,
      orders: 0,
      units: 0,
      categoryUnits: new Map<string, number>(),
      skus: new Map<string, { times: number; lastAt: number }>(),
      bandSum: 0,
    }));
    s.visits++;
    let bought = false;
    for (const step of trip.steps) {
      for (const line of step.bought) {
        const product = products.get(line.sku_id);
        if (!product) continue;
        bought = true;
        s.units += line.qty;
        s.bandSum += line.qty * priceBand(facts, product);
        add(s.categoryUnits, product.category, line.qty);
        const seen = s.skus.get(line.sku_id);
        s.skus.set(line.sku_id, {
          times: (seen?.times ?? 0) + 1,
          lastAt: Math.max(seen?.lastAt ?? 0, step.at),
        });
      }
    }
    if (bought) s.orders++;
  }
  return new Map(
    [...out].map(([id, s]) => [
      id,
      {
        visits: s.visits,
        orders: s.orders,
        units: s.units,
        categoryUnits: s.categoryUnits,
        skus: s.skus,
        priceBand: s.units > 0 ? s.bandSum / s.units : 0,
      },
    ]),
  );
}

export const NO_HISTORY: ShopperFacts = {
  visits: 0,
  orders: 0,
  units: 0,
  categoryUnits: new Map(),
  skus: new Map(),
  priceBand: 0,
};
