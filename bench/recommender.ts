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
import { InferenceSession } from 'onnxruntime-node';
import {
  DAY_MS,
  FEATURE_COUNT,
  fitRanker,
  judgeRankers,
  modelToOnnx,
  onnxScorer,
  RANKERS,
  type RankerName,
  type RankingMetrics,
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

const start = performance.now();
const chain = simulatedChain(SEED, DAYS);
const fit = fitRanker(
  chain.training.map((s) => ({ name: s.name, data: s.data, ...TRAIN })),
  { seed: SEED },
);
const bytes = modelToOnnx(fit.model);
const score = onnxScorer(await InferenceSession.create(bytes));
const trainedS = (performance.now() - start) / 1000;

/** Every ranker's judgement of every moment of these stores in the window. */
const judge = (stores: readonly SimulatedStore[], window: { from: number; to: number }) =>
  judgeRankers(
    stores.map((s) => ({ name: s.name, data: s.data, ...window })),
    score,
    { seed: SEED, k: K },
  );

const f3 = (x: number) => x.toFixed(3);
const label = (r: RankerName) => (r === 'model' ? 'ONNX model' : r);
const table = (results: Map<RankerName, RankingMetrics>) =>
  markdownTable(
    ['ranker', 'moments', `HitRate@${K}`, `NDCG@${K}`, 'MRR', 'coverage'],
    RANKERS.map((r) => {
      const m = results.get(r)!;
      return [label(r), String(m.moments), f3(m.hit), f3(m.ndcg), f3(m.mrr), f3(m.coverage)];
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
  await score(rows, shelfSize);
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

const model = unseen.get('model')!;
console.log(
  JSON.stringify({
    ndcg_at_5: Number(f3(model.ndcg)),
    hit_at_5: Number(f3(model.hit)),
    ndcg_vs_best_sellers: Number((model.ndcg / unseen.get('store best sellers')!.ndcg).toFixed(2)),
    unseen_ndcg_at_5: Number(f3(model.ndcg)),
    seen_ndcg_at_5: Number(f3(seen.get('model')!.ndcg)),
    scores_per_s: Math.round(scoresPerS),
  }),
);
