import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../server/schemas.js';
import { PHOTO_PATH, THUMBNAIL_SIZE } from './photo-url.js';

const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'amount in fen (1/100 CNY)' });
const Tier = Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$', description: 'member tier, e.g. gold' });
const Attributes = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String(), Type.Number()]), {
  description: 'free attributes such as {"volume_ml": 550, "origin": "浙江"}',
});
const MemberPrices = Type.Record(Tier, Cents, { description: 'member price per tier' });

export const Barcode = Type.String({ pattern: '^[0-9]{13}$', description: 'EAN-13, check digit verified' });

export const CategoryCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    parent_id: Type.Optional(Uuid),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;

export const Category = Type.Object(
  { id: Uuid, parent_id: Type.Union([Uuid, Type.Null()]), name: Type.String(), sort: Type.Integer() },
  { $id: 'Category' },
);
export type Category = Static<typeof Category>;

const BundleComponent = Type.Object(
  { sku_id: Uuid, qty: Type.Integer({ minimum: 1, maximum: 1000 }) },
  { additionalProperties: false },
);

/** A bundle's component as the catalogue shows it: named, so a bundle reads as what it holds. */
const BundlePart = Type.Object({
  ...BundleComponent.properties,
  name: Type.String({ description: 'product and variant, as receipts name it (`光明鲜牛奶 950ml`)' }),
});

