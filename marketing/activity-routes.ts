/** The console's views of what campaigns did: key numbers per campaign, and activity over time. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams, Uuid } from '../server/schemas.js';
import { campaignActivity, campaignTimezone, campaignTotals, MAX_POINTS } from './activity.js';
import { getCampaign, listCampaigns } from './campaigns.js';

const tags = ['marketing'];
const Count = Type.Integer({ minimum: 0 });

const ActivityQuery = Type.Object(
  { bucket: Type.Union([Type.Literal('hour'), Type.Literal('day')], { default: 'hour' }) },
  { additionalProperties: false },
);

const Activity = Type.Object({
  campaign_id: Uuid,
  bucket: Type.Union([Type.Literal('hour'), Type.Literal('day')]),
  timezone: Type.String(),
  series: Type.Array(
    Type.Object({
      at: Type.String({ description: 'Local start of the bucket: 2026-11-25 or 2026-11-25T14:00' }),
      triggers: Count,
      push: Count,
      holdout: Count,
      skip: Count,
      opened: Count,
      redeemed: Count,
    }),
    { maxItems: MAX_POINTS },
  ),
});

const Totals = Type.Array(
  Type.Object({ campaign_id: Uuid, triggers: Count, pushes: Count, opened: Count, redeemed: Count }),
);

export async function campaignActivityRoutes(app: FastifyInstance): Promise<void> {
  const marketers = { preHandler: app.requireRole('marketer', 'brand_admin') };

  app.get(
    '/campaigns/totals',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'Key numbers of every campaign: triggers, pushes sent, opens, coupons redeemed',
        security: bearer,
        response: { 200: Totals, ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), async (tx) =>
        campaignTotals(
          tx,
          (await listCampaigns(tx)).map((c) => c.id),
        ),
      ),
  );

  app.get(
    '/campaigns/:id/activity',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'Triggers, pushes, holdouts, skips, opens and redemptions by local hour or day',
        security: bearer,
        params: IdParams,
        querystring: ActivityQuery,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { bucket } = request.query as Static<typeof ActivityQuery>;
      return app.db.tenant(tenantOf(request), async (tx) => {
        const campaign = await getCampaign(tx, id);
        if (!campaign) throw NotFound('Campaign');
        const timezone = await campaignTimezone(tx, campaign);
        const series = await campaignActivity(tx, campaign, timezone, bucket);
        return { campaign_id: id, bucket, timezone, series };
      });
    },
  );
}
