/**
 * Member-get-member: a shopper shares their referral code (the mini-program's share link carries it);
 * a new shopper who joins with it becomes their friend; when the friend's first order is completed
 * (handed over or through the exit, past the step where most orders are cancelled or refunded), both
 * get the brand's bonus points, once, as goodwill (not lifetime points: a bonus buys no tier).
 * "New" is the points ledger's word for it: no order of theirs has earned points yet. If that first
 * order is refunded in full, the bonus is taken back and the next completed order pays it.
 */
import { randomInt } from 'node:crypto';
import type { Tx } from '../db/pool.js';
import { NotFound, Validation } from '../server/errors.js';
import { ReferralClosed, ReferralRefused } from './errors.js';
import { ensureMembership } from './memberships.js';
import { postPoints } from './points.js';

export interface ReferralProgram {
  active: boolean;
  referrer_points: number;
  friend_points: number;
}

const OFF: ReferralProgram = { active: false, referrer_points: 0, friend_points: 0 };
/** Codes read aloud and typed: no 0/O, 1/I. */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export async function referralProgram(tx: Tx): Promise<ReferralProgram> {
  const { rows } = await tx.query<ReferralProgram>(
    'SELECT active, referrer_points, friend_points FROM referral_programs',
  );
  return rows[0] ?? OFF;
}

export async function setReferralProgram(tx: Tx, tenantId: string, program: ReferralProgram): Promise<void> {
  await tx.query(
    `INSERT INTO referral_programs (tenant_id, active, referrer_points, friend_points) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET active = EXCLUDED.active, referrer_points = EXCLUDED.referrer_points,
       friend_points = EXCLUDED.friend_points, updated_at = now()`,
    [tenantId, program.active, program.referrer_points, program.friend_points],
  );
}

/** The shopper's code to share, made the first time it is asked for. */
export async function referralCode(tx: Tx, tenantId: string, shopperId: string): Promise<string> {
  for (;;) {
    const { rows } = await tx.query<{ code: string }>(
      'SELECT code FROM referral_codes WHERE shopper_id = $1',
      [shopperId],
    );
    if (rows[0]) return rows[0].code;
    const code = Array.from({ length: 8 }, () => CODE_LETTERS[randomInt(CODE_LETTERS.length)]).join('');
    // A code another shopper drew already: draw again.
    await tx.query(
      'INSERT INTO referral_codes (shopper_id, tenant_id, code) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [shopperId, tenantId, code],
    );
  }
}

/** The friend `friendId` joins with `code`; joining again with the same code changes nothing. */
export async function joinWithCode(tx: Tx, tenantId: string, friendId: string, code: string): Promise<void> {
  if (!(await referralProgram(tx)).active) throw ReferralClosed();
  const { rows } = await tx.query<{ shopper_id: string }>(
    'SELECT shopper_id FROM referral_codes WHERE code = $1',
    [code.trim().toUpperCase()],
  );
  const referrer = rows[0]?.shopper_id;
  if (!referrer) throw NotFound('A referral code like this one');
  if (referrer === friendId) throw Validation('code', 'is your own: share it with a friend');
  const already = await tx.query<{ referrer_id: string }>(
    'SELECT referrer_id FROM referrals WHERE friend_id = $1',
    [friendId],
  );
  // The same code again is a second tap or a retry after a lost answer: joined, as asked.
  if (already.rows[0]?.referrer_id === referrer) return;
  if (already.rowCount) throw ReferralRefused('You joined with a code already');
  const earned = await tx.query(
    `SELECT 1 FROM member_points p JOIN memberships m ON m.id = p.membership_id
     WHERE m.shopper_id = $1 AND p.key LIKE 'order:%:earn' LIMIT 1`,
    [friendId],
  );
  if (earned.rowCount)
    throw ReferralRefused('Only a new shopper can join with a code: you have ordered before');
  const joined = await tx.query(
    'INSERT INTO referrals (tenant_id, referrer_id, friend_id) VALUES ($1, $2, $3) ON CONFLICT (friend_id) DO NOTHING',
    [tenantId, referrer, friendId],
  );
  if (joined.rowCount === 0) throw ReferralRefused('You joined with a code already');
}

