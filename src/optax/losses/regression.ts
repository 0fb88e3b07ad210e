// Regression losses: elementwise penalties of `predictions - targets` (targets default to 0),
// and the cosine similarity of vectors along an axis.
import type { ArrayLike } from "../../coerce.js";
import * as jnp from "../../numpy/index.js";
import type { Axis } from "../../numpy/reductions.js";
import type { JaxArray } from "../../tracing/array.js";
import { hp } from "../scalars.js";
import { floating, sameShape } from "./checks.js";

function errorsOf(
  op: string,
  predictions: ArrayLike,
  targets: ArrayLike | null | undefined,
  strictShapes: boolean,
): JaxArray {
  const p = floating(op, "predictions", predictions);
  if (targets === null || targets === undefined) return p;
  const t = jnp.asarray(targets);
  if (strictShapes) sameShape(op, p, t);
  return jnp.subtract(p, t);
}

/** optax.squared_error: `(predictions - targets) ** 2`, elementwise; shapes must match. */
export function squaredError(predictions: ArrayLike, targets?: ArrayLike | null): JaxArray {
  return jnp.square(errorsOf("squaredError", predictions, targets, true));
}

/** optax.l2_loss: half the squared error. */
export function l2Loss(predictions: ArrayLike, targets?: ArrayLike | null): JaxArray {
  return jnp.multiply(0.5, squaredError(predictions, targets));
}

export interface HuberLossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** optax.huber_loss: `0.5 e^2` for |e| <= delta, `0.5 delta^2 + delta (|e| - delta)` beyond. */
export function huberLoss(
  predictions: ArrayLike,
  targets?: ArrayLike | null,
  options: HuberLossOptions = {},
): JaxArray {
  const abs = jnp.abs(errorsOf("huberLoss", predictions, targets, false));
  const delta = hp(options.delta ?? 1, abs);
  const quadratic = jnp.minimum(abs, delta);
  // abs - quadratic rather than max(abs - delta, 0): the gradient is not counted twice at |e| = delta.
  const linear = jnp.subtract(abs, quadratic);
  return jnp.add(jnp.multiply(0.5, jnp.square(quadratic)), jnp.multiply(delta, linear));
}

/**
 * optax.log_cosh: `log(cosh(e))`, computed as `|e| + log1p(exp(-2|e|)) - log 2` so large errors
 * don't overflow; its derivative `sign(e) * tanh(|e|)` is 0 at e = 0 whatever |e|'s is there.
 */
export function logCosh(predictions: ArrayLike, targets?: ArrayLike | null): JaxArray {
  const e = errorsOf("logCosh", predictions, targets, false);
  const abs = jnp.abs(e);
  const tail = jnp.log1p(jnp.exp(jnp.multiply(-2, abs)));
  return jnp.subtract(jnp.add(abs, tail), hp(Math.LN2, e));
}

export interface CosineSimilarityOptions {
  /** Lower bound on the squared norms, so zero vectors give 0 rather than NaN. */
  epsilon?: number;
  axis?: Axis;
  where?: ArrayLike;
}

/** optax.cosine_similarity: the inner product of the unit vectors along `axis` (default -1). */
export function cosineSimilarity(
  predictions: ArrayLike,
  targets: ArrayLike,
  options: CosineSimilarityOptions = {},
): JaxArray {
  const a = floating("cosineSimilarity", "predictions", predictions);
  const b = floating("cosineSimilarity", "targets", targets);
  const { epsilon = 0, axis = -1, where } = options;
  const masked = where === undefined ? {} : { where };
  const unit = (v: JaxArray) => {
    const norm2 = jnp.sum(jnp.square(v), { axis, keepdims: true, ...masked });
    return jnp.divide(v, jnp.sqrt(jnp.maximum(norm2, hp(epsilon, norm2))));
  };
  return jnp.sum(jnp.multiply(unit(a), unit(b)), { axis, ...masked });
}

/** optax.cosine_distance: `1 - cosineSimilarity`. */
export function cosineDistance(
  predictions: ArrayLike,
  targets: ArrayLike,
  options: CosineSimilarityOptions = {},
): JaxArray {
  return jnp.subtract(1, cosineSimilarity(predictions, targets, options));
}
