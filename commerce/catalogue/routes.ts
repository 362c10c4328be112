import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../../db/pool.js';
import { shopperTier } from '../../members/index.js';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound, Validation } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { getStore } from '../../stores/index.js';
import { STAFF_ROLES, worksAt } from '../../tenancy/index.js';
import { PhotoTooLarge } from '../errors.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import { createCategory, listCategories } from './categories.js';
import { listCatalogue } from './listing.js';
import { photoByHash, photoBytes, thumbnailByHash } from './photos.js';
import {
  addPhoto,
  addSku,
  createProduct,
  getProduct,
  removePhoto,
  setStorePrice,
  skuSummaries,
  storePricesOf,
  updateProduct,
  updateSku,
} from './products.js';
import {
  CatalogueLine,
  CataloguePage,
  CatalogueQuery,
  Category,
  CategoryCreate,
  PHOTO_MAX_BYTES,
  PhotoParams,
  PhotoQuery,
  PhotoUpload,
  Product,
  ProductCreate,
  ProductPhotoParams,
  ProductUpdate,
  SearchHit,
  SearchQuery,
  Sku,
  SkuCreate,
  SkuInStore,
  SkuInStoreQuery,
  SkuSummary,
  SkusQuery,
  SkuUpdate,
  StorePrice,
  StorePriceSet,
  StorePricesQuery,
} from './schemas.js';
import { searchCatalogue } from './search.js';
import { skuInStore } from './sku-in-store.js';

const tags = ['catalogue'];
const EDITORS = ['brand_admin', 'marketer'] as const;
const PRICERS = ['brand_admin', 'store_manager'] as const;
/** A photo's base64 and the JSON around it: past this fastify refuses the body before it is read. */
const PHOTO_BODY_LIMIT = Math.ceil(PHOTO_MAX_BYTES / 3) * 4 + 4096;
const YEAR_S = 365 * 24 * 3600;
const MB = 1024 * 1024;

