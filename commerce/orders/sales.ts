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

/** A store's sales on one of its local days. */
export interface DaySales {
  /** The store's local date, YYYY-MM-DD. */
  day: string;
  /** Paid mini-program and till orders (cancelled and refunded ones do not count), by when they were paid. */
  orders: number;
  order_cents: number;
  /** POS sale records from the tills, by when they arrived, and their units less returns. */
  till_receipts: number;
  till_units: number;
  /** Those units at the store's shelf price: the tills send quantities, not amounts. */
  till_cents_at_shelf_price: number;
}

/**
 * Sales per local day of the store in [from, to] (dates in `timezone`), days without any left out.
 * Till receipts and units count from when the record arrived. With `until` (HH:MM), each day counts
 * only up to that minute of the day, so today so far compares with other days at the same hour.
 */
export async function salesByDay(
  tx: Tx,
  storeId: string,
  range: { from: string; to: string; timezone: string; until?: string | null | undefined },
): Promise<DaySales[]> {
  const { rows } = await tx.query<DaySales>(
    `WITH bounds AS (
       SELECT ($2::date)::timestamp AT TIME ZONE $4 AS since, ($3::date + 1)::timestamp AT TIME ZONE $4 AS until
     ), paid AS (
       SELECT to_char(o.paid_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, count(*)::int AS orders,
              sum(o.total_cents)::bigint AS order_cents
       FROM orders o, bounds b
       WHERE o.store_id = $1 AND o.paid_at >= b.since AND o.paid_at < b.until
         AND ($5::time IS NULL OR date_trunc('minute', o.paid_at AT TIME ZONE $4)::time <= $5::time)
         AND o.status IN ('paid', 'preparing', 'ready', 'completed')
       GROUP BY 1
     ), till AS (
       SELECT to_char(m.created_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
              count(DISTINCT m.key) FILTER (WHERE m.kind = 'sale')::int AS till_receipts,
              sum(-m.on_hand_delta)::int AS till_units,
              sum(-m.on_hand_delta * coalesce(p.price_cents, s.price_cents))::bigint AS till_cents
       FROM stock_movements m CROSS JOIN bounds b
       JOIN catalogue_skus s ON s.id = m.sku_id
       LEFT JOIN catalogue_store_prices p ON p.store_id = m.store_id AND p.sku_id = m.sku_id
       WHERE m.store_id = $1 AND m.created_at >= b.since AND m.created_at < b.until
         AND ($5::time IS NULL OR date_trunc('minute', m.created_at AT TIME ZONE $4)::time <= $5::time)
         AND m.kind IN ('sale', 'return') AND (m.key LIKE 'pos:sale:%' OR m.key LIKE 'pos:return:%')
       GROUP BY 1
     )
     SELECT day, coalesce(paid.orders, 0) AS orders, coalesce(paid.order_cents, 0)::int AS order_cents,
            coalesce(till.till_receipts, 0) AS till_receipts, coalesce(till.till_units, 0) AS till_units,
            coalesce(till.till_cents, 0)::int AS till_cents_at_shelf_price
     FROM paid FULL JOIN till USING (day) ORDER BY day`,
    [storeId, range.from, range.to, range.timezone, range.until ?? null],
  );
  return rows;
}
