/**
 * Marketing: geofenced campaigns. So far the pure core: the campaign's schemas, the decision
 * "push, hold out, or skip (and why)", the lifecycle, and lift against the holdout. Storage,
 * routes, the zone-event pipeline and reports come with the rest of issue 7.
 */
export {
  Audience,
  CAMPAIGN_STATUSES,
  type CampaignRules,
  type CampaignStatus,
  Caps,
  Offer,
  Schedule,
  Trigger,
} from './campaign.js';
export {
  type BrandLimits,
  type Decision,
  decide,
  inHoldout,
  inWindow,
  type Moment,
  type ShopperFacts,
  SKIP_REASONS,
  type SkipReason,
} from './eligibility.js';
export { canMove, statusAt } from './lifecycle.js';
export { type GroupOutcome, type Lift, liftAgainstHoldout } from './lift.js';
