/**
 * Audience size for the campaign editor. Consent is always applied (only shoppers who allow
 * location marketing, which needs location tracking too, can be reached). Visitor history, tags
 * and member tiers narrow it further once visits and tiers are recorded; until then the preview
 * says which criteria it could not apply.
 */
import type { Tx } from '../db/pool.js';
import { countConsenting, countShoppers } from '../members/index.js';
import type { Audience } from './campaign.js';

export interface AudienceSize {
  shoppers: number;
  consenting: number;
  not_applied: string[];
}

export async function consentingShoppers(tx: Tx, audience: Audience): Promise<AudienceSize> {
  const shoppers = await countShoppers(tx);
  const consenting = await countConsenting(tx, 'location_marketing');
  const notApplied = [
    ...(audience.visitors !== 'any' ? ['visitors'] : []),
    ...(audience.tags_any?.length ? ['tags_any'] : []),
    ...(audience.tiers?.length ? ['tiers'] : []),
  ];
  return { shoppers, consenting, not_applied: notApplied };
}
