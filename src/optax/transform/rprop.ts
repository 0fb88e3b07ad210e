// Rprop: per-element step sizes that grow while the gradient keeps its sign and shrink when it flips.
import * as jnp from "../../numpy/index.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { hp } from "../scalars.js";
import { fullLike, mapLeaves, zerosLike } from "../tree-math.js";

export interface ScaleByRpropState {
  stepSizes: unknown;
  prevUpdates: unknown;
}

export interface ScaleByRpropOptions {
  /** Factor applied to the step size when the gradient changes sign. */
  etaMinus?: Numeric;
  /** Factor applied when the gradient keeps its sign. */
  etaPlus?: Numeric;
  minStepSize?: Numeric;
  maxStepSize?: Numeric;
}

const SCALE_BY_RPROP_DEFAULTS: Required<ScaleByRpropOptions> = {
  etaMinus: 0.5,
  etaPlus: 1.2,
  minStepSize: 1e-6,
  maxStepSize: 50,
};

/** Rprop with `learningRate` as the initial step size (the update still needs a sign flip). */
export function scaleByRprop(
  learningRate: Numeric,
  options: ScaleByRpropOptions = {},
): GradientTransformation<ScaleByRpropState> {
  const { etaMinus, etaPlus, minStepSize, maxStepSize } = withDefaults(SCALE_BY_RPROP_DEFAULTS, options);
  return {
    init: (params) => ({ stepSizes: fullLike(params, learningRate), prevUpdates: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByRpropState): [U, ScaleByRpropState] => {
      const sign = mapLeaves((g, prev) => jnp.multiply(g, prev), updates, state.prevUpdates);
      const stepSizes = mapLeaves(
        (s, step) => {
          const factor = jnp.where(jnp.greater(s, 0), hp(etaPlus, step), hp(etaMinus, step));
          const scaled = jnp.clip(jnp.multiply(step, factor), hp(minStepSize, step), hp(maxStepSize, step));
          return jnp.where(jnp.equal(s, 0), step, scaled);
        },
        sign,
        state.stepSizes,
      );
      const prevUpdates = mapLeaves(
        (s, g, step) => jnp.where(jnp.less(s, 0), jnp.zerosLike(g), jnp.multiply(step, jnp.sign(g))),
        sign,
        updates,
        stepSizes,
      );
      // optax (through 0.2.x) emits state.prevUpdates here, one step stale (optax PR #1725);
      // this emits the current step, which is Rprop's published update (and torch's).
      return [prevUpdates, { stepSizes, prevUpdates }];
    },
  };
}

declareFactory(scaleByRprop, { positional: ["learningRate"], defaults: SCALE_BY_RPROP_DEFAULTS });
