/**
 * Recommender: products chosen for a shopper, behind one interface (`ProductRanker`). Two rankers:
 * zone popularity (products in or near the shopper's zone by recent sales, then the store's best
 * sellers) and the ranking model (`onnxRanker`, the campaigns' default through `defaultRanker()`):
 * a feature vector per (moment, candidate) — who, where, when, basket, the product, all relative
 * (features.ts) — scored by an ONNX model in one onnxruntime session, falling back to zone
 * popularity when it cannot. Around it, pure and I/O-free: a store's past as trips (history.ts), ranking
 * moments and training sets (moments.ts), the MLP's training (train.ts, fit.ts), its ONNX export
 * (onnx-export.ts), ranking metrics (evaluation.ts) and a shopping simulator for offline training and
 * judging (shopping-sim.ts). The database side: store-history.ts; the CLI: train-cli.ts.
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
export { type JudgedStore, judgeRankers, RANKERS, type RankerName, type Scorer } from './judge.js';
export { rankingMoments, sellable } from './moments.js';
export { modelToOnnx } from './onnx-export.js';
export {
  DEFAULT_MODEL_PATH,
  defaultRanker,
  type OnnxRankerOptions,
  onnxRanker,
  onnxScorer,
} from './onnx-ranker.js';
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
