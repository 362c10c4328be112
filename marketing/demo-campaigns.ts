/**
 * The demo brand's campaigns, so that a marketer opening the demo finds live examples: a welcome
 * on arrival, a coupon at the tills with a holdout to measure lift, products picked for a shopper
 * waiting at the tills (what sits there, by the store's sales), and a coffee coupon for a shopper
 * lingering at a coffee counter, judged by the coffee it sold against its holdout. Idempotent by name.
 */
import { COFFEE_CATEGORY, listCategories } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { clockOf, localTime } from '../stores/index.js';
import { COFFEE_COUNTER_ZONE, loadVenueMap } from '../venues/index.js';
import { changeStatus, createCampaign, listCampaigns } from './campaigns.js';
import { inWindow } from './eligibility.js';
import type { CampaignCreate } from './schemas.js';

/** When the demo's campaigns hold their offers, in the demo stores' local time: no pushes at night. */
const QUIET_HOURS = { from: '22:00', to: '08:00' };

const SCHEDULE = {
  starts_at: '2026-01-01T00:00:00+08:00',
  ends_at: '2027-12-31T23:59:59+08:00',
  quiet_hours: QUIET_HOURS,
};

/**
 * What `npm start` tells a new user while the demo campaigns are in their quiet hours at the demo stores
 * (`timeZone`): their simulated shoppers trigger them all the same, and every trigger shows as skipped
 * in the reports, which would otherwise look broken. Null outside the quiet hours.
 */
export function demoQuietNote(now: Date, timeZone: string): string | null {
  const { minute } = localTime(timeZone, now);
  if (!inWindow(QUIET_HOURS, minute)) return null;
  return `it is ${clockOf(minute)} at the demo stores (${timeZone}), in the campaigns' quiet hours (${QUIET_HOURS.from}–${QUIET_HOURS.to}): offers go out from ${QUIET_HOURS.to}, and until then the reports count the triggers as skipped`;
}

export async function seedDemoCampaigns(
  tx: Tx,
  tenantId: string,
  storeIds: readonly string[],
): Promise<string[]> {
  const existing = new Set((await listCampaigns(tx)).map((c) => c.name));
  const tills: string[] = [];
  const counters: string[] = [];
  const counterStores: string[] = [];
  for (const id of storeIds) {
    const zones = (await loadVenueMap(tx, id)).features.filter((f) => f.kind === 'zone');
    tills.push(...zones.filter((f) => f.name === 'Tills').map((f) => f.id));
    const counter = zones.filter((f) => f.name === COFFEE_COUNTER_ZONE).map((f) => f.id);
    counters.push(...counter);
    if (counter.length > 0) counterStores.push(id);
  }
  const coffee = (await listCategories(tx)).find((c) => c.name === COFFEE_CATEGORY)?.id;
  const campaigns: CampaignCreate[] = [
    {
      name: 'Welcome to FreshMart',
      trigger: { kind: 'store_arrival' },
      schedule: SCHEDULE,
      caps: { per_shopper: 1, window_h: 24 },
      offer: {
        kind: 'content',
        title: 'Welcome to FreshMart',
        body: 'Bread fresh from the oven until 11:00',
      },
    },
  ];
  if (tills.length > 0) {
    campaigns.push({
      name: 'Checkout treat',
      trigger: { kind: 'zone_enter', zones: tills },
      schedule: SCHEDULE,
      caps: { per_shopper: 1, window_h: 168 },
      offer: {
        kind: 'coupon',
        title: '¥3 off your next basket',
        discount_cents: 300,
        min_spend_cents: 2000,
        valid_days: 14,
      },
      budget_total: 500,
      holdout: 0.1,
    });
    campaigns.push({
      name: 'Fresh picks at the tills',
      trigger: { kind: 'zone_dwell', zones: tills, min_dwell_s: 20 },
      schedule: SCHEDULE,
      caps: { per_shopper: 1, window_h: 24 },
      offer: { kind: 'products', title: 'Fresh today, right by the tills', count: 3 },
    });
  }
  if (counters.length > 0 && coffee) {
    campaigns.push({
      name: 'Coffee at the counter',
      store_ids: counterStores,
      trigger: { kind: 'zone_dwell', zones: counters, min_dwell_s: 10 },
      schedule: SCHEDULE,
      caps: { per_shopper: 1, window_h: 24 },
      offer: {
        kind: 'coupon',
        title: '¥5 off a coffee at the counter',
        discount_cents: 500,
        min_spend_cents: 1500,
        valid_days: 1,
      },
      // A fifth held out: enough shoppers in both groups to see whether the coupon sold coffee.
      holdout: 0.2,
      // Judged by the coffee it sold, not by whatever else the shopper bought.
      attribution: { sku_ids: [], category_ids: [coffee] },
    });
  }
  const created: string[] = [];
  for (const campaign of campaigns) {
    if (existing.has(campaign.name)) continue;
    const { id } = await createCampaign(tx, tenantId, campaign);
    await changeStatus(tx, id, 'scheduled');
    created.push(`campaign "${campaign.name}"`);
  }
  return created;
}
