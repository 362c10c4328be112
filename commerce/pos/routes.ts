import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { bearer, errorResponses } from '../../server/schemas.js';
import { STORE_STAFF, worksAt } from '../../tenancy/index.js';
import { applyMemberBatch, applyMovementBatch, applyProductBatch } from './batch.js';
import { membersFromCsv, productsFromCsv, recordsFromCsv } from './csv.js';
import {
  MemberBatch,
  MemberRecord,
  ProductBatch,
  ProductRecord,
  RecordResult,
  StockMovementBatch,
  StockMovementRecord,
} from './schemas.js';

const tags = ['pos'];
const CsvBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  { additionalProperties: false },
);
const csvOf = (request: FastifyRequest) => (request.body as { csv: string }).csv;
const IDEMPOTENT =
  "Idempotent per record: the record's id is its key, so resending a batch after a timeout changes " +
  'nothing that already applied (the same id with other content is rejected: send changes under a new id). ' +
  'One bad record does not stop the others. Format: docs/pos-exchange.md.';

export async function posRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(StockMovementRecord);
  app.addSchema(ProductRecord);
  app.addSchema(MemberRecord);
  app.addSchema(RecordResult);
  const batchResponse = {
    200: Type.Object({ results: Type.Array(Type.Ref('PosRecordResult')) }),
    ...errorResponses,
  };
  const storeStaff = app.requireRole(...STORE_STAFF);
  const brandAdmin = app.requireRole('brand_admin');

  async function movements(request: FastifyRequest, records: StockMovementRecord[]) {
    const tenantId = tenantOf(request);
    const actor = `${request.principal.kind}:${request.principal.id}`;
    const results = await app.db.tenant(tenantId, (tx) =>
      applyMovementBatch(tx, tenantId, records, (storeId) => worksAt(request.principal, storeId), actor),
    );
    return { results };
  }

  async function products(request: FastifyRequest, records: ProductRecord[]) {
    const tenantId = tenantOf(request);
    return { results: await app.db.tenant(tenantId, (tx) => applyProductBatch(tx, tenantId, records)) };
  }

  async function members(request: FastifyRequest, records: MemberRecord[]) {
    const tenantId = tenantOf(request);
    const actor = `${request.principal.kind}:${request.principal.id}`;
    return { results: await app.db.tenant(tenantId, (tx) => applyMemberBatch(tx, tenantId, records, actor)) };
  }

  app.post(
    '/pos/stock-movements',
    {
      preHandler: storeStaff,
      schema: {
        tags,
        summary:
          'A batch of till sales, deliveries, returns and counts; each record answered applied, duplicate or rejected',
        description:
          "Idempotent per record: the record's id is its key in the stock ledger, so resending a batch " +
          'after a timeout changes nothing that already applied. One bad record does not stop the others.',
        security: bearer,
        body: StockMovementBatch,
        response: batchResponse,
      },
    },
    async (request) => movements(request, (request.body as StockMovementBatch).records),
  );

  app.post(
    '/pos/stock-movements/csv',
    {
      preHandler: storeStaff,
      schema: {
        tags,
        summary:
          'The same batch as CSV (record_id, kind, store_id, barcode, qty, reference): rows of one record_id form one record',
        security: bearer,
        body: CsvBody,
        response: batchResponse,
      },
    },
    async (request) => movements(request, recordsFromCsv(csvOf(request))),
  );

  app.post(
    '/pos/products',
    {
      preHandler: brandAdmin,
      schema: {
        tags,
        summary:
          'A batch of products from the ERP: SKUs by code (updated or added), barcodes, list, member and per-store prices',
        description: IDEMPOTENT,
        security: bearer,
        body: ProductBatch,
        response: batchResponse,
      },
    },
    async (request) => products(request, (request.body as ProductBatch).records),
  );

  app.post(
    '/pos/products/csv',
    {
      preHandler: brandAdmin,
      schema: {
        tags,
        summary:
          'Products as CSV, one row per SKU (record_id, product_name, sku_code, price_cents; category, barcode, sku_name, member_prices, store_prices)',
        description: IDEMPOTENT,
        security: bearer,
        body: CsvBody,
        response: batchResponse,
      },
    },
    async (request) => products(request, productsFromCsv(csvOf(request))),
  );

  app.post(
    '/pos/members',
    {
      preHandler: storeStaff,
      schema: {
        tags,
        summary: 'A batch of members from the till or CRM: member number, phone, tier, points balance',
        description: IDEMPOTENT,
        security: bearer,
        body: MemberBatch,
        response: batchResponse,
      },
    },
    async (request) => members(request, (request.body as MemberBatch).records),
  );

  app.post(
    '/pos/members/csv',
    {
      preHandler: storeStaff,
      schema: {
        tags,
        summary: 'Members as CSV, one row each (record_id, member_no; phone, tier, points)',
        description: IDEMPOTENT,
        security: bearer,
        body: CsvBody,
        response: batchResponse,
      },
    },
    async (request) => members(request, membersFromCsv(csvOf(request))),
  );
}
