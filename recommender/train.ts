/**
 * The ranking model and its training, in TypeScript (no Python on this machine): a small
 * multilayer perceptron — standardised features, one hidden layer of tanh units, a sigmoid score —
 * fitted with Adam on binary cross-entropy with L2, and stopped early when the validation loss has
 * not improved for a few epochs (the best epoch's weights are kept). Deterministic from the seed:
 * initial weights and the order of examples come from the project's seeded random stream.
 */
import { createRandom, seedFrom } from '../positioning/index.js';

export interface TrainingSet {
  /** `count` rows of `width` floats. */
  rows: Float32Array;
  labels: Uint8Array;
  count: number;
  width: number;
}

export interface RankingModel {
  features: readonly string[];
  /** Standardisation, part of the model (the ONNX graph subtracts and divides before the layers). */
  mean: Float32Array;
  std: Float32Array;
  hidden: number;
  /** Input → hidden weights, row-major [feature][unit], and the units' biases. */
  w1: Float32Array;
  b1: Float32Array;
  /** Hidden → score weights and bias. */
  w2: Float32Array;
  b2: number;
}

export interface TrainOptions {
  seed: string;
  hidden?: number;
  epochs?: number;
  batch?: number;
  learningRate?: number;
  l2?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
}

export interface TrainReport {
  model: RankingModel;
  /** Mean cross-entropy per epoch, on the training and validation sets. */
  epochs: { train: number; validation: number }[];
  bestEpoch: number;
}

/** Mean and standard deviation per feature; a constant feature divides by 1. */
function standardisation(set: TrainingSet) {
  const mean = new Float64Array(set.width);
  const sq = new Float64Array(set.width);
  for (let i = 0; i < set.count; i++)
    for (let f = 0; f < set.width; f++) mean[f]! += set.rows[i * set.width + f]!;
  for (let f = 0; f < set.width; f++) mean[f]! /= Math.max(1, set.count);
  for (let i = 0; i < set.count; i++)
    for (let f = 0; f < set.width; f++) sq[f]! += (set.rows[i * set.width + f]! - mean[f]!) ** 2;
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / Math.max(1, set.count));
    return sd > 1e-6 ? sd : 1;
  });
  return { mean: Float32Array.from(mean), std: Float32Array.from(std) };
}

/** Scores in (0, 1) of `rows` (any number of rows of the model's width), higher first to show. */
export function scoreRows(model: RankingModel, rows: Float32Array): Float32Array {
  const width = model.features.length;
  const count = rows.length / width;
  const out = new Float32Array(count);
  const z = new Float64Array(width);
  for (let i = 0; i < count; i++) {
    for (let f = 0; f < width; f++) z[f] = (rows[i * width + f]! - model.mean[f]!) / model.std[f]!;
    out[i] = 1 / (1 + Math.exp(-forward(model, z, undefined)));
  }
  return out;
}

/** The score's logit for one standardised row; fills `hiddenOut` with the units' outputs when given. */
interface Layers {
  hidden: number;
  w1: ArrayLike<number>;
  b1: ArrayLike<number>;
  w2: ArrayLike<number>;
  b2: number;
}

function forward(m: Layers, z: Float64Array, hiddenOut: Float64Array | undefined): number {
  let logit = m.b2;
  for (let j = 0; j < m.hidden; j++) {
    let a = m.b1[j]!;
    for (let f = 0; f < z.length; f++) a += z[f]! * m.w1[f * m.hidden + j]!;
    const h = Math.tanh(a);
    if (hiddenOut) hiddenOut[j] = h;
    logit += h * m.w2[j]!;
  }
  return logit;
}

const crossEntropy = (logit: number, label: number) =>
  // log(1 + e^x) − y·x, written to stay finite for large |x|.
  Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));

