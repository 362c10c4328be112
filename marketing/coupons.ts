/**
 * The coupons campaigns issue (triggers.ts writes them), as the other domains need them. Marketing
 * owns the table; commerce declares the wallet an order redeems from and push the redemptions an
 * offer shows, and server/app.ts hands these in, as marketing imports both.
 */
import type { CouponWallet, HeldCoupon } from '../commerce/index.js';
import type { CouponRedemptions } from '../push/index.js';

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
