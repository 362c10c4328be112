/**
 * The lines a store sold, each with when and to whom: what a ranking model learns a store's and a
 * shopper's habits from (which products, at which hours, bought again). Units as `unitsSold` counts
 * them: paid orders (cancelled and refunded ones do not count) and the tills' sale and return
 * records. A till knows a member card, not a shopper: its lines have no shopper, and a shopper's
 * own lines are their orders.
 */
import type { Tx } from '../../db/pool.js';

export interface SaleLine {
  /** The order's id, or the till record's key: lines of one basket share it. */
  basket: string;
  shopper_id: string | null;
  sku_id: string;
  qty: number;
  at: Date;
}

/** Lines sold in [since, until) in a store, or to a shopper (their orders in any store), oldest first. */
export async function saleLines(
  tx: Tx,
  scope: { store_id: string } | { shopper_id: string },
  since: Date,
  until: Date,
): Promise<SaleLine[]> {
  const storeId = 'store_id' in scope ? scope.store_id : null;
  const shopperId = 'shopper_id' in scope ? scope.shopper_id : null;
  const { rows } = await tx.query<SaleLine & { line_no: number }>(
    `SELECT o.id::text AS basket, o.shopper_id, l.sku_id, l.qty, o.paid_at AS at, l.line_no
     FROM orders o JOIN order_lines l ON l.order_id = o.id
     WHERE ($1::uuid IS NULL OR o.store_id = $1) AND ($2::uuid IS NULL OR o.shopper_id = $2)
       AND o.paid_at >= $3 AND o.paid_at < $4
       AND o.status IN ('paid', 'preparing', 'ready', 'completed')
     UNION ALL
     SELECT m.key, NULL, m.sku_id, -m.on_hand_delta, m.created_at, 0
     FROM stock_movements m
     WHERE $1::uuid IS NOT NULL AND m.store_id = $1 AND m.created_at >= $3 AND m.created_at < $4
       AND m.kind IN ('sale', 'return') AND (m.key LIKE 'pos:sale:%' OR m.key LIKE 'pos:return:%')
     ORDER BY at, basket, line_no`,
    [storeId, shopperId, since, until],
  );
  return rows.map(({ line_no: _, ...line }) => line);
}
