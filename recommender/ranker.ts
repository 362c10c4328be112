/**
 * The one interface behind "products chosen for the shopper": campaigns ask a ranker and show
 * what it answers. Zone popularity is the first ranker; the ranking model will be another,
 * replacing it without touching marketing.
 */
import type { Tx } from '../db/pool.js';
import type { RankedProduct } from './schemas.js';

export interface RankInput {
  tenantId: string;
  storeId: string;
  shopperId: string;
  /** The zone of the moment (id or name); none for arriving at or leaving the store. */
  zoneId?: string | undefined;
  count: number;
  now: Date;
}

export interface ProductRanker {
  /** Up to `count` products in stock in the store, best first, each once; may be empty. */
  rank(tx: Tx, input: RankInput): Promise<RankedProduct[]>;
}