export function trainRanker(
  features: readonly string[],
  train: TrainingSet,
  validation: TrainingSet,
  options: TrainOptions,
): TrainReport {
  const hidden = options.hidden ?? 16;
  const maxEpochs = options.epochs ?? 60;
  const batch = options.batch ?? 256;
  const rate = options.learningRate ?? 0.002;
  const l2 = options.l2 ?? 3e-4;
  const patience = options.patience ?? 5;
  const width = train.width;
  if (width !== features.length)
    throw new Error(`rows have ${width} floats, ${features.length} features named`);
  const random = createRandom(seedFrom(`ranker:${options.seed}`));
  const { mean, std } = standardisation(train);

  // All parameters in one array (w1, b1, w2, b2) so Adam runs over them in one loop.
  const size = width * hidden + hidden + hidden + 1;
  const params = new Float64Array(size);
  for (let i = 0; i < width * hidden; i++) params[i] = random.gaussian() / Math.sqrt(width);
  for (let j = 0; j < hidden; j++)
    params[width * hidden + hidden + j] = random.gaussian() / Math.sqrt(hidden);
  const view = (p: Float64Array) => ({
    hidden,
    w1: p.subarray(0, width * hidden),
    b1: p.subarray(width * hidden, width * hidden + hidden),
    w2: p.subarray(width * hidden + hidden, size - 1),
    get b2() {
      return p[size - 1]!;
    },
  });
  const model = view(params);
  const grad = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  let step = 0;

  const standardised = (set: TrainingSet, i: number, z: Float64Array) => {
    for (let f = 0; f < width; f++) z[f] = (set.rows[i * width + f]! - mean[f]!) / std[f]!;
  };
  const z = new Float64Array(width);
  const h = new Float64Array(hidden);
  const meanLoss = (set: TrainingSet) => {
    let sum = 0;
    for (let i = 0; i < set.count; i++) {
      standardised(set, i, z);
      sum += crossEntropy(forward(model, z, undefined), set.labels[i]!);
    }
    return sum / Math.max(1, set.count);
  };

  const order = Uint32Array.from({ length: train.count }, (_, i) => i);
  const epochs: TrainReport['epochs'] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, params: params.slice() };
  for (let epoch = 0; epoch < maxEpochs && epoch - best.epoch <= patience; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let sum = 0;
    for (let start = 0; start < order.length; start += batch) {
      const end = Math.min(order.length, start + batch);
      grad.fill(0);
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        standardised(train, i, z);
        const logit = forward(model, z, h);
        const label = train.labels[i]!;
        sum += crossEntropy(logit, label);
        const d = 1 / (1 + Math.exp(-logit)) - label;
        for (let j = 0; j < hidden; j++) {
          grad[width * hidden + hidden + j]! += d * h[j]!;
          const dh = d * model.w2[j]! * (1 - h[j]! * h[j]!);
          grad[width * hidden + j]! += dh;
          for (let f = 0; f < width; f++) grad[f * hidden + j]! += dh * z[f]!;
        }
        grad[size - 1]! += d;
      }
      const n = end - start;
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let p = 0; p < size; p++) {
        // L2 on the weights only, not the biases.
        const isBias = (p >= width * hidden && p < width * hidden + hidden) || p === size - 1;
        const g = grad[p]! / n + (isBias ? 0 : l2 * params[p]!);
        m1[p] = 0.9 * m1[p]! + 0.1 * g;
        m2[p] = 0.999 * m2[p]! + 0.001 * g * g;
        params[p]! -= (rate * (m1[p]! / c1)) / (Math.sqrt(m2[p]! / c2) + 1e-8);
      }
    }
    const validationLoss = meanLoss(validation);
    epochs.push({ train: sum / Math.max(1, train.count), validation: validationLoss });
    if (validationLoss < best.loss) best = { loss: validationLoss, epoch, params: params.slice() };
  }

  const kept = view(best.params);
  return {
    model: {
      features,
      mean,
      std,
      hidden,
      w1: Float32Array.from(kept.w1),
      b1: Float32Array.from(kept.b1),
      w2: Float32Array.from(kept.w2),
      b2: Math.fround(kept.b2),
    },
    epochs,
    bestEpoch: best.epoch,
  };
}
