/**
 * The one interface behind "products chosen for the shopper": campaigns ask a ranker and show
 * what it answers. Zone popularity is the first ranker; the ranking model will be another,
 * replacing it without touching marketing.
 */
import type { Tx } from '../db/pool.js';

export interface RankInput {
  tenantId: string;
  storeId: string;
  shopperId: string;
  /** The zone of the moment (id or name); none for arriving at or leaving the store. */
  zoneId?: string | undefined;
  count: number;
  now: Date;
}

/** Why a product was chosen, for the shopper's screen and the marketer's log. */
export type PickReason = 'popular_in_zone' | 'in_zone' | 'popular_in_store';

export interface RankedProduct {
  sku_id: string;
  code: string;
  name: string;
  image: string | null;
  /** What the shelf asks: the store's price, else the list price. */
  price_cents: number;
  /** What this shopper pays as a member, when their tier's price is lower; null otherwise. */
  member_price_cents: number | null;
  /** Where it sits in the store; null when it has no place on the map. */
  place: { level: number; shelf: string | null; slot: string | null } | null;
  reason: PickReason;
}

export interface ProductRanker {
  /** Up to `count` products in stock in the store, best first, each once; may be empty. */
  rank(tx: Tx, input: RankInput): Promise<RankedProduct[]>;
}
