/** The catalogue's shapes and calls for the console's Products section (commerce/catalogue on the server). */
import { ApiFailure, api } from './api';
import type { Category } from './campaign-api';
import { t } from './i18n';
import { refusalOf } from './refusals';

export type { Category };

/** One component of a bundle, named as receipts name it (product and variant). */
export interface BundlePart {
  sku_id: string;
  qty: number;
  name: string;
}

/** A bundle as it reads: `2× 光明鲜牛奶 950ml + 1× 全麦吐司面包 400g`. */
export const bundleOf = (parts: Pick<BundlePart, 'qty' | 'name'>[]) =>
  parts.map((part) => `${part.qty}× ${part.name}`).join(' + ');

/** One SKU of a product (the server's Sku): prices in fen. */
export interface Sku {
  id: string;
  product_id: string;
  code: string;
  barcode: string | null;
  /** The variant, unit or size (`1L`, `500g`), which may be empty. */
  name: string;
  price_cents: number;
  member_prices: Record<string, number>;
  /** Empty unless the SKU is a bundle; set when it is added, never changed (the API has no way). */
  components: BundlePart[];
  active: boolean;
}

export interface Product {
  id: string;
  name: string;
  category_id: string | null;
  description: string;
  /** Photo URLs, the main one first; the server's own are `/api/v1/catalogue/photos/<sha256>`. */
  images: string[];
  active: boolean;
  skus: Sku[];
  updated_at: string;
}

/** One SKU line of the catalogue as staff browse it (the server's CatalogueLine). */
export interface CatalogueLine {
  product_id: string;
  sku_id: string;
  name: string;
  sku_name: string;
  code: string;
  barcode: string | null;
  category_id: string | null;
  /** The product's main photo. */
  image: string | null;
  list_cents: number;
  /** The product and this SKU both on sale. */
  on_sale: boolean;
  /** With a store: its own price, null where it charges the brand's. */
  store_cents?: number | null;
  /** With a store: whether it sells the SKU. */
  sold_here?: boolean;
  /** Empty unless the SKU is a bundle. */
  components: BundlePart[];
}

/** On sale, off sale or both (off sale for the catalogue's editors only). */
export type Sale = 'on' | 'off' | 'all';
export type ListOrder = 'newest' | 'name';

export interface CatalogueAsked {
  q: string;
  category_id: string;
  sale: Sale;
  order: ListOrder;
  /** With a store: its prices, and `own_prices` only those it sets itself. */
  store_id?: string | undefined;
  own_prices: boolean;
  limit: number;
  offset: number;
}

/** A page of the catalogue, and how many SKUs match over all pages. */
export function catalogue(asked: CatalogueAsked): Promise<{ total: number; lines: CatalogueLine[] }> {
  const query = new URLSearchParams({
    sale: asked.sale,
    order: asked.order,
    limit: String(asked.limit),
    offset: String(asked.offset),
  });
  if (asked.q) query.set('q', asked.q);
  if (asked.category_id) query.set('category_id', asked.category_id);
  if (asked.store_id) query.set('store_id', asked.store_id);
  if (asked.store_id && asked.own_prices) query.set('own_prices', 'true');
  return api.get(`/catalogue/products?${query}`);
}

/** The catalogue's editors (the API's EDITORS): the others read products and price their stores. */
export const EDITOR_ROLES = ['brand_admin', 'marketer'];

/** A rung of the brand's member ladder; a SKU's member prices are by its code. */
export interface MemberTier {
  code: string;
  name: string;
  rank: number;
}

/** The brand's tiers, entry tier first. */
export const memberTiers = () => api.get<MemberTier[]>('/member-tiers');

export const categories = () => api.get<Category[]>('/catalogue/categories');

export const addCategory = (category: { name: string; sort: number }) =>
  api.send<Category>('POST', '/catalogue/categories', category);

export const product = (id: string) => api.get<Product>(`/catalogue/products/${id}`);

export interface SkuDraft {
  code: string;
  barcode?: string;
  name?: string;
  price_cents: number;
  /** Makes it a bundle, stocked as these. */
  components?: { sku_id: string; qty: number }[];
}

export interface ProductDraft {
  name: string;
  category_id?: string;
  description?: string;
  skus: SkuDraft[];
}

/** Creates a product; `key` stays the same for a retry of the same form, so it is created once. */
export const addProduct = (draft: ProductDraft, key: string) =>
  api.send<Product>('POST', '/catalogue/products', draft, { 'idempotency-key': key });

/** Adds a SKU to a product; `key` stays the same for a retry of the same SKU, so it is added once. */
export const addSku = (productId: string, sku: SkuDraft, key: string) =>
  api.send<Sku>('POST', `/catalogue/products/${productId}/skus`, sku, { 'idempotency-key': key });

export const editProduct = (
  id: string,
  patch: Partial<Pick<Product, 'name' | 'category_id' | 'description' | 'images' | 'active'>>,
) => api.send<Product>('PATCH', `/catalogue/products/${id}`, patch);

