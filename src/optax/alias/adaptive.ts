// Per-element adaptive step sizes: Adagrad, Adadelta, RMSProp, NovoGrad, SM3, Rprop.
import * as jnp from "../../numpy/index.js";
import { identity, type Numeric, type ScalarOrSchedule } from "../base.js";
import { chain } from "../combine/chain.js";
import type { MaskOrFn } from "../combine/masked.js";
import { declareFactory, withDefaults } from "../factory.js";
import { trace } from "../transform/accumulation.js";
import { scaleByAdadelta } from "../transform/adadelta.js";
import { addDecayedWeights } from "../transform/adding.js";
import { scaleByNovograd } from "../transform/novograd.js";
import { scaleByRms, scaleByRss, scaleByStddev } from "../transform/rms.js";
import { scaleByRprop } from "../transform/rprop.js";
import { scale, scaleByLearningRate } from "../transform/scale.js";
import { scaleBySm3 } from "../transform/sm3.js";

export interface AdagradOptions {
  initialAccumulatorValue?: Numeric;
  eps?: Numeric;
}

const ADAGRAD_DEFAULTS: Required<AdagradOptions> = { initialAccumulatorValue: 0.1, eps: 1e-7 };

/** Adagrad (Duchi et al. 2011). */
export function adagrad(learningRate: ScalarOrSchedule, options: AdagradOptions = {}) {
  return chain(scaleByRss(withDefaults(ADAGRAD_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface AdadeltaOptions {
  rho?: Numeric;
  eps?: Numeric;
  weightDecay?: ScalarOrSchedule;
  weightDecayMask?: MaskOrFn;
}

const ADADELTA_DEFAULTS: Required<AdadeltaOptions> = { rho: 0.9, eps: 1e-6, weightDecay: 0, weightDecayMask: null };

/** Adadelta (Zeiler 2012); without a learning rate the Adadelta step is used as is. */
export function adadelta(learningRate: ScalarOrSchedule | null = null, options: AdadeltaOptions = {}) {
  const { rho, eps, weightDecay, weightDecayMask } = withDefaults(ADADELTA_DEFAULTS, options);
  return chain(
    addDecayedWeights(weightDecay, { mask: weightDecayMask }),
    scaleByAdadelta({ rho, eps }),
    scaleByLearningRate(learningRate),
  );
}

export interface RmspropOptions {
  decay?: Numeric;
  eps?: Numeric;
  initialScale?: Numeric;
  /** `1 / sqrt(nu + eps)` (true) or PyTorch's `1 / (sqrt(nu) + eps)`. */
  epsInSqrt?: boolean;
  /** Normalize by the variance of the gradients instead of their second moment. */
  centered?: boolean;
  momentum?: Numeric | null;
  nesterov?: boolean;
  biasCorrection?: boolean;
}

const RMSPROP_DEFAULTS: Required<RmspropOptions> = {
  decay: 0.9,
  eps: 1e-8,
  initialScale: 0,
  epsInSqrt: true,
  centered: false,
  momentum: null,
  nesterov: false,
  biasCorrection: false,
};

/** RMSProp (Tieleman and Hinton 2012; centered: Graves 2013), with optional momentum. */
export function rmsprop(learningRate: ScalarOrSchedule, options: RmspropOptions = {}) {
  const { decay, eps, initialScale, epsInSqrt, centered, momentum, nesterov, biasCorrection } = withDefaults(
    RMSPROP_DEFAULTS,
    options,
  );
  const rmsOptions = { decay, eps, initialScale, epsInSqrt, biasCorrection };
  return chain(
    centered ? scaleByStddev(rmsOptions) : scaleByRms(rmsOptions),
    scaleByLearningRate(learningRate),
    momentum === null ? identity() : trace(momentum, { nesterov }),
  );
}

export interface NovogradOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  weightDecay?: Numeric;
}

const NOVOGRAD_DEFAULTS: Required<NovogradOptions> = { b1: 0.9, b2: 0.25, eps: 1e-6, epsRoot: 0, weightDecay: 0 };

/** NovoGrad (Ginsburg et al. 2019). */
export function novograd(learningRate: ScalarOrSchedule, options: NovogradOptions = {}) {
  return chain(scaleByNovograd(withDefaults(NOVOGRAD_DEFAULTS, options)), scaleByLearningRate(learningRate));
}

export interface Sm3Options {
  momentum?: Numeric;
}

const SM3_DEFAULTS: Required<Sm3Options> = { momentum: 0.9 };

/** SM3 (Anil et al. 2019). */
export function sm3(learningRate: Numeric, options: Sm3Options = {}) {
  const { momentum } = withDefaults(SM3_DEFAULTS, options);
  return chain(
    scaleBySm3({ b1: momentum }),
    scale(typeof learningRate === "number" ? -learningRate : jnp.negative(learningRate)),
  );
}

export interface RpropOptions {
  etaMinus?: Numeric;
  etaPlus?: Numeric;
  minStepSize?: Numeric;
  maxStepSize?: Numeric;
}

const RPROP_DEFAULTS: Required<RpropOptions> = { etaMinus: 0.5, etaPlus: 1.2, minStepSize: 1e-6, maxStepSize: 50 };

/** Rprop (Riedmiller and Braun 1993); `learningRate` is the initial step size. */
export function rprop(learningRate: Numeric, options: RpropOptions = {}) {
  return chain(scaleByRprop(learningRate, withDefaults(RPROP_DEFAULTS, options)), scale(-1));
}

declareFactory(adagrad, { positional: ["learningRate"], defaults: ADAGRAD_DEFAULTS });
declareFactory(adadelta, { positional: ["learningRate"], defaults: { learningRate: null, ...ADADELTA_DEFAULTS } });
declareFactory(rmsprop, { positional: ["learningRate"], defaults: RMSPROP_DEFAULTS });
declareFactory(novograd, { positional: ["learningRate"], defaults: NOVOGRAD_DEFAULTS });
declareFactory(sm3, { positional: ["learningRate"], defaults: SM3_DEFAULTS });
declareFactory(rprop, { positional: ["learningRate"], defaults: RPROP_DEFAULTS });
