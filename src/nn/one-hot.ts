// jax.nn.oneHot: compares each value with the class indices along a new axis.
import { asArray, type ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

export interface OneHotOptions {
  /** Default float32. */
  dtype?: DType;
  /** Where the new class axis goes (default -1, last). */
  axis?: number;
}

/**
 * One-hot encoding: out[..., c] = (x[...] == c). Values outside [0, numClasses) (and NaN)
 * give all-zero rows, as in JAX.
 */
export function oneHot(x: ArrayLike, numClasses: number, options: OneHotOptions = {}): JaxArray {
  if (!Number.isInteger(numClasses) || numClasses < 0) {
    throw new ValueError(`oneHot: numClasses must be a non-negative integer, got ${numClasses}`);
  }
  const a = asArray(x, "oneHot");
  const axis = normalizeAxis(options.axis ?? -1, a.ndim + 1, "oneHot");
  const outShape = [...a.shape];
  outShape.splice(axis, 0, numClasses);
  const keptDims = a.shape.map((_, i) => (i < axis ? i : i + 1));
  const values = lax.broadcastInDim(a, outShape, keptDims);
  const classes = lax.convertElementType(lax.broadcastedIota("int32", outShape, axis), a.dtype);
  return lax.convertElementType(lax.eq(values, classes), options.dtype ?? "float32");
}
