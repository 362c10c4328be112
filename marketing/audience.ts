/**
 * Audience size for the campaign editor, by the same criteria the live decision applies: consent
 * to location marketing (which needs location tracking too), the member tiers and tags asked
 * for, birthdays this month, a cart waiting (in any of the stores: the live decision asks for the
 * moment's), and new (never visited a store of the brand) or returning visitors.
 */
import { shoppersWithCarts } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { countConsenting, countShoppers, reachableShoppers } from '../members/index.js';
import { listStores, localTime } from '../stores/index.js';
import { shoppersWhoVisited } from '../visits/index.js';
import type { Audience } from './campaign.js';

export interface AudienceSize {
  /** The brand's shoppers. */
  shoppers: number;
  /** Of those, who allow location marketing. */
  consenting: number;
  /** Of those, who match the audience: the campaign's reach before holdout and caps. */
  reachable: number;
}

export async function audienceSize(tx: Tx, audience: Audience, now = new Date()): Promise<AudienceSize> {
  const shoppers = await countShoppers(tx);
  const consenting = await countConsenting(tx, 'location_marketing');
  let reach = await reachableShoppers(tx, {
    ...audience,
    birthday_month: audience.birthday_month ? await monthNow(tx, now) : undefined,
  });
  if (audience.cart_waiting) {
    // In any store: which store's cart is the moment's to tell.
    const carts = await shoppersWithCarts(tx, reach);
    reach = reach.filter((id) => carts.has(id));
  }
  if (audience.visitors !== 'any') {
    const visited = await shoppersWhoVisited(tx, reach);
    reach = reach.filter((id) => visited.has(id) === (audience.visitors === 'returning'));
  }
  return { shoppers, consenting, reachable: reach.length };
}

/** This month (MM) where the brand's stores are: the live decision reads each store's own clock. */
async function monthNow(tx: Tx, now: Date): Promise<string> {
  const [store] = await listStores(tx, now);
  return localTime(store?.timezone ?? 'UTC', now).date.slice(5, 7);
}
