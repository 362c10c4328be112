/**
 * A member record from a till or CRM: the member by number (made if new, without a mini-program
 * account until they log in), phone, a tier they keep at least, and the points balance the till
 * holds — the difference lands in the points ledger as an import entry keyed by the record.
 */
import type { Tx } from '../../db/pool.js';
import { importPointsBalance, upsertImportedMember } from '../../members/index.js';
import type { MemberRecord } from './schemas.js';

export async function applyMemberRecord(
  tx: Tx,
  tenantId: string,
  record: MemberRecord,
  actor: string,
): Promise<void> {
  const membershipId = await upsertImportedMember(tx, tenantId, record);
  if (record.points !== undefined) {
    await importPointsBalance(tx, tenantId, membershipId, record.points, `pos:member:${record.id}`, actor);
  }
}
