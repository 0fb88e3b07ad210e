// AdaBelief: Adam with the second moment of the prediction error `g - mu` instead of `g`.
import * as jnp from "../../numpy/index.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, plus } from "../scalars.js";
import { biasCorrection, mapLeaves, sub, updateMoment, zerosLike } from "../tree-math.js";
import { correctedFirstMoment, type ScaleByAdamState } from "./adam.js";

export type ScaleByBeliefState = ScaleByAdamState;

export interface ScaleByBeliefOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  /** Added to the second moment of the prediction error (must be > 0 for meta-gradients). */
  epsRoot?: Numeric;
  nesterov?: boolean;
}

const SCALE_BY_BELIEF_DEFAULTS: Required<ScaleByBeliefOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-16,
  epsRoot: 1e-16,
  nesterov: false,
};

export function scaleByBelief(options: ScaleByBeliefOptions = {}): GradientTransformation<ScaleByBeliefState> {
  const { b1, b2, eps, epsRoot, nesterov } = withDefaults(SCALE_BY_BELIEF_DEFAULTS, options);
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByBeliefState): [U, ScaleByBeliefState] => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const predictionError = sub(updates, mu);
      const nu = mapLeaves((v) => plus(v, epsRoot), updateMoment(predictionError, state.nu, b2, 2));
      const count = safeIncrement(state.count);
      const muHat = correctedFirstMoment(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      const out = mapLeaves((m, v) => jnp.divide(m, jnp.add(jnp.sqrt(v), hp(eps, v))), muHat as U, nuHat);
      return [out, { count, mu, nu }];
    },
  };
}

declareFactory(scaleByBelief, { positional: [], defaults: SCALE_BY_BELIEF_DEFAULTS });
