/**
 * The points ledger: append-only, one entry per key (an order's earning, its refund, a staff
 * request, a POS record), so a repeated payment notification, refund or resent batch never counts
 * twice. The membership's balance, lifetime figures and tier move in the same statement as the
 * entry is written.
 */
import type { Tx } from '../db/pool.js';
import { PointsInsufficient } from './errors.js';
import { pointsForSpend } from './ladder.js';
import { ensureMembership } from './memberships.js';
import type { PointsEntry } from './schemas.js';

type Kind = PointsEntry['kind'];

export interface PointsPosting {
  key: string;
  kind: Kind;
  points: number;
  /** Paid (positive) or refunded (negative) spend, for spend-based tiers. */
  spend_cents?: number;
  reason?: string;
  actor: string;
  /** When it happened, for history imported after the fact (the demo's past days); now when absent. */
  at?: Date | undefined;
}

/** Orders paid and refunded: their points and spend count toward tiers. */
const qualifies = (kind: Kind) => kind === 'earn' || kind === 'reverse';

/**
 * What an entry adds to lifetime points: earnings and their reversals; points a till says the
 * member earned there (an import's increase) too, but not what they spent there, nor goodwill.
 */
const lifetimeChange = (posting: PointsPosting) =>
  qualifies(posting.kind) ? posting.points : posting.kind === 'import' ? Math.max(0, posting.points) : 0;

/**
 * Writes one entry and moves the membership with it; 'duplicate' when the key was posted before.
 * Staff cannot take a balance below zero; a refund can (the points were spent: the member owes them).
 */
export async function postPoints(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  posting: PointsPosting,
): Promise<'applied' | 'duplicate'> {
  const spend = posting.spend_cents ?? 0;
  if (posting.points === 0 && spend === 0) return 'applied';
  const entry = await tx.query(
    `INSERT INTO member_points (tenant_id, membership_id, kind, points, spend_cents, key, reason, actor, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now())) ON CONFLICT (tenant_id, key) DO NOTHING`,
    [
      tenantId,
      membershipId,
      posting.kind,
      posting.points,
      spend,
      posting.key,
      posting.reason ?? null,
      posting.actor,
      posting.at ?? null,
    ],
  );
  if (entry.rowCount === 0) return 'duplicate';
  const lifetime = lifetimeChange(posting);
  const moved = await tx.query<{ points_balance: number }>(
    `UPDATE memberships SET points_balance = points_balance + $2,
       lifetime_points = greatest(0, lifetime_points + $3),
       lifetime_spend_cents = greatest(0, lifetime_spend_cents + $4),
       tier = member_tier_for(greatest(0, lifetime_points + $3), greatest(0, lifetime_spend_cents + $4), assigned_tier)
     WHERE id = $1 AND ($5 OR points_balance + $2 >= 0)
     RETURNING points_balance`,
    [membershipId, posting.points, lifetime, qualifies(posting.kind) ? spend : 0, posting.kind === 'reverse'],
  );
  if (moved.rowCount === 0) {
    const { rows } = await tx.query<{ points_balance: number }>(
      'SELECT points_balance FROM memberships WHERE id = $1',
      [membershipId],
    );
    throw PointsInsufficient(rows[0]?.points_balance ?? 0, posting.points);
  }
  return 'applied';
}

/** The points rate of the member's tier (1 per yuan without a ladder). */
async function rateOf(tx: Tx, membershipId: string): Promise<number> {
  const { rows } = await tx.query<{ rate: number | null }>(
    `SELECT t.points_per_yuan::float8 AS rate FROM memberships m JOIN member_tiers t ON t.code = m.tier
     WHERE m.id = $1`,
    [membershipId],
  );
  return rows[0]?.rate ?? 1;
}

export interface PaidOrder {
  id: string;
  shopper_id: string | null;
  /** What the shopper paid for goods: the total without the delivery fee. */
  spend_cents: number;
  /** When it was paid: the points are dated then (a past day's order imported as history). */
  paid_at?: Date | null;
}

