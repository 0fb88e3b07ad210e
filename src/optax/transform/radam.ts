// Rectified Adam: Adam's step scaled by the rectification term once the variance of the
// adaptive learning rate is tractable, plain momentum before that.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, plus } from "../scalars.js";
import { biasCorrection, mapLeaves, updateMoment, zerosLike } from "../tree-math.js";
import { correctedFirstMoment, type ScaleByAdamState } from "./adam.js";

export interface ScaleByRadamOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  /** Threshold of the approximated SMA length above which the rectified step is used. */
  threshold?: Numeric;
  nesterov?: boolean;
}

const SCALE_BY_RADAM_DEFAULTS: Required<ScaleByRadamOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  epsRoot: 0,
  threshold: 5,
  nesterov: false,
};

export function scaleByRadam(options: ScaleByRadamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, threshold, nesterov } = withDefaults(SCALE_BY_RADAM_DEFAULTS, options);
  // Computed in each leaf's dtype so float64 runs keep full precision.
  const rectified = (m: JaxArray, v: JaxArray, count: JaxArray): JaxArray => {
    const one = hp(1, m);
    const roInf = jnp.subtract(jnp.divide(hp(2, m), jnp.subtract(one, hp(b2, m))), one);
    const t = count.astype(m.dtype);
    const b2t = jnp.power(hp(b2, m), t);
    const ro = jnp.subtract(roInf, jnp.divide(jnp.multiply(jnp.multiply(hp(2, m), t), b2t), jnp.subtract(one, b2t)));
    const num = jnp.multiply(jnp.multiply(jnp.subtract(ro, hp(4, m)), jnp.subtract(ro, hp(2, m))), roInf);
    const den = jnp.multiply(jnp.multiply(jnp.subtract(roInf, hp(4, m)), jnp.subtract(roInf, hp(2, m))), ro);
    const r = jnp.sqrt(jnp.divide(num, den));
    const step = jnp.divide(jnp.multiply(r, m), jnp.add(jnp.sqrt(plus(v, epsRoot)), hp(eps, v)));
    return jnp.where(jnp.greaterEqual(ro, hp(threshold, m)), step, m);
  };
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByAdamState): [U, ScaleByAdamState] => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = correctedFirstMoment(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      const out = mapLeaves((m, v) => rectified(m, v, count), muHat as U, nuHat);
      return [out, { count, mu, nu }];
    },
  };
}

declareFactory(scaleByRadam, { positional: [], defaults: SCALE_BY_RADAM_DEFAULTS });
