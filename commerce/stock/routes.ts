import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../../server/auth.js';
import { Forbidden, NotFound, Validation } from '../../server/errors.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { getStore, storeNewsSocket } from '../../stores/index.js';
import { STAFF_ROLES, STORE_STAFF, worksAt } from '../../tenancy/index.js';
import { StockInsufficient } from '../errors.js';
import { idempotencyHeaders, idempotencyKeyOf } from '../idempotency.js';
import { movementHistory } from './history.js';
import { applyStockOperation, movementLines, type StockOperation, stockLevels } from './movements.js';
import { cachedShortfall } from './relay.js';
import { getReservation, reserveStock, type Settlement, settleReservation } from './reservations.js';
import {
  MovementCreate,
  MovementEntry,
  MovementQuery,
  OperationAnswer,
  Reservation,
  ReservationCreate,
  ShelfLine,
  StockLevel,
  StockQuery,
  StoreStock,
  StoreStockQuery,
  TransferCreate,
} from './schemas.js';
import { storeStock } from './shelf.js';

const tags = ['stock'];
/** 201 when the operation applied, 200 when its key had applied it before. */
const operationResponse = {
  200: Type.Ref('StockOperationAnswer'),
  201: Type.Ref('StockOperationAnswer'),
  ...errorResponses,
};

function requireStore(request: FastifyRequest, ...storeIds: string[]): void {
  for (const storeId of storeIds) {
    if (!worksAt(request.principal, storeId)) throw Forbidden('Staff move stock only in their own stores');
  }
}

