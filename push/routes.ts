import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { type CouponRedemptions, markOpened, offersFor, offerTopic } from './deliveries.js';
import { DeliveredOffer } from './schemas.js';

export interface PushRouteOptions {
  couponRedemptions: CouponRedemptions;
}

export async function pushRoutes(
  app: FastifyInstance,
  { couponRedemptions }: PushRouteOptions,
): Promise<void> {
  app.addSchema(DeliveredOffer);
  const tags = ['push'];
  const shopper = app.requireRole('shopper');

  app.get(
    '/me/offers',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'Offers pushed to me, newest first, and the live topic to hear new ones on',
        security: bearer,
        response: {
          200: Type.Object({
            topic: Type.String({
              description:
                'MQTT topic (QoS 1) of my live offers: each message is {id, title, body, ts, ...payload} (payload as below)',
            }),
            offers: Type.Array(Type.Ref('DeliveredOffer')),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const offers = await app.db.tenant(tenantId, (tx) =>
        offersFor(tx, request.principal.id, couponRedemptions),
      );
      return { topic: offerTopic(tenantId, request.principal.id), offers };
    },
  );

  app.post(
    '/me/offers/:id/opened',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'I opened this offer (the receipt campaign reports count)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const found = await app.db.tenant(tenantOf(request), (tx) => markOpened(tx, request.principal.id, id));
      if (!found) throw NotFound('Offer');
      return reply.status(204).send();
    },
  );
}
