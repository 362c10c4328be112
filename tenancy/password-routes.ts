/**
 * A signed-in staff member changes their own password: a clerk the one their admin handed over,
 * anyone the one they think is known. Their other sessions are refused from then on; this one goes
 * on with the fresh token the answer carries.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Work } from '../db/index.js';
import { Unauthorized } from '../server/errors.js';
import { bearer, errorResponses } from '../server/schemas.js';
import { PasswordUnchanged, PasswordWrong } from './errors.js';
import { verifyPassword } from './passwords.js';
import { STAFF_ROLES } from './roles.js';
import { PasswordChange } from './schemas.js';
import { sessionOf } from './session.js';
import { type ExistingStores, lockLoginRecord, updateStaff } from './staff.js';
import { accountOf, wrongPasswords } from './wrong-passwords.js';

export async function passwordRoutes(
  app: FastifyInstance,
  { existingStores }: { existingStores: ExistingStores },
): Promise<void> {
  const wrong = wrongPasswords(app.redis);
  /**
   * A transaction that reaches the caller's own row: their brand's, or for a platform admin (of no
   * brand) the platform's. Never X-Tenant-Id: a platform admin acting for a brand is still themself.
   */
  const ownRow = <T>(request: FastifyRequest, work: Work<T>) => {
    const { tenantId } = request.principal;
    return tenantId ? app.db.tenant(tenantId, work) : app.db.platform(work);
  };

  app.put(
    '/me/password',
    {
      preHandler: app.requireRole(...STAFF_ROLES),
      schema: {
        tags: ['auth'],
        summary:
          "Change one's own staff password: the current one proves it is you (five wrong ones in a quarter of an hour, and it is refused with 429 until then); your other sessions are refused from now on, and the answer is a fresh session",
        security: bearer,
        body: PasswordChange,
        response: { 200: Type.Ref('Session'), ...errorResponses, 429: Type.Ref('ErrorBody') },
      },
    },
    async (request, reply) => {
      const { current_password, new_password } = request.body as PasswordChange;
      const { id } = request.principal;
      const who = accountOf(id);
      await wrong.refuseWhileLocked(who, reply);
      const account = await ownRow(request, async (tx) => {
        const found = await lockLoginRecord(tx, id);
        // Deactivation outdates the token already; this holds should its mark have gone from Redis.
        if (!found?.active) throw Unauthorized('Your account was changed: sign in again');
        // Checked as at login (scrypt, compared in constant time): a wrong one answers when a right one would.
        if (!(await verifyPassword(current_password, found.password_hash)))
          return wrong.refuse(who, reply, PasswordWrong());
        if (new_password === current_password) throw PasswordUnchanged();
        await updateStaff(tx, id, { password: new_password }, existingStores);
        return found;
      });
      await wrong.cleared(who);
      // Before the token is issued, so that this one is not outdated with the others.
      await app.staffChanged(id);
      return sessionOf(app, account);
    },
  );
}
