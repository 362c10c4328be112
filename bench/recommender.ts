/**
 * The offer ranker offline, on the shopping simulator: trained on three stores' weeks 3–4 (figures
 * from the two weeks before each day), then judged (a) on the same stores' week 5 and (b) on three
 * stores it never saw (other assortments, prices, shoppers, more noise, one without zone passes),
 * weeks 3–5, beside three baselines on the same moments: random, the store's best sellers, and
 * zone popularity (the live ranker's `pickProducts` on the same sales and placements). The model is
 * scored through onnxruntime-node from the exported file's bytes, not by the TypeScript that trained
 * it. Last, candidates scored per second by onnxruntime in batches of one moment's shelf.
 *   npm run bench:recommender
 * Prints the tables, then one JSON line; its headline figures are the model's on unseen stores.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { createRandom, seedFrom } from '../positioning/index.js';
import {
  DAY_MS,
  FEATURE_COUNT,
  featureRows,
  fitRanker,
  type Judged,
  modelToOnnx,
  pickProducts,
  type RankingMetrics,
  rankingMetrics,
  rankingMoments,
  SIM_START,
  type SimulatedStore,
  sellable,
  simulatedChain,
} from '../recommender/index.js';
import { markdownTable } from './table.js';

const SEED = 'bench-recommender';
const DAYS = 35;
const TRAIN = { from: SIM_START + 14 * DAY_MS, to: SIM_START + 28 * DAY_MS };
const LATER = { from: SIM_START + 28 * DAY_MS, to: SIM_START + DAYS * DAY_MS };
const UNSEEN = { from: SIM_START + 14 * DAY_MS, to: SIM_START + DAYS * DAY_MS };
const K = 5;

type Scorer = (rows: Float32Array, count: number) => Promise<Float32Array>;

const start = performance.now();
const chain = simulatedChain(SEED, DAYS);
const fit = fitRanker(
  chain.training.map((s) => ({ name: s.name, data: s.data, ...TRAIN })),
  { seed: SEED },
);
const bytes = modelToOnnx(fit.model);
const session = await InferenceSession.create(bytes);
const onnxScores: Scorer = async (rows, count) => {
  const out = await session.run({ features: new Tensor('float32', rows, [count, FEATURE_COUNT]) });
  return out.score!.data as Float32Array;
};
const trainedS = (performance.now() - start) / 1000;

const RANKERS = ['random', 'store best sellers', 'zone popularity', 'ONNX model'] as const;
type Ranker = (typeof RANKERS)[number];

/** Every ranker's judgement of every moment of these stores in the window. */
async function judge(stores: readonly SimulatedStore[], window: { from: number; to: number }) {
  const judged = new Map<Ranker, Judged[]>(RANKERS.map((r) => [r, []]));
  const random = createRandom(seedFrom(`${SEED}:random`));
  let assortment = 0;
  for (const { name, data } of stores) {
    const shelf = sellable(data);
    assortment += shelf.length;
    const days = rankingMoments(data, {
      ...window,
      storeDays: 14,
      shopperDays: 90,
      oneStepPerTrip: true,
      seed: `${SEED}:judge:${name}`,
    });
    for (const { store, moments } of days) {
      const bestSellers = [...shelf]
        .sort((a, b) => (store.units.get(b.sku_id) ?? 0) - (store.units.get(a.sku_id) ?? 0))
        .map((p) => p.sku_id);
      for (const m of moments) {
        const add = (ranker: Ranker, ranked: string[]) =>
          judged.get(ranker)!.push({ ranked, targets: m.targets });
        add(
          'random',
          shuffle(
            random,
            shelf.map((p) => p.sku_id),
          ),
        );
        add('store best sellers', bestSellers);
        // Zone popularity names what it has (zone, then sold); the rest follow in shelf order.
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
        add('zone popularity', [...picks, ...shelf.map((p) => p.sku_id).filter((s) => !picked.has(s))]);
        const scores = await onnxScores(featureRows(store, m.shopper, m.moment, shelf), shelf.length);
        add(
          'ONNX model',
          shelf
            .map((p, i) => ({ sku: p.sku_id, score: scores[i]! }))
            .sort((a, b) => b.score - a.score)
            .map((x) => x.sku),
        );
      }
    }
  }
  return new Map(RANKERS.map((r) => [r, rankingMetrics(judged.get(r)!, assortment, K)]));
}

function shuffle<T>(random: { next(): number }, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const f3 = (x: number) => x.toFixed(3);
const table = (results: Map<Ranker, RankingMetrics>) =>
  markdownTable(
    ['ranker', 'moments', `HitRate@${K}`, `NDCG@${K}`, 'MRR', 'coverage'],
    RANKERS.map((r) => {
      const m = results.get(r)!;
      return [r, String(m.moments), f3(m.hit), f3(m.ndcg), f3(m.mrr), f3(m.coverage)];
    }),
  );

const seen = await judge(chain.training, LATER);
const unseen = await judge(chain.unseen, UNSEEN);

// Throughput: one supermarket moment's shelf per run, as the live ranker asks.
const shelfSize = sellable(chain.unseen[1]!.data).length;
const rows = new Float32Array(shelfSize * FEATURE_COUNT).map((_, i) => Math.sin(i));
let scored = 0;
const clock = performance.now();
while (performance.now() - clock < 2000) {
  await onnxScores(rows, shelfSize);
  scored += shelfSize;
}
const scoresPerS = scored / ((performance.now() - clock) / 1000);

const describe = (stores: readonly SimulatedStore[]) =>
  stores
    .map((s) => `${s.name} (${sellable(s.data).length} products, ${s.data.trips.length} trips)`)
    .join(', ');
console.log(`Trained on ${describe(chain.training)}`);
console.log(
  `  ${fit.examples.moments} moments, ${fit.examples.train} training rows, ${fit.examples.validation} validation rows; ` +
    `best epoch ${fit.bestEpoch + 1} of ${fit.epochs.length} (validation cross-entropy ${f3(fit.epochs[fit.bestEpoch]!.validation)}); ` +
    `${bytes.length} bytes of ONNX; ${trainedS.toFixed(1)} s`,
);
console.log(`\n### Same stores, the week after training (days 29–35)\n\n${table(seen)}`);
console.log(`\n### Unseen stores: ${describe(chain.unseen)}, days 15–35\n\n${table(unseen)}`);
console.log(
  `\nONNX scoring: ${Math.round(scoresPerS)} candidates/s in batches of ${shelfSize} (onnxruntime-node, one session)`,
);
console.log(`Total ${((performance.now() - start) / 1000).toFixed(1)} s\n`);

const model = unseen.get('ONNX model')!;
console.log(
  JSON.stringify({
    ndcg_at_5: Number(f3(model.ndcg)),
    hit_at_5: Number(f3(model.hit)),
    ndcg_vs_best_sellers: Number((model.ndcg / unseen.get('store best sellers')!.ndcg).toFixed(2)),
    unseen_ndcg_at_5: Number(f3(model.ndcg)),
    seen_ndcg_at_5: Number(f3(seen.get('ONNX model')!.ndcg)),
    scores_per_s: Math.round(scoresPerS),
  }),
);