/** The photo types the server takes (it reads the type from the bytes), and how large a photo may be. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** The photos a product keeps at most (the API's maxItems of images). */
export const PHOTOS_MAX = 8;

/** Adds a photo to a product, last; the server answers with the product. */
export const addPhoto = (productId: string, mediaType: string, base64: string) =>
  api.send<Product>('POST', `/catalogue/products/${productId}/photos`, {
    media_type: mediaType,
    image_base64: base64,
  });

/** Takes a photo off a product: its URL ends in its hash. */
export const removePhoto = (productId: string, url: string) =>
  api.send<Product>('DELETE', `/catalogue/products/${productId}/photos/${url.split('/').pop()}`, undefined);

export const editSku = (
  id: string,
  patch: Partial<Pick<Sku, 'name' | 'barcode' | 'price_cents' | 'member_prices' | 'active'>>,
) => api.send<Sku>('PATCH', `/catalogue/skus/${id}`, patch);

/** A store's own price for a SKU it sells, or `null` to go back to the brand's price. */
export const setStorePrice = (skuId: string, storeId: string, cents: number | null) =>
  api.send('PUT', `/catalogue/skus/${skuId}/store-price`, {
    store_id: storeId,
    price_cents: cents,
    available: true,
  });

/** One store's price of a SKU: its own (null: the brand's), and whether it sells it. */
export interface StorePrice {
  sku_id: string;
  price_cents: number | null;
  available: boolean;
}

/** What a store charges for each SKU of a product, in one call. */
export const storePrices = (productId: string, storeId: string) =>
  api.get<StorePrice[]>(`/catalogue/products/${productId}/store-prices?store_id=${storeId}`);

/** A creation's Idempotency-Key; from getRandomValues, which a console served over plain http also has. */
export function creationKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Fen as typed in a price field: `12.50`. */
export const yuanTyped = (cents: number) => (cents / 100).toFixed(2);

/**
 * A price typed in yuan (`12.5`, `¥12.50`) in fen, or NaN when it is not an amount with at most two
 * decimals. A sign is let through: the server says what range a price may take.
 */
export function centsOf(typed: string): number {
  const amount = typed.trim().replace(/^[¥￥]\s*/, '');
  return /^-?\d+(\.\d{1,2})?$/.test(amount) ? Math.round(Number(amount) * 100) : Number.NaN;
}

/**
 * A creation's refusal: the server's, at its field; without an answer (the network, a server
 * error) it may have been made, said by `unsure`, and the same key sent again makes it once.
 */
export const creationRefusal = (
  failure: unknown,
  unsure: string,
): { message: string; field?: string | undefined } =>
  failure instanceof ApiFailure && failure.status < 500 ? catalogueRefusal(failure) : { message: unsure };

/** The last part of a field the server names (`skus.0.barcode` → `barcode`). */
const fieldName = (field: string | undefined) => field?.split('.').pop();

/** Server complaints about a catalogue field, in the console's words for it. */
const PROBLEMS = {
  barcode: 'products.problem.barcode',
  price_cents: 'products.problem.price',
  qty: 'products.problem.qty',
  code: 'products.problem.code',
  name: 'products.problem.name',
  image_base64: 'products.problem.photoType',
  media_type: 'products.problem.photoType',
} as const;

/**
 * A catalogue refusal as the editor shows it at its field: a mistyped barcode or price said in the
 * console's words (the schema's wording names patterns and fen), a taken code or barcode too;
 * anything else as `refusalOf` says it.
 */
export function catalogueRefusal(error: unknown): { message: string; field?: string | undefined } {
  const refusal = refusalOf(error);
  if (!(error instanceof ApiFailure)) return refusal;
  const name = fieldName(refusal.field);
  switch (error.body.code) {
    case 'SS_ERR_BARCODE_INVALID': {
      const expected = /expected (\d)/.exec(error.body.message)?.[1];
      return {
        ...refusal,
        message: expected ? t('products.problem.checkDigit', { expected }) : t('products.problem.barcode'),
      };
    }
    case 'SS_ERR_PHOTO_TOO_LARGE':
      return { ...refusal, message: t('products.problem.photoSize') };
    case 'SS_ERR_CATEGORY_TAKEN':
      return { ...refusal, message: t('products.problem.categoryTaken') };
    case 'SS_ERR_SKU_TAKEN':
      return {
        ...refusal,
        message: name === 'barcode' ? t('products.problem.barcodeTaken') : t('products.problem.codeTaken'),
      };
    case 'SS_ERR_VALIDATION':
      if (name === 'image_base64' && / MB/.test(error.body.message))
        return { ...refusal, message: t('products.problem.photoSize') };
      if (name === 'components' && /a bundle cannot contain a bundle/.test(error.body.message))
        return { ...refusal, message: t('products.problem.bundleInBundle') };
      return name && name in PROBLEMS
        ? { ...refusal, message: t(PROBLEMS[name as keyof typeof PROBLEMS]) }
        : refusal;
    default:
      return refusal;
  }
}
