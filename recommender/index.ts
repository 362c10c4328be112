/**
 * Recommender: feature vectors, ONNX model serving and offline evaluation.
 *
 * Front door of the domain: other folders import from here only.
 * Not built yet; see the open issues.
 */
export {};
