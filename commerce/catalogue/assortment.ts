/**
 * What a store offers, by category: every active SKU not taken off its shelf there. What a ranker
 * chooses among (with `shelfItems` for prices and `availableUnits` for what is in stock now).
 */
import type { Tx } from '../../db/pool.js';

export interface AssortedSku {
  sku_id: string;
  code: string;
  category_id: string | null;
}

export async function storeAssortment(tx: Tx, storeId: string): Promise<AssortedSku[]> {
  const { rows } = await tx.query<AssortedSku>(
    `SELECT s.id AS sku_id, s.code, p.category_id
     FROM catalogue_skus s JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $1
     WHERE p.active AND s.active AND coalesce(sp.available, true)
     ORDER BY s.code`,
    [storeId],
  );
  return rows;
}
