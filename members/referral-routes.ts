/** Referrals over HTTP: the brand's programme for marketers, a shopper's code and joining with a friend's. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantOf } from '../server/auth.js';
import { bearer, errorResponses } from '../server/schemas.js';
import { joinWithCode, myReferral, referralProgram, referralStats, setReferralProgram } from './referrals.js';
import { MyReferral, ReferralJoin, ReferralProgram, ReferralReport } from './schemas.js';

/** The mini-program's page a shared link opens, with the sharer's code. */
const SHARE_PAGE = 'pages/index/index';

export async function referralRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(ReferralProgram);
  const tags = ['members'];
  const marketing = app.requireRole('brand_admin', 'marketer');
  const shopper = app.requireRole('shopper');

  const report = (tenantId: string) =>
    app.db.tenant(tenantId, async (tx) => ({
      program: await referralProgram(tx),
      ...(await referralStats(tx)),
    }));

  app.get(
    '/referral-program',
    {
      preHandler: marketing,
      schema: {
        tags,
        summary: "The brand's member-get-member programme and what it has done",
        security: bearer,
        response: { 200: ReferralReport, ...errorResponses },
      },
    },
    async (request) => report(tenantOf(request)),
  );

  app.put(
    '/referral-program',
    {
      preHandler: marketing,
      schema: {
        tags,
        summary:
          "Run (or pause) the programme: bonus points for both sides when a new shopper who joined with a member's code completes a first order",
        security: bearer,
        body: Type.Ref('ReferralProgram'),
        response: { 200: ReferralReport, ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      await app.db.tenant(tenantId, (tx) =>
        setReferralProgram(tx, tenantId, request.body as ReferralProgram),
      );
      return report(tenantId);
    },
  );

  app.get(
    '/me/referral',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary: 'My referral code to share, and how many friends joined with it and shopped',
        security: bearer,
        response: { 200: MyReferral, ...errorResponses },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      return app.db.tenant(tenantId, async (tx) => {
        const mine = await myReferral(tx, tenantId, request.principal.id);
        return { ...mine, share_path: `${SHARE_PAGE}?ref=${mine.code}`, program: await referralProgram(tx) };
      });
    },
  );

  app.post(
    '/me/referral',
    {
      preHandler: shopper,
      schema: {
        tags,
        summary:
          "Join with a friend's code (a new shopper, once): both get the bonus when my first order is completed",
        security: bearer,
        body: ReferralJoin,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const { code } = request.body as ReferralJoin;
      await app.db.tenant(tenantId, (tx) => joinWithCode(tx, tenantId, request.principal.id, code));
      return reply.status(204).send();
    },
  );
}
