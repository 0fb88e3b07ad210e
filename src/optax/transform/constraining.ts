// Constraints on the updates: parameters kept non-negative, NaNs replaced by zeros.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { emptyState, requireParams, type EmptyState, type GradientTransformation } from "../base.js";
import { declareFactory } from "../factory.js";
import { mapLeaves } from "../tree-math.js";
import { scalar } from "../../array.js";

/** Clamps updates so that `param + update >= 0` (the last transformation of a chain). */
export function keepParamsNonnegative(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      const p = requireParams(params, "keepParamsNonnegative");
      const out = mapLeaves((u, x) => jnp.where(jnp.less(jnp.add(x, u), 0), jnp.negative(x), u), updates, p);
      return [out, state];
    },
  };
}

export interface ZeroNansState {
  /** Per parameter: whether the last updates held a NaN. */
  foundNan: unknown;
}

/** Replaces NaNs in the updates by zeros, recording where some were found. */
export function zeroNans(): GradientTransformation<ZeroNansState> {
  return {
    init: (params) => ({ foundNan: mapLeaves(() => scalar(false), params) }),
    update: <U>(updates: U): [U, ZeroNansState] => {
      const foundNan = mapLeaves((g: JaxArray) => jnp.any(jnp.isnan(g)), updates);
      const out = mapLeaves((g) => jnp.where(jnp.isnan(g), jnp.zerosLike(g), g), updates);
      return [out, { foundNan }];
    },
  };
}

declareFactory(keepParamsNonnegative, { positional: [], defaults: {} });
declareFactory(zeroNans, { positional: [], defaults: {} });