export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  for (const schema of [
    Category,
    Sku,
    Product,
    StorePrice,
    SearchHit,
    SkuInStore,
    SkuSummary,
    CatalogueLine,
    CataloguePage,
  ])
    app.addSchema(schema);

  /** The tier to price at: a shopper's own tier's, never one they name; staff price at the one they name. */
  const pricingTier = async (request: FastifyRequest, tx: Tx, named: string | undefined) => {
    const { principal } = request;
    return principal.kind === 'shopper'
      ? ((await shopperTier(tx, tenantOf(request), principal.id)) ?? undefined)
      : named;
  };

  /** A store's prices are read by the brand's staff and by those who work there. */
  const mayReadPricesOf = (request: FastifyRequest, storeId: string | undefined) => {
    if (storeId && !worksAt(request.principal, storeId))
      throw Forbidden("Store staff read their own stores' prices only");
  };

  app.get(
    '/catalogue/categories',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: "The brand's categories",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('Category')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => listCategories(tx)),
  );

  app.post(
    '/catalogue/categories',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: 'Add a category',
        security: bearer,
        headers: idempotencyHeaders(),
        body: CategoryCreate,
        response: { 201: Type.Ref('Category'), ...errorResponses },
      },
    },
    async (request, reply) =>
      createOnce(app, request, reply, (tx, tenantId) =>
        createCategory(tx, tenantId, request.body as CategoryCreate),
      ),
  );

  app.post(
    '/catalogue/products',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: 'Add a product with its SKUs (barcodes checked as EAN-13)',
        security: bearer,
        headers: idempotencyHeaders(),
        body: ProductCreate,
        response: { 201: Type.Ref('Product'), ...errorResponses },
      },
    },
    async (request, reply) =>
      createOnce(app, request, reply, (tx, tenantId) =>
        createProduct(tx, tenantId, request.body as ProductCreate),
      ),
  );

  app.get(
    '/catalogue/products',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "The brand's catalogue for its staff, a SKU a line, a page at a time: newest or by name, by category, words, on or off sale; with a store, its own prices",
        security: bearer,
        querystring: CatalogueQuery,
        response: { 200: Type.Ref('CataloguePage'), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as CatalogueQuery;
      if (query.sale !== 'on' && !(EDITORS as readonly string[]).includes(request.principal.role))
        throw Forbidden("Off-sale products are shown to the catalogue's editors only");
      if (query.own_prices && !query.store_id) throw Validation('own_prices', 'needs a store_id');
      mayReadPricesOf(request, query.store_id);
      return app.db.tenant(tenantOf(request), async (tx) => {
        if (query.store_id && !(await getStore(tx, query.store_id))) throw NotFound('Store');
        return listCatalogue(tx, query);
      });
    },
  );

  app.get(
    '/catalogue/products/:id/store-prices',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary:
          "What one store charges for each SKU of a product: its own price (null: the brand's) and whether it sells it",
        security: bearer,
        params: IdParams,
        querystring: StorePricesQuery,
        response: { 200: Type.Array(Type.Ref('StorePrice')), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { store_id } = request.query as StorePricesQuery;
      mayReadPricesOf(request, store_id);
      const prices = await app.db.tenant(tenantOf(request), (tx) => storePricesOf(tx, id, store_id));
      if (!prices) throw NotFound('Product');
      return prices;
    },
  );

  app.post(
    '/catalogue/products/:id/skus',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: 'Add a SKU (a new variant) to a product (barcode checked as EAN-13)',
        security: bearer,
        params: IdParams,
        headers: idempotencyHeaders(),
        body: SkuCreate,
        response: { 201: Type.Ref('Sku'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      return createOnce(app, request, reply, (tx, tenantId) =>
        addSku(tx, tenantId, id, request.body as SkuCreate),
      );
    },
  );

  app.get(
    '/catalogue/products/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: 'One product with its SKUs',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Product'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const product = await app.db.tenant(tenantOf(request), (tx) => getProduct(tx, id));
      if (!product) throw NotFound('Product');
      return product;
    },
  );

  app.patch(
    '/catalogue/products/:id',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: 'Edit a product',
        security: bearer,
        params: IdParams,
        body: ProductUpdate,
        response: { 200: Type.Ref('Product'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const product = await app.db.tenant(tenantOf(request), (tx) =>
        updateProduct(tx, id, request.body as ProductUpdate),
      );
      if (!product) throw NotFound('Product');
      return product;
    },
  );

  app.post(
    '/catalogue/products/:id/photos',
    {
      preHandler: app.requireRole(...EDITORS),
      bodyLimit: PHOTO_BODY_LIMIT,
      // A body over the limit is refused before the route reads it: say so as the schema would, at its field.
      errorHandler: (error) => {
        throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? PhotoTooLarge(PHOTO_MAX_BYTES / MB)
          : error;
      },
      schema: {
        tags,
        summary: `Add a photo to a product (JPEG, PNG or WebP, at most ${PHOTO_MAX_BYTES / MB} MB, its type read from the bytes): its URL goes in images, last or, with main, first`,
        security: bearer,
        params: IdParams,
        body: PhotoUpload,
        response: { 200: Type.Ref('Product'), 413: Type.Ref('ErrorBody'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const body = request.body as PhotoUpload;
      const photo = await photoBytes(body);
      const tenantId = tenantOf(request);
      const product = await app.db.tenant(tenantId, (tx) =>
        addPhoto(tx, tenantId, id, photo, body.main ?? false),
      );
      if (!product) throw NotFound('Product');
      return product;
    },
  );

  app.delete(
    '/catalogue/products/:id/photos/:sha256',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: "Take a photo off a product (the photo's URL ends in its SHA-256)",
        security: bearer,
        params: ProductPhotoParams,
        response: { 200: Type.Ref('Product'), ...errorResponses },
      },
    },
    async (request) => {
      const { id, sha256 } = request.params as { id: string; sha256: string };
      const product = await app.db.tenant(tenantOf(request), (tx) => removePhoto(tx, id, sha256));
      if (!product) throw NotFound('Product');
      return product;
    },
  );

  app.get(
    '/catalogue/photos/:sha256',
    {
      schema: {
        tags,
        summary:
          "A product photo by its SHA-256, or with size=thumb its thumbnail for a small tile (public: shoppers' image tags send no token); never changes, so cached for good",
        params: PhotoParams,
        querystring: PhotoQuery,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { sha256 } = request.params as { sha256: string };
      const { size } = request.query as PhotoQuery;
      const photo = size
        ? await thumbnailByHash(app.db, sha256)
        : await app.db.anonymous((tx) => photoByHash(tx, sha256));
      if (!photo) throw NotFound('Photo');
      return reply
        .type(photo.media_type)
        .header('cache-control', `public, max-age=${YEAR_S}, immutable`)
        .send(photo.image);
    },
  );

  // Staff hold SKU ids (a campaign's products, an order's lines) and need them named: the search
  // finds by name, not by id.
  app.get(
    '/catalogue/skus',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: 'SKUs by id, named as reports name them (product and variant), in the order asked',
        security: bearer,
        querystring: SkusQuery,
        response: { 200: Type.Array(Type.Ref('SkuSummary')), ...errorResponses },
      },
    },
    async (request) => {
      const { ids } = request.query as SkusQuery;
      return app.db.tenant(tenantOf(request), (tx) => skuSummaries(tx, ids.split(',')));
    },
  );

  app.get(
    '/catalogue/skus/:id',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary:
          "One SKU in a store, as a shopper's product page shows it: the search hit's fields at the store's (or the member's) price, the product's description and photos, and whether the store has it (in stock, sold out, not sold here)",
        security: bearer,
        params: IdParams,
        querystring: SkuInStoreQuery,
        response: { 200: Type.Ref('SkuInStore'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as SkuInStoreQuery;
      return app.db.tenant(tenantOf(request), async (tx) => {
        const sku = await skuInStore(tx, id, query.store_id, await pricingTier(request, tx, query.tier));
        if (!sku) throw NotFound('SKU');
        if (!(await getStore(tx, query.store_id))) throw NotFound('Store');
        return sku;
      });
    },
  );

  app.patch(
    '/catalogue/skus/:id',
    {
      preHandler: app.requireRole(...EDITORS),
      schema: {
        tags,
        summary: 'Edit a SKU: list price, member prices, barcode, active',
        security: bearer,
        params: IdParams,
        body: SkuUpdate,
        response: { 200: Type.Ref('Sku'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      const sku = await app.db.tenant(tenantId, (tx) =>
        updateSku(tx, tenantId, id, request.body as SkuUpdate),
      );
      if (!sku) throw NotFound('SKU');
      return sku;
    },
  );

  app.put(
    '/catalogue/skus/:id/store-price',
    {
      preHandler: app.requireRole(...PRICERS),
      schema: {
        tags,
        summary: "Set one store's price and availability of a SKU",
        security: bearer,
        params: IdParams,
        body: StorePriceSet,
        response: { 200: Type.Ref('StorePrice'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const input = request.body as StorePriceSet;
      if (!worksAt(request.principal, input.store_id))
        throw Forbidden('A store manager prices only their own stores');
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, (tx) => setStorePrice(tx, tenantId, id, input));
    },
  );

  app.get(
    '/catalogue/search',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: 'Search by name, pinyin initials, barcode or SKU code; with a store, at its prices',
        security: bearer,
        querystring: SearchQuery,
        response: { 200: Type.Array(Type.Ref('SearchHit')), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as SearchQuery;
      // A shopper sees the price their order will charge.
      return app.db.tenant(tenantOf(request), async (tx) =>
        searchCatalogue(tx, { ...query, tier: await pricingTier(request, tx, query.tier) }),
      );
    },
  );
}
