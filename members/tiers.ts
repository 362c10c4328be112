/**
 * A brand's tier ladder (member → silver → gold …). Every edit re-places the brand's members on
 * the ladder in the same transaction, so a tier shown is always the rule applied to today's ladder.
 */
import { guardConstraints } from '../db/index.js';
import type { Tx } from '../db/pool.js';
import { TierTaken } from './errors.js';
import type { Tier, TierCreate, TierUpdate } from './schemas.js';

const COLUMNS =
  'id, code, name, rank, min_points, min_spend_cents::int8::float8 AS min_spend_cents, points_per_yuan::float8 AS points_per_yuan';

const tierConflict = (error: { code?: string; constraint?: string }) =>
  error.code === '23505' ? TierTaken(error.constraint?.endsWith('rank') ? 'rank' : 'code') : undefined;

/** Re-places every member of the brand on the current ladder. */
async function replaceMembers(tx: Tx): Promise<void> {
  await tx.query(
    `UPDATE memberships SET tier = member_tier_for(lifetime_points, lifetime_spend_cents, assigned_tier)
     WHERE tier IS DISTINCT FROM member_tier_for(lifetime_points, lifetime_spend_cents, assigned_tier)`,
  );
}

export async function listTiers(tx: Tx): Promise<Tier[]> {
  const { rows } = await tx.query<Tier>(`SELECT ${COLUMNS} FROM member_tiers ORDER BY rank`);
  return rows;
}

export async function createTier(tx: Tx, tenantId: string, input: TierCreate): Promise<Tier> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<Tier>(
        `INSERT INTO member_tiers (tenant_id, code, name, rank, min_points, min_spend_cents, points_per_yuan)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          tenantId,
          input.code,
          input.name,
          input.rank,
          input.min_points ?? 0,
          input.min_spend_cents ?? null,
          input.points_per_yuan ?? 1,
        ],
      ),
    tierConflict,
  );
  await replaceMembers(tx);
  return rows[0]!;
}

export async function updateTier(tx: Tx, id: string, patch: TierUpdate): Promise<Tier | undefined> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<Tier>(
        `UPDATE member_tiers SET
           name = coalesce($2, name), rank = coalesce($3, rank), min_points = coalesce($4, min_points),
           min_spend_cents = CASE WHEN $5 THEN $6::bigint ELSE min_spend_cents END,
           points_per_yuan = coalesce($7, points_per_yuan)
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          id,
          patch.name ?? null,
          patch.rank ?? null,
          patch.min_points ?? null,
          patch.min_spend_cents !== undefined,
          patch.min_spend_cents ?? null,
          patch.points_per_yuan ?? null,
        ],
      ),
    tierConflict,
  );
  if (rows[0]) await replaceMembers(tx);
  return rows[0];
}

/** Removes a rung; its members move to the rung their points reach (an assignment to it lapses). */
export async function deleteTier(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await tx.query<{ code: string }>('DELETE FROM member_tiers WHERE id = $1 RETURNING code', [
    id,
  ]);
  if (!rows[0]) return false;
  await tx.query('UPDATE memberships SET assigned_tier = NULL WHERE assigned_tier = $1', [rows[0].code]);
  await replaceMembers(tx);
  return true;
}

/** A tier code on the ladder, or undefined. */
export async function tierByCode(tx: Tx, code: string): Promise<Tier | undefined> {
  const { rows } = await tx.query<Tier>(`SELECT ${COLUMNS} FROM member_tiers WHERE code = $1`, [code]);
  return rows[0];
}
