import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { NotFound } from '../server/errors.js';
import { bearer, errorResponses, Timestamp, Uuid } from '../server/schemas.js';
import { brandWechat, tenantBySlug } from '../tenancy/index.js';
import { addressRoutes } from './address-routes.js';
import {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  consentHistory,
  currentConsents,
  effectiveConsent,
  recordConsent,
  withEffect,
} from './consent.js';
import { membershipRoutes } from './membership-routes.js';
import { ensureMembership } from './memberships.js';
import { referralRoutes } from './referral-routes.js';
import { upsertShopper } from './shoppers.js';
import { codeToSession } from './wechat-session.js';

const Purpose = Type.Union(CONSENT_PURPOSES.map((p) => Type.Literal(p)));
const ConsentState = Type.Object(
  {
    purpose: Purpose,
    granted: Type.Boolean(),
    policy_version: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()]),
    recorded_at: Type.Union([Timestamp, Type.Null()]),
    in_effect: Type.Optional(
      Type.Boolean({
        description:
          'current answers: whether it applies now (location_marketing needs location_tracking as well); not in the history',
      }),
    ),
  },
  { $id: 'ConsentState' },
);

const WechatLogin = Type.Object(
  {
    tenant: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: "The brand's slug" }),
    code: Type.String({ minLength: 1, maxLength: 128, description: 'From wx.login()' }),
  },
  { additionalProperties: false },
);

const ShopperSession = Type.Object({
  token: Type.String(),
  expires_in: Type.Integer(),
  mode: Type.Union([Type.Literal('wechat'), Type.Literal('demo')], {
    description: "'demo' when the server has no WeChat credentials: the identity is derived from the code",
  }),
  principal: Type.Object({
    id: Uuid,
    kind: Type.Literal('shopper'),
    role: Type.Literal('shopper'),
    tenant_id: Uuid,
  }),
  consents: Type.Array(Type.Ref('ConsentState')),
  order_status_template_id: Type.Union([Type.String(), Type.Null()], {
    description:
      "The brand's WeChat subscribe-message template for order updates (ready, refunded, lapsed unpaid): the mini-program asks wx.requestSubscribeMessage for it at checkout. null: updates come on the live topic only",
  }),
  reminder_template_id: Type.Union([Type.String(), Type.Null()], {
    description:
      "The brand's WeChat subscribe-message template for appointment reminders: the mini-program asks wx.requestSubscribeMessage for it when the shopper books. null: reminders come on the live topic only",
  }),
});

const ConsentChange = Type.Object(
  {
    granted: Type.Boolean(),
    policy_version: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'Version of the privacy text the shopper saw',
    }),
  },
  { additionalProperties: false },
);

export async function memberRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(ConsentState);
  await app.register(membershipRoutes);
  await app.register(referralRoutes);
  await app.register(addressRoutes);
  const tags = ['members'];
  const shopper = app.requireRole('shopper');

  app.post(
    '/auth/wechat',
    {
      schema: {
        tags: ['auth'],
        summary: 'Shopper login from the mini-program (wx.login code)',
        body: WechatLogin,
        response: { 200: ShopperSession, ...errorResponses },
      },
    },
    async (request) => {
      const { tenant: slug, code } = request.body as { tenant: string; code: string };
      const tenant = await app.db.anonymous((tx) => tenantBySlug(tx, slug));
      if (!tenant) throw NotFound(`Brand "${slug}"`);
      // The brand's own mini-program when it has one: a wx.login code belongs to one app.
      const wechat = await brandWechat(app, tenant.id);
      const identity = await codeToSession(wechat ?? { apiBase: app.config.WECHAT_API_BASE }, code);
      const { account, consents } = await app.db.tenant(tenant.id, async (tx) => {
        const account = await upsertShopper(tx, tenant.id, identity);
        await ensureMembership(tx, tenant.id, account.id);
        return { account, consents: withEffect(await currentConsents(tx, account.id)) };
      });
      return {
        ...app.issueToken({ kind: 'shopper', id: account.id, tenantId: tenant.id, role: 'shopper' }),
        mode: identity.mode,
        principal: { id: account.id, kind: 'shopper', role: 'shopper', tenant_id: tenant.id },
        consents,
        order_status_template_id: wechat?.orderStatusTemplateId ?? null,
        reminder_template_id: wechat?.reminderTemplateId ?? null,
      };
    },
  );

  app.get(
    '/me/consents',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'My current consent for each purpose',
        security: bearer,
        response: { 200: Type.Array(Type.Ref('ConsentState')), ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), async (tx) =>
        withEffect(await currentConsents(tx, request.principal.id)),
      ),
  );

  app.get(
    '/me/consents/history',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'Every consent answer I gave, oldest first',
        security: bearer,
        response: { 200: Type.Array(Type.Ref('ConsentState')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), (tx) => consentHistory(tx, request.principal.id)),
  );

  app.put(
    '/me/consents/:purpose',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'Grant or revoke one consent (takes effect at once)',
        security: bearer,
        params: Type.Object({ purpose: Purpose }),
        body: ConsentChange,
        response: { 200: Type.Ref('ConsentState'), ...errorResponses },
      },
    },
    async (request) => {
      const { purpose } = request.params as { purpose: ConsentPurpose };
      const { granted, policy_version } = request.body as { granted: boolean; policy_version: string };
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        const recorded = await recordConsent(tx, {
          tenantId,
          shopperId: request.principal.id,
          purpose,
          granted,
          policyVersion: policy_version,
          source: 'miniprogram',
        });
        const current = await currentConsents(tx, request.principal.id);
        return { ...recorded, in_effect: effectiveConsent(current, purpose) };
      });
    },
  );
}
