/** The shopper's own coupons, whichever way they were issued. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { bearer, errorResponses } from '../server/schemas.js';
import { couponsOf } from './coupons.js';
import { MyCoupon, MyCouponsQuery } from './schemas.js';

export async function shopperCouponRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(MyCoupon);

  app.get(
    '/me/coupons',
    {
      preHandler: app.requireRole('shopper'),
      schema: {
        tags: ['marketing'],
        summary:
          'My coupons: usable ones first (soonest to expire first), then used and expired, latest first',
        description:
          'Every coupon issued to me, whether or not its offer reached me ' +
          '(a push that failed, or one older than the offers GET /me/offers lists). ' +
          'state=usable lists only those an order can take now (still subject to their minimum spend).',
        security: bearer,
        querystring: MyCouponsQuery,
        response: { 200: Type.Array(Type.Ref('MyCoupon')), ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), (tx) =>
        couponsOf(tx, request.principal.id, request.query as MyCouponsQuery),
      ),
  );
}
