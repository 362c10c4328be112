import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { shopperTier } from '../../members/index.js';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { STAFF_ROLES, worksAt } from '../../tenancy/index.js';
import { createOnce, idempotencyHeaders } from '../idempotency.js';
import { createCategory, listCategories } from './categories.js';
import {
  createProduct,
  getProduct,
  setStorePrice,
  skuSummaries,
  updateProduct,
  updateSku,
} from './products.js';
import {
  Category,
  CategoryCreate,
  Product,
  ProductCreate,
  ProductUpdate,
  SearchHit,
  SearchQuery,
  Sku,
  SkuSummary,
  SkusQuery,
  SkuUpdate,
  StorePrice,
  StorePriceSet,
} from './schemas.js';
import { searchCatalogue } from './search.js';

const tags = ['catalogue'];
const EDITORS = ['brand_admin', 'marketer'] as const;
const PRICERS = ['brand_admin', 'store_manager'] as const;

export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  for (const schema of [Category, Sku, Product, StorePrice, SearchHit, SkuSummary]) app.addSchema(schema);

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