export const SkuCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    barcode: Type.Optional(Barcode),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'variant, e.g. 550ml' })),
    attributes: Type.Optional(Attributes),
    price_cents: Cents,
    member_prices: Type.Optional(MemberPrices),
    components: Type.Optional(
      Type.Array(BundleComponent, {
        maxItems: 50,
        description: 'makes this SKU a bundle, stocked as its components',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SkuCreate = Static<typeof SkuCreate>;

export const SkuUpdate = Type.Object(
  {
    barcode: Type.Optional(Type.Union([Barcode, Type.Null()])),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    attributes: Type.Optional(Attributes),
    price_cents: Type.Optional(Cents),
    member_prices: Type.Optional(MemberPrices),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SkuUpdate = Static<typeof SkuUpdate>;

export const Sku = Type.Object(
  {
    id: Uuid,
    product_id: Uuid,
    code: Type.String(),
    barcode: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    attributes: Attributes,
    price_cents: Type.Integer(),
    member_prices: MemberPrices,
    components: Type.Array(BundlePart, {
      description: 'empty unless a bundle; set when the SKU is created, never changed',
    }),
    active: Type.Boolean(),
  },
  { $id: 'Sku' },
);
export type Sku = Static<typeof Sku>;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
/** A handful: the main photo and a few more, as a shop's product page shows them. */
export const PRODUCT_IMAGES_MAX = 8;

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  category_id: Type.Union([Uuid, Type.Null()]),
  description: Type.String({ maxLength: 5000 }),
  images: Type.Array(
    Type.String({
      pattern: `^(https?://|${PHOTO_PATH}[0-9a-f]{64}$)`,
      maxLength: 1000,
      description: `the first is the main photo; an uploaded one is served at ${PHOTO_PATH}<sha256>`,
    }),
    { maxItems: PRODUCT_IMAGES_MAX },
  ),
  attributes: Attributes,
  active: Type.Boolean(),
};

export const ProductCreate = Type.Object(
  {
    name: productFields.name,
    category_id: Type.Optional(productFields.category_id),
    description: Type.Optional(productFields.description),
    images: Type.Optional(productFields.images),
    attributes: Type.Optional(productFields.attributes),
    skus: Type.Array(SkuCreate, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type ProductCreate = Static<typeof ProductCreate>;

export const ProductUpdate = Type.Partial(Type.Object(productFields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type ProductUpdate = Static<typeof ProductUpdate>;

export const Product = Type.Object(
  {
    id: Uuid,
    ...productFields,
    initials: Type.String({ description: 'pinyin initials of the name' }),
    skus: Type.Array(Type.Ref('Sku')),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'Product' },
);
export type Product = Omit<Static<typeof Product>, 'skus'> & { skus: Sku[] };

export const StorePriceSet = Type.Object(
  {
    store_id: Uuid,
    price_cents: Type.Union([Cents, Type.Null()], { description: 'null: the list price applies' }),
    available: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type StorePriceSet = Static<typeof StorePriceSet>;

export const StorePrice = Type.Object(
  {
    store_id: Uuid,
    sku_id: Uuid,
    price_cents: Type.Union([Type.Integer(), Type.Null()]),
    available: Type.Boolean(),
  },
  { $id: 'StorePrice' },
);
export type StorePrice = Static<typeof StorePrice>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'name, pinyin initials, barcode or SKU code',
    }),
    store_id: Type.Optional(Type.Union([Uuid], { description: 'only what this store sells, at its price' })),
    tier: Type.Optional(
      Type.String({
        ...Tier,
        description: "staff: price at this member tier; a shopper's search is priced at their own tier",
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object(
  {
    product_id: Uuid,
    sku_id: Uuid,
    name: Type.String(),
    sku_name: Type.String(),
    code: Type.String(),
    barcode: Type.Union([Type.String(), Type.Null()]),
    category_id: Type.Union([Uuid, Type.Null()]),
    images: Type.Array(Type.String()),
    list_cents: Type.Integer(),
    unit_cents: Type.Integer({ description: 'what this shopper pays in this store' }),
    basis: Type.Union([Type.Literal('list'), Type.Literal('store'), Type.Literal('member')]),
    bundle: Type.Boolean({ description: 'a bundle (套餐) of other SKUs' }),
  },
  { $id: 'SearchHit' },
);
export type SearchHit = Static<typeof SearchHit>;

export const SkuInStoreQuery = Type.Object(
  {
    store_id: Type.Union([Uuid], { description: 'the store whose price, stock and assortment count' }),
    tier: SearchQuery.properties.tier,
  },
  { additionalProperties: false },
);
export type SkuInStoreQuery = Static<typeof SkuInStoreQuery>;

/** One SKU as a shopper's product page shows it in a store: the search hit's, with what the page adds. */
export const SkuInStore = Type.Object(
  {
    ...SearchHit.properties,
    description: Type.String(),
    availability: Type.Union(
      [Type.Literal('in_stock'), Type.Literal('sold_out'), Type.Literal('not_sold_here')],
      {
        description:
          'not_sold_here: the store does not sell it (or it is off sale); sold_out: it does, with none left to buy',
      },
    ),
  },
  { $id: 'SkuInStore' },
);
export type SkuInStore = Static<typeof SkuInStore>;

/** At most a campaign's products (marketing's attribution takes 100) in one address. */
const MAX_SKU_IDS = 100;
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const SkusQuery = Type.Object(
  {
    ids: Type.String({
      pattern: `^${UUID}(,${UUID})*$`,
      maxLength: MAX_SKU_IDS * 37 - 1,
      description: `SKU ids, comma-separated (at most ${MAX_SKU_IDS}); an id not of the brand's catalogue is left out`,
    }),
  },
  { additionalProperties: false },
);
export type SkusQuery = Static<typeof SkusQuery>;

/** A SKU named as people read it, to show one known only by its id. */
export const SkuSummary = Type.Object(
  {
    sku_id: Uuid,
    product_id: Uuid,
    name: Type.String({
      description: 'product and variant, as receipts and reports name it (`Oatly燕麦奶 1L`)',
    }),
    code: Type.String(),
    price_cents: Type.Integer({ description: 'list price' }),
  },
  { $id: 'SkuSummary' },
);
export type SkuSummary = Static<typeof SkuSummary>;

export const SALE = ['on', 'off', 'all'] as const;
export const CATALOGUE_ORDER = ['newest', 'name'] as const;

export const CatalogueQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'words as the search takes them: name, pinyin initials, SKU code or barcode; best matches first',
      }),
    ),
    category_id: Type.Optional(Type.Union([Uuid], { description: 'this category and the ones under it' })),
    sale: Type.Union(
      SALE.map((s) => Type.Literal(s)),
      {
        default: 'on',
        description: "on sale (product and SKU), off sale or all; off and all for the catalogue's editors",
      },
    ),
    store_id: Type.Optional(
      Type.Union([Uuid], {
        description: "this store's own price beside the brand's; store staff name their own",
      }),
    ),
    own_prices: Type.Optional(
      Type.Boolean({ description: 'with store_id: only the SKUs the store has its own price for' }),
    ),
    order: Type.Union(
      CATALOGUE_ORDER.map((o) => Type.Literal(o)),
      { default: 'newest', description: 'newest products first, or by name (pinyin initials)' },
    ),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type CatalogueQuery = Static<typeof CatalogueQuery>;

/** One SKU of the catalogue as staff browse it, named by its product. */
export const CatalogueLine = Type.Object(
  {
    product_id: Uuid,
    sku_id: Uuid,
    name: Type.String({ description: 'the product' }),
    sku_name: Type.String({ description: 'the variant, e.g. 1L (may be empty)' }),
    code: Type.String(),
    barcode: Type.Union([Type.String(), Type.Null()]),
    category_id: Type.Union([Uuid, Type.Null()]),
    image: Type.Union([Type.String(), Type.Null()], { description: "the product's main photo" }),
    list_cents: Type.Integer({ description: "the brand's price" }),
    on_sale: Type.Boolean({ description: 'the product and this SKU both on sale' }),
    store_cents: Type.Optional(
      Type.Union([Type.Integer(), Type.Null()], {
        description: "with store_id: the store's own price; null where it charges the brand's",
      }),
    ),
    sold_here: Type.Optional(Type.Boolean({ description: 'with store_id: whether the store sells it' })),
    components: Type.Array(BundlePart, { description: 'empty unless the SKU is a bundle' }),
  },
  { $id: 'CatalogueLine' },
);

export const CataloguePage = Type.Object(
  {
    total: Type.Integer({ description: 'SKUs matching, over all pages' }),
    lines: Type.Array(Type.Ref('CatalogueLine')),
  },
  { $id: 'CataloguePage' },
);
export type CatalogueLine = Static<typeof CatalogueLine>;
export type CataloguePage = { total: number; lines: CatalogueLine[] };

export const StorePricesQuery = Type.Object({ store_id: Uuid }, { additionalProperties: false });
export type StorePricesQuery = Static<typeof StorePricesQuery>;

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: "the photo's SHA-256, hex" });

export const PhotoParams = Type.Object({ sha256: Sha256 });
export const PhotoQuery = Type.Object(
  {
    size: Type.Optional(
      Type.Literal(THUMBNAIL_SIZE, {
        description:
          'a JPEG of at most 320 px on the long side, for a small tile; without it the whole photo',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PhotoQuery = Static<typeof PhotoQuery>;
export const ProductPhotoParams = Type.Object({ id: Uuid, sha256: Sha256 });

export const PhotoUpload = Type.Object(
  {
    media_type: Type.Union(
      PHOTO_TYPES.map((t) => Type.Literal(t)),
      { description: 'checked against the bytes' },
    ),
    image_base64: Type.String({
      minLength: 4,
      description: `the photo, base64; at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB`,
    }),
    main: Type.Optional(Type.Boolean({ description: 'first in images: the main photo (default: last)' })),
  },
  { additionalProperties: false },
);
/** Static reads the media type (a union built from an array) as `never`. */
export type PhotoUpload = Omit<Static<typeof PhotoUpload>, 'media_type'> & { media_type: PhotoType };
