/**
 * `npm run train:recommender -- [--database <url>] [--synthetic] [--seed N] [--days N] --out models/<name>.onnx`
 *
 * Trains the offer ranker and writes it with its model card (`<name>.md` beside it): on every
 * store of a database (each brand's orders, till receipts, shelves and tiers, read through the
 * domains' front doors), on the shopping simulator's training chain (`--synthetic`), or on both.
 * Either way, the card reports the model on held-out data: the simulator's unseen stores (always
 * judged, whatever it trained on) and the later days of what it trained on.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InferenceSession } from 'onnxruntime-node';
import { createDb, type Db } from '../db/pool.js';
import { memberFacts } from '../members/index.js';
import { listStores } from '../stores/index.js';
import { listTenants } from '../tenancy/index.js';
import type { RankingMetrics } from './evaluation.js';
import { FEATURE_COUNT, FEATURES } from './features.js';
import { type FitStore, fitRanker, SHOPPER_DAYS, STORE_DAYS } from './fit.js';
import { DAY_MS, type StoreData } from './history.js';
import { type JudgedStore, judgeRankers } from './judge.js';
import { sellable } from './moments.js';
import { modelToOnnx } from './onnx-export.js';
import { onnxScorer, ZONE_REACH_M } from './onnx-ranker.js';
import { SIM_START, simulatedChain } from './shopping-sim.js';
import { storePast, storeShelf, zoneReach } from './store-history.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    synthetic: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    days: { type: 'string', default: '28' },
    out: { type: 'string' },
  },
});
if (!values.out?.endsWith('.onnx') || (!values.database && !values.synthetic)) {
  console.error(
    'usage: npm run train:recommender -- [--database <url>] [--synthetic] [--seed N] [--days N] --out models/<name>.onnx',
  );
  process.exit(2);
}
const out = values.out;
const seed = `train:${values.seed}`;
const days = Number(values.days);
if (!Number.isInteger(days) || days <= STORE_DAYS) {
  console.error(`--days must be a whole number above ${STORE_DAYS} (the days of sales behind each moment)`);
  process.exit(2);
}
const now = Date.now();
/** The simulated chain: 5 weeks; trained on days 15–28, judged on days 29–35 and on the unseen stores. */
const SIM_DAYS = 35;
const SIM_TRAIN = { from: SIM_START + 14 * DAY_MS, to: SIM_START + 28 * DAY_MS };
const SIM_LATER = { from: SIM_START + 28 * DAY_MS, to: SIM_START + SIM_DAYS * DAY_MS };

interface Source extends FitStore {
  /** Days after training, for the card's figures on later days. */
  later: { from: number; to: number };
}

/** Each store of each brand in the database, its last `days` days: the first ones train, the last week judges. */
async function databaseStores(db: Db): Promise<Source[]> {
  const stores: Source[] = [];
  for (const tenant of await db.platform(listTenants)) {
    await db.tenant(tenant.id, async (tx) => {
      for (const store of await listStores(tx)) {
        const past = await storePast(tx, store.id, new Date(now), days);
        const { shelf, idsByCode } = await storeShelf(tx, store.id);
        // The products within reach of each zone shoppers passed (as the live ranker reads them).
        const near = new Map<string, Map<string, number>>();
        for (const zone of new Set(past.trips.flatMap((t) => t.steps.flatMap((st) => st.zone ?? [])))) {
          near.set(zone, await zoneReach(tx, store.id, zone, ZONE_REACH_M, idsByCode));
        }
        // The database keeps a shopper's tier of today, not of each past day: today's stands in.
        const tiers = new Map<string, string | null>();
        for (const trip of past.trips)
          if (trip.shopper !== null && !tiers.has(trip.shopper))
            tiers.set(trip.shopper, (await memberFacts(tx, trip.shopper)).tier);
        const data: StoreData = {
          tiers: past.tiers,
          shelf,
          near,
          trips: past.trips.map((t) => ({
            ...t,
            tier: t.shopper === null ? null : (tiers.get(t.shopper) ?? null),
          })),
        };
        const start = now - days * DAY_MS;
        stores.push({
          name: `${tenant.slug}/${store.code}`,
          data,
          from: start + STORE_DAYS * DAY_MS,
          to: now - 7 * DAY_MS,
          later: { from: now - 7 * DAY_MS, to: now },
        });
      }
    });
  }
  return stores;
}

const sources: Source[] = [];
if (values.database) {
  const db = createDb(values.database, { max: 2 });
  try {
    sources.push(...(await databaseStores(db)));
  } finally {
    await db.close();
  }
}
const chain = simulatedChain(seed, SIM_DAYS);
if (values.synthetic)
  sources.push(
    ...chain.training.map((s) => ({
      name: `simulated/${s.name}`,
      data: s.data,
      ...SIM_TRAIN,
      later: SIM_LATER,
    })),
  );

const fit = fitRanker(sources, { seed });
const trainedAt = new Date().toISOString();
const bytes = modelToOnnx(fit.model, {
  trained_at: trainedAt,
  seed: values.seed,
  training: sources.map((s) => s.name).join(','),
});
writeFileSync(out, bytes);
const score = onnxScorer(await InferenceSession.create(bytes));

