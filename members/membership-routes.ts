/** Membership over HTTP: the tier ladder, staff lookups, points and tags, and a shopper's own card. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Tx } from '../db/pool.js';
import { tenantOf } from '../server/auth.js';
import { NotFound, Validation } from '../server/errors.js';
import { bearer, errorResponses, IdParams, Uuid } from '../server/schemas.js';
import { brandWechat, STAFF_ROLES, STORE_STAFF } from '../tenancy/index.js';
import { BirthdaySet } from './errors.js';
import { nextRung } from './ladder.js';
import {
  claimCard,
  countMembers,
  ensureMembership,
  findMembers,
  getMember,
  setOwnBirthday,
  tagMember,
  untagMember,
  updateMember,
} from './memberships.js';
import { pointsHistory, postPoints } from './points.js';
import {
  CardClaim,
  Member,
  MemberBirthday,
  MemberCount,
  MemberFilter,
  MemberLookup,
  MemberNameChange,
  MemberUpdate,
  MyMembership,
  PointsAdjust,
  PointsEntry,
  Tag,
  Tier,
  TierCreate,
  TierUpdate,
} from './schemas.js';
import { createTier, deleteTier, listTiers, updateTier } from './tiers.js';
import { verifiedPhones } from './wechat-phone.js';

const tags = ['members'];
const actorOf = (request: FastifyRequest) => `${request.principal.kind}:${request.principal.id}`;
/** The staff request's key names its ledger entry: a retried adjustment is posted once. */
const AdjustHeaders = Type.Object({
  'idempotency-key': Type.String({
    pattern: '^[A-Za-z0-9._:/-]{1,128}$',
    description: 'Retrying with the same key posts the adjustment once',
  }),
});
const TagParams = Type.Object({ id: Uuid, tag: Tag });

