/**
 * A SKU as a card shows it (customer service's product card): named as receipts name it, with its
 * product's main photo when that is one the brand uploaded (an image from elsewhere is not ours to
 * send on).
 */
import type { Tx } from '../../db/pool.js';
import { hashOf } from './photos.js';
import { SKU_NAME_SQL } from './products.js';

export interface SkuWithPhoto {
  sku_id: string;
  name: string;
  /** The main photo's SHA-256; null without one of the brand's own. */
  photo: string | null;
}

/** Undefined for an id the brand's catalogue does not have. */
export async function skuWithPhoto(tx: Tx, skuId: string): Promise<SkuWithPhoto | undefined> {
  const { rows } = await tx.query<{ sku_id: string; name: string; image: string | null }>(
    `SELECT s.id::text AS sku_id, ${SKU_NAME_SQL} AS name, p.images[1] AS image
     FROM catalogue_skus s JOIN catalogue_products p ON p.id = s.product_id WHERE s.id = $1`,
    [skuId],
  );
  const row = rows[0];
  return row && { sku_id: row.sku_id, name: row.name, photo: (row.image && hashOf(row.image)) ?? null };
}
