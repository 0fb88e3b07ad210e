// Gradient clipping: elementwise, by block RMS, by global norm, and unit-wise adaptive (AGC).
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { emptyState, requireParams, type EmptyState, type GradientTransformation, type Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { globalNorm } from "../linear-algebra.js";
import { hp } from "../scalars.js";
import { mapLeaves } from "../tree-math.js";

function statelessMap(f: (g: JaxArray) => JaxArray): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => [mapLeaves(f, updates), state],
  };
}

/** Clips each element of the updates to [-maxDelta, maxDelta]. */
export function clip(maxDelta: Numeric): GradientTransformation<EmptyState> {
  return statelessMap((g) => jnp.clip(g, jnp.negative(hp(maxDelta, g)), hp(maxDelta, g)));
}

/** Scales each update block down so that its root mean square is at most `threshold`. */
export function clipByBlockRms(threshold: Numeric): GradientTransformation<EmptyState> {
  return statelessMap((u) => {
    const rms = jnp.sqrt(jnp.mean(jnp.square(u)));
    return jnp.divide(u, jnp.maximum(hp(1, u), jnp.divide(rms, hp(threshold, u))));
  });
}

/** Scales all updates together so that their global norm is at most `maxNorm` (Pascanu et al. 2012). */
export function clipByGlobalNorm(maxNorm: Numeric): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => {
      const gNorm = globalNorm(updates);
      const trigger = jnp.less(gNorm, hp(maxNorm, gNorm));
      const out = mapLeaves(
        (t) =>
          lax.select(
            jnp.broadcastTo(trigger, t.shape),
            t,
            jnp.multiply(jnp.divide(t, gNorm.astype(t.dtype)), hp(maxNorm, t)),
          ),
        updates,
      );
      return [out, state];
    },
  };
}

/**
 * The L2 norm of each unit of `x`, broadcast back to x's shape. Units are slices over `axis`,
 * or by rank: the whole array (scalars, vectors), axis 0 (linear layers, rank 2 and 3), axes
 * 0-2 (HWIO convolution kernels, rank 4).
 */
export function unitwiseNorm(x: JaxArray, axis: number | readonly number[] | null = null): JaxArray {
  const sq = jnp.square(x);
  let squaredNorm: JaxArray;
  if (axis !== null) squaredNorm = jnp.sum(sq, axis, { keepdims: true });
  else if (x.shape.filter((d) => d !== 1).length <= 1) squaredNorm = jnp.sum(sq, null, { keepdims: true });
  else if (x.ndim === 2 || x.ndim === 3) squaredNorm = jnp.sum(sq, 0, { keepdims: true });
  else if (x.ndim === 4) squaredNorm = jnp.sum(sq, [0, 1, 2], { keepdims: true });
  else {
    throw new ValueError(
      `unitwiseNorm: expected a parameter of rank 1 to 4, got shape [${x.shape.join(", ")}]; give the reduction axes with axis`,
    );
  }
  return jnp.broadcastTo(jnp.sqrt(squaredNorm), x.shape);
}

/** `grad` where its unit norm is below `maxNorm`, else rescaled to it. */
export function unitwiseClip(gNorm: JaxArray, maxNorm: JaxArray, grad: JaxArray, divEps: Numeric = 1e-6): JaxArray {
  const clipped = jnp.multiply(grad, jnp.divide(maxNorm, jnp.maximum(gNorm, hp(divEps, gNorm))));
  return jnp.where(jnp.less(gNorm, maxNorm), grad, clipped);
}

export interface AdaptiveGradClipOptions {
  /** Keeps zero-initialized parameters from freezing. */
  eps?: Numeric;
  /** Axes of the units (chosen by rank when null). */
  axis?: number | readonly number[] | null;
}

const ADAPTIVE_GRAD_CLIP_DEFAULTS: Required<AdaptiveGradClipOptions> = { eps: 1e-3, axis: null };

/** Clips each unit's update to `clipping * max(|param unit|, eps)` (Brock et al. 2021). */
export function adaptiveGradClip(
  clipping: Numeric,
  options: AdaptiveGradClipOptions = {},
): GradientTransformation<EmptyState> {
  const { eps, axis } = withDefaults(ADAPTIVE_GRAD_CLIP_DEFAULTS, options);
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      const p = requireParams(params, "adaptiveGradClip");
      const out = mapLeaves(
        (g, x) => {
          const maxNorm = jnp.multiply(hp(clipping, x), jnp.maximum(unitwiseNorm(x, axis), hp(eps, x)));
          return unitwiseClip(unitwiseNorm(g, axis), maxNorm, g);
        },
        updates,
        p,
      );
      return [out, state];
    },
  };
}

declareFactory(clip, { positional: ["maxDelta"], defaults: {} });
declareFactory(clipByBlockRms, { positional: ["threshold"], defaults: {} });
declareFactory(clipByGlobalNorm, { positional: ["maxNorm"], defaults: {} });
declareFactory(adaptiveGradClip, { positional: ["clipping"], defaults: ADAPTIVE_GRAD_CLIP_DEFAULTS });
