// Layer-wise adaptive optimizers built on trust ratios: LAMB, LARS and Fromage.
import * as jnp from "../../numpy/index.js";
import type { Numeric, ScalarOrSchedule } from "../base.js";
import { chain } from "../combine/chain.js";
import { masked, type MaskOrFn } from "../combine/masked.js";
import { declareFactory, withDefaults } from "../factory.js";
import { trace } from "../transform/accumulation.js";
import { scaleByAdam } from "../transform/adam.js";
import { addDecayedWeights } from "../transform/adding.js";
import { scaleByLearningRate } from "../transform/scale.js";
import { scaleByTrustRatio } from "../transform/trust-ratio.js";

export interface LambOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  weightDecay?: ScalarOrSchedule;
  mask?: MaskOrFn;
}

const LAMB_DEFAULTS: Required<LambOptions> = { b1: 0.9, b2: 0.999, eps: 1e-6, epsRoot: 0, weightDecay: 0, mask: null };

/** LAMB (You et al. 2020): Adam steps rescaled layer by layer by trust ratios. */
export function lamb(learningRate: ScalarOrSchedule, options: LambOptions = {}) {
  const { b1, b2, eps, epsRoot, weightDecay, mask } = withDefaults(LAMB_DEFAULTS, options);
  return chain(
    scaleByAdam({ b1, b2, eps, epsRoot }),
    addDecayedWeights(weightDecay, { mask }),
    scaleByTrustRatio(),
    scaleByLearningRate(learningRate),
  );
}

export interface LarsOptions {
  weightDecay?: ScalarOrSchedule;
  weightDecayMask?: MaskOrFn;
  trustCoefficient?: Numeric;
  eps?: Numeric;
  trustRatioMask?: MaskOrFn;
  momentum?: Numeric;
  nesterov?: boolean;
}

const LARS_DEFAULTS: Required<LarsOptions> = {
  weightDecay: 0,
  weightDecayMask: true,
  trustCoefficient: 0.001,
  eps: 0,
  trustRatioMask: true,
  momentum: 0.9,
  nesterov: false,
};

/** LARS (You et al. 2017): SGD with momentum and layer-wise trust ratios. */
export function lars(learningRate: ScalarOrSchedule, options: LarsOptions = {}) {
  const o = withDefaults(LARS_DEFAULTS, options);
  return chain(
    addDecayedWeights(o.weightDecay, { mask: o.weightDecayMask }),
    masked(scaleByTrustRatio({ trustCoefficient: o.trustCoefficient, eps: o.eps }), o.trustRatioMask),
    scaleByLearningRate(learningRate),
    trace(o.momentum, { nesterov: o.nesterov }),
  );
}

export interface FromageOptions {
  /** Norms are clipped below at this value in the trust ratio. */
  minNorm?: Numeric;
}

const FROMAGE_DEFAULTS: Required<FromageOptions> = { minNorm: 1e-6 };

/** Fromage (Bernstein et al. 2020): Frobenius-matched steps with a built-in shrinkage. */
export function fromage(learningRate: Numeric, options: FromageOptions = {}) {
  const { minNorm } = withDefaults(FROMAGE_DEFAULTS, options);
  const mult =
    typeof learningRate === "number"
      ? 1 / Math.sqrt(1 + learningRate ** 2)
      : jnp.divide(1, jnp.sqrt(jnp.add(1, jnp.square(learningRate))));
  const step =
    typeof mult === "number" && typeof learningRate === "number"
      ? learningRate * mult
      : jnp.multiply(learningRate, mult);
  const shrink = typeof mult === "number" ? mult - 1 : jnp.subtract(mult, 1);
  return chain(scaleByTrustRatio({ minNorm }), scaleByLearningRate(step), addDecayedWeights(shrink));
}

declareFactory(lamb, { positional: ["learningRate"], defaults: LAMB_DEFAULTS });
declareFactory(lars, { positional: ["learningRate"], defaults: LARS_DEFAULTS });
declareFactory(fromage, { positional: ["learningRate"], defaults: FROMAGE_DEFAULTS });
