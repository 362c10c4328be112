/**
 * Products and their SKUs: one catalogue for the mini-program and the till. Barcodes are checked
 * as EAN-13; pinyin initials are kept beside the name for search; a SKU with components is a
 * bundle, stocked as its components. Photos are added and removed here, kept by photos.ts.
 */

import { guardConstraints } from '../../db/index.js';
import type { Tx } from '../../db/pool.js';
import { Conflict, NotFound, Validation } from '../../server/errors.js';
import { getStore } from '../../stores/index.js';
import { BarcodeInvalid, SkuTaken } from '../errors.js';
import { ean13Problem } from './ean13.js';
import { pinyinInitials } from './initials.js';
import { photoUrl } from './photo-url.js';
import { forgetUnshownPhotos, type Photo, requireStoredPhotos, storePhoto } from './photos.js';
import {
  PRODUCT_IMAGES_MAX,
  type Product,
  type ProductCreate,
  type ProductUpdate,
  type Sku,
  type SkuCreate,
  type SkuSummary,
  type SkuUpdate,
  type StorePrice,
  type StorePriceSet,
} from './schemas.js';

const PRODUCT_COLUMNS = `id, name, category_id, description, images, attributes, active, initials, created_at, updated_at`;

/** How people read a SKU (`p` the product, `s` the SKU): product then variant, `Oatly燕麦奶 1L`, `咖啡 Coffee`. */
export const SKU_NAME_SQL = `trim(p.name || ' ' || s.name)`;

/** Whether SKU `s` is a bundle (套餐) of other SKUs. */
export const IS_BUNDLE_SQL = `EXISTS (SELECT 1 FROM catalogue_bundle_components c WHERE c.bundle_sku_id = s.id)`;

/** The components of SKU `s`, named as SKU_NAME_SQL names them and by code (empty unless a bundle). */
export const BUNDLE_PARTS_SQL = `(SELECT coalesce(jsonb_agg(jsonb_build_object('sku_id', c.component_sku_id, 'qty', c.qty,
      'name', trim(cp.name || ' ' || cs.name)) ORDER BY cs.code), '[]')
    FROM catalogue_bundle_components c
    JOIN catalogue_skus cs ON cs.id = c.component_sku_id JOIN catalogue_products cp ON cp.id = cs.product_id
    WHERE c.bundle_sku_id = s.id)`;

const SKU_SELECT = `
  SELECT s.id, s.product_id, s.code, s.barcode, s.name, s.attributes, s.price_cents, s.active,
    (SELECT coalesce(jsonb_object_agg(m.tier, m.price_cents), '{}') FROM catalogue_member_prices m
      WHERE m.sku_id = s.id) AS member_prices,
    ${BUNDLE_PARTS_SQL} AS components
  FROM catalogue_skus s`;

function checkBarcode(barcode: string | null | undefined, field: string): void {
  if (!barcode) return;
  const problem = ean13Problem(barcode);
  if (problem) throw BarcodeInvalid(barcode, problem, field);
}

/** Row-level security hides other brands' rows from reads, but foreign keys do not: check first. */
async function requireCategory(tx: Tx, categoryId: string | null | undefined): Promise<void> {
  if (!categoryId) return;
  const { rowCount } = await tx.query('SELECT 1 FROM catalogue_categories WHERE id = $1', [categoryId]);
  if (!rowCount) throw NotFound('Category');
}

/** Whether the brand has this product (the tenant transaction sees no other brand's). */
async function isProduct(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM catalogue_products WHERE id = $1', [id]);
  return Boolean(rowCount);
}

/** A bundle's components: the brand's SKUs, each once, none a bundle; `at` as insertSku's. */
async function requireComponents(tx: Tx, components: SkuCreate['components'], at: string): Promise<void> {
  if (!components?.length) return;
  const ids = components.map((c) => c.sku_id);
  if (new Set(ids).size !== ids.length) throw Validation(`${at}components`, 'names a SKU twice');
  const { rows } = await tx.query<{ id: string; is_bundle: boolean }>(
    `SELECT s.id, ${IS_BUNDLE_SQL} AS is_bundle
     FROM catalogue_skus s WHERE s.id = ANY($1::uuid[])`,
    [ids],
  );
  if (rows.length !== ids.length) throw NotFound('Component SKU');
  // One level only, so a line's demand is always its components' demand, never a recursion.
  if (rows.some((r) => r.is_bundle)) throw Validation(`${at}components`, 'a bundle cannot contain a bundle');
}

function skuConflict(error: { code?: string; constraint?: string }) {
  if (error.code !== '23505') return undefined;
  return SkuTaken(error.constraint?.includes('barcode') ? 'barcode' : 'code');
}

