// optax.losses.
export {
  squaredError,
  l2Loss,
  huberLoss,
  logCosh,
  cosineSimilarity,
  cosineDistance,
  type HuberLossOptions,
  type CosineSimilarityOptions,
} from "./regression.js";
export {
  sigmoidBinaryCrossEntropy,
  hingeLoss,
  perceptronLoss,
  softmaxCrossEntropy,
  softmaxCrossEntropyWithIntegerLabels,
  type CrossEntropyOptions,
  type IntegerLabelsOptions,
} from "./classification.js";
export {
  klDivergence,
  klDivergenceWithLogTargets,
  generalizedKlDivergence,
  convexKlDivergence,
  type DivergenceOptions,
} from "./divergence.js";
