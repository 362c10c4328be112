import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { salesByDay } from '../commerce/index.js';
import { tenantOf } from '../server/auth.js';
import { Forbidden, NotFound, Validation } from '../server/errors.js';
import { bearer, errorResponses, IdParams } from '../server/schemas.js';
import { addDays, getStore, localTime } from '../stores/index.js';
import { worksAt } from '../tenancy/index.js';
import { footfallByDay, footfallSince } from '../visits/index.js';
import { storeDays } from './report.js';
import { StoreDays, StoreDaysQuery } from './schemas.js';

const tags = ['analytics'];
/** A quarter at most: enough to compare weeks, small enough to answer at once. */
const MAX_DAYS = 92;

export async function analyticsRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(StoreDays);

  app.get(
    '/stores/:id/days',
    {
      schema: {
        tags,
        summary:
          "A store's footfall beside its sales, day by day in its time zone (the last 7 days to today unless asked), whole days or each up to a time of day",
        security: bearer,
        params: IdParams,
        querystring: StoreDaysQuery,
        response: { 200: Type.Ref('StoreDays'), ...errorResponses },
      },
      preHandler: app.requireRole('brand_admin', 'store_manager', 'marketer'),
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const query = request.query as StoreDaysQuery;
      if (!worksAt(request.principal, id)) throw Forbidden('You do not work at this store');
      return app.db.tenant(tenantOf(request), async (tx) => {
        const store = await getStore(tx, id);
        if (!store) throw NotFound('Store');
        const to = query.to ?? localTime(store.timezone, new Date()).date;
        const from = query.from ?? addDays(to, 1 - (query.days ?? 7));
        if (from > to) throw Validation('from', 'must not be after to');
        if (from < addDays(to, 1 - MAX_DAYS))
          throw Validation('from', `must be at most ${MAX_DAYS} days before to`);
        const until = query.until ?? null;
        const range = { from, to, timezone: store.timezone, until };
        const report = storeDays(range, await footfallByDay(tx, id, range), await salesByDay(tx, id, range));
        const since = await footfallSince(tx, id, store.timezone);
        return { store_id: id, timezone: store.timezone, from, to, until, footfall_since: since, ...report };
      });
    },
  );
}
