/**
 * Who bought after a moment: paid orders of given shoppers, and sales rung up at a till on their
 * member card, each within a window after that shopper's own moment (a campaign's trigger), for
 * measuring what a campaign changed. Refunded and cancelled orders do not count; a till sale counts
 * net of the returns that name it (`of_sale`), and not at all once all of it came back (a return that
 * names no sale cannot be matched, and its sale still counts); the stores, SKUs and categories can
 * narrow what counts.
 */
import type { Tx } from '../../db/pool.js';
import { membershipIdsOf } from '../../members/index.js';

export interface PurchaseScope {
  /** Stores whose orders count; all when empty. */
  store_ids: readonly string[];
  /** Only orders with a line of one of these SKUs, or of a product in one of these categories. */
  sku_ids?: readonly string[] | undefined;
  category_ids?: readonly string[] | undefined;
}

export interface ShopperPurchases {
  shopper_id: string;
  /** Paid orders and till sales. */
  orders: number;
  spend_cents: number;
}

/** Per shopper who bought: paid orders and their spend within `days` after the shopper's moment. */
export async function purchasesAfter(
  tx: Tx,
  moments: ReadonlyMap<string, Date>,
  days: number,
  scope: PurchaseScope,
): Promise<ShopperPurchases[]> {
  if (moments.size === 0) return [];
  const narrowed = Boolean(scope.sku_ids?.length || scope.category_ids?.length);
  const shopperIds = [...moments.keys()];
  // A till knows the member card, not the shopper: members say whose card is whose.
  const memberships = await membershipIdsOf(tx, shopperIds);
  const { rows } = await tx.query<ShopperPurchases>(
    `WITH m AS (
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $8::uuid[]) AS m(shopper_id, at, membership_id)
     ),
     bought AS (
       SELECT o.shopper_id, o.total_cents - o.delivery_fee_cents AS spend
       FROM m JOIN orders o ON o.shopper_id = m.shopper_id
         AND o.paid_at >= m.at AND o.paid_at < m.at + make_interval(days => $3)
       WHERE o.status IN ('paid', 'preparing', 'ready', 'completed')
         AND (cardinality($4::uuid[]) = 0 OR o.store_id = ANY($4))
         AND (NOT $5 OR EXISTS (
           SELECT 1 FROM order_lines l JOIN catalogue_skus s ON s.id = l.sku_id
           JOIN catalogue_products p ON p.id = s.product_id
           WHERE l.order_id = o.id AND (l.sku_id = ANY($6::uuid[]) OR p.category_id = ANY($7::uuid[]))))
       UNION ALL
       SELECT m.shopper_id, t.spend_cents - coalesce(back.cents, 0)
       FROM m JOIN till_sales t ON t.membership_id = m.membership_id AND t.kind = 'sale'
         AND t.sold_at >= m.at AND t.sold_at < m.at + make_interval(days => $3)
       LEFT JOIN LATERAL (
         SELECT sum(r.spend_cents) AS cents FROM till_sales r
         WHERE r.tenant_id = t.tenant_id AND r.of_sale = t.record_id AND r.kind = 'return'
       ) back ON true
       WHERE (cardinality($4::uuid[]) = 0 OR t.store_id = ANY($4))
         AND t.spend_cents > coalesce(back.cents, 0)
         AND (NOT $5 OR EXISTS (
           SELECT 1 FROM catalogue_skus s JOIN catalogue_products p ON p.id = s.product_id
           WHERE s.id = ANY(t.sku_ids) AND (s.id = ANY($6::uuid[]) OR p.category_id = ANY($7::uuid[]))))
     )
     SELECT shopper_id, count(*)::int AS orders, sum(spend)::int AS spend_cents FROM bought GROUP BY shopper_id`,
    [
      shopperIds,
      [...moments.values()],
      days,
      scope.store_ids,
      narrowed,
      scope.sku_ids ?? [],
      scope.category_ids ?? [],
      shopperIds.map((id) => memberships.get(id) ?? null),
    ],
  );
  return rows;
}
