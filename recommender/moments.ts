/**
 * From a store's trips to ranking moments, for training and for judging rankers: a step of a known
 * shopper's trip (a zone passed, or a line of an order) is a moment; its cart is what the trip
 * bought before it, its targets what the trip bought from then on. Each day's moments see the
 * store's and the shopper's figures from the days before that day only — nothing from their future.
 * Training examples are a moment's targets (label 1) beside products sampled from the store's
 * sellable shelf that the trip did not buy (label 0).
 */
import { createRandom, type Random, seedFrom } from '../positioning/index.js';
import { FEATURE_COUNT, featureRows, type Moment } from './features.js';
import {
  DAY_MS,
  NO_HISTORY,
  type ShelfProduct,
  type ShopperFacts,
  type StoreData,
  type StoreFacts,
  shopperFacts,
  storeFacts,
  tierLevel,
} from './history.js';
import type { TrainingSet } from './train.js';

export interface RankingMoment {
  shopperId: string;
  moment: Moment;
  shopper: ShopperFacts;
  /** SKUs bought from this moment on, not in the cart already. */
  targets: ReadonlySet<string>;
}

export interface MomentsOfDay {
  store: StoreFacts;
  moments: RankingMoment[];
}

export interface MomentOptions {
  /** Moments of trips starting in [from, to). */
  from: number;
  to: number;
  /** Days of the store's sales behind its figures, and of a shopper's past behind theirs. */
  storeDays: number;
  shopperDays: number;
  /** One step per trip (chosen by the seeded stream), as an evaluation asks; all steps otherwise. */
  oneStepPerTrip?: boolean;
  seed: string;
}

export function rankingMoments(data: StoreData, options: MomentOptions): MomentsOfDay[] {
  const random = createRandom(seedFrom(`moments:${options.seed}`));
  const days: MomentsOfDay[] = [];
  for (let day = options.from; day < options.to; day += DAY_MS) {
    const store = storeFacts(data, day - options.storeDays * DAY_MS, day);
    const shoppers = shopperFacts(data, store, day - options.shopperDays * DAY_MS, day);
    const moments: RankingMoment[] = [];
    for (const trip of data.trips) {
      if (trip.at < day || trip.at >= day + DAY_MS || trip.shopper === null) continue;
      const steps = trip.steps.map((_, i) => i);
      const withTargets = steps.filter((i) => trip.steps.slice(i).some((s) => s.bought.length > 0));
      if (withTargets.length === 0) continue;
      const chosen = options.oneStepPerTrip
        ? [withTargets[Math.floor(random.next() * withTargets.length)]!]
        : withTargets;
      for (const i of chosen) {
        const step = trip.steps[i]!;
        const cart = trip.steps.slice(0, i).flatMap((s) => s.bought);
        const inCart = new Set(cart.map((l) => l.sku_id));
        const targets = new Set(
          trip.steps
            .slice(i)
            .flatMap((s) => s.bought.map((l) => l.sku_id))
            .filter((sku) => !inCart.has(sku)),
        );
        if (targets.size === 0) continue;
        moments.push({
          shopperId: trip.shopper,
          shopper: shoppers.get(trip.shopper) ?? NO_HISTORY,
          targets,
          moment: {
            at: step.at,
            hour: trip.hour,
            weekday: trip.weekday,
            tier: trip.tier,
            tierLevel: tierLevel(data.tiers, trip.tier),
            zone: step.zone,
            near: (step.zone !== undefined && data.near.get(step.zone)) || new Map(),
            cart,
          },
        });
      }
    }
    if (moments.length > 0) days.push({ store, moments });
  }
  return days;
}

/** What a ranker may offer: the shelf's products the store can sell now. */
export const sellable = (data: StoreData): ShelfProduct[] => data.shelf.filter((p) => p.available > 0);

/**
 * Training rows of these moments, `negatives` sampled products per moment besides its targets;
 * `validation(shopperId)` sends a shopper's moments to the validation set (so it judges shoppers the
 * model has not fitted).
 */
export function trainingSets(
  stores: readonly { data: StoreData; days: readonly MomentsOfDay[] }[],
  options: { negatives: number; seed: string; validation: (shopperId: string) => boolean },
): { train: TrainingSet; validation: TrainingSet } {
  const random = createRandom(seedFrom(`training-sets:${options.seed}`));
  const parts = { train: [] as Float32Array[], validation: [] as Float32Array[] };
  const labels = { train: [] as number[], validation: [] as number[] };
  for (const { data, days } of stores) {
    const shelf = sellable(data);
    for (const { store, moments } of days) {
      for (const m of moments) {
        const candidates = [
          ...shelf.filter((p) => m.targets.has(p.sku_id)),
          ...sample(random, shelf, m, options.negatives),
        ];
        const set = options.validation(m.shopperId) ? 'validation' : 'train';
        parts[set].push(featureRows(store, m.shopper, m.moment, candidates));
        for (const p of candidates) labels[set].push(m.targets.has(p.sku_id) ? 1 : 0);
      }
    }
  }
  const join = (set: 'train' | 'validation'): TrainingSet => {
    const rows = new Float32Array(labels[set].length * FEATURE_COUNT);
    let at = 0;
    for (const part of parts[set]) {
      rows.set(part, at);
      at += part.length;
    }
    return { rows, labels: Uint8Array.from(labels[set]), count: labels[set].length, width: FEATURE_COUNT };
  };
  return { train: join('train'), validation: join('validation') };
}

/** Up to `n` distinct sellable products the moment neither targets nor holds in its cart. */
function sample(random: Random, shelf: readonly ShelfProduct[], m: RankingMoment, n: number): ShelfProduct[] {
  const inCart = new Set(m.moment.cart.map((l) => l.sku_id));
  const picked = new Set<number>();
  const out: ShelfProduct[] = [];
  for (let tries = 0; out.length < n && tries < 4 * n; tries++) {
    const i = Math.floor(random.next() * shelf.length);
    const p = shelf[i]!;
    if (picked.has(i) || m.targets.has(p.sku_id) || inCart.has(p.sku_id)) continue;
    picked.add(i);
    out.push(p);
  }
  return out;
}
