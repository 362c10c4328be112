/** A staff member's session as login answers it, and as a password change answers it anew. */
import type { FastifyInstance } from 'fastify';
import type { LoginRecord } from './staff.js';

export function sessionOf(app: FastifyInstance, account: LoginRecord) {
  const principal = {
    kind: 'staff' as const,
    id: account.id,
    tenantId: account.tenant_id,
    role: account.role,
    storeIds: account.store_ids,
  };
  return {
    ...app.issueToken(principal),
    principal: {
      id: account.id,
      kind: 'staff',
      role: account.role,
      tenant_id: account.tenant_id,
      store_ids: account.store_ids,
    },
  };
}
