// Adadelta: step sizes from the ratio of moving averages of squared updates and squared gradients.
import * as jnp from "../../numpy/index.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { hp } from "../scalars.js";
import { mapLeaves, updateMoment, zerosLike } from "../tree-math.js";

export interface ScaleByAdadeltaState {
  /** Moving average of squared gradients. */
  eG: unknown;
  /** Moving average of squared updates. */
  eX: unknown;
}

export interface ScaleByAdadeltaOptions {
  rho?: Numeric;
  eps?: Numeric;
}

const SCALE_BY_ADADELTA_DEFAULTS: Required<ScaleByAdadeltaOptions> = { rho: 0.9, eps: 1e-6 };

/** `g * sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps)` (Zeiler 2012). */
export function scaleByAdadelta(options: ScaleByAdadeltaOptions = {}): GradientTransformation<ScaleByAdadeltaState> {
  const { rho, eps } = withDefaults(SCALE_BY_ADADELTA_DEFAULTS, options);
  return {
    init: (params) => ({ eG: zerosLike(params), eX: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByAdadeltaState): [U, ScaleByAdadeltaState] => {
      const eG = updateMoment(updates, state.eG, rho, 2);
      const out = mapLeaves(
        (g, curEG, prevEX) =>
          jnp.multiply(jnp.divide(jnp.sqrt(jnp.add(prevEX, hp(eps, g))), jnp.sqrt(jnp.add(curEG, hp(eps, g)))), g),
        updates,
        eG,
        state.eX,
      );
      const eX = updateMoment(out, state.eX, rho, 2);
      return [out, { eG, eX }];
    },
  };
}

declareFactory(scaleByAdadelta, { positional: [], defaults: SCALE_BY_ADADELTA_DEFAULTS });
