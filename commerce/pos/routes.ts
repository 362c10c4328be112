import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { bearer, errorResponses } from '../../server/schemas.js';
import { STORE_STAFF, worksAt } from '../../tenancy/index.js';
import { applyMovementBatch } from './batch.js';
import { recordsFromCsv } from './csv.js';
import { RecordResult, StockMovementBatch, StockMovementRecord } from './schemas.js';

export async function posRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(StockMovementRecord);
  app.addSchema(RecordResult);
  const batchResponse = {
    200: Type.Object({ results: Type.Array(Type.Ref('PosRecordResult')) }),
    ...errorResponses,
  };

  async function applyBatch(request: FastifyRequest, records: StockMovementRecord[]) {
    const tenantId = tenantOf(request);
    const results = await app.db.tenant(tenantId, (tx) =>
      applyMovementBatch(tx, tenantId, records, (storeId) => worksAt(request.principal, storeId)),
    );
    return { results };
  }

  app.post(
    '/pos/stock-movements',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags: ['pos'],
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
    async (request) => applyBatch(request, (request.body as StockMovementBatch).records),
  );

  app.post(
    '/pos/stock-movements/csv',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags: ['pos'],
        summary:
          'The same batch as CSV (record_id, kind, store_id, barcode, qty, reference): rows of one record_id form one record',
        security: bearer,
        body: Type.Object(
          { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
          { additionalProperties: false },
        ),
        response: batchResponse,
      },
    },
    async (request) => applyBatch(request, recordsFromCsv((request.body as { csv: string }).csv)),
  );
}
