// full, fullLike, zerosLike: constant arrays. Not primitives: a scalar broadcast, as in JAX.
import { asArray, type ArrayLike } from "../../coerce.js";
import type { DType } from "../../dtypes.js";
import { ShapeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { broadcast } from "./broadcast.js";
import { convertElementType } from "./convert-element-type.js";

/**
 * `lax.full(shape, fillValue, dtype?)`. Without `dtype` the result takes the fill value's dtype
 * and stays weakly typed when the fill value is (a JS number).
 */
export function full(shape: readonly number[], fillValue: ArrayLike, dtype?: DType): JaxArray {
  const fill = asArray(fillValue, "full");
  if (fill.ndim !== 0) {
    throw new ShapeError(
      `full: the fill value must be a scalar, got ${fill.aval.str()}; use broadcastInDim to expand an array`,
    );
  }
  const weakType = dtype === undefined && fill.weakType;
  return broadcast(convertElementType(fill, dtype ?? fill.dtype, weakType), shape);
}

/** `lax.fullLike(x, fillValue, dtype?, shape?)`: like `full` with the dtype, weak type and shape of `x` by default. */
export function fullLike(x: JaxArray, fillValue: ArrayLike, dtype?: DType, shape?: readonly number[]): JaxArray {
  const weakType = dtype === undefined && x.weakType;
  const fill = convertElementType(asArray(fillValue, "full_like"), dtype ?? x.dtype, weakType);
  return full(shape ?? x.shape, fill);
}

/** `lax.zerosLike(x)` (JAX's `lax.zeros_like_array`): zeros with the shape, dtype and weak type of `x`. */
export function zerosLike(x: JaxArray): JaxArray {
  return fullLike(x, 0);
}
