// Polyak's step size: the suboptimality gap over the squared gradient norm.
import { ValueError } from "../../errors.js";
import { finfo } from "../../dtypes.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { emptyState, type EmptyState, type ExtraArgs, type GradientTransformation, type Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { hp, scalarOf } from "../scalars.js";
import { norm, scale } from "../tree-math.js";

export type PolyakVariant = "sps" | "sps+";

export interface ScaleByPolyakOptions {
  /** A lower bound on the objective. */
  fMin?: Numeric;
  maxLearningRate?: Numeric;
  /** Added to the squared gradient norm. */
  eps?: Numeric;
  /** "sps+" uses only the non-negative part of the gap. */
  variant?: PolyakVariant;
}

const SCALE_BY_POLYAK_DEFAULTS: Required<ScaleByPolyakOptions> = {
  fMin: 0,
  maxLearningRate: 1,
  eps: 0,
  variant: "sps",
};

/**
 * `min((f(x) - fMin) / (|g|^2 + eps), maxLearningRate) * g`; `update` needs the objective's value
 * as `extra.value`.
 */
export function scaleByPolyak(options: ScaleByPolyakOptions = {}): GradientTransformation<EmptyState> {
  const { fMin, maxLearningRate, eps, variant } = withDefaults(SCALE_BY_POLYAK_DEFAULTS, options);
  if (variant !== "sps" && variant !== "sps+") {
    throw new ValueError(`scaleByPolyak: invalid variant "${String(variant)}"; use "sps" or "sps+"`);
  }
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, _params?: unknown, extra?: ExtraArgs): [U, EmptyState] => {
      const value = extra?.value;
      if (value === undefined || value === null) {
        throw new ValueError(
          "scaleByPolyak: update needs the objective's value: opt.update(grads, state, params, { value })",
        );
      }
      const gradSqNorm = norm(updates, true);
      const like = gradSqNorm;
      let gap = jnp.subtract(scalarOf(value as Numeric, like.dtype), hp(fMin, like));
      if (variant === "sps+") gap = jnp.maximum(gap, hp(0, like));
      const denom = jnp.add(gradSqNorm, hp(eps, like));
      // optax compares against jnp.finfo(float).eps, the float64 machine epsilon.
      const tiny = hp(finfo("float64").eps, like);
      const step: JaxArray = jnp.where(
        jnp.lessEqual(denom, tiny),
        hp(0, like),
        jnp.minimum(jnp.divide(gap, denom), hp(maxLearningRate, like)),
      );
      return [scale(step, updates), state];
    },
  };
}

declareFactory(scaleByPolyak, { positional: [], defaults: SCALE_BY_POLYAK_DEFAULTS });
