/**
 * Marketing: geofenced campaigns, promotions, coupons, member prices, points mall, referrals.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