async function writeMemberPrices(
  tx: Tx,
  tenantId: string,
  skuId: string,
  prices: Record<string, number>,
): Promise<void> {
  await tx.query('DELETE FROM catalogue_member_prices WHERE sku_id = $1', [skuId]);
  const tiers = Object.keys(prices);
  if (tiers.length === 0) return;
  await tx.query(
    `INSERT INTO catalogue_member_prices (tenant_id, sku_id, tier, price_cents)
     SELECT $1, $2, unnest($3::text[]), unnest($4::int[])`,
    [tenantId, skuId, tiers, tiers.map((t) => prices[t])],
  );
}

/** Inserts a SKU; `at` is where the request holds it (`skus.0.`), to name a bad barcode's field. */
async function insertSku(tx: Tx, tenantId: string, productId: string, sku: SkuCreate, at: string) {
  checkBarcode(sku.barcode, `${at}barcode`);
  await requireComponents(tx, sku.components, at);
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<{ id: string }>(
        `INSERT INTO catalogue_skus (tenant_id, product_id, code, barcode, name, attributes, price_cents)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          tenantId,
          productId,
          sku.code,
          sku.barcode ?? null,
          sku.name ?? '',
          JSON.stringify(sku.attributes ?? {}),
          sku.price_cents,
        ],
      ),
    skuConflict,
  );
  const skuId = rows[0]!.id;
  await writeMemberPrices(tx, tenantId, skuId, sku.member_prices ?? {});
  for (const component of sku.components ?? []) {
    await tx.query(
      `INSERT INTO catalogue_bundle_components (tenant_id, bundle_sku_id, component_sku_id, qty)
       VALUES ($1, $2, $3, $4)`,
      [tenantId, skuId, component.sku_id, component.qty],
    );
  }
  return skuId;
}

/** Adds a SKU (a new variant) to an existing product of the brand. */
export async function addSku(tx: Tx, tenantId: string, productId: string, sku: SkuCreate): Promise<Sku> {
  // Row-level security hides another brand's product, but the foreign key would still take it.
  if (!(await isProduct(tx, productId))) throw NotFound('Product');
  return (await getSku(tx, await insertSku(tx, tenantId, productId, sku, '')))!;
}

export async function getProduct(tx: Tx, id: string): Promise<Product | undefined> {
  const product = await tx.query(`SELECT ${PRODUCT_COLUMNS} FROM catalogue_products WHERE id = $1`, [id]);
  if (!product.rows[0]) return undefined;
  const skus = await tx.query<Sku>(`${SKU_SELECT} WHERE s.product_id = $1 ORDER BY s.code`, [id]);
  return { ...product.rows[0], skus: skus.rows } as Product;
}

export async function createProduct(tx: Tx, tenantId: string, input: ProductCreate): Promise<Product> {
  await requireCategory(tx, input.category_id);
  await requireStoredPhotos(tx, input.images ?? []);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO catalogue_products (tenant_id, category_id, name, initials, description, images, attributes)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      tenantId,
      input.category_id ?? null,
      input.name,
      pinyinInitials(input.name),
      input.description ?? '',
      input.images ?? [],
      JSON.stringify(input.attributes ?? {}),
    ],
  );
  const productId = rows[0]!.id;
  for (const [index, sku] of input.skus.entries())
    await insertSku(tx, tenantId, productId, sku, `skus.${index}.`);
  return (await getProduct(tx, productId))!;
}

export async function updateProduct(tx: Tx, id: string, patch: ProductUpdate): Promise<Product | undefined> {
  await requireCategory(tx, patch.category_id);
  if (patch.images) await requireStoredPhotos(tx, patch.images);
  // The images before, to let go of the photos it no longer shows.
  const { rows } = await tx.query<{ before: string[] }>(
    `WITH old AS (SELECT id, images FROM catalogue_products WHERE id = $1 FOR UPDATE)
     UPDATE catalogue_products p SET
       name = coalesce($2, name),
       initials = coalesce($3, initials),
       category_id = CASE WHEN $4 THEN $5::uuid ELSE category_id END,
       description = coalesce($6, description),
       images = coalesce($7, p.images),
       attributes = coalesce($8::jsonb, attributes),
       active = coalesce($9, active)
     FROM old WHERE p.id = old.id
     RETURNING old.images AS before`,
    [
      id,
      patch.name ?? null,
      patch.name ? pinyinInitials(patch.name) : null,
      patch.category_id !== undefined,
      patch.category_id ?? null,
      patch.description ?? null,
      patch.images ?? null,
      patch.attributes ? JSON.stringify(patch.attributes) : null,
      patch.active ?? null,
    ],
  );
  if (!rows[0]) return undefined;
  const kept = patch.images;
  if (kept)
    await forgetUnshownPhotos(
      tx,
      rows[0].before.filter((image) => !kept.includes(image)),
    );
  return getProduct(tx, id);
}

/**
 * Adds a photo to the brand's product, last unless it is to be the main one; the same photo again
 * moves rather than repeats. Undefined when the brand has no such product.
 */
export async function addPhoto(
  tx: Tx,
  tenantId: string,
  productId: string,
  photo: Photo,
  main: boolean,
): Promise<Product | undefined> {
  const product = await getProduct(tx, productId);
  if (!product) return undefined;
  const url = await storePhoto(tx, tenantId, photo);
  const others = product.images.filter((image) => image !== url);
  if (others.length >= PRODUCT_IMAGES_MAX)
    throw Conflict(`A product keeps at most ${PRODUCT_IMAGES_MAX} photos: remove one first`);
  return updateProduct(tx, productId, { images: main ? [url, ...others] : [...others, url] });
}

/** Takes a photo off the brand's product (its bytes go once no product of the brand shows them). */
export async function removePhoto(tx: Tx, productId: string, sha256: string): Promise<Product | undefined> {
  const product = await getProduct(tx, productId);
  if (!product) return undefined;
  return updateProduct(tx, productId, {
    images: product.images.filter((image) => image !== photoUrl(sha256)),
  });
}

/** SKU ids by their codes, for the ones that exist. */
export async function skuIdsByCode(tx: Tx, codes: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ code: string; id: string }>(
    'SELECT code, id FROM catalogue_skus WHERE code = ANY($1::text[])',
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Which of these SKU ids are the brand's (the tenant transaction sees no other brand's). */
export async function knownSkuIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id::text FROM catalogue_skus WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** These SKUs, named, in the order asked; an id not of the brand's catalogue is left out. */
export async function skuSummaries(tx: Tx, ids: readonly string[]): Promise<SkuSummary[]> {
  const { rows } = await tx.query<SkuSummary>(
    `SELECT s.id AS sku_id, s.product_id, ${SKU_NAME_SQL} AS name, s.code, s.price_cents
     FROM catalogue_skus s JOIN catalogue_products p ON p.id = s.product_id
     WHERE s.id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], s.id)`,
    [ids],
  );
  return rows;
}

export async function getSku(tx: Tx, id: string): Promise<Sku | undefined> {
  const { rows } = await tx.query<Sku>(`${SKU_SELECT} WHERE s.id = $1`, [id]);
  return rows[0];
}

export async function updateSku(
  tx: Tx,
  tenantId: string,
  id: string,
  patch: SkuUpdate,
): Promise<Sku | undefined> {
  checkBarcode(patch.barcode, 'barcode');
  const { rowCount } = await guardConstraints(
    tx,
    () =>
      tx.query(
        `UPDATE catalogue_skus SET
           barcode = CASE WHEN $2 THEN $3 ELSE barcode END,
           name = coalesce($4, name),
           attributes = coalesce($5::jsonb, attributes),
           price_cents = coalesce($6, price_cents),
           active = coalesce($7, active)
         WHERE id = $1`,
        [
          id,
          patch.barcode !== undefined,
          patch.barcode ?? null,
          patch.name ?? null,
          patch.attributes ? JSON.stringify(patch.attributes) : null,
          patch.price_cents ?? null,
          patch.active ?? null,
        ],
      ),
    skuConflict,
  );
  if (!rowCount) return undefined;
  if (patch.member_prices) await writeMemberPrices(tx, tenantId, id, patch.member_prices);
  return getSku(tx, id);
}

/** Sets one store's price (null: the list price) and whether it sells the SKU at all. */
export async function setStorePrice(
  tx: Tx,
  tenantId: string,
  skuId: string,
  input: StorePriceSet,
): Promise<StorePrice> {
  if (!(await getSku(tx, skuId))) throw NotFound('SKU');
  if (!(await getStore(tx, input.store_id))) throw NotFound('Store');
  const { rows } = await tx.query<StorePrice>(
    `INSERT INTO catalogue_store_prices (tenant_id, store_id, sku_id, price_cents, available)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (store_id, sku_id) DO UPDATE
       SET price_cents = EXCLUDED.price_cents, available = EXCLUDED.available, updated_at = now()
     RETURNING store_id, sku_id, price_cents, available`,
    [tenantId, input.store_id, skuId, input.price_cents, input.available],
  );
  return rows[0]!;
}

/**
 * What one store charges for each SKU of a product, in the product's order: its own price (null:
 * the brand's) and whether it sells the SKU. Undefined when the brand has no such product.
 */
export async function storePricesOf(
  tx: Tx,
  productId: string,
  storeId: string,
): Promise<StorePrice[] | undefined> {
  if (!(await isProduct(tx, productId))) return undefined;
  if (!(await getStore(tx, storeId))) throw NotFound('Store');
  const { rows } = await tx.query<StorePrice>(
    `SELECT $2::uuid AS store_id, s.id AS sku_id, sp.price_cents, coalesce(sp.available, true) AS available
     FROM catalogue_skus s
     LEFT JOIN catalogue_store_prices sp ON sp.sku_id = s.id AND sp.store_id = $2
     WHERE s.product_id = $1 ORDER BY s.code`,
    [productId, storeId],
  );
  return rows;
}
