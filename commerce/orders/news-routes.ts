/** The desk's live line: a WebSocket per open desk, told when its store's orders change. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notifyChannel } from '../../db/listen.js';
import { bearerFromSubprotocol, tenantOf } from '../../server/auth.js';
import { bearer, errorResponses, IdParams } from '../../server/schemas.js';
import { ownStore } from '../../stores/index.js';
import { STAFF_ROLES } from '../../tenancy/index.js';
import { ORDER_NEWS_CHANNEL, orderNews } from './news.js';

export async function orderNewsRoutes(app: FastifyInstance): Promise<void> {
  const channel = notifyChannel(app.config.DATABASE_URL, ORDER_NEWS_CHANNEL, app.log);
  app.addHook('onClose', () => channel.close());
  const news = orderNews(channel);

  app.route({
    method: 'GET',
    url: '/stores/:id/orders/live',
    schema: {
      tags: ['orders'],
      summary:
        'A store\'s order news (WebSocket: `{"type":"listening"}` once changes are heard, at first and after news was lost, then `{"type":"orders_changed"}` whenever its orders are added or change; on either, read them again with GET /orders); a plain GET is refused with 426',
      security: bearer,
      params: IdParams,
      response: { 426: Type.Ref('ErrorBody'), ...errorResponses },
    },
    preHandler: [bearerFromSubprotocol, app.requireRole(...STAFF_ROLES), ownStore(app)],
    handler: async (_request, reply) =>
      reply.status(426).send({ code: 'SS_ERR_UPGRADE_REQUIRED', message: 'Open this URL as a WebSocket' }),
    wsHandler: (socket, request) => {
      const { id } = request.params as { id: string };
      const stop = news.watch(tenantOf(request), id, {
        changed: () => socket.send('{"type":"orders_changed"}'),
        listening: () => socket.send('{"type":"listening"}'),
      });
      socket.on('close', stop);
    },
  });
}
