// Adam and its close relatives AMSGrad and Adamax.
import type { DType } from "../../dtypes.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, oneMinus, plus } from "../scalars.js";
import {
  biasCorrection,
  cast,
  castLike,
  mapLeaves,
  updateInfinityMoment,
  updateMoment,
  zerosLike,
} from "../tree-math.js";

export interface ScaleByAdamState {
  count: JaxArray;
  mu: unknown;
  nu: unknown;
}

export interface ScaleByAdamOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  muDtype?: DType | null;
  /** Nesterov momentum (Dozat 2016): NAdam. */
  nesterov?: boolean;
}

/**
 * The first moment estimate, bias corrected; with Nesterov momentum it looks one step ahead:
 * `b1 * mu / (1 - b1^(t+1)) + (1 - b1) * g / (1 - b1^t)`.
 */
export function correctedFirstMoment(
  mu: unknown,
  updates: unknown,
  b1: Numeric,
  count: JaxArray,
  nesterov: boolean,
): unknown {
  if (!nesterov) return biasCorrection(mu, b1, count);
  const ahead = biasCorrection(mu, b1, safeIncrement(count));
  const now = biasCorrection(updates, b1, count);
  return mapLeaves((m, g) => jnp.add(jnp.multiply(hp(b1, m), m), jnp.multiply(oneMinus(b1, g), g)), ahead, now);
}

/** `m / (sqrt(v + epsRoot) + eps)`, Adam's normalized step. */
export function adamDirection<U>(mHat: U, vHat: unknown, eps: Numeric, epsRoot: Numeric): U {
  return mapLeaves((m, v) => jnp.divide(m, jnp.add(jnp.sqrt(plus(v, epsRoot)), hp(eps, v))), mHat, vHat);
}

export const SCALE_BY_ADAM_DEFAULTS: Required<ScaleByAdamOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  epsRoot: 0,
  muDtype: null,
  nesterov: false,
};

/** Adam's rescaling: bias-corrected first moment over the root of the second. */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps, epsRoot, muDtype, nesterov } = withDefaults(SCALE_BY_ADAM_DEFAULTS, options);
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params, muDtype), nu: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByAdamState): [U, ScaleByAdamState] => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = correctedFirstMoment(mu, updates, b1, count, nesterov);
      const nuHat = biasCorrection(nu, b2, count);
      const out = adamDirection(muHat as U, nuHat, eps, epsRoot);
      return [out, { count, mu: cast(mu, muDtype), nu: castLike(nu, state.nu) }];
    },
  };
}

export interface ScaleByAmsgradState {
  count: JaxArray;
  mu: unknown;
  nu: unknown;
  nuMax: unknown;
}

export interface ScaleByAmsgradOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  muDtype?: DType | null;
  /** Bias-correct the first moment (false matches the AMSGrad paper). */
  biasCorrectionMu?: boolean;
  /** Bias-correct the second moment before the running maximum (false matches the paper). */
  biasCorrectionNu?: boolean;
}

const SCALE_BY_AMSGRAD_DEFAULTS: Required<ScaleByAmsgradOptions> = {
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  epsRoot: 0,
  muDtype: null,
  biasCorrectionMu: true,
  biasCorrectionNu: true,
};

/** AMSGrad: Adam normalized by the running maximum of the second moment. */
export function scaleByAmsgrad(options: ScaleByAmsgradOptions = {}): GradientTransformation<ScaleByAmsgradState> {
  const { b1, b2, eps, epsRoot, muDtype, biasCorrectionMu, biasCorrectionNu } = withDefaults(
    SCALE_BY_AMSGRAD_DEFAULTS,
    options,
  );
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: zerosLike(params, muDtype),
      nu: zerosLike(params),
      nuMax: zerosLike(params),
    }),
    update: <U>(updates: U, state: ScaleByAmsgradState): [U, ScaleByAmsgradState] => {
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateMoment(updates, state.nu, b2, 2);
      const count = safeIncrement(state.count);
      const muHat = biasCorrectionMu ? biasCorrection(mu, b1, count) : mu;
      const nuEff = biasCorrectionNu ? biasCorrection(nu, b2, count) : nu;
      const nuMax = mapLeaves((a, b) => jnp.maximum(a, b), state.nuMax, nuEff);
      const out = adamDirection(muHat, nuMax, eps, epsRoot);
      return [out, { count, mu: cast(mu, muDtype), nu, nuMax }];
    },
  };
}

export interface ScaleByAdamaxOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
}

export const SCALE_BY_ADAMAX_DEFAULTS: Required<ScaleByAdamaxOptions> = { b1: 0.9, b2: 0.999, eps: 1e-8 };

/** Adamax: the second moment replaced by an exponentially weighted infinity norm. */
export function scaleByAdamax(options: ScaleByAdamaxOptions = {}): GradientTransformation<ScaleByAdamState> {
  const { b1, b2, eps } = withDefaults(SCALE_BY_ADAMAX_DEFAULTS, options);
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params), nu: zerosLike(params) }),
    update: <U>(updates: U, state: ScaleByAdamState): [U, ScaleByAdamState] => {
      const count = safeIncrement(state.count);
      const mu = updateMoment(updates, state.mu, b1, 1);
      const nu = updateInfinityMoment(updates, state.nu, b2, eps);
      const muHat = biasCorrection(mu, b1, count);
      return [mapLeaves((m, v) => jnp.divide(m, v), muHat, nu), { count, mu, nu }];
    },
  };
}

declareFactory(scaleByAdam, { positional: [], defaults: SCALE_BY_ADAM_DEFAULTS });
declareFactory(scaleByAmsgrad, { positional: [], defaults: SCALE_BY_AMSGRAD_DEFAULTS });
declareFactory(scaleByAdamax, { positional: [], defaults: SCALE_BY_ADAMAX_DEFAULTS });
