/**
 * A product record from an ERP: the product and its SKUs by code — existing SKUs are updated,
 * new codes added to the product, a record with no known code makes a new product — with list,
 * member and per-store prices. Built on the catalogue's own functions, so the same checks apply
 * (EAN-13 barcodes, taken codes and barcodes, unknown stores).
 */
import type { Tx } from '../../db/pool.js';
import { Validation } from '../../server/errors.js';
import { createCategory, listCategories } from '../catalogue/categories.js';
import {
  addSku,
  createProduct,
  setStorePrice,
  skuIdsByCode,
  updateProduct,
  updateSku,
} from '../catalogue/products.js';
import type { ProductRecord } from './schemas.js';

async function categoryId(tx: Tx, tenantId: string, name: string | undefined): Promise<string | undefined> {
  if (!name) return undefined;
  const existing = (await listCategories(tx)).find((c) => c.name === name);
  return existing?.id ?? (await createCategory(tx, tenantId, { name })).id;
}

/** The product that owns the record's known SKUs; refuses a record that would merge two products. */
async function owningProduct(tx: Tx, skuIds: string[]): Promise<string | undefined> {
  if (skuIds.length === 0) return undefined;
  const { rows } = await tx.query<{ product_id: string }>(
    'SELECT DISTINCT product_id FROM catalogue_skus WHERE id = ANY($1::uuid[])',
    [skuIds],
  );
  if (rows.length > 1)
    throw Validation('skus', 'names SKUs of different products; send one record per product');
  return rows[0]?.product_id;
}

export async function applyProductRecord(tx: Tx, tenantId: string, record: ProductRecord): Promise<void> {
  const codes = record.skus.map((s) => s.code);
  if (new Set(codes).size !== codes.length) throw Validation('skus', 'names a SKU code twice');
  const known = await skuIdsByCode(tx, codes);
  const category = await categoryId(tx, tenantId, record.product.category);
  const skuInput = ({ store_prices: _stores, active: _active, ...sku }: ProductRecord['skus'][number]) => sku;
  let productId = await owningProduct(tx, [...known.values()]);
  if (productId) {
    await updateProduct(tx, productId, {
      name: record.product.name,
      ...(category ? { category_id: category } : {}),
      ...(record.product.description !== undefined ? { description: record.product.description } : {}),
      ...(record.product.active !== undefined ? { active: record.product.active } : {}),
    });
    for (const sku of record.skus) {
      const id = known.get(sku.code);
      if (!id) {
        await addSku(tx, tenantId, productId, skuInput(sku));
        continue;
      }
      await updateSku(tx, tenantId, id, {
        barcode: sku.barcode ?? null,
        name: sku.name ?? '',
        price_cents: sku.price_cents,
        member_prices: sku.member_prices ?? {},
        ...(sku.attributes ? { attributes: sku.attributes } : {}),
      });
    }
  } else {
    const made = await createProduct(tx, tenantId, {
      name: record.product.name,
      ...(category ? { category_id: category } : {}),
      ...(record.product.description !== undefined ? { description: record.product.description } : {}),
      skus: record.skus.map(skuInput),
    });
    productId = made.id;
    if (record.product.active === false) await updateProduct(tx, productId, { active: false });
  }
  const ids = await skuIdsByCode(tx, codes);
  for (const sku of record.skus) {
    const id = ids.get(sku.code)!;
    if (sku.active !== undefined) await updateSku(tx, tenantId, id, { active: sku.active });
    for (const price of sku.store_prices ?? []) await setStorePrice(tx, tenantId, id, price);
  }
}
