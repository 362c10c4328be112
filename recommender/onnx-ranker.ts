/**
 * The ranking model as a `ProductRanker`: the ONNX file loaded once into one onnxruntime session;
 * for each moment, every product the store can sell now is a candidate, its features built from the
 * database (the store's sales of the last two weeks, the shopper's orders and visits, their tier, the
 * zone's placements, the store's clock) and all scored in one batched `run` — onnxruntime works off
 * the event loop's thread, so the live path only awaits it. The best `count` are offered "for you".
 *
 * Zone popularity answers instead when the model file is missing or will not load (said once in
 * the log), for a shopper the brand does not know, and in a store that sold nothing lately (every
 * figure the model reads of a store is a share of its sales). The moment's cart is the one the
 * mini-program keeps on the server for this store (empty when it keeps none, as in most of the training).
 */
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { cartLinesAt, saleLines } from '../commerce/index.js';
import type { Tx } from '../db/pool.js';
import { getShopper, memberFacts } from '../members/index.js';
import { localTime, WEEKDAYS } from '../stores/index.js';
import { visitsBefore } from '../visits/index.js';
import { FEATURE_COUNT, featureRows, type Moment } from './features.js';
import { SHOPPER_DAYS, STORE_DAYS } from './fit.js';
import { DAY_MS, NO_HISTORY, shopperFacts, storeFacts, tierLevel } from './history.js';
import type { Scorer } from './judge.js';
import { rankedProducts } from './ranked-products.js';
import type { ProductRanker, RankInput } from './ranker.js';
import type { RankedProduct } from './schemas.js';
import { type StorePast, storePast, storeShelf, tripsOf, zoneReach } from './store-history.js';
import { zonePopularity } from './zone-popularity.js';

/** The model the repository ships, trained by `npm run train:recommender` (see its card beside it). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../models/offer-ranker.onnx', import.meta.url));

export interface OnnxRankerOptions {
  /** The ONNX file; the shipped model unless given. */
  modelPath?: string;
  /** What answers when the model cannot: zone popularity unless given. */
  fallback?: ProductRanker;
  /** How far from the zone's edge a product still counts as in it (as zone popularity's). */
  withinM?: number;
  /** How long a store's past (its sales as trips) is reused: it hardly moves in a minute. */
  pastTtlMs?: number;
  /** Where the one line saying the model did not load goes. */
  warn?: (message: string) => void;
}

/** A session's scores of feature rows: one batched run. */
export const onnxScorer =
  (session: InferenceSession): Scorer =>
  async (rows, count) =>
    (await session.run({ features: new Tensor('float32', rows, [count, FEATURE_COUNT]) })).score!
      .data as Float32Array;

/** How far from a zone's edge a product counts as in it, unless told: a shopper's reach and a glance. */
export const ZONE_REACH_M = 3;

export function onnxRanker(options: OnnxRankerOptions = {}): ProductRanker {
  const modelPath = options.modelPath ?? DEFAULT_MODEL_PATH;
  const withinM = options.withinM ?? ZONE_REACH_M;
  const ttlMs = options.pastTtlMs ?? 60_000;
  const fallback = options.fallback ?? zonePopularity({ withinM, days: STORE_DAYS });
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const pasts = new Map<string, { at: number; past: StorePast }>();
  let session: Promise<InferenceSession | undefined> | undefined;

  async function load(): Promise<InferenceSession | undefined> {
    try {
      const loaded = await InferenceSession.create(modelPath);
      if (loaded.inputNames[0] !== 'features' || loaded.outputNames[0] !== 'score')
        throw new Error(
          `expected input features and output score, found ${loaded.inputNames} → ${loaded.outputNames}`,
        );
      return loaded;
    } catch (error) {
      warn(
        `offer ranker: ${modelPath} not loaded (${(error as Error).message}); zone popularity ranks instead`,
      );
      return undefined;
    }
  }

  async function pastOf(tx: Tx, input: RankInput): Promise<StorePast> {
    const key = `${input.tenantId}/${input.storeId}`;
    const now = input.now.getTime();
    const hit = pasts.get(key);
    if (hit && Math.abs(now - hit.at) < ttlMs) return hit.past;
    const past = await storePast(tx, input.storeId, input.now, STORE_DAYS);
    pasts.set(key, { at: now, past });
    return past;
  }

  return {
    async rank(tx: Tx, input: RankInput): Promise<RankedProduct[]> {
      session ??= load();
      const model = await session;
      if (!model || !(await getShopper(tx, input.shopperId))) return fallback.rank(tx, input);

      const now = input.now.getTime();
      const past = await pastOf(tx, input);
      const { shelf, items, idsByCode } = await storeShelf(tx, input.storeId);
      const data = { tiers: past.tiers, shelf, near: new Map(), trips: past.trips };
      const store = storeFacts(data, now - STORE_DAYS * DAY_MS, now);
      if (store.totalUnits <= 0) return fallback.rank(tx, input);
      const since = now - SHOPPER_DAYS * DAY_MS;
      const mine = tripsOf(
        await saleLines(tx, { shopper_id: input.shopperId }, new Date(since), input.now),
        past.timezone,
      );
      const bought =
        shopperFacts({ ...data, trips: mine }, store, since, now).get(input.shopperId) ?? NO_HISTORY;
      // Visits the beacons recognised count too, bought or not.
      const visits = Math.max(bought.visits, await visitsBefore(tx, input.shopperId, input.now));
      const { tier } = await memberFacts(tx, input.shopperId);
      const local = localTime(past.timezone, input.now);
      const moment: Moment = {
        at: now,
        hour: Math.floor(local.minute / 60),
        weekday: WEEKDAYS.indexOf(local.weekday),
        tier,
        tierLevel: tierLevel(past.tiers, tier),
        zone: input.zoneId,
        near: input.zoneId ? await zoneReach(tx, input.storeId, input.zoneId, withinM, idsByCode) : new Map(),
        cart: await cartLinesAt(tx, input.shopperId, input.storeId),
      };

      const candidates = shelf.filter((p) => p.available > 0);
      if (candidates.length === 0) return [];
      const rows = featureRows(store, { ...bought, visits }, moment, candidates);
      const scores = await onnxScorer(model)(rows, candidates.length);
      const best = candidates
        .map((p, i) => ({ sku_id: p.sku_id, score: scores[i]! }))
        .sort((a, b) => b.score - a.score || (a.sku_id < b.sku_id ? -1 : 1))
        .slice(0, input.count);
      return rankedProducts(
        tx,
        input.storeId,
        tier,
        best.map((b) => ({ sku_id: b.sku_id, reason: 'for_you' as const })),
        items,
      );
    },
  };
}

let shared: ProductRanker | undefined;
/** The process's ranker for campaigns: the shipped model, one session for every store and shopper. */
export function defaultRanker(): ProductRanker {
  shared ??= onnxRanker();
  return shared;
}
