// Optimistic (generalized) gradients: `(alpha + beta) * g_t - beta * g_{t-1}`.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { hp } from "../scalars.js";
import { mapLeaves, zerosLike } from "../tree-math.js";
import { scalar } from "../../array.js";

export interface ScaleByOptimisticGradientState {
  isInitialStep: JaxArray;
  previousGradient: unknown;
}

export interface ScaleByOptimisticGradientOptions {
  alpha?: Numeric;
  /** Coefficient of the negative momentum. */
  beta?: Numeric;
}

const SCALE_BY_OPTIMISTIC_GRADIENT_DEFAULTS: Required<ScaleByOptimisticGradientOptions> = { alpha: 1, beta: 1 };

/** At the first step the previous gradient is taken to be the current one (optax issue 1082). */
export function scaleByOptimisticGradient(
  options: ScaleByOptimisticGradientOptions = {},
): GradientTransformation<ScaleByOptimisticGradientState> {
  const { alpha, beta } = withDefaults(SCALE_BY_OPTIMISTIC_GRADIENT_DEFAULTS, options);
  return {
    init: (params) => ({ isInitialStep: scalar(true), previousGradient: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByOptimisticGradientState): [U, ScaleByOptimisticGradientState] => {
      const out = mapLeaves(
        (g, prev) => {
          const p = jnp.where(state.isInitialStep, g, prev);
          const b = hp(beta, g);
          return jnp.subtract(jnp.multiply(jnp.add(hp(alpha, g), b), g), jnp.multiply(b, p));
        },
        updates,
        state.previousGradient,
      );
      return [out, { isInitialStep: scalar(false), previousGradient: updates }];
    },
  };
}

declareFactory(scaleByOptimisticGradient, { positional: [], defaults: SCALE_BY_OPTIMISTIC_GRADIENT_DEFAULTS });
