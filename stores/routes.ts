import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { Forbidden, NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { STAFF_ROLES, tenantBySlug, worksAt } from '../tenancy/index.js';
import { NearbyQuery, NearbyStore, PublicStore, Store, StoreCreate, StoreUpdate } from './schemas.js';
import { createStore, listStores, publicStore, storesNearby, updateStore } from './stores.js';

const tags = ['stores'];

export async function storeRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Store);
  app.addSchema(PublicStore);
  app.addSchema(NearbyStore);

  app.get(
    '/stores/nearby',
    {
      schema: {
        tags,
        summary: 'Stores near a point, nearest first (public)',
        querystring: NearbyQuery,
        response: { 200: Type.Array(Type.Ref('NearbyStore')), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as NearbyQuery;
      return app.db.anonymous(async (tx) => {
        let tenantId: string | undefined;
        if (query.tenant) {
          tenantId = (await tenantBySlug(tx, query.tenant))?.id;
          if (!tenantId) throw NotFound(`Brand "${query.tenant}"`);
        }
        return storesNearby(tx, { ...query, tenantId });
      });
    },
  );

  app.get(
    '/stores/:id',
    {
      schema: {
        tags,
        summary: 'One store as shoppers see it (public)',
        params: IdParams,
        response: { 200: Type.Ref('PublicStore'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const store = await app.db.anonymous((tx) => publicStore(tx, id));
      if (!store) throw NotFound('Store');
      return store;
    },
  );

  app.get(
    '/stores',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "The brand's stores (staff)",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('Store')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => listStores(tx)),
  );

  app.post(
    '/stores',
    {
      preHandler: app.requireRole('brand_admin'),
      schema: {
        tags,
        summary: 'Open a store (brand admin)',
        security: bearer,
        body: StoreCreate,
        response: { 201: Type.Ref('Store'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const store = await app.db.tenant(tenantId, (tx) =>
        createStore(tx, tenantId, request.body as StoreCreate),
      );
      return reply.status(201).send(store);
    },
  );

  app.patch(
    '/stores/:id',
    {
      preHandler: app.requireRole('brand_admin', 'store_manager'),
      schema: {
        tags,
        summary: "Edit a store (brand admin, or the store's manager)",
        security: bearer,
        params: IdParams,
        body: StoreUpdate,
        response: { 200: Type.Ref('Store'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!worksAt(request.principal, id)) throw Forbidden('A store manager edits only their own stores');
      const store = await app.db.tenant(tenantOf(request), (tx) =>
        updateStore(tx, id, request.body as StoreUpdate),
      );
      if (!store) throw NotFound('Store');
      return store;
    },
  );
}
