// Rescaling by root mean squares: RMSProp (plain and centered) and Adagrad's root sum of squares.
import * as jnp from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp } from "../scalars.js";
import { biasCorrection, fullLike, mapLeaves, updateMoment, zerosLike } from "../tree-math.js";

export interface ScaleByRssState {
  sumOfSquares: unknown;
}

export interface ScaleByRssOptions {
  /** Starting value of the accumulators (>= 0). */
  initialAccumulatorValue?: Numeric;
  eps?: Numeric;
}

const SCALE_BY_RSS_DEFAULTS: Required<ScaleByRssOptions> = { initialAccumulatorValue: 0.1, eps: 1e-7 };

/** Adagrad's rescaling: by the inverse root of the sum of all squared gradients so far. */
export function scaleByRss(options: ScaleByRssOptions = {}): GradientTransformation<ScaleByRssState> {
  const { initialAccumulatorValue, eps } = withDefaults(SCALE_BY_RSS_DEFAULTS, options);
  return {
    init: (params) => ({ sumOfSquares: fullLike(params, initialAccumulatorValue) }),
    update: <U>(updates: U, state: ScaleByRssState): [U, ScaleByRssState] => {
      const sumOfSquares = mapLeaves((g, t) => jnp.add(jnp.square(g), t), updates, state.sumOfSquares);
      const out = mapLeaves(
        (g, t) => {
          const inv = jnp.where(jnp.greater(t, 0), lax.rsqrt(jnp.add(t, hp(eps, t))), 0);
          return jnp.multiply(inv, g);
        },
        updates,
        sumOfSquares,
      );
      return [out, { sumOfSquares }];
    },
  };
}

export interface ScaleByRmsOptions {
  decay?: Numeric;
  eps?: Numeric;
  /** Initial value of the second moment (PyTorch uses 0, TF1 uses 1). */
  initialScale?: Numeric;
  /** `1 / sqrt(nu + eps)` (true) or `1 / (sqrt(nu) + eps)` (PyTorch). */
  epsInSqrt?: boolean;
  biasCorrection?: boolean;
}

/** The state holds a count only with bias correction. */
export interface ScaleByRmsState {
  count?: JaxArray;
  nu: unknown;
}

const SCALE_BY_RMS_DEFAULTS: Required<ScaleByRmsOptions> = {
  decay: 0.9,
  eps: 1e-8,
  initialScale: 0,
  epsInSqrt: true,
  biasCorrection: false,
};

function inverseRoot(v: JaxArray, eps: Numeric, epsInSqrt: boolean): JaxArray {
  if (epsInSqrt) return lax.rsqrt(jnp.add(v, hp(eps, v)));
  return jnp.divide(hp(1, v), jnp.add(jnp.sqrt(v), hp(eps, v)));
}

/** RMSProp's rescaling: by the inverse root of the moving average of squared gradients. */
export function scaleByRms(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByRmsState> {
  const o = withDefaults(SCALE_BY_RMS_DEFAULTS, options);
  return {
    init: (params) => {
      const nu = fullLike(params, o.initialScale);
      return o.biasCorrection ? { count: zeroCount(), nu } : { nu };
    },
    update: <U>(updates: U, state: ScaleByRmsState): [U, ScaleByRmsState] => {
      const nu = updateMoment(updates, state.nu, o.decay, 2);
      const count = o.biasCorrection ? safeIncrement(state.count!) : null;
      const nuHat = count === null ? nu : biasCorrection(nu, o.decay, count);
      const out = mapLeaves((g, n) => jnp.multiply(inverseRoot(n, o.eps, o.epsInSqrt), g), updates, nuHat);
      return [out, count === null ? { nu } : { count, nu }];
    },
  };
}

export interface ScaleByStddevState {
  count?: JaxArray;
  mu: unknown;
  nu: unknown;
}

/** Centered RMSProp: by the inverse root of the moving variance `nu - mu^2`. */
export function scaleByStddev(options: ScaleByRmsOptions = {}): GradientTransformation<ScaleByStddevState> {
  const o = withDefaults(SCALE_BY_RMS_DEFAULTS, options);
  return {
    init: (params) => {
      const mu = zerosLike(params);
      const nu = fullLike(params, o.initialScale);
      return o.biasCorrection ? { count: zeroCount(), mu, nu } : { mu, nu };
    },
    update: <U>(updates: U, state: ScaleByStddevState): [U, ScaleByStddevState] => {
      const mu = updateMoment(updates, state.mu, o.decay, 1);
      const nu = updateMoment(updates, state.nu, o.decay, 2);
      const count = o.biasCorrection ? safeIncrement(state.count!) : null;
      const muHat = count === null ? mu : biasCorrection(mu, o.decay, count);
      const nuHat = count === null ? nu : biasCorrection(nu, o.decay, count);
      const out = mapLeaves(
        (g, m, n) => jnp.multiply(inverseRoot(jnp.subtract(n, jnp.square(m)), o.eps, o.epsInSqrt), g),
        updates,
        muHat,
        nuHat,
      );
      return [out, count === null ? { mu, nu } : { count, mu, nu }];
    },
  };
}

declareFactory(scaleByRss, { positional: [], defaults: SCALE_BY_RSS_DEFAULTS });
declareFactory(scaleByRms, { positional: [], defaults: SCALE_BY_RMS_DEFAULTS });
declareFactory(scaleByStddev, { positional: [], defaults: SCALE_BY_RMS_DEFAULTS });
