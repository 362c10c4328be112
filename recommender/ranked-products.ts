/**
 * Picks as the shopper sees them: name, image and category, the shelf's price and this shopper's
 * member price, and where each sits in the store. Every ranker answers through it, so an offer reads
 * the same whichever chose its products.
 */
import { type ShelfItem, unitPrice } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { productPlaces } from '../venues/index.js';
import type { RankedProduct } from './schemas.js';
import type { Pick } from './scoring.js';

export async function rankedProducts(
  tx: Tx,
  storeId: string,
  tier: string | null,
  picks: readonly Pick[],
  items: ReadonlyMap<string, ShelfItem>,
): Promise<RankedProduct[]> {
  if (picks.length === 0) return [];
  const codes = picks.map((p) => items.get(p.sku_id)!.code);
  const places = new Map((await productPlaces(tx, storeId, codes)).map((p) => [p.sku, p]));
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
      category_id: item.category_id,
      price_cents: shelf.unit_cents,
      member_price_cents: member.basis === 'member' ? member.unit_cents : null,
      place: place ? { level: place.level, shelf: place.shelf, slot: place.slot } : null,
      reason,
    };
  });
}
