/**
 * The catalogue as staff browse it, a SKU a line and a page at a time: newest products first or by
 * name, within a category (and the ones under it), narrowed by words as the search matches them,
 * on sale, off sale or both; with a store, its own price beside the brand's, and if asked only those.
 */
import type { Tx } from '../../db/pool.js';
import { BUNDLE_PARTS_SQL } from './products.js';
import type { CatalogueLine, CataloguePage, CatalogueQuery } from './schemas.js';
import { typedWords } from './search.js';

/** By name as a Chinese shelf list reads: by the pinyin initials, so 农夫山泉 sits under n. */
const BY_NAME = 'p.initials, p.name, p.id, s.code';
const ORDER: Record<CatalogueQuery['order'], string> = {
  // Products added together (a catalogue's first load, an ERP batch) by name among themselves.
  newest: `p.created_at DESC, ${BY_NAME}`,
  name: BY_NAME,
};

const SALE: Record<CatalogueQuery['sale'], string> = {
  on: 'p.active AND s.active',
  off: 'NOT (p.active AND s.active)',
  all: 'true',
};

export async function listCatalogue(tx: Tx, query: CatalogueQuery): Promise<CataloguePage> {
  const words = query.q?.trim() ? typedWords(query.q, 6) : undefined;
  const { rows } = await tx.query<CatalogueLine & { total: number }>(
    `WITH RECURSIVE chosen AS (
       SELECT id FROM catalogue_categories WHERE id = $1
       UNION ALL SELECT c.id FROM catalogue_categories c JOIN chosen ON c.parent_id = chosen.id
     )
     SELECT p.id AS product_id, s.id AS sku_id, p.name, s.name AS sku_name, s.code, s.barcode, p.category_id,
            p.images[1] AS image,
            s.price_cents AS list_cents, (p.active AND s.active) AS on_sale, ${BUNDLE_PARTS_SQL} AS components,
            sp.price_cents AS store_cents, coalesce(sp.available, true) AS sold_here,
            (count(*) OVER ())::int AS total
     FROM catalogue_skus s
     JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $2
     ${words?.join ?? ''}
     WHERE ${SALE[query.sale]}
       AND ($1::uuid IS NULL OR p.category_id IN (SELECT id FROM chosen))
       AND (NOT $3 OR sp.price_cents IS NOT NULL)
       AND ${words?.where ?? 'true'}
     ORDER BY ${words ? `${words.best}, ` : ''}${ORDER[query.order]}
     LIMIT $4 OFFSET $5`,
    [
      query.category_id ?? null,
      query.store_id ?? null,
      query.own_prices ?? false,
      query.limit,
      query.offset,
      ...(words?.params ?? []),
    ],
  );
  return {
    total: rows[0]?.total ?? 0,
    lines: rows.map(({ total: _, store_cents, sold_here, ...line }) =>
      query.store_id ? { ...line, store_cents, sold_here } : line,
    ),
  };
}
