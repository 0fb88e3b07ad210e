// Yogi: Adam whose second moment moves additively, by the sign of its gap to g^2.
import * as jnp from "../../numpy/index.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { oneMinus } from "../scalars.js";
import { biasCorrection, fullLike, mapLeaves, updateMoment } from "../tree-math.js";
import { adamDirection, type ScaleByAdamState } from "./adam.js";

export interface ScaleByYogiOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  /** Starting value of both moments (> 0). */
  initialAccumulatorValue?: Numeric;
}

const SCALE_BY_YOGI_DEFAULTS: Required<ScaleByYogiOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-3,
  epsRoot: 0,
  initialAccumulatorValue: 1e-6,
};

/** `nu = nu - (1 - b2) * sign(nu - g^2) * g^2`, then Adam's bias-corrected step. */
export function scaleByYogi(options: ScaleByYogiOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, initialAccumulatorValue } = withDefaults(SCALE_BY_YOGI_DEFAULTS, options);
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: fullLike(params, initialAccumulatorValue),
      nu: fullLike(params, initialAccumulatorValue),
    }),
    update: <U>(updates: U, state: ScaleByAdamState): [U, ScaleByAdamState] => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = mapLeaves(
        (g, v) => {
          const g2 = jnp.square(g);
          return jnp.subtract(v, jnp.multiply(jnp.multiply(oneMinus(b2, v), jnp.sign(jnp.subtract(v, g2))), g2));
        },
        updates,
        state.nu,
      );
      const count = safeIncrement(state.count);
      const out = adamDirection(biasCorrection(mu, b1, count), biasCorrection(nu, b2, count), eps, epsRoot);
      return [out, { count, mu, nu }];
    },
  };
}

declareFactory(scaleByYogi, { positional: [], defaults: SCALE_BY_YOGI_DEFAULTS });
