/**
 * What a store sold lately, per SKU: units on paid orders (cancelled and refunded ones do not
 * count), the popularity that offers of "products chosen for the shopper" rank by.
 */
import type { Tx } from '../../db/pool.js';

export interface SkuSales {
  sku_id: string;
  code: string;
  units: number;
}

/** Units of each SKU sold in the store on orders paid in [since, until), best sellers first. */
export async function unitsSold(tx: Tx, storeId: string, since: Date, until: Date): Promise<SkuSales[]> {
  const { rows } = await tx.query<SkuSales>(
    `SELECT l.sku_id, s.code, sum(l.qty)::int AS units
     FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN catalogue_skus s ON s.id = l.sku_id
     WHERE o.store_id = $1 AND o.paid_at >= $2 AND o.paid_at < $3
       AND o.status IN ('paid', 'preparing', 'ready', 'completed')
     GROUP BY l.sku_id, s.code ORDER BY units DESC, s.code`,
    [storeId, since, until],
  );
  return rows;
}
