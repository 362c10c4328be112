/**
 * The zone-popularity ranker: products placed in or near the shopper's zone (venues), ranked by
 * what the store sold lately and filled up with its best sellers (commerce), never one it cannot
 * sell now, at the shopper's member price (members' tier, commerce's pricing).
 */
import { availableUnits, shelfItems, skuIdsByCode, unitPrice, unitsSold } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { memberFacts } from '../members/index.js';
import { productPlaces, productsNearZone } from '../venues/index.js';
import type { ProductRanker, RankedProduct, RankInput } from './ranker.js';
import { type Candidate, pickProducts } from './scoring.js';

export interface ZonePopularityOptions {
  /** How far from the zone's edge a shelf spot still counts as "in the zone" (a shopper's reach and a glance). */
  withinM?: number;
  /** How many days of sales make popularity. */
  days?: number;
}

export function zonePopularity(options: ZonePopularityOptions = {}): ProductRanker {
  const withinM = options.withinM ?? 3;
  const days = options.days ?? 14;

  return {
    async rank(tx: Tx, input: RankInput): Promise<RankedProduct[]> {
      const near = input.zoneId ? await productsNearZone(tx, input.storeId, input.zoneId, withinM) : [];
      const since = new Date(input.now.getTime() - days * 86_400_000);
      const sales = await unitsSold(tx, input.storeId, since, input.now);
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
      const pickedCodes = picks.map((p) => items.get(p.sku_id)!.code);
      const places = new Map((await productPlaces(tx, input.storeId, pickedCodes)).map((p) => [p.sku, p]));
      return picks.map(({ sku_id, reason }) => {
        const item = items.get(sku_id)!;
        const shelf = unitPrice(item);
        const member = unitPrice(item, tier);
        const place = places.get(item.code);
        return {
          sku_id,
          code: item.code,
          name: item.name,
          image: item.image,
          price_cents: shelf.unit_cents,
          member_price_cents: member.basis === 'member' ? member.unit_cents : null,
          place: place ? { level: place.level, shelf: place.shelf, slot: place.slot } : null,
          reason,
        };
      });
    },
  };
}
