/**
 * The coupons campaigns issue (triggers.ts writes them): the shopper's own list, and what the other
 * domains need of them. Marketing owns the table; commerce declares the wallet an order redeems
 * from and push the redemptions an offer shows, and server/app.ts hands these in, as marketing
 * imports both.
 */
import type { CouponWallet, HeldCoupon } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import type { CouponRedemptions } from '../push/index.js';
import type { CouponState, MyCoupon } from './schemas.js';

/**
 * A shopper's coupons, however they were issued (an offer delivered or not): usable ones first,
 * soonest to expire first, then used and expired ones, latest first. Used wins over expired: an
 * order took it while it was valid. The state is the database's clock's, as checkout's is.
 */
export async function couponsOf(
  tx: Tx,
  shopperId: string,
  query: { state?: CouponState; limit: number },
): Promise<MyCoupon[]> {
  const { rows } = await tx.query<MyCoupon>(
    `SELECT * FROM (
       SELECT k.code, k.title, k.discount_cents, k.min_spend_cents, k.valid_until, k.issued_at, k.redeemed_at,
              k.order_ref AS order_id,
              CASE WHEN k.redeemed_at IS NOT NULL THEN 'used'
                   WHEN k.valid_until <= now() THEN 'expired' ELSE 'usable' END AS state,
              CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name) END AS campaign
       FROM coupons k LEFT JOIN campaigns c ON c.id = k.campaign_id
       WHERE k.shopper_id = $1
     ) mine
     WHERE $2::text IS NULL OR state = $2
     ORDER BY state <> 'usable',
              CASE WHEN state = 'usable' THEN valid_until END,
              coalesce(redeemed_at, valid_until) DESC, code
     LIMIT $3`,
    [shopperId, query.state ?? null, query.limit],
  );
  return rows;
}

export const couponWallet: CouponWallet = {
  async lock(tx, codes, shopperId) {
    // In id order, so two orders presenting the same coupons wait for each other rather than deadlock.
    const { rows } = await tx.query<HeldCoupon>(
      `SELECT id, code, title, discount_cents, min_spend_cents, valid_until, redeemed_at FROM coupons
       WHERE code = ANY($1::text[]) AND ($2::uuid IS NULL OR shopper_id = $2) ORDER BY id FOR UPDATE`,
      [codes, shopperId],
    );
    return rows;
  },

  async redeem(tx, couponIds, orderId, at) {
    await tx.query('UPDATE coupons SET redeemed_at = $2, order_ref = $3 WHERE id = ANY($1::uuid[])', [
      couponIds,
      at,
      orderId,
    ]);
  },

  async giveBack(tx, orderId) {
    await tx.query('UPDATE coupons SET redeemed_at = NULL, order_ref = NULL WHERE order_ref = $1', [orderId]);
  },
};

export const couponRedemptions: CouponRedemptions = async (tx, couponIds) => {
  const { rows } = await tx.query<{ id: string; redeemed_at: Date | null }>(
    'SELECT id, redeemed_at FROM coupons WHERE id = ANY($1::uuid[])',
    [couponIds],
  );
  return new Map(rows.map((r) => [r.id, r.redeemed_at]));
};