/** Points for a paid order, at the shopper's tier rate when paid; once per order. */
export async function earnPointsForOrder(tx: Tx, tenantId: string, order: PaidOrder): Promise<void> {
  if (!order.shopper_id) return;
  const member = await ensureMembership(tx, tenantId, order.shopper_id);
  await postMemberSpend(tx, tenantId, member.id, {
    key: `order:${order.id}:earn`,
    kind: 'sale',
    spend_cents: order.spend_cents,
    reason: `order ${order.id} paid`,
    actor: 'system',
    at: order.paid_at ?? undefined,
  });
}

/**
 * Spend on a member's account at their tier's rate, once per key: a sale (a paid order, or a POS sale
 * record on their card) earns points; a return at a till gives back what that spend earns, as a
 * refund does (it may take the balance below zero).
 */
export async function postMemberSpend(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  spend: {
    key: string;
    kind: 'sale' | 'return';
    spend_cents: number;
    reason: string;
    actor: string;
    at?: Date | undefined;
  },
): Promise<void> {
  const points = pointsForSpend(spend.spend_cents, await rateOf(tx, membershipId));
  const sign = spend.kind === 'sale' ? 1 : -1;
  await postPoints(tx, tenantId, membershipId, {
    key: spend.key,
    kind: spend.kind === 'sale' ? 'earn' : 'reverse',
    points: sign * points,
    spend_cents: sign * spend.spend_cents,
    reason: spend.reason,
    actor: spend.actor,
    at: spend.at,
  });
}

/**
 * Takes back what the order earned (points and the spend that counts toward tiers) in proportion
 * to the share of it refunded so far: a partial refund takes back its part, once per refund; the
 * order's full refund takes back whatever is left. The share is read after the member's row is
 * locked, so two refunds settling at once cannot both take the same part.
 */
export async function reversePointsForOrder(
  tx: Tx,
  tenantId: string,
  orderId: string,
  refund?: { key: string; refundedShare: () => Promise<number> },
): Promise<void> {
  const { rows } = await tx.query<{ membership_id: string; points: number; spend_cents: number }>(
    'SELECT membership_id, points, spend_cents FROM member_points WHERE key = $1',
    [`order:${orderId}:earn`],
  );
  const earned = rows[0];
  if (!earned) return;
  await tx.query('SELECT 1 FROM memberships WHERE id = $1 FOR UPDATE', [earned.membership_id]);
  const share = refund ? Math.min(1, Math.max(0, await refund.refundedShare())) : 1;
  const { rows: back } = await tx.query<{ points: number; spend_cents: number }>(
    `SELECT coalesce(-sum(points), 0)::int AS points, coalesce(-sum(spend_cents), 0)::int AS spend_cents
     FROM member_points WHERE key LIKE $1`,
    [`order:${orderId}:reverse%`],
  );
  const points = Math.round(earned.points * share) - back[0]!.points;
  const spend = Math.round(earned.spend_cents * share) - back[0]!.spend_cents;
  if (points <= 0 && spend <= 0) return;
  await postPoints(tx, tenantId, earned.membership_id, {
    key: refund ? `order:${orderId}:reverse:${refund.key}` : `order:${orderId}:reverse`,
    kind: 'reverse',
    points: -Math.max(0, points),
    spend_cents: -Math.max(0, spend),
    reason: refund ? `order ${orderId}: refund ${refund.key}` : `order ${orderId} refunded`,
    actor: 'system',
  });
}

/** Sets a member's balance to what a till or ERP says it is (an import entry for the difference). */
export async function importPointsBalance(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  balance: number,
  key: string,
  actor: string,
): Promise<void> {
  const { rows } = await tx.query<{ points_balance: number }>(
    'SELECT points_balance FROM memberships WHERE id = $1 FOR UPDATE',
    [membershipId],
  );
  const change = balance - (rows[0]?.points_balance ?? 0);
  if (change !== 0) {
    await postPoints(tx, tenantId, membershipId, {
      key,
      kind: 'import',
      points: change,
      reason: 'balance from POS/ERP',
      actor,
    });
  }
}

export async function pointsHistory(tx: Tx, membershipId: string, limit: number): Promise<PointsEntry[]> {
  const { rows } = await tx.query<PointsEntry>(
    `SELECT kind, points, spend_cents, reason, created_at FROM member_points WHERE membership_id = $1
     ORDER BY id DESC LIMIT $2`,
    [membershipId, limit],
  );
  return rows;
}
