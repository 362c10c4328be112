/**
 * Members: shopper accounts from WeChat login; consent — the one place the rest of the product
 * asks whether a shopper's location may be tracked or used for marketing; memberships with the
 * brand's tier ladder, a points ledger and staff tags; each shopper's book of delivery addresses.
 */
export {
  CONSENT_PURPOSES,
  type ConsentPurpose,
  type ConsentState,
  countConsenting,
  currentConsents,
  effectiveConsent,
  hasConsent,
  recordConsent,
} from './consent.js';
export { seedDemoMembers } from './demo-members.js';
export { MemberTaken, PointsInsufficient, TierTaken, TierUnknown } from './errors.js';
export {
  ensureMembership,
  findMembers,
  type MemberCard,
  memberCardsOf,
  memberFacts,
  membershipByNumber,
  membershipIdsOf,
  reachableShoppers,
  setOwnBirthday,
  shopperTier,
  updateMember,
  upsertImportedMember,
} from './memberships.js';
export {
  earnPointsForOrder,
  importPointsBalance,
  type PaidOrder,
  postMemberSpend,
  reversePointsForOrder,
} from './points.js';
export { revokeReferral, rewardReferral } from './referrals.js';
export { memberRoutes } from './routes.js';
export { MemberNo, Phone, TierCode } from './schemas.js';
export {
  countShoppers,
  getShopper,
  type Shopper,
  shopperOfOpenid,
  shopperOpenid,
  upsertShopper,
} from './shoppers.js';
export { listTiers } from './tiers.js';
export { codeToSession, type WechatIdentity } from './wechat-session.js';