export async function stockRoutes(app: FastifyInstance): Promise<void> {
  storeNewsSocket(app, {
    what: 'stock',
    channel: 'stock_news',
    tags,
    summary: "A store's stock news, whenever its stock is received, counted, moved, reserved or sold",
    roles: STORE_STAFF,
  });

  /** Applies a ledger operation keyed by kind and Idempotency-Key: 201 when applied, 200 for a duplicate. */
  async function record(
    request: FastifyRequest,
    reply: FastifyReply,
    op: Omit<StockOperation, 'key' | 'recorded_by'>,
  ) {
    const key = `${op.kind}:${idempotencyKeyOf(request)}`;
    const tenantId = tenantOf(request);
    const result = await app.db.tenant(tenantId, (tx) =>
      applyStockOperation(tx, tenantId, { ...op, key, recorded_by: request.principal.id }),
    );
    return reply.status(result === 'applied' ? 201 : 200).send({ key, result });
  }

  app.addSchema(StockLevel);
  app.addSchema(OperationAnswer);
  app.addSchema(Reservation);
  app.addSchema(ShelfLine);
  app.addSchema(StoreStock);
  app.addSchema(MovementEntry);

  app.get(
    '/stores/:id/stock',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary:
          "A store's stock list for its staff: each SKU named, on hand, reserved, available, low or not; a page at a time",
        security: bearer,
        params: IdParams,
        querystring: StoreStockQuery,
        response: { 200: Type.Ref('StoreStock'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!worksAt(request.principal, id))
        throw Forbidden('Staff read the stock list of their own stores only');
      return app.db.tenant(tenantOf(request), async (tx) => {
        if (!(await getStore(tx, id))) throw NotFound('Store');
        return storeStock(tx, id, request.query as StoreStockQuery);
      });
    },
  );

  app.get(
    '/stock/movements',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary:
          "One SKU's recent movements in a store, newest first, with the balances each left and where it came from",
        security: bearer,
        querystring: MovementQuery,
        response: { 200: Type.Array(Type.Ref('StockMovementEntry')), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as MovementQuery;
      if (!worksAt(request.principal, query.store_id))
        throw Forbidden("Staff read the movements of their own stores' stock only");
      return app.db.tenant(tenantOf(request), (tx) => movementHistory(tx, query));
    },
  );

  app.get(
    '/stock',
    {
      preHandler: app.requireRole(...STAFF_ROLES, 'shopper'),
      schema: {
        tags,
        summary: 'Stock levels, by store and/or SKU (from Postgres, the source of truth)',
        security: bearer,
        querystring: StockQuery,
        response: { 200: Type.Array(Type.Ref('StockLevel')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => stockLevels(tx, request.query as StockQuery)),
  );

  app.post(
    '/stock/movements',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: 'Record a receipt, sale, return or adjustment; the Idempotency-Key is the ledger key',
        security: bearer,
        headers: idempotencyHeaders(true),
        body: MovementCreate,
        response: operationResponse,
      },
    },
    async (request, reply) => {
      const input = request.body as MovementCreate;
      if (input.reason && input.kind !== 'adjustment') throw Validation('reason', 'is for adjustments only');
      requireStore(request, input.store_id);
      return record(request, reply, {
        kind: input.kind,
        reference: input.reference,
        reason: input.reason,
        lines: movementLines(input.kind, input.store_id, input.lines),
      });
    },
  );

  app.post(
    '/stock/transfers',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: 'Move stock from one store to another in one step; the Idempotency-Key is the ledger key',
        security: bearer,
        headers: idempotencyHeaders(true),
        body: TransferCreate,
        response: operationResponse,
      },
    },
    async (request, reply) => {
      const input = request.body as TransferCreate;
      if (input.from_store_id === input.to_store_id)
        throw Validation('to_store_id', 'must differ from from_store_id');
      requireStore(request, input.from_store_id, input.to_store_id);
      const lines = input.lines.flatMap((line) => [
        { store_id: input.from_store_id, sku_id: line.sku_id, on_hand_delta: -line.qty, reserved_delta: 0 },
        { store_id: input.to_store_id, sku_id: line.sku_id, on_hand_delta: line.qty, reserved_delta: 0 },
      ]);
      return record(request, reply, { kind: 'transfer', reference: input.reference, lines });
    },
  );

  app.post(
    '/stock/reservations',
    {
      // Shoppers reserve through orders; a bare hold is for the till and the ERP.
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: 'Hold stock for a customer until it is committed, released or expires (all lines or none)',
        security: bearer,
        headers: idempotencyHeaders(),
        body: ReservationCreate,
        response: { 201: Type.Ref('Reservation'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const input = request.body as ReservationCreate;
      requireStore(request, input.store_id);
      // Keys are the caller's own: two callers choosing the same key never share a reservation.
      const key = `${request.principal.id}:${idempotencyKeyOf(request) ?? randomUUID()}`;
      const tenantId = tenantOf(request);
      // A shelf the cache already shows short is refused without a database round trip.
      const short = await cachedShortfall(app.redis, tenantId, input.store_id, key, input.lines);
      if (short) throw StockInsufficient(short, input.store_id);
      const ttl = input.ttl_s ?? app.config.STOCK_RESERVATION_TTL_S;
      const { reservation, replayed } = await app.db.tenant(tenantId, (tx) =>
        reserveStock(tx, tenantId, {
          key,
          store_id: input.store_id,
          lines: input.lines,
          expires_at: new Date(Date.now() + ttl * 1000),
        }),
      );
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(reservation);
    },
  );

  app.get(
    '/stock/reservations/:id',
    {
      preHandler: app.requireRole(...STORE_STAFF),
      schema: {
        tags,
        summary: 'One reservation',
        security: bearer,
        params: IdParams,
        response: { 200: Type.Ref('Reservation'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const reservation = await app.db.tenant(tenantOf(request), (tx) => getReservation(tx, id));
      if (!reservation) throw NotFound('Reservation');
      return reservation;
    },
  );

  for (const [action, outcome] of [
    ['commit', 'committed'],
    ['release', 'released'],
  ] as const satisfies readonly (readonly [string, Settlement])[]) {
    app.post(
      `/stock/reservations/:id/${action}`,
      {
        preHandler: app.requireRole(...STORE_STAFF),
        schema: {
          tags,
          summary:
            action === 'commit'
              ? 'Turn a held reservation into a sale (the units leave the shelf)'
              : 'Give a held reservation back to the shelf',
          security: bearer,
          params: IdParams,
          response: { 200: Type.Ref('Reservation'), ...errorResponses },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const tenantId = tenantOf(request);
        return app.db.tenant(tenantId, (tx) => settleReservation(tx, tenantId, id, outcome));
      },
    );
  }
}
