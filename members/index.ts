/**
 * Members: shopper accounts from WeChat login, and consent — the one place the rest of the
 * product asks whether a shopper's location may be tracked or used for marketing.
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
export { memberRoutes } from './routes.js';
export { countShoppers, getShopper, type Shopper, shopperOpenid, upsertShopper } from './shoppers.js';
export { codeToSession, type WechatIdentity } from './wechat-session.js';
