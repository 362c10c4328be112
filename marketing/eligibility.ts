/**
 * Should this shopper get this campaign's offer now? One pure decision, in a fixed order so the
 * reason given for a skip is the first rule that failed. Consent is checked by the caller through
 * members' `hasConsent` and passed in, so this module stays free of I/O.
 */
import { seedFrom } from '../positioning/index.js';
import { localTime, minutesOf, WEEKDAYS } from '../stores/index.js';
import type { CampaignRules, SkipReason, Trigger } from './campaign.js';

export interface Moment {
  kind: Trigger['kind'];
  store_id: string;
  zone?: string;
  dwell_s?: number;
  at: Date;
}

export interface ShopperFacts {
  id: string;
  marketing_consent: boolean;
  /** Earlier visits to the brand's stores: 0 makes a new visitor. */
  visits_before: number;
  tags: string[];
  tier?: string | undefined;
  /** Month and day (MM-DD), when the member gave it. */
  birthday?: string | null | undefined;
  /** Whether the cart the shopper keeps is for the moment's store and holds something. */
  cart_here?: boolean | undefined;
  /** This campaign's pushes to the shopper within its cap window. */
  campaign_pushes_in_window: number;
  /** All campaigns' pushes to the shopper today (local day). */
  pushes_today: number;
}

export interface BrandLimits {
  /** Pushes to one shopper per day across all campaigns. */
  daily_pushes_per_shopper: number;
}

export type Decision = { outcome: 'push' } | { outcome: 'holdout' } | { outcome: 'skip'; reason: SkipReason };

/** Whether a local minute falls in a window that may cross midnight ("22:00"–"07:00"). */
export function inWindow(window: { from: string; to: string }, minute: number): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  return from <= to ? minute >= from && minute < to : minute >= from || minute < to;
}

function triggerMatches(trigger: Trigger, moment: Moment): boolean {
  if (trigger.kind !== moment.kind) return false;
  if (trigger.kind === 'store_arrival') return true;
  if (!moment.zone || !trigger.zones.includes(moment.zone)) return false;
  return trigger.kind !== 'zone_dwell' || (moment.dwell_s ?? 0) >= trigger.min_dwell_s;
}

/**
 * The same shopper always lands on the same side of a campaign's holdout. FNV-1a alone keeps
 * near-identical ids (s1, s2, …) close together, so its output goes through murmur3's finaliser
 * to spread them evenly over [0, 1).
 */
export function inHoldout(campaignId: string, shopperId: string, share: number): boolean {
  let h = seedFrom(`${campaignId}:${shopperId}`);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296 < share;
}

export function decide(
  rules: CampaignRules,
  moment: Moment,
  shopper: ShopperFacts,
  limits: BrandLimits,
): Decision {
  const skip = (reason: SkipReason): Decision => ({ outcome: 'skip', reason });
  if (rules.status !== 'active') return skip('not_active');
  if (rules.store_ids.length > 0 && !rules.store_ids.includes(moment.store_id)) return skip('other_store');
  if (!triggerMatches(rules.trigger, moment)) return skip('trigger_mismatch');

  const { schedule } = rules;
  const at = moment.at.getTime();
  if (at < Date.parse(schedule.starts_at) || at >= Date.parse(schedule.ends_at))
    return skip('outside_schedule');
  const local = localTime(rules.timezone, moment.at);
  if (schedule.weekdays && !schedule.weekdays.includes(WEEKDAYS.indexOf(local.weekday)))
    return skip('outside_schedule');
  if (schedule.hours && !inWindow(schedule.hours, local.minute)) return skip('outside_schedule');
  if (schedule.quiet_hours && inWindow(schedule.quiet_hours, local.minute)) return skip('quiet_hours');

  if (!shopper.marketing_consent) return skip('no_consent');
  const { audience } = rules;
  if (audience.visitors === 'new' && shopper.visits_before > 0) return skip('audience');
  if (audience.visitors === 'returning' && shopper.visits_before === 0) return skip('audience');
  if (audience.tags_any?.length && !audience.tags_any.some((t) => shopper.tags.includes(t)))
    return skip('audience');
  if (audience.tiers?.length && !(shopper.tier && audience.tiers.includes(shopper.tier)))
    return skip('audience');
  // The store's month (YYYY-MM-DD's MM) against the birthday's.
  if (audience.birthday_month && shopper.birthday?.slice(0, 2) !== local.date.slice(5, 7))
    return skip('audience');
  if (audience.cart_waiting && !shopper.cart_here) return skip('audience');

  if (shopper.campaign_pushes_in_window >= rules.caps.per_shopper) return skip('campaign_cap');
  if (shopper.pushes_today >= limits.daily_pushes_per_shopper) return skip('daily_cap');
  if (rules.budget_remaining !== null && rules.budget_remaining <= 0) return skip('budget_exhausted');
  return inHoldout(rules.id, shopper.id, rules.holdout) ? { outcome: 'holdout' } : { outcome: 'push' };
}
