import type { FastifyInstance } from 'fastify';
import { newsSocket } from '../server/news-socket.js';
import { IdParams } from '../server/schemas.js';
import type { Role } from '../tenancy/index.js';
import { ownStore } from './own-store.js';

/**
 * A store's screen's live line at `/stores/:id/<what>/live` (server/news-socket.ts): told when the
 * store's rows in a table made to notify `channel` change, for staff of that store.
 */
export function storeNewsSocket(
  app: FastifyInstance,
  line: { what: string; channel: string; tags: string[]; summary: string; roles: readonly Role[] },
): void {
  newsSocket(app, {
    url: `/stores/:id/${line.what}/live`,
    tags: line.tags,
    summary: line.summary,
    params: IdParams,
    channel: line.channel,
    what: line.what,
    preHandler: [app.requireRole(...line.roles), ownStore(app)],
    reach: (request) => {
      const { id } = request.params as { id: string };
      return (store) => store === id;
    },
  });
}
