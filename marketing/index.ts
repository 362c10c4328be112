/**
 * Marketing: geofenced campaigns. The pure core (the decision "push, hold out, or skip — and
 * why", the lifecycle, lift against the holdout), campaign storage and routes, the trigger
 * handler that turns a moment of a visit into offers, coupons, and the campaign report.
 */

export { type AudienceSize, audienceSize } from './audience.js';
export {
  Audience,
  CAMPAIGN_STATUSES,
  type CampaignRules,
  type CampaignStatus,
  Caps,
  Offer,
  Schedule,
  SKIP_REASONS,
  type SkipReason,
  Trigger,
} from './campaign.js';
export {
  campaignsInZones,
  changeStatus,
  createCampaign,
  getCampaign,
  listCampaigns,
  liveRules,
  refreshStatuses,
  updateCampaign,
} from './campaigns.js';
export { couponRedemptions, couponWallet } from './coupons.js';
export { demoQuietNote, seedDemoCampaigns } from './demo-campaigns.js';
export {
  type BrandLimits,
  type Decision,
  decide,
  inHoldout,
  inWindow,
  type Moment,
  type ShopperFacts,
} from './eligibility.js';
export { canMove, statusAt } from './lifecycle.js';
export { type GroupOutcome, type Lift, liftAgainstHoldout } from './lift.js';
export { campaignReport, type PurchaseLookup } from './report.js';
export { marketingRoutes } from './routes.js';
export type { Campaign, CampaignCreate, CampaignReport, CampaignUpdate } from './schemas.js';
export {
  type OfferToDeliver,
  offerPayload,
  onMoment,
  type TriggerInput,
  type TriggerOptions,
} from './triggers.js';
