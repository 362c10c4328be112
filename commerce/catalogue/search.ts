/**
 * Catalogue search as a shopper types it: a barcode or SKU code (exact), pinyin initials
 * (prefix: "nfsq" → 农夫山泉), or part of the name (trigram, so "矿泉" and typos still match); of
 * several words, any that the name or SKU has ("oat milk" finds Oatly燕麦奶), most matched first.
 * With a store, only what that store sells, at that store's (or the member's) price.
 */
import type { Tx } from '../../db/pool.js';
import { type SkuPrices, unitPrice } from './pricing.js';
import { IS_BUNDLE_SQL, SKU_NAME_SQL } from './products.js';
import type { SearchHit, SearchQuery } from './schemas.js';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Typed words matched as the search matches them, for any query over SKUs `s` of products `p`:
 * SQL over four parameters from `$first` on (`params`, in that order), a lateral join (`m`, how many
 * of several words the name has), the condition and the order of best matches.
 */
export function typedWords(typed: string, first: number) {
  const q = typed.trim();
  // Several words ("oat milk", "燕麦奶 1L"): a product whose name or SKU has any of them, most first.
  const words = q.split(/\s+/).filter((w) => w.length >= 2);
  const [exact, initials, part, each] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return {
    params: [q, escapeLike(q.toLowerCase()), escapeLike(q), words.map(escapeLike)],
    join: `CROSS JOIN LATERAL (SELECT count(*) AS matched FROM unnest(${each}::text[]) w
       WHERE cardinality(${each}::text[]) > 1 AND p.name || ' ' || s.name ILIKE '%' || w || '%') m`,
    where: `(s.barcode = ${exact} OR s.code = ${exact} OR p.initials LIKE ${initials} || '%'
            OR p.name ILIKE '%' || ${part} || '%' OR p.name % ${exact} OR m.matched > 0)`,
    best: `(s.barcode = ${exact} OR s.code = ${exact}) DESC, (p.initials LIKE ${initials} || '%') DESC,
              m.matched DESC, similarity(p.name, ${exact}) DESC`,
  };
}

interface Row extends Omit<SearchHit, 'unit_cents' | 'basis'> {
  store_cents: number | null;
  member_cents: Record<string, number>;
}

export async function searchCatalogue(tx: Tx, query: SearchQuery): Promise<SearchHit[]> {
  const words = typedWords(query.q, 3);
  const { rows } = await tx.query<Row>(
    `SELECT p.id AS product_id, s.id AS sku_id, p.name, s.name AS sku_name, s.code, s.barcode, p.category_id,
            p.images, s.price_cents AS list_cents, sp.price_cents AS store_cents, ${IS_BUNDLE_SQL} AS bundle,
            (SELECT coalesce(jsonb_object_agg(m.tier, m.price_cents), '{}') FROM catalogue_member_prices m
              WHERE m.sku_id = s.id) AS member_cents
     FROM catalogue_skus s
     JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $1
     ${words.join}
     WHERE p.active AND s.active
       AND ($1::uuid IS NULL OR coalesce(sp.available, true))
       AND ${words.where}
     ORDER BY ${words.best}, p.name, s.code
     LIMIT $2`,
    [query.store_id ?? null, query.limit, ...words.params],
  );
  return rows.map(({ store_cents, member_cents, ...hit }) => ({
    ...hit,
    ...unitPrice({ list_cents: hit.list_cents, store_cents, member_cents }, query.tier),
  }));
}

export interface ShelfItem extends SkuPrices {
  sku_id: string;
  code: string;
  name: string;
  barcode: string | null;
  /** The product's first image, if it has one. */
  image: string | null;
  category_id: string | null;
  available: boolean;
  /** Empty unless the SKU is a bundle. */
  components: { sku_id: string; qty: number }[];
}

/** Prices, availability and bundle make-up of some SKUs in one store: what an order needs to price and reserve, and what an offer shows. */
export async function shelfItems(tx: Tx, storeId: string, skuIds: string[]): Promise<Map<string, ShelfItem>> {
  const { rows } = await tx.query<ShelfItem>(
    `SELECT s.id AS sku_id, s.code, ${SKU_NAME_SQL} AS name, s.barcode, p.images[1] AS image, p.category_id,
            s.price_cents AS list_cents,
            sp.price_cents AS store_cents, (p.active AND s.active AND coalesce(sp.available, true)) AS available,
            (SELECT coalesce(jsonb_object_agg(m.tier, m.price_cents), '{}') FROM catalogue_member_prices m
              WHERE m.sku_id = s.id) AS member_cents,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('sku_id', c.component_sku_id, 'qty', c.qty)), '[]')
              FROM catalogue_bundle_components c WHERE c.bundle_sku_id = s.id) AS components
     FROM catalogue_skus s
     JOIN catalogue_products p ON p.id = s.product_id
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $1
     WHERE s.id = ANY($2::uuid[])`,
    [storeId, skuIds],
  );
  return new Map(rows.map((row) => [row.sku_id, row]));
}

/** The SKU a barcode names, for scan-to-buy and the till. */
export async function skuByBarcode(tx: Tx, barcode: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM catalogue_skus WHERE barcode = $1', [
    barcode,
  ]);
  return rows[0]?.id;
}
