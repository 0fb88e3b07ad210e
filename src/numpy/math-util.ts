// Constants shaped like an operand, for the numpy formulas built from strict lax primitives.
import { scalar } from "../array.js";
import type { DType } from "../dtypes.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import type { JaxArray } from "../tracing/array.js";

/** An array of `x`'s shape filled with `value`; dtype and weakness default to `x`'s, so lax ops accept the pair. */
export function fullLike(
  x: JaxArray,
  value: number | boolean,
  dtype: DType = x.dtype,
  weakType: boolean = x.weakType,
): JaxArray {
  const v = typeof value === "boolean" ? Number(value) : value;
  return broadcastInDim(scalar(v, dtype, weakType && dtype !== "bool"), x.shape, []);
}

/** An array of `shape` filled with `value`. */
export function filled(shape: readonly number[], value: number, dtype: DType, weakType = false): JaxArray {
  return broadcastInDim(scalar(value, dtype, weakType && dtype !== "bool"), shape, []);
}

/**
 * A weakly typed float32 scalar: JAX's Python float literal (`6.0`). JS can't tell `6.0` from `6`,
 * so formulas that JAX writes with float literals use this to get JAX's int -> float promotion.
 */
export function weakFloat(value: number): JaxArray {
  return scalar(value, "float32", true);
}

/** The sizes of `axes` multiplied: the element count a reduction over them sees. */
export function axesSize(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a]!, 1);
}
