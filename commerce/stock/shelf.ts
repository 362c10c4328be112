/**
 * A store's shelves as its staff read them: every SKU the store stocks or sells, named as the
 * catalogue names it, with on hand, reserved and available, and a low flag; found by words of the
 * name, code or barcode (or the name's pinyin initials), by category, low ones only; a page at a time.
 */
import type { Static } from 'typebox';
import type { Tx } from '../../db/pool.js';
import type { ShelfLine as ShelfLineSchema, StoreStockQuery } from './schemas.js';

/** A SKU is low with this many units available or fewer: the catalogue keeps no reorder level per SKU. */
export const LOW_STOCK_UNITS = 10;

/** One SKU of the list: the schema's, with its time as the database gives it. */
export type ShelfLine = Omit<Static<typeof ShelfLineSchema>, 'updated_at'> & { updated_at: Date | null };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function storeStock(
  tx: Tx,
  storeId: string,
  query: StoreStockQuery,
): Promise<{ low_at: number; total: number; lines: ShelfLine[] }> {
  const q = query.q?.trim() || null;
  const words = q ? q.split(/\s+/).map((w) => `%${escapeLike(w)}%`) : [];
  const { rows } = await tx.query<ShelfLine & { total: number }>(
    `WITH RECURSIVE chosen AS (
       SELECT id FROM catalogue_categories WHERE id = $4
       UNION ALL SELECT c.id FROM catalogue_categories c JOIN chosen ON c.parent_id = chosen.id
     )
     SELECT s.id AS sku_id, p.id AS product_id, p.name, s.name AS sku_name, s.code, s.barcode,
            p.category_id, c.name AS category,
            coalesce(k.on_hand, 0) AS on_hand, coalesce(k.reserved, 0) AS reserved,
            coalesce(k.on_hand - k.reserved, 0) AS available,
            coalesce(k.on_hand - k.reserved, 0) <= $5 AS low, k.updated_at,
            (count(*) OVER ())::int AS total
     FROM catalogue_skus s
     JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_categories c ON c.id = p.category_id
     LEFT JOIN stock k ON k.store_id = $1 AND k.sku_id = s.id
     LEFT JOIN catalogue_store_prices sp ON sp.store_id = $1 AND sp.sku_id = s.id
     -- What the store holds, and what it sells though none is on the shelf yet (to receive the first).
     -- Bundles hold nothing of their own: their components are stocked.
     WHERE (k.sku_id IS NOT NULL OR (p.active AND s.active AND coalesce(sp.available, true)))
       AND NOT EXISTS (SELECT 1 FROM catalogue_bundle_components b WHERE b.bundle_sku_id = s.id)
       AND ($2::text IS NULL
            OR p.name || ' ' || s.name || ' ' || s.code || ' ' || coalesce(s.barcode, '') ILIKE ALL ($3::text[])
            OR p.initials LIKE lower($2) || '%')
       AND ($4::uuid IS NULL OR p.category_id IN (SELECT id FROM chosen))
       AND (NOT $6 OR coalesce(k.on_hand - k.reserved, 0) <= $5)
     -- Low ones emptiest first; otherwise as the shop is laid out, by category, then by name.
     ORDER BY CASE WHEN $6 THEN coalesce(k.on_hand - k.reserved, 0) END, c.sort NULLS LAST, c.name, p.name, s.code
     LIMIT $7 OFFSET $8`,
    [
      storeId,
      q && escapeLike(q),
      words,
      query.category_id ?? null,
      LOW_STOCK_UNITS,
      query.low ?? false,
      query.limit,
      query.offset,
    ],
  );
  return {
    low_at: LOW_STOCK_UNITS,
    total: rows[0]?.total ?? 0,
    lines: rows.map(({ total: _, ...line }) => line),
  };
}
