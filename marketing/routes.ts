import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { purchasesAfter } from '../commerce/index.js';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, IdParams, Uuid } from '../server/schemas.js';
import { campaignTimezone } from './activity.js';
import { campaignActivityRoutes } from './activity-routes.js';
import { audienceSize } from './audience.js';
import { Audience } from './campaign.js';
import { changeStatus, createCampaign, getCampaign, listCampaigns, updateCampaign } from './campaigns.js';
import { shopperCouponRoutes } from './coupon-routes.js';
import { campaignReport } from './report.js';
import { Campaign, CampaignCreate, CampaignReport, CampaignUpdate, StatusChange } from './schemas.js';

const tags = ['marketing'];

export async function marketingRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Campaign);
  app.addSchema(CampaignReport);
  const marketers = { preHandler: app.requireRole('marketer', 'brand_admin') };
  const one = Type.Ref('Campaign');
  await campaignActivityRoutes(app);
  await shopperCouponRoutes(app);

  app.get(
    '/campaigns',
    {
      ...marketers,
      schema: {
        tags,
        summary: "The brand's campaigns, newest first",
        security: bearer,
        response: { 200: Type.Array(one), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => listCampaigns(tx)),
  );

  app.post(
    '/campaigns',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'Draft a campaign',
        security: bearer,
        body: CampaignCreate,
        response: { 201: one, ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const campaign = await app.db.tenant(tenantId, (tx) =>
        createCampaign(tx, tenantId, request.body as CampaignCreate),
      );
      return reply.status(201).send(campaign);
    },
  );

  app.get(
    '/campaigns/:id',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'One campaign',
        security: bearer,
        params: IdParams,
        response: { 200: one, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const campaign = await app.db.tenant(tenantOf(request), (tx) => getCampaign(tx, id));
      if (!campaign) throw NotFound('Campaign');
      return campaign;
    },
  );

  app.patch(
    '/campaigns/:id',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'Change a campaign’s rules (not once ended)',
        security: bearer,
        params: IdParams,
        body: CampaignUpdate,
        response: { 200: one, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const campaign = await app.db.tenant(tenantOf(request), (tx) =>
        updateCampaign(tx, id, request.body as CampaignUpdate),
      );
      if (!campaign) throw NotFound('Campaign');
      return campaign;
    },
  );

  app.post(
    '/campaigns/:id/status',
    {
      ...marketers,
      schema: {
        tags,
        summary: 'Move a campaign: draft → scheduled → active ⇄ paused → ended',
        security: bearer,
        params: IdParams,
        body: StatusChange,
        response: { 200: one, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { status } = request.body as { status: Campaign['status'] };
      const campaign = await app.db.tenant(tenantOf(request), (tx) => changeStatus(tx, id, status));
      if (!campaign) throw NotFound('Campaign');
      return campaign;
    },
  );

  app.get(
    '/campaigns/:id/report',
    {
      ...marketers,
      schema: {
        tags,
        summary:
          'Triggers, pushes, opens, redemptions by day, purchases attributed, and lift against the holdout',
        description:
          'A purchase is a paid order (not refunded) within 7 days after the shopper was first pushed or held ' +
          "out, in the campaign's stores, with the campaign's products (its attribution) when it names any; " +
          'sku_id and category_id narrow it to orders with those products instead.',
        security: bearer,
        params: IdParams,
        querystring: Type.Object(
          {
            sku_id: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
            category_id: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('CampaignReport'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { sku_id, category_id } = request.query as { sku_id?: string[]; category_id?: string[] };
      return app.db.tenant(tenantOf(request), async (tx) => {
        const campaign = await getCampaign(tx, id);
        if (!campaign) throw NotFound('Campaign');
        // Products asked for here stand in for the campaign's own.
        const products =
          sku_id || category_id ? { sku_ids: sku_id, category_ids: category_id } : campaign.attribution;
        return campaignReport(tx, campaign, await campaignTimezone(tx, campaign), {
          lookup: purchasesAfter,
          ...(products.sku_ids?.length ? { sku_ids: products.sku_ids } : {}),
          ...(products.category_ids?.length ? { category_ids: products.category_ids } : {}),
        });
      });
    },
  );

  app.post(
    '/campaigns/audience-preview',
    {
      ...marketers,
      schema: {
        tags,
        summary:
          'How many shoppers an audience reaches: consent to location marketing, tiers, tags, new or returning',
        security: bearer,
        body: Type.Object({ audience: Audience }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            shoppers: Type.Integer({ description: "the brand's shoppers" }),
            consenting: Type.Integer({ description: 'of those, who allow location marketing' }),
            reachable: Type.Integer({
              description: 'of those, who match the audience (before holdout, caps and budget)',
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { audience } = request.body as { audience: Audience };
      return app.db.tenant(tenantOf(request), (tx) => audienceSize(tx, audience));
    },
  );
}