/** The model (through onnxruntime, from the file's bytes) beside the store's best sellers. */
const judge = async (stores: readonly JudgedStore[]) => {
  const results = await judgeRankers(stores, score, { seed, rankers: ['store best sellers', 'model'] });
  return { model: results.get('model')!, bestSellers: results.get('store best sellers')! };
};

const laterOf = (simulated: boolean) =>
  judge(
    sources
      .filter((s) => s.name.startsWith('simulated/') === simulated)
      .map((s) => ({ name: s.name, data: s.data, ...s.later })),
  );
const later = { database: await laterOf(false), simulated: await laterOf(true) };
const unseen = await judge(
  chain.unseen.map((s) => ({
    name: `simulated/${s.name}`,
    data: s.data,
    from: SIM_START + 14 * DAY_MS,
    to: SIM_LATER.to,
  })),
);

const f3 = (x: number) => x.toFixed(3);
const row = (what: string, m: RankingMetrics) =>
  `| ${what} | ${m.moments} | ${f3(m.hit)} | ${f3(m.ndcg)} | ${f3(m.mrr)} | ${f3(m.coverage)} |`;
// Rows for the sources trained on only; the unseen stores are always judged.
const rows = (
  [
    ["the database's stores, their last 7 days", later.database],
    ['simulated training stores, days 29–35', later.simulated],
    ['unseen simulated stores', unseen],
  ] as const
)
  .filter(([, judged]) => judged.model.moments > 0)
  .flatMap(([what, judged]) => [
    row(`${what}: model`, judged.model),
    row(`${what}: best sellers`, judged.bestSellers),
  ])
  .join('\n');
const command = `npm run train:recommender -- ${process.argv.slice(2).join(' ')}`;
const name = out.replace(/^.*\//, '').replace(/\.onnx$/, '');
const card = `# ${name}

The offer ranker (\`recommender/onnx-ranker.ts\` serves it): for one moment of a shopper in a store, a score in (0, 1)
per candidate product, higher to show first. ONNX, opset 13: input \`features\` float [N, ${FEATURE_COUNT}], output
\`score\` float [N, 1]; standardisation, ${fit.model.hidden} tanh units and a sigmoid in the graph. ${bytes.length} bytes.

- Trained: ${trainedAt}, seed ${values.seed}
- Command: \`${command}\`
- Training data: ${sources.map((s) => `${s.name} (${sellable(s.data).length} products, ${s.data.trips.length} trips)`).join('; ')}
- Examples: ${fit.examples.moments} moments → ${fit.examples.train} training rows and ${fit.examples.validation} validation rows
  (each moment's bought products and 10 sampled sellable products it did not buy; validation: 20% of shoppers)
- Training: Adam on binary cross-entropy with L2; best validation loss ${f3(fit.epochs[fit.bestEpoch]!.validation)} at
  epoch ${fit.bestEpoch + 1} of ${fit.epochs.length} (stopped early)

## Features

In this order (\`recommender/features.ts\` says how each is computed): ${FEATURES.map((f) => `\`${f}\``).join(', ')}.
Each store's figures from its ${STORE_DAYS} days of sales before the moment's day, each shopper's from their ${SHOPPER_DAYS}.

## Held-out figures

A moment per trip of a known shopper (a zone passed, or a line of an order); its targets, what the trip bought from
then on; the store's whole sellable shelf ranked through onnxruntime. Beside it, the store's best sellers.

| data | moments | HitRate@5 | NDCG@5 | MRR | coverage |
| --- | --- | --- | --- | --- | --- |
${rows}

${
  later.database.model.moments > 0 && later.database.model.ndcg < later.database.bestSellers.ndcg
    ? `On the database's last days the model ranks below the best sellers (${later.database.model.moments} moments): where baskets
follow the store's popularity alone, as the demo history's do, the best sellers are the right answer and anything
personal is noise.

`
    : ''
}What each source teaches: from the database, an order or a till receipt is a trip, a step per line, and a
recognised visit with zone passes (visits' zones) a trip of its zones, then what its shopper paid for during it.
The demo chain's history imports visits without zones, so there the zone features (\`in_zone\`, \`zone_closeness\`,
\`zone_lift\`) are learnt from the simulator's stores only. The demo chain's history
(db/demo-history-plan.ts) draws each basket from the store's family weights, the same for every shopper, with no
taste, repeat buying or price sensitivity of a shopper's own: from it the model learns the store's popularity, its
hours and basket sizes, not habits; the simulator's shoppers, with latent tastes, teach those. A real brand's
history, trained on with \`--database\`, would teach its own.

The unseen stores are the shopping simulator's (\`simulatedChain\`, seed ${seed}): a convenience store, a supermarket
without zone passes and a boutique with their own assortments and shoppers and more noise than the training stores,
days 15–35.

## Benchmark

\`npm run bench:recommender\` trains a model the same way on the simulator's training stores alone and judges it,
scored through onnxruntime, beside random, the store's best sellers and zone popularity on the same moments, in the
stores it trained in and in three it never saw: its latest run is in docs/benchmarks.md, Recommender.
`;
writeFileSync(out.replace(/\.onnx$/, '.md'), card);
console.log(card);
