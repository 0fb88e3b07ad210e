// Hyperparameters as operands. A JS number is built directly in the dtype of the array it meets:
// going through a weakly typed float32 scalar would round 0.999 before a float64 update uses it.
import { scalar } from "../array.js";
import { isFloat, type DType } from "../dtypes.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import type { Numeric } from "./base.js";

/** `v` as an operand next to `like`: numbers take like's float dtype, arrays pass through. */
export function hp(v: Numeric, like: JaxArray): JaxArray {
  if (typeof v !== "number") return v;
  return isFloat(like.dtype) ? scalar(v, like.dtype, false) : scalar(v, "float32", true);
}

/** `v` as a scalar array of `dtype` (arrays are converted). */
export function scalarOf(v: Numeric, dtype: DType): JaxArray {
  return typeof v === "number" ? scalar(v, dtype, false) : v.dtype === dtype ? v : v.astype(dtype);
}

/** An int32 scalar: the type of every step counter. */
export function int32Scalar(v: number): JaxArray {
  return scalar(v, "int32", false);
}

/** `1 - v` next to `like`, folded on the host when v is a number (as Python folds optax's `1 - decay`). */
export function oneMinus(v: Numeric, like: JaxArray): JaxArray {
  return typeof v === "number" ? hp(1 - v, like) : jnp.subtract(hp(1, like), v);
}

/** `x + v`, skipping a literal zero (epsRoot and friends default to 0). */
export function plus(x: JaxArray, v: Numeric): JaxArray {
  return v === 0 ? x : jnp.add(x, hp(v, x));
}
