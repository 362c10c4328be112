/**
 * The zone-popularity ranker: products placed in or near the shopper's zone (venues), ranked by
 * what the store sold lately and filled up with its best sellers (commerce), never one it cannot
 * sell now, at the shopper's member price (members' tier, commerce's pricing).
 */
import { availableUnits, type SkuSales, shelfItems, skuIdsByCode, unitsSold } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { memberFacts } from '../members/index.js';
import { productsNearZone } from '../venues/index.js';
import { rankedProducts } from './ranked-products.js';
import type { ProductRanker, RankInput } from './ranker.js';
import type { RankedProduct } from './schemas.js';
import { type Candidate, pickProducts } from './scoring.js';

export interface ZonePopularityOptions {
  /** How far from the zone's edge a shelf spot still counts as "in the zone" (a shopper's reach and a glance). */
  withinM?: number;
  /** How many days of sales make popularity. */
  days?: number;
  /**
   * How long a store's sales figures are reused: popularity over days hardly moves in a minute,
   * and summing them again for every shopper's moment would weigh on the live path.
   */
  salesTtlMs?: number;
}

export function zonePopularity(options: ZonePopularityOptions = {}): ProductRanker {
  const withinM = options.withinM ?? 3;
  const days = options.days ?? 14;
  const ttlMs = options.salesTtlMs ?? 60_000;
  const recent = new Map<string, { at: number; sales: SkuSales[] }>();

  async function storeSales(tx: Tx, input: RankInput): Promise<SkuSales[]> {
    const key = `${input.tenantId}/${input.storeId}`;
    const now = input.now.getTime();
    const hit = recent.get(key);
    if (hit && Math.abs(now - hit.at) < ttlMs) return hit.sales;
    const sales = await unitsSold(tx, input.storeId, new Date(now - days * 86_400_000), input.now);
    recent.set(key, { at: now, sales });
    return sales;
  }

  return {
    async rank(tx: Tx, input: RankInput): Promise<RankedProduct[]> {
      const near = input.zoneId ? await productsNearZone(tx, input.storeId, input.zoneId, withinM) : [];
      const sales = await storeSales(tx, input);
      const codes = new Set([...near.map((p) => p.sku), ...sales.map((s) => s.code)]);
      // Product places are keyed by SKU code; the catalogue by id.
      const ids = await skuIdsByCode(tx, [...codes]);
      const items = await shelfItems(tx, input.storeId, [...ids.values()]);
      const stock = await availableUnits(tx, input.storeId, [...ids.values()]);
      const sold = new Map(sales.map((s) => [s.sku_id, s.units]));
      const distance = new Map(near.map((p) => [p.sku, p.distance_m]));
      const candidates: Candidate[] = [...items.values()].map((item) => ({
        sku_id: item.sku_id,
        code: item.code,
        units_sold: sold.get(item.sku_id) ?? 0,
        available: item.available ? (stock.get(item.sku_id) ?? 0) : 0,
        distance_m: distance.get(item.code),
      }));
      const picks = pickProducts(candidates, input.count);
      if (picks.length === 0) return [];
      const { tier } = await memberFacts(tx, input.shopperId);
      return rankedProducts(tx, input.storeId, tier, picks, items);
    },
  };
}
