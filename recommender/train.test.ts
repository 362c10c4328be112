import onnxProto from 'onnx-proto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../positioning/index.js';
import { modelToOnnx } from './onnx-export.js';
import { scoreRows, type TrainingSet, trainRanker } from './train.js';

const FEATURES = ['a', 'b', 'c', 'noise'];

/** Rows where the label follows a + 2b > c (and not the noise column), 2% of labels flipped. */
function rule(count: number, seed: number): TrainingSet {
  const random = createRandom(seed);
  const rows = new Float32Array(count * FEATURES.length);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const [a, b, c, noise] = [
      random.gaussian() * 3 + 5,
      random.gaussian(),
      random.gaussian() * 0.1,
      random.gaussian() * 50,
    ];
    rows.set([a, b, c, noise], i * FEATURES.length);
    labels[i] = Number((a - 5) / 3 + 2 * b > c * 10) ^ Number(random.next() < 0.02);
  }
  return { rows, labels, count, width: FEATURES.length };
}

describe('trainRanker', () => {
  const train = rule(3000, 1);
  const validation = rule(800, 2);
  const report = trainRanker(FEATURES, train, validation, { seed: 'test', hidden: 8, epochs: 40 });

  it('learns the rule: held-out rows scored on the right side of one half', () => {
    const test = rule(1000, 3);
    const scores = scoreRows(report.model, test.rows);
    let right = 0;
    for (let i = 0; i < test.count; i++) if (Number(scores[i]! > 0.5) === test.labels[i]) right++;
    expect(right / test.count).toBeGreaterThan(0.93);
  });

  it('keeps the best epoch by validation loss, and stops once it stopped improving', () => {
    const best = report.epochs[report.bestEpoch]!.validation;
    expect(Math.min(...report.epochs.map((e) => e.validation))).toBe(best);
    expect(report.epochs[0]!.train).toBeGreaterThan(report.epochs[report.bestEpoch]!.train);
    expect(report.epochs.length).toBeLessThanOrEqual(40);
  });

  it('bakes the standardisation in: the mean and spread of the training rows', () => {
    expect(report.model.mean[0]).toBeCloseTo(5, 0);
    expect(report.model.std[3]).toBeGreaterThan(40);
  });

  it('gives the same model for the same seed, another for another', () => {
    const again = trainRanker(FEATURES, train, validation, { seed: 'test', hidden: 8, epochs: 40 });
    expect(again.model.w1).toEqual(report.model.w1);
    const other = trainRanker(FEATURES, train, validation, { seed: 'other', hidden: 8, epochs: 3 });
    expect(other.model.w1).not.toEqual(report.model.w1);
  });
});

describe('modelToOnnx', () => {
  const { model } = trainRanker(FEATURES, rule(600, 4), rule(200, 5), { seed: 'onnx', hidden: 6, epochs: 5 });
  const bytes = modelToOnnx(model, { trained_at: '2026-01-01' });

  it('writes an ONNX model of opset 13: features [N, F] in, score [N, 1] out, layers as nodes', () => {
    const decoded = onnxProto.onnx.ModelProto.decode(bytes);
    const graph = onnxProto.onnx.GraphProto.fromObject(decoded.graph!);
    expect(Number(decoded.opsetImport[0]!.version)).toBeGreaterThanOrEqual(13);
    expect(graph.node.map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Tanh', 'Gemm', 'Sigmoid']);
    expect(graph.input[0]!.name).toBe('features');
    expect(
      graph.input[0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue)),
    ).toEqual(['N', 4]);
    expect(graph.output[0]!.name).toBe('score');
    expect(decoded.metadataProps.map((p) => [p.key, p.value])).toEqual([
      ['features', 'a,b,c,noise'],
      ['trained_at', '2026-01-01'],
    ]);
  });

  it('scores as the TypeScript model does, to 1e-5, through onnxruntime', async () => {
    const session = await InferenceSession.create(bytes);
    const count = 500;
    // Random rows as the model meets them, not so far out that every score is 0 or 1.
    const { rows } = rule(count, 9);
    const out = await session.run({ features: new Tensor('float32', rows, [count, FEATURES.length]) });
    expect(out.score!.dims).toEqual([count, 1]);
    const onnx = out.score!.data as Float32Array;
    const ts = scoreRows(model, rows);
    let worst = 0;
    for (let i = 0; i < count; i++) worst = Math.max(worst, Math.abs(onnx[i]! - ts[i]!));
    expect(worst).toBeLessThan(1e-5);
    expect(new Set(ts).size).toBeGreaterThan(count / 2);
  });
});
