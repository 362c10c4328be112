/**
 * Recommender: products chosen for a shopper, behind one interface (`ProductRanker`). Built: zone
 * popularity (products in or near the shopper's zone by recent sales, then the store's best
 * sellers). The ONNX ranking model is not built yet; it will be another `ProductRanker`.
 *
 * Front door of the domain: other folders import from here only.
 */
export type { ProductRanker, RankInput } from './ranker.js';
export { PickReason, RankedProduct } from './schemas.js';
export { type Candidate, nameLine, type Pick, pickProducts } from './scoring.js';
export { type ZonePopularityOptions, zonePopularity } from './zone-popularity.js';
