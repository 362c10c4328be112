import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantOf } from '../server/auth.js';
import { Forbidden, NotFound } from '../server/errors.js';
import { worksAt } from '../tenancy/index.js';
import { getStore } from './stores.js';

/** A preHandler for `/stores/:id/…` routes: a store of the caller's brand (else 404) they work at (else 403). */
export function ownStore(app: FastifyInstance) {
  return async (request: FastifyRequest): Promise<void> => {
    const { id } = request.params as { id: string };
    const store = await app.db.tenant(tenantOf(request), (tx) => getStore(tx, id));
    if (!store) throw NotFound('Store');
    if (!worksAt(request.principal, id)) throw Forbidden('You do not work at this store');
  };
}
