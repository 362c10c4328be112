/**
 * Recommender: products chosen for a shopper, behind one interface (`ProductRanker`). Built: zone
 * popularity (products in or near the shopper's zone by recent sales, then the store's best
 * sellers). The ONNX ranking model is not built yet; it will be another `ProductRanker`.
 *
 * Front door of the domain: other folders import from here only.
 */
export { type Judged, type RankingMetrics, rankingMetrics } from './evaluation.js';
export { FEATURE_COUNT, FEATURES, featureRows, type Moment } from './features.js';
export { type FitOptions, type FitReport, type FitStore, fitRanker } from './fit.js';
export {
  DAY_MS,
  type ShelfProduct,
  type ShopperFacts,
  type StoreData,
  type StoreFacts,
  shopperFacts,
  storeFacts,
  type Trip,
  type TripStep,
} from './history.js';
export { rankingMoments, sellable } from './moments.js';
export { modelToOnnx } from './onnx-export.js';
export type { ProductRanker, RankInput } from './ranker.js';
export { PickReason, RankedProduct } from './schemas.js';
export { type Candidate, nameLine, type Pick, pickProducts } from './scoring.js';
export {
  SIM_START,
  type SimulatedStore,
  type StoreKind,
  simulatedChain,
  simulateStore,
} from './shopping-sim.js';
export { type RankingModel, scoreRows, type TrainingSet, trainRanker } from './train.js';
export { type ZonePopularityOptions, zonePopularity } from './zone-popularity.js';
