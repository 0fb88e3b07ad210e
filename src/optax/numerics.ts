// Numerically safe helpers: counters that saturate instead of wrapping, and norms whose
// gradients stay finite at zero.
import { finfo, iinfo, isInteger } from "../dtypes.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import type { Numeric } from "./base.js";
import { hp, int32Scalar, scalarOf } from "./scalars.js";

/** `count + 1`, stopping at the dtype's largest value so an int32 step counter never wraps. */
export function safeIncrement(count: JaxArray): JaxArray {
  const max = scalarOf(isInteger(count.dtype) ? iinfo(count.dtype).max : finfo(count.dtype).max, count.dtype);
  return jnp.where(jnp.less(count, max), jnp.add(count, scalarOf(1, count.dtype)), max);
}

/** optax's older name for safeIncrement on int32 counters. */
export const safeInt32Increment = safeIncrement;

/** A fresh step counter: an int32 zero. */
export function zeroCount(): JaxArray {
  return int32Scalar(0);
}

/** |x|^2 (x is real here). */
export function absSq(x: JaxArray): JaxArray {
  return jnp.square(x);
}

/**
 * `max(norm(x), minNorm)` with a gradient that is finite where the norm is below `minNorm`
 * (those elements are replaced by ones before differentiating through the norm).
 */
export function safeNorm(
  x: JaxArray,
  minNorm: Numeric,
  axis: number | readonly number[] | null = null,
  keepdims = false,
): JaxArray {
  const normOf = (v: JaxArray, kd: boolean) => jnp.sqrt(jnp.sum(jnp.square(v), axis, { keepdims: kd }));
  const min = hp(minNorm, x);
  const small = jnp.lessEqual(normOf(x, true), min);
  const masked = jnp.where(small, jnp.onesLike(x), x);
  const norm = normOf(x, keepdims);
  const smallOut = jnp.lessEqual(norm, min);
  return jnp.where(smallOut, jnp.broadcastTo(min, norm.shape).astype(norm.dtype), normOf(masked, keepdims));
}

/** `max(rms(x), minRms)` with the same gradient safety as safeNorm. */
export function safeRootMeanSquares(x: JaxArray, minRms: Numeric): JaxArray {
  const rmsOf = (v: JaxArray) => jnp.sqrt(jnp.mean(jnp.square(v)));
  const min = hp(minRms, x);
  const small = jnp.lessEqual(rmsOf(x), min);
  return jnp.where(small, min.astype(x.dtype), rmsOf(jnp.where(small, jnp.onesLike(x), x)));
}
