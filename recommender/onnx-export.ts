/**
 * A trained ranking model as an ONNX ModelProto (opset 13), encoded by the protobufjs-generated ONNX
 * definitions (onnx-proto), for onnxruntime to serve: input `features` float [N, F], output `score`
 * float [N, 1]. The graph is the model as trained: Sub(mean) → Div(std) → Gemm → Tanh → Gemm →
 * Sigmoid, its weights initializers, the feature names and the card's facts in metadata.
 */
import onnxProto from 'onnx-proto';
import type { RankingModel } from './train.js';

const { onnx } = onnxProto;

const OPSET = 13;
/** ONNX IR version 7 goes with opset 13. */
const IR_VERSION = 7;

const tensor = (name: string, dims: number[], values: ArrayLike<number>) =>
  onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    floatData: Array.from(values),
  });

const floatInput = (name: string, dims: (number | string)[]) =>
  onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  });

const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
  onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });

/** The model's bytes; `metadata` (the card's facts: trained when, on what) travels inside the file. */
export function modelToOnnx(model: RankingModel, metadata: Record<string, string> = {}): Uint8Array {
  const width = model.features.length;
  const graph = onnx.GraphProto.create({
    name: 'offer_ranker',
    input: [floatInput('features', ['N', width])],
    output: [floatInput('score', ['N', 1])],
    initializer: [
      tensor('mean', [width], model.mean),
      tensor('std', [width], model.std),
      tensor('w1', [width, model.hidden], model.w1),
      tensor('b1', [model.hidden], model.b1),
      tensor('w2', [model.hidden, 1], model.w2),
      tensor('b2', [1], [model.b2]),
    ],
    node: [
      node('Sub', ['features', 'mean'], ['centred']),
      node('Div', ['centred', 'std'], ['standardised']),
      node('Gemm', ['standardised', 'w1', 'b1'], ['hidden_in']),
      node('Tanh', ['hidden_in'], ['hidden_out']),
      node('Gemm', ['hidden_out', 'w2', 'b2'], ['logit']),
      node('Sigmoid', ['logit'], ['score']),
    ],
  });
  const proto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'smart-store recommender',
    modelVersion: 1,
    graph,
    metadataProps: Object.entries({ features: model.features.join(','), ...metadata }).map(
      ([key, value]) => ({
        key,
        value,
      }),
    ),
  });
  return onnx.ModelProto.encode(proto).finish();
}
