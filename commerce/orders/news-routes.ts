/** The orders desk's live line: told when its store's orders are added or change (migration order-news). */
import type { FastifyInstance } from 'fastify';
import { newsSocket } from '../../server/news-socket.js';
import { IdParams } from '../../server/schemas.js';
import { ownStore } from '../../stores/index.js';
import { STAFF_ROLES } from '../../tenancy/index.js';

export async function orderNewsRoutes(app: FastifyInstance): Promise<void> {
  newsSocket(app, {
    url: '/stores/:id/orders/live',
    tags: ['orders'],
    summary: "A store's order news, whenever its orders are added or change",
    params: IdParams,
    channel: 'order_news',
    what: 'orders',
    preHandler: [app.requireRole(...STAFF_ROLES), ownStore(app)],
    reach: (request) => {
      const { id } = request.params as { id: string };
      return (store) => store === id;
    },
  });
}
