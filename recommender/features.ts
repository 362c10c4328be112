/**
 * The feature vector of one (moment, candidate product): the model's input, one row of floats per
 * candidate. Everything is relative — shares, lifts, ranks, logs — and never a raw count or price,
 * so a model trained in one store ranks in another, bigger or smaller, cheaper or dearer. A figure
 * the data cannot give (a store without zone passes, a shopper never seen) takes its neutral value:
 * 0, "no lift", rather than a guess.
 *
 * Order and meaning of each float (`FEATURES` names them; the ONNX model's input has this order):
 *  who
 *   0 tier_level         the shopper's tier on the brand's ladder, 0 none … 1 the top
 *   1 visits             log(1 + trips so far)
 *   2 orders             log(1 + trips that bought)
 *   3 category_lift      log of the shopper's share of units in the candidate's category over the
 *                        store's (smoothed toward the store's by 2 units): 0 for a new shopper
 *   4 bought_before      log(1 + times the shopper bought this SKU)
 *   5 bought_recency     exp(−days since last bought / 14); 0 never
 *   6 price_gap          |shopper's usual price band − candidate's price band|; 0 without history
 *  where
 *   7 in_zone            1 when placed within reach of the moment's zone
 *   8 zone_closeness     1 / (1 + metres from the zone) when in it, else 0
 *   9 zone_lift          log of the candidate's share of units bought after passing the zone over
 *                        its share of all units (smoothed); 0 without zone passes
 *  10 has_zone           1 when the moment has a zone (not arriving or leaving)
 *  when
 *  11 hour_sin, 12 hour_cos, 13 weekday_sin, 14 weekday_cos   the store's local clock, cyclic
 *  15 hour_lift          log of the category's share of this hour's units (±1 h) over its share of all
 *  basket
 *  16 cart_same_category 1 when the cart holds the candidate's category already
 *  17 cart_units         log(1 + units in the cart)
 *  18 in_cart            1 when the candidate is in the cart
 *  the candidate
 *  19 popularity         log(1 + share of the store's units × assortment size): 1 share × n = average
 *  20 popularity_rank    percentile among the shelf by units, 1 the best seller, 0 unsold
 *  21 category_popularity log(1 + category's share × categories)
 *  22 price_band         log(price / the category's median price in the store)
 *  23 member_discount    share off the shelf price at the shopper's tier
 *  24 in_stock           1 when the store can sell it now
 */
import {
  DAY_MS,
  type Line,
  priceBand,
  type ShelfProduct,
  type ShopperFacts,
  type StoreFacts,
} from './history.js';

export const FEATURES = [
  'tier_level',
  'visits',
  'orders',
  'category_lift',
  'bought_before',
  'bought_recency',
  'price_gap',
  'in_zone',
  'zone_closeness',
  'zone_lift',
  'has_zone',
  'hour_sin',
  'hour_cos',
  'weekday_sin',
  'weekday_cos',
  'hour_lift',
  'cart_same_category',
  'cart_units',
  'in_cart',
  'popularity',
  'popularity_rank',
  'category_popularity',
  'price_band',
  'member_discount',
  'in_stock',
] as const;
export const FEATURE_COUNT = FEATURES.length;

/** The moment a ranking is asked for. */
export interface Moment {
  at: number;
  /** The store's local hour (0–23) and weekday (0 Sunday). */
  hour: number;
  weekday: number;
  tier: string | null;
  /** 0 no tier … 1 the brand's top tier. */
  tierLevel: number;
  /** The zone of the moment, if any, and the products within reach of it (metres from its edge). */
  zone?: string | undefined;
  near: ReadonlyMap<string, number>;
  cart: readonly Line[];
}

const RECENCY_DAYS = 14;
/** Pseudo-units pulling a thin share toward its prior, so one purchase does not read as a passion. */
const PRIOR_UNITS = 2;
const TAU = 2 * Math.PI;

const lift = (count: number, total: number, prior: number) => {
  const p = Math.max(prior, 1e-4);
  return Math.log((count + PRIOR_UNITS * p) / (total + PRIOR_UNITS) / p);
};

/** The rows of all `candidates` at this moment, `FEATURE_COUNT` floats each, in one array. */
export function featureRows(
  store: StoreFacts,
  shopper: ShopperFacts,
  moment: Moment,
  candidates: readonly ShelfProduct[],
): Float32Array {
  const rows = new Float32Array(candidates.length * FEATURE_COUNT);
  const cartCategories = new Set(moment.cart.map((l) => store.category.get(l.sku_id)));
  const cartSkus = new Set(moment.cart.map((l) => l.sku_id));
  const cartUnits = moment.cart.reduce((sum, l) => sum + l.qty, 0);
  const afterZone = moment.zone === undefined ? undefined : store.afterZone.get(moment.zone);
  const hour = (h: number) => (h + 24) % 24;
  const hourUnits = (curve: Float64Array | undefined) =>
    curve ? curve[hour(moment.hour - 1)]! + curve[moment.hour]! + curve[hour(moment.hour + 1)]! : 0;
  const hourTotal = hourUnits(store.hours);

  candidates.forEach((product, i) => {
    const row = rows.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
    const catShare = store.categoryShare.get(product.category) ?? 0;
    const skuShare = store.skuShare.get(product.sku_id) ?? 0;
    const bought = shopper.skus.get(product.sku_id);
    const band = priceBand(store, product);
    const distance = moment.near.get(product.sku_id);
    const member = moment.tier === null ? undefined : product.member_cents[moment.tier];

    row[0] = moment.tierLevel;
    row[1] = Math.log1p(shopper.visits);
    row[2] = Math.log1p(shopper.orders);
    row[3] =
      shopper.units > 0
        ? lift(
            shopper.categoryUnits.get(product.category) ?? 0,
            shopper.units,
            catShare || 1 / store.categories,
          )
        : 0;
    row[4] = Math.log1p(bought?.times ?? 0);
    row[5] = bought ? Math.exp(-Math.max(0, moment.at - bought.lastAt) / DAY_MS / RECENCY_DAYS) : 0;
    row[6] = shopper.units > 0 ? Math.abs(shopper.priceBand - band) : 0;

    row[7] = distance === undefined ? 0 : 1;
    row[8] = distance === undefined ? 0 : 1 / (1 + Math.max(0, distance));
    row[9] = afterZone
      ? lift(afterZone.units.get(product.sku_id) ?? 0, afterZone.total, skuShare || 1 / store.assortment)
      : 0;
    row[10] = moment.zone === undefined ? 0 : 1;

    row[11] = Math.sin((TAU * moment.hour) / 24);
    row[12] = Math.cos((TAU * moment.hour) / 24);
    row[13] = Math.sin((TAU * moment.weekday) / 7);
    row[14] = Math.cos((TAU * moment.weekday) / 7);
    row[15] =
      hourTotal > 0 && catShare > 0
        ? lift(hourUnits(store.categoryHours.get(product.category)), hourTotal, catShare)
        : 0;

    row[16] = cartCategories.has(product.category) ? 1 : 0;
    row[17] = Math.log1p(cartUnits);
    row[18] = cartSkus.has(product.sku_id) ? 1 : 0;

    row[19] = Math.log1p(skuShare * store.assortment);
    row[20] = store.rank.get(product.sku_id) ?? 0;
    row[21] = Math.log1p(catShare * store.categories);
    row[22] = band;
    row[23] = member !== undefined && member < product.price_cents ? 1 - member / product.price_cents : 0;
    row[24] = product.available > 0 ? 1 : 0;
  });
  return rows;
}