export async function membershipRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(Tier);
  app.addSchema(Member);
  app.addSchema(PointsEntry);
  const admin = app.requireRole('brand_admin');
  const staff = app.requireRole(...STORE_STAFF, 'marketer');
  const managers = app.requireRole('brand_admin', 'store_manager');
  const shopper = app.requireRole('shopper');
  const member = { 200: Type.Ref('Member'), ...errorResponses };

  /** The member the URL names, or 404. */
  async function memberOr404(tenantId: string, id: string) {
    const found = await app.db.tenant(tenantId, (tx) => getMember(tx, id));
    if (!found) throw NotFound('Member');
    return found;
  }

  app.get(
    '/member-tiers',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags,
        summary: "The brand's tier ladder, entry tier first",
        security: bearer,
        response: { 200: Type.Array(Type.Ref('MemberTier')), ...errorResponses },
      },
    },
    async (request) => app.db.tenant(tenantOf(request), listTiers),
  );

  app.post(
    '/member-tiers',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add a rung to the ladder; members are re-placed at once',
        description:
          "A member's tier is the highest rung whose min_points (lifetime points) or min_spend_cents " +
          '(lifetime spend) they reached, or the tier staff assigned if higher. The code is what member ' +
          'prices in the catalogue name.',
        security: bearer,
        body: TierCreate,
        response: { 201: Type.Ref('MemberTier'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const tier = await app.db.tenant(tenantId, (tx) =>
        createTier(tx, tenantId, request.body as TierCreate),
      );
      return reply.status(201).send(tier);
    },
  );

  app.patch(
    '/member-tiers/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Change a rung (name, place, thresholds, points rate); members are re-placed at once',
        security: bearer,
        params: IdParams,
        body: TierUpdate,
        response: { 200: Type.Ref('MemberTier'), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tier = await app.db.tenant(tenantOf(request), (tx) =>
        updateTier(tx, id, request.body as TierUpdate),
      );
      if (!tier) throw NotFound('Tier');
      return tier;
    },
  );

  app.delete(
    '/member-tiers/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Remove a rung; its members move to the rung their points reach',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await app.db.tenant(tenantOf(request), (tx) => deleteTier(tx, id)))) throw NotFound('Tier');
      return reply.status(204).send();
    },
  );

  app.get(
    '/members',
    {
      preHandler: staff,
      schema: {
        tags,
        summary:
          'Find members by phone (or its last four digits), member number (or its beginning or end), part of their name, shopper or tag; a page, newest first',
        description:
          'Every filter given must match. `q` is what staff type at the desk. Page with `offset`; ' +
          '`GET /members/count` says how many the same filters find.',
        security: bearer,
        querystring: MemberLookup,
        response: { 200: Type.Array(Type.Ref('Member')), ...errorResponses },
      },
    },
    async (request) =>
      app.db.tenant(tenantOf(request), (tx) => findMembers(tx, request.query as MemberLookup)),
  );

  app.get(
    '/members/count',
    {
      preHandler: staff,
      schema: {
        tags,
        summary: 'How many members the filters of GET /members find, over all pages',
        security: bearer,
        querystring: MemberFilter,
        response: { 200: MemberCount, ...errorResponses },
      },
    },
    async (request) => ({
      total: await app.db.tenant(tenantOf(request), (tx) => countMembers(tx, request.query as MemberFilter)),
    }),
  );

  app.get(
    '/members/:id',
    {
      preHandler: staff,
      schema: { tags, summary: 'One member', security: bearer, params: IdParams, response: member },
    },
    async (request) => memberOr404(tenantOf(request), (request.params as { id: string }).id),
  );

  app.patch(
    '/members/:id',
    {
      preHandler: managers,
      schema: {
        tags,
        summary:
          "Change a member's name, phone or birthday, or assign a tier they never fall below (null lifts it)",
        security: bearer,
        params: IdParams,
        body: MemberUpdate,
        response: member,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const updated = await app.db.tenant(tenantOf(request), (tx) =>
        updateMember(tx, id, request.body as MemberUpdate),
      );
      if (!updated) throw NotFound('Member');
      return updated;
    },
  );

  app.get(
    '/members/:id/points',
    {
      preHandler: staff,
      schema: {
        tags,
        summary: "A member's points ledger, newest first",
        security: bearer,
        params: IdParams,
        querystring: Type.Object(
          { limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(Type.Ref('PointsEntry')), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const tenantId = tenantOf(request);
      await memberOr404(tenantId, id);
      return app.db.tenant(tenantId, (tx) =>
        pointsHistory(tx, id, (request.query as { limit: number }).limit),
      );
    },
  );

  app.post(
    '/members/:id/points',
    {
      preHandler: managers,
      schema: {
        tags,
        summary: "Adjust a member's points (goodwill, correction); never below zero",
        security: bearer,
        headers: AdjustHeaders,
        params: IdParams,
        body: PointsAdjust,
        response: member,
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { points, reason } = request.body as PointsAdjust;
      if (points === 0) throw Validation('points', 'must not be 0');
      const key = request.headers['idempotency-key'] as string;
      const tenantId = tenantOf(request);
      await memberOr404(tenantId, id);
      return app.db.tenant(tenantId, async (tx) => {
        await postPoints(tx, tenantId, id, {
          key: `adjust:${request.principal.id}:${key}`,
          kind: 'adjust',
          points,
          reason,
          actor: actorOf(request),
        });
        return (await getMember(tx, id))!;
      });
    },
  );

  app.put(
    '/members/:id/tags/:tag',
    {
      preHandler: staff,
      schema: {
        tags,
        summary: 'Tag a member (marketing audiences pick members by tag)',
        security: bearer,
        params: TagParams,
        response: member,
      },
    },
    async (request) => {
      const { id, tag } = request.params as { id: string; tag: string };
      const tenantId = tenantOf(request);
      await memberOr404(tenantId, id);
      return app.db.tenant(tenantId, async (tx) => {
        await tagMember(tx, tenantId, id, tag, actorOf(request));
        return (await getMember(tx, id))!;
      });
    },
  );

  app.delete(
    '/members/:id/tags/:tag',
    {
      preHandler: staff,
      schema: {
        tags,
        summary: 'Remove a tag from a member',
        security: bearer,
        params: TagParams,
        response: member,
      },
    },
    async (request) => {
      const { id, tag } = request.params as { id: string; tag: string };
      const tenantId = tenantOf(request);
      await memberOr404(tenantId, id);
      return app.db.tenant(tenantId, async (tx) => {
        await untagMember(tx, id, tag);
        return (await getMember(tx, id))!;
      });
    },
  );

  /** The shopper's card as the mini-program shows it. */
  async function cardOf(tx: Tx, me: Member) {
    const ladder = await listTiers(tx);
    const tier = ladder.find((t) => t.code === me.tier);
    return {
      member_no: me.member_no,
      name: me.name,
      tier: tier ? { code: tier.code, name: tier.name } : null,
      points_balance: me.points_balance,
      lifetime_points: me.lifetime_points,
      lifetime_spend_cents: me.lifetime_spend_cents,
      next_tier: nextRung(ladder, me),
      recent_points: await pointsHistory(tx, me.id, 20),
      birthday: me.birthday,
      joined_at: me.joined_at,
    };
  }

  app.get(
    '/me/membership',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'My member card: number, tier, points, what the next tier needs, recent points',
        security: bearer,
        response: { 200: MyMembership, ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) =>
        cardOf(tx, await ensureMembership(tx, tenantId, request.principal.id)),
      );
    },
  );

  app.put(
    '/me/membership/birthday',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary:
          'Set my birthday (month and day) for birthday offers: once; a change afterwards is for staff at the counter',
        security: bearer,
        body: MemberBirthday,
        response: { 200: MyMembership, ...errorResponses },
      },
    },
    async (request) => {
      const { birthday } = request.body as MemberBirthday;
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        const me = await ensureMembership(tx, tenantId, request.principal.id);
        // The same birthday sent again (a retried request) is no change.
        const set = me.birthday === birthday || (await setOwnBirthday(tx, me.id, birthday));
        // Read after the update: a request racing this one may have set it meanwhile.
        const now = (await getMember(tx, me.id))!;
        if (!set && now.birthday !== birthday) throw BirthdaySet(now.birthday ?? birthday);
        return cardOf(tx, now);
      });
    },
  );

  app.put(
    '/me/membership/name',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: "Set or change my name (姓名/称呼), as staff see it; '' or null clears it",
        security: bearer,
        body: MemberNameChange,
        response: { 200: MyMembership, ...errorResponses },
      },
    },
    async (request) => {
      const { name } = request.body as MemberNameChange;
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        const me = await ensureMembership(tx, tenantId, request.principal.id);
        return cardOf(tx, (await updateMember(tx, me.id, { name }))!);
      });
    },
  );

  app.post(
    '/me/membership/card',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary:
          'Claim the member card the tills gave me (its number, and its phone as WeChat vouches for it): its tier and points become mine',
        security: bearer,
        body: CardClaim,
        response: { 200: MyMembership, ...errorResponses },
      },
    },
    async (request) => {
      const { member_no, phone_code } = request.body as CardClaim;
      // Asked before the transaction: a call to WeChat holds no row lock.
      const phones = await verifiedPhones(await brandWechat(app, tenantOf(request)), phone_code);
      return app.db.tenant(tenantOf(request), async (tx) =>
        cardOf(tx, await claimCard(tx, request.principal.id, { member_no, phones })),
      );
    },
  );
}
