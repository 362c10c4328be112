import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { bearer, errorResponses } from '../../server/schemas.js';
import { worksAt } from '../../tenancy/index.js';
import { applyMovementBatch } from './batch.js';
import { RecordResult, StockMovementBatch, StockMovementRecord } from './schemas.js';

export async function posRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(StockMovementRecord);
  app.addSchema(RecordResult);

  app.post(
    '/pos/stock-movements',
    {
      preHandler: app.requireRole('brand_admin', 'store_manager', 'clerk'),
      schema: {
        tags: ['pos'],
        summary:
          'A batch of till sales, deliveries, returns and counts; each record answered applied, duplicate or rejected',
        description:
          "Idempotent per record: the record's id is its key in the stock ledger, so resending a batch " +
          'after a timeout changes nothing that already applied. One bad record does not stop the others.',
        security: bearer,
        body: StockMovementBatch,
        response: {
          200: Type.Object({ results: Type.Array(Type.Ref('PosRecordResult')) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { records } = request.body as StockMovementBatch;
      const tenantId = tenantOf(request);
      const results = await app.db.tenant(tenantId, (tx) =>
        applyMovementBatch(tx, tenantId, records, (storeId) => worksAt(request.principal, storeId)),
      );
      return { results };
    },
  );
}
