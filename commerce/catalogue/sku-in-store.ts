/**
 * One SKU as a shopper sees it in a store, by id (a cart line, an offer's pick, an order's line name
 * one so): the search hit's fields at the store's (or the member's) price, with the product's
 * description and whether the store has it to sell now.
 */
import type { Tx } from '../../db/pool.js';
import { availableUnits } from '../stock/movements.js';
import { unitPrice } from './pricing.js';
import { IS_BUNDLE_SQL } from './products.js';
import type { SkuInStore } from './schemas.js';

interface Row extends Omit<SkuInStore, 'unit_cents' | 'basis' | 'availability'> {
  store_cents: number | null;
  member_cents: Record<string, number>;
  sold_here: boolean;
}

/** Undefined for an id the brand's catalogue does not have. */
export async function skuInStore(
  tx: Tx,
  skuId: string,
  storeId: string,
  tier: string | undefined,
): Promise<SkuInStore | undefined> {
  const { rows } = await tx.query<Row>(
    `SELECT p.id AS product_id, s.id AS sku_id, p.name, s.name AS sku_name, s.code, s.barcode, p.category_id,
            p.images, p.description, s.price_cents AS list_cents, sp.price_cents AS store_cents, ${IS_BUNDLE_SQL} AS bundle,
            (p.active AND s.active AND coalesce(sp.available, true)) AS sold_here,
            (SELECT coalesce(jsonb_object_agg(m.tier, m.price_cents), '{}') FROM catalogue_member_prices m
              WHERE m.sku_id = s.id) AS member_cents
     FROM catalogue_skus s
     JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $2
     WHERE s.id = $1`,
    [skuId, storeId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { store_cents, member_cents, sold_here, ...sku } = row;
  // As an order reserves it: on hand less what others hold, a bundle as many as its components make.
  const units = sold_here ? ((await availableUnits(tx, storeId, [skuId])).get(skuId) ?? 0) : 0;
  return {
    ...sku,
    ...unitPrice({ list_cents: sku.list_cents, store_cents, member_cents }, tier),
    availability: !sold_here ? 'not_sold_here' : units > 0 ? 'in_stock' : 'sold_out',
  };
}
