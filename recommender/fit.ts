/**
 * Training the ranker on some stores' past, as the CLI and the benchmark both do: each store's
 * moments in a window (figures from the days before each), a validation split by shopper, sampled
 * negatives, the MLP trained with early stopping.
 */
import { seedFrom } from '../positioning/index.js';
import { FEATURES } from './features.js';
import type { StoreData } from './history.js';
import { rankingMoments, trainingSets } from './moments.js';
import { type TrainOptions, type TrainReport, trainRanker } from './train.js';

export interface FitStore {
  name: string;
  data: StoreData;
  /** Moments of trips in [from, to). */
  from: number;
  to: number;
}

export interface FitOptions extends Omit<TrainOptions, 'seed'> {
  seed: string;
  storeDays?: number;
  shopperDays?: number;
  /** Sampled non-bought products per moment. */
  negatives?: number;
  /** Share of shoppers whose moments judge the training instead of feeding it. */
  validationShare?: number;
}

export interface FitReport extends TrainReport {
  examples: { train: number; validation: number; moments: number };
}

export const STORE_DAYS = 14;
export const SHOPPER_DAYS = 90;

export function fitRanker(stores: readonly FitStore[], options: FitOptions): FitReport {
  const storeDays = options.storeDays ?? STORE_DAYS;
  const shopperDays = options.shopperDays ?? SHOPPER_DAYS;
  const validationShare = options.validationShare ?? 0.2;
  const days = stores.map((s) => ({
    data: s.data,
    days: rankingMoments(s.data, {
      from: s.from,
      to: s.to,
      storeDays,
      shopperDays,
      seed: `${options.seed}:${s.name}`,
    }),
  }));
  const { train, validation } = trainingSets(days, {
    negatives: options.negatives ?? 10,
    seed: options.seed,
    validation: (shopperId) => seedFrom(`${options.seed}:${shopperId}`) / 2 ** 32 < validationShare,
  });
  const report = trainRanker(FEATURES, train, validation, options);
  return {
    ...report,
    examples: {
      train: train.count,
      validation: validation.count,
      moments: days.reduce((n, s) => n + s.days.reduce((m, d) => m + d.moments.length, 0), 0),
    },
  };
}
