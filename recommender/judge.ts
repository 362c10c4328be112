/**
 * Rankers judged on stores' moments, as the benchmark and the model card both report them: a moment
 * per trip of a known shopper (one step, chosen by the seeded stream), the store's whole sellable
 * shelf ranked for it by each ranker — random, the store's best sellers, zone popularity (the live
 * ranker's `pickProducts` on the same sales and placements; the products it does not name after it,
 * in shelf order) and the model through `score` — then HitRate, NDCG, MRR and coverage.
 */
import { createRandom, seedFrom } from '../positioning/index.js';
import { type Judged, type RankingMetrics, rankingMetrics } from './evaluation.js';
import { featureRows } from './features.js';
import { SHOPPER_DAYS, STORE_DAYS } from './fit.js';
import type { StoreData } from './history.js';
import { rankingMoments, sellable } from './moments.js';
import { pickProducts } from './scoring.js';
import { shuffled } from './shopping-sim.js';

/** Scores of `count` feature rows, higher first: the model, however it runs. */
export type Scorer = (rows: Float32Array, count: number) => Promise<Float32Array>;

export const RANKERS = ['random', 'store best sellers', 'zone popularity', 'model'] as const;
export type RankerName = (typeof RANKERS)[number];

export interface JudgedStore {
  name: string;
  data: StoreData;
  /** Moments of trips in [from, to). */
  from: number;
  to: number;
}

export async function judgeRankers(
  stores: readonly JudgedStore[],
  score: Scorer,
  options: { seed: string; rankers?: readonly RankerName[]; k?: number },
): Promise<Map<RankerName, RankingMetrics>> {
  const rankers = options.rankers ?? RANKERS;
  const judged = new Map<RankerName, Judged[]>(rankers.map((r) => [r, []]));
  const random = createRandom(seedFrom(`${options.seed}:random`));
  let assortment = 0;
  for (const s of stores) {
    const shelf = sellable(s.data);
    const skus = shelf.map((p) => p.sku_id);
    assortment += shelf.length;
    const days = rankingMoments(s.data, {
      from: s.from,
      to: s.to,
      storeDays: STORE_DAYS,
      shopperDays: SHOPPER_DAYS,
      oneStepPerTrip: true,
      seed: `${options.seed}:judge:${s.name}`,
    });
    for (const { store, moments } of days) {
      const bestSellers = [...shelf]
        .sort((a, b) => (store.units.get(b.sku_id) ?? 0) - (store.units.get(a.sku_id) ?? 0))
        .map((p) => p.sku_id);
      for (const m of moments) {
        const ranked = async (ranker: RankerName): Promise<string[]> => {
          if (ranker === 'random') return shuffled(random, skus);
          if (ranker === 'store best sellers') return bestSellers;
          if (ranker === 'zone popularity') {
            const picks = pickProducts(
              shelf.map((p) => ({
                sku_id: p.sku_id,
                code: p.sku_id,
                units_sold: store.units.get(p.sku_id) ?? 0,
                available: p.available,
                distance_m: m.moment.near.get(p.sku_id),
              })),
              shelf.length,
            ).map((p) => p.sku_id);
            const picked = new Set(picks);
            return [...picks, ...skus.filter((sku) => !picked.has(sku))];
          }
          const scores = await score(featureRows(store, m.shopper, m.moment, shelf), shelf.length);
          return skus
            .map((sku, i) => ({ sku, score: scores[i]! }))
            .sort((a, b) => b.score - a.score)
            .map((x) => x.sku);
        };
        for (const ranker of rankers)
          judged.get(ranker)!.push({ ranked: await ranked(ranker), targets: m.targets });
      }
    }
  }
  return new Map(rankers.map((r) => [r, rankingMetrics(judged.get(r)!, assortment, options.k)]));
}