/** The friend's order `orderId` was completed: the first one pays both sides their bonus, once. */
export async function rewardReferral(
  tx: Tx,
  tenantId: string,
  friendId: string,
  orderId: string,
): Promise<void> {
  const { rows } = await tx.query<{ id: string; referrer_id: string }>(
    'SELECT id, referrer_id FROM referrals WHERE friend_id = $1 AND rewarded_at IS NULL FOR UPDATE',
    [friendId],
  );
  const referral = rows[0];
  if (!referral) return;
  const program = await referralProgram(tx);
  if (!program.active) return;
  for (const [side, shopper, points] of [
    ['friend', friendId, program.friend_points],
    ['referrer', referral.referrer_id, program.referrer_points],
  ] as const) {
    if (points === 0) continue;
    const member = await ensureMembership(tx, tenantId, shopper);
    await postPoints(tx, tenantId, member.id, {
      key: `referral:${referral.id}:${side}:${orderId}`,
      kind: 'adjust',
      points,
      reason: side === 'friend' ? 'welcome: joined with a friend’s code' : 'a friend you invited shopped',
      actor: 'system',
    });
  }
  await tx.query('UPDATE referrals SET rewarded_at = now(), order_id = $2 WHERE id = $1', [
    referral.id,
    orderId,
  ]);
}

/**
 * The order that paid a referral's bonus was refunded in full (after handover, so by a return): the
 * bonus is taken back as far as each balance goes (a bonus spent already is the brand's loss, not a
 * debt), and the friend's next completed order pays it again.
 */
export async function revokeReferral(tx: Tx, tenantId: string, orderId: string): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM referrals WHERE order_id = $1 AND rewarded_at IS NOT NULL FOR UPDATE',
    [orderId],
  );
  const referral = rows[0];
  if (!referral) return;
  const paid = await tx.query<{ membership_id: string; points: number; key: string; balance: number }>(
    `SELECT p.membership_id, p.points, p.key, m.points_balance AS balance
     FROM member_points p JOIN memberships m ON m.id = p.membership_id
     WHERE p.key IN ($1, $2) FOR UPDATE OF m`,
    [`referral:${referral.id}:friend:${orderId}`, `referral:${referral.id}:referrer:${orderId}`],
  );
  for (const bonus of paid.rows) {
    const back = Math.min(bonus.points, Math.max(0, bonus.balance));
    if (back <= 0) continue;
    await postPoints(tx, tenantId, bonus.membership_id, {
      key: `${bonus.key}:revoked`,
      kind: 'adjust',
      points: -back,
      reason: 'referral bonus taken back: the first order was refunded',
      actor: 'system',
    });
  }
  await tx.query('UPDATE referrals SET rewarded_at = NULL, order_id = NULL WHERE id = $1', [referral.id]);
}

export interface MyReferral {
  code: string;
  friends_joined: number;
  friends_rewarded: number;
  joined_with_code: boolean;
}

export async function myReferral(tx: Tx, tenantId: string, shopperId: string): Promise<MyReferral> {
  const code = await referralCode(tx, tenantId, shopperId);
  const { rows } = await tx.query<Omit<MyReferral, 'code'>>(
    `SELECT count(*) FILTER (WHERE referrer_id = $1)::int AS friends_joined,
            count(*) FILTER (WHERE referrer_id = $1 AND rewarded_at IS NOT NULL)::int AS friends_rewarded,
            bool_or(friend_id = $1) IS TRUE AS joined_with_code
     FROM referrals WHERE referrer_id = $1 OR friend_id = $1`,
    [shopperId],
  );
  return { code, ...rows[0]! };
}

export interface ReferralStats {
  joined: number;
  rewarded: number;
  points_given: number;
}

export async function referralStats(tx: Tx): Promise<ReferralStats> {
  const { rows } = await tx.query<ReferralStats>(
    `SELECT (SELECT count(*) FROM referrals)::int AS joined,
            (SELECT count(*) FROM referrals WHERE rewarded_at IS NOT NULL)::int AS rewarded,
            (SELECT coalesce(sum(points), 0) FROM member_points WHERE key LIKE 'referral:%')::int AS points_given`,
  );
  return rows[0]!;
}
