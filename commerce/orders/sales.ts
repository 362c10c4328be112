/**
 * What a store sold lately, per SKU: units on paid orders (cancelled and refunded ones do not
 * count) and units rung up at its tills (POS sale records, less POS returns), the popularity that
 * offers of "products chosen for the shopper" rank by. Till units count from when the record
 * arrived.
 */
import type { Tx } from '../../db/pool.js';

export interface SkuSales {
  sku_id: string;
  code: string;
  units: number;
}

/** Units of each SKU sold in the store in [since, until), online and at the tills, best sellers first. */
export async function unitsSold(tx: Tx, storeId: string, since: Date, until: Date): Promise<SkuSales[]> {
  const { rows } = await tx.query<SkuSales>(
    `WITH sold AS (
       SELECT l.sku_id, l.qty
       FROM orders o JOIN order_lines l ON l.order_id = o.id
       WHERE o.store_id = $1 AND o.paid_at >= $2 AND o.paid_at < $3
         AND o.status IN ('paid', 'preparing', 'ready', 'completed')
       UNION ALL
       -- The tills' sale and return records (POS keys), as the stock ledger took them.
       SELECT m.sku_id, -m.on_hand_delta
       FROM stock_movements m
       WHERE m.store_id = $1 AND m.created_at >= $2 AND m.created_at < $3
         AND m.kind IN ('sale', 'return') AND (m.key LIKE 'pos:sale:%' OR m.key LIKE 'pos:return:%')
     )
     SELECT sold.sku_id, s.code, sum(sold.qty)::int AS units
     FROM sold JOIN catalogue_skus s ON s.id = sold.sku_id
     GROUP BY sold.sku_id, s.code HAVING sum(sold.qty) > 0 ORDER BY units DESC, s.code`,
    [storeId, since, until],
  );
  return rows;
}
