// Stochastic gradient descent and its variants: momentum, noise, signs, Polyak steps, optimism.
import type { DType } from "../../dtypes.js";
import { identity, type ScalarOrSchedule, type Numeric } from "../base.js";
import { chain } from "../combine/chain.js";
import { declareFactory, withDefaults } from "../factory.js";
import { trace } from "../transform/accumulation.js";
import { addNoise } from "../transform/adding.js";
import { scaleByOptimisticGradient } from "../transform/optimistic.js";
import { scaleByPolyak, type PolyakVariant } from "../transform/polyak.js";
import { scaleByLearningRate, scaleBySign } from "../transform/scale.js";
import type { JaxArray } from "../../tracing/array.js";

export interface SgdOptions {
  /** Decay of the momentum trace; null for none. */
  momentum?: Numeric | null;
  nesterov?: boolean;
  accumulatorDtype?: DType | null;
}

const SGD_DEFAULTS: Required<SgdOptions> = { momentum: null, nesterov: false, accumulatorDtype: null };

/** `-learningRate * g`, or with momentum `-learningRate * trace` (Nesterov: `g + momentum * trace`). */
export function sgd(learningRate: ScalarOrSchedule, options: SgdOptions = {}) {
  const { momentum, nesterov, accumulatorDtype } = withDefaults(SGD_DEFAULTS, options);
  const momentumTx = momentum === null ? identity() : trace(momentum, { nesterov, accumulatorDtype });
  return chain(momentumTx, scaleByLearningRate(learningRate));
}

export interface NoisySgdOptions {
  /** Initial variance of the gaussian noise. */
  eta?: Numeric;
  /** Annealing exponent: the variance decays as `(1 + t) ** -gamma`. */
  gamma?: Numeric;
  /** Seed of the noise (used when no key is given). */
  seed?: number;
  key?: JaxArray | null;
}

const NOISY_SGD_DEFAULTS: Required<NoisySgdOptions> = { eta: 0.01, gamma: 0.55, seed: 0, key: null };

export function noisySgd(learningRate: ScalarOrSchedule, options: NoisySgdOptions = {}) {
  const { eta, gamma, seed, key } = withDefaults(NOISY_SGD_DEFAULTS, options);
  return chain(addNoise(eta, gamma, { key: key ?? seed }), scaleByLearningRate(learningRate));
}

/** `-learningRate * sign(g)`. */
export function signSgd(learningRate: ScalarOrSchedule) {
  return chain(scaleBySign(), scaleByLearningRate(learningRate));
}

export interface PolyakSgdOptions {
  maxLearningRate?: Numeric;
  /** A global scaling of the step (a number or a schedule). */
  scaling?: ScalarOrSchedule;
  /** A lower bound on the objective. */
  fMin?: Numeric;
  eps?: Numeric;
  variant?: PolyakVariant;
}

const POLYAK_SGD_DEFAULTS: Required<PolyakSgdOptions> = {
  maxLearningRate: 1,
  scaling: 1,
  fMin: 0,
  eps: 0,
  variant: "sps",
};

/** SGD with Polyak's step size; `update` needs `{ value }` (the objective at params) as extra. */
export function polyakSgd(options: PolyakSgdOptions = {}) {
  const { maxLearningRate, scaling, fMin, eps, variant } = withDefaults(POLYAK_SGD_DEFAULTS, options);
  return chain(sgd(scaling), scaleByPolyak({ maxLearningRate, fMin, eps, variant }));
}

export interface OptimisticGradientDescentOptions {
  alpha?: Numeric;
  /** Coefficient of the negative momentum. */
  beta?: Numeric;
}

const OPTIMISTIC_DEFAULTS: Required<OptimisticGradientDescentOptions> = { alpha: 1, beta: 1 };

/** Optimistic gradient descent (Mokhtari et al. 2019), for min-max games. */
export function optimisticGradientDescent(
  learningRate: ScalarOrSchedule,
  options: OptimisticGradientDescentOptions = {},
) {
  const { alpha, beta } = withDefaults(OPTIMISTIC_DEFAULTS, options);
  return chain(scaleByOptimisticGradient({ alpha, beta }), scaleByLearningRate(learningRate));
}

declareFactory(sgd, { positional: ["learningRate"], defaults: SGD_DEFAULTS });
declareFactory(noisySgd, { positional: ["learningRate"], defaults: NOISY_SGD_DEFAULTS, integers: ["seed"] });
declareFactory(signSgd, { positional: ["learningRate"], defaults: {} });
declareFactory(polyakSgd, { positional: [], defaults: POLYAK_SGD_DEFAULTS });
declareFactory(optimisticGradientDescent, { positional: ["learningRate"], defaults: OPTIMISTIC_DEFAULTS });
