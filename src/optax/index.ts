// jax-ts/optax: gradient transformations, optimizers, schedules and losses, following optax.
import "../index.js";

export {
  identity,
  setToZero,
  stateless,
  statelessWithTreeMap,
  emptyState,
  type GradientTransformation,
  type EmptyState,
  type ExtraArgs,
  type Numeric,
  type Schedule,
  type ScalarOrSchedule,
  type StateOf,
} from "./base.js";
export { applyUpdates, incrementalUpdate, periodicUpdate } from "./update.js";
export { safeIncrement, safeInt32Increment, safeNorm, safeRootMeanSquares } from "./numerics.js";
export { globalNorm } from "./linear-algebra.js";
export * as tree from "./tree-math.js";

// Transformations.
export {
  scale,
  scaleByLearningRate,
  scaleBySchedule,
  scaleBySign,
  scaleByParamBlockNorm,
  scaleByParamBlockRms,
} from "./transform/scale.js";
export type { ScaleByScheduleState, ScaleByLearningRateState, ScaleByLearningRateOptions } from "./transform/scale.js";
export {
  trace,
  ema,
  type TraceState,
  type TraceOptions,
  type EmaState,
  type EmaOptions,
} from "./transform/accumulation.js";
export { scaleByAdam, scaleByAmsgrad, scaleByAdamax } from "./transform/adam.js";
export type {
  ScaleByAdamState,
  ScaleByAdamOptions,
  ScaleByAmsgradState,
  ScaleByAmsgradOptions,
  ScaleByAdamaxOptions,
} from "./transform/adam.js";
export { scaleByRms, scaleByStddev, scaleByRss } from "./transform/rms.js";
export type {
  ScaleByRmsState,
  ScaleByRmsOptions,
  ScaleByStddevState,
  ScaleByRssState,
  ScaleByRssOptions,
} from "./transform/rms.js";
export { scaleByAdadelta, type ScaleByAdadeltaState, type ScaleByAdadeltaOptions } from "./transform/adadelta.js";
export { scaleByBelief, type ScaleByBeliefState, type ScaleByBeliefOptions } from "./transform/belief.js";
export { scaleByYogi, type ScaleByYogiOptions } from "./transform/yogi.js";
export { scaleByRadam, type ScaleByRadamOptions } from "./transform/radam.js";
export { scaleByLion, type ScaleByLionState, type ScaleByLionOptions, type LionMode } from "./transform/lion.js";
export { scaleByRprop, type ScaleByRpropState, type ScaleByRpropOptions } from "./transform/rprop.js";
export { scaleByTrustRatio, type ScaleByTrustRatioOptions } from "./transform/trust-ratio.js";
export { scaleByNovograd, type ScaleByNovogradState, type ScaleByNovogradOptions } from "./transform/novograd.js";
export { scaleBySm3, type ScaleBySm3State, type ScaleBySm3Options } from "./transform/sm3.js";
export {
  scaleByFactoredRms,
  decayRatePow,
  type FactoredState,
  type ScaleByFactoredRmsOptions,
  type DecayRateFn,
} from "./transform/factored-rms.js";
export { scaleByPolyak, type ScaleByPolyakOptions, type PolyakVariant } from "./transform/polyak.js";
export {
  scaleByOptimisticGradient,
  type ScaleByOptimisticGradientState,
  type ScaleByOptimisticGradientOptions,
} from "./transform/optimistic.js";
export {
  addDecayedWeights,
  addNoise,
  type AddDecayedWeightsState,
  type AddDecayedWeightsOptions,
  type AddNoiseState,
  type AddNoiseOptions,
} from "./transform/adding.js";
export { centralize } from "./transform/centralize.js";
export { applyEvery, type ApplyEveryState } from "./transform/apply-every.js";
export { keepParamsNonnegative, zeroNans, type ZeroNansState } from "./transform/constraining.js";
export {
  clip,
  clipByBlockRms,
  clipByGlobalNorm,
  adaptiveGradClip,
  unitwiseNorm,
  unitwiseClip,
  type AdaptiveGradClipOptions,
} from "./transform/clipping.js";

// Optimizers.
export { sgd, noisySgd, signSgd, polyakSgd, optimisticGradientDescent } from "./alias/sgd.js";
export type { SgdOptions, NoisySgdOptions, PolyakSgdOptions, OptimisticGradientDescentOptions } from "./alias/sgd.js";
export { adam, nadam, adamw, nadamw, amsgrad, adamax, adamaxw, radam, adabelief, yogi, lion } from "./alias/adam.js";
export type {
  AdamOptions,
  AdamwOptions,
  AmsgradOptions,
  AdamaxOptions,
  AdamaxwOptions,
  RadamOptions,
  AdabeliefOptions,
  YogiOptions,
  LionOptions,
} from "./alias/adam.js";
export { adagrad, adadelta, rmsprop, novograd, sm3, rprop } from "./alias/adaptive.js";
export type {
  AdagradOptions,
  AdadeltaOptions,
  RmspropOptions,
  NovogradOptions,
  Sm3Options,
  RpropOptions,
} from "./alias/adaptive.js";
export { adafactor, type AdafactorOptions } from "./alias/adafactor.js";
export { lamb, lars, fromage, type LambOptions, type LarsOptions, type FromageOptions } from "./alias/layerwise.js";

// Combinators and wrappers.
export { chain, chainMonoid, namedChain, type ChainState, type NamedChainState } from "./combine/chain.js";
export { masked, MaskedNode, type MaskedState, type MaskedOptions, type MaskOrFn } from "./combine/masked.js";
export { partition, multiTransform, type PartitionState, type ParamLabels } from "./combine/partition.js";
export { freeze, selectiveTransform, type SelectiveTransformOptions } from "./combine/freeze.js";
export {
  injectHyperparams,
  type InjectHyperparamsState,
  type InjectHyperparamsOptions,
} from "./wrappers/inject-hyperparams.js";
export {
  MultiSteps,
  skipNotFinite,
  skipLargeUpdates,
  type MultiStepsState,
  type MultiStepsOptions,
  type ShouldSkipUpdateFunction,
} from "./wrappers/multi-steps.js";
export { applyIfFinite, type ApplyIfFiniteState } from "./wrappers/apply-if-finite.js";
export {
  lookahead,
  LookaheadParams,
  type LookaheadState,
  type LookaheadOptions,
  type LookaheadTransformation,
} from "./wrappers/lookahead.js";
export { declareFactory, type FactorySignature } from "./factory.js";

// part B: schedules, losses, line searches, contrib and L-BFGS (owned by the part B engineer).
export * from "./schedules/index.js";
export * as schedules from "./schedules/index.js";
export * from "./losses/index.js";
export * as losses from "./losses/index.js";
export * from "./linesearch/index.js";
export * as contrib from "./contrib/index.js";
export { scaleByLbfgs, lbfgs, type ScaleByLbfgsState, type ScaleByLbfgsOptions, type LbfgsOptions } from "./lbfgs.js";
// end of part B
