import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { shopperTier } from '../../members/index.js';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound, Validation } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { getStore } from '../../stores/index.js';
import { STAFF_ROLES, worksAt } from '../../tenancy/index.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import { createCategory, listCategories } from './categories.js';
import { listCatalogue } from './listing.js';
import {
  addSku,
  createProduct,
  getProduct,
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
  Product,
  ProductCreate,
  ProductUpdate,
  SearchHit,
  SearchQuery,
  Sku,
  SkuCreate,
  SkuSummary,
  SkusQuery,
  SkuUpdate,
  StorePrice,
  StorePriceSet,
  StorePricesQuery,
} from './schemas.js';
import { searchCatalogue } from './search.js';

const tags = ['catalogue'];
const EDITORS = ['brand_admin', 'marketer'] as const;
const PRICERS = ['brand_admin', 'store_manager'] as const;

export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  for (const schema of [
    Category,
    Sku,
    Product,
    StorePrice,
    SearchHit,
    SkuSummary,
    CatalogueLine,
    CataloguePage,
  ])
    app.addSchema(schema);

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
      const { principal } = request;
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) =>
        searchCatalogue(
          tx,
          // A shopper sees the price their order will charge: their own tier's, never one they name.
          principal.kind === 'shopper'
            ? { ...query, tier: (await shopperTier(tx, tenantId, principal.id)) ?? undefined }
            : query,
        ),
      );
    },
  );
}
