// Normal samples by inverting the CDF, as JAX does: sqrt(2) * erf_inv(u) for u uniform in
// (-1, 1). Values match JAX's to within the rounding of erf_inv (XLA evaluates it with a float32
// polynomial; jax-ts rounds a float64 evaluation), so they may differ in the last bit.
import type { DType } from "../dtypes.js";
import { broadcastShapes } from "../shape.js";
import { div, erf, erfInv, max, min, mul, nextafter, stopGradient } from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { checkKey, type KeyArray } from "./key.js";
import {
  broadcastTo,
  checkFloatDtype,
  checkParamShapes,
  checkSampleShape,
  constant,
  FINFO,
  paramArray,
  type Param,
} from "./params.js";
import { uniformIn } from "./uniform.js";

export interface NormalOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
}

/** `random.normal(key, shape?, { dtype? })`: standard normal samples. */
export function normal(key: KeyArray, shape: readonly number[] = [], options: NormalOptions = {}): JaxArray {
  const op = "random.normal";
  const k = checkKey(op, key);
  const s = checkSampleShape(op, shape);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  // The open interval (-1, 1): the lower end is nextafter(-1, 0) in the dtype, so erf_inv stays finite.
  const lo = -(1 - 2 ** -(FINFO[dtype].nmant + 1));
  const u = uniformIn(op, k, s, dtype, lo, 1);
  return mul(constant(s, Math.SQRT2, dtype), erfInv(u));
}

/**
 * `random.truncatedNormal(key, lower, upper, shape?, { dtype? })`: standard normal samples
 * restricted to the open interval (lower, upper). The shape defaults to that of lower and upper
 * broadcast together.
 */
export function truncatedNormal(
  key: KeyArray,
  lower: Param,
  upper: Param,
  shape?: readonly number[] | null,
  options: NormalOptions = {},
): JaxArray {
  const op = "random.truncatedNormal";
  const k = checkKey(op, key);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  const lowerA = paramArray(op, "lower", lower, dtype);
  const upperA = paramArray(op, "upper", upper, dtype);
  let s: number[];
  if (shape === undefined || shape === null) {
    s = broadcastShapes(op, [lowerA.shape, upperA.shape]);
  } else {
    s = checkSampleShape(op, shape);
    checkParamShapes(op, s, lowerA.shape, upperA.shape);
  }
  const cdf = (x: JaxArray) => erf(div(x, constant(x.shape, Math.SQRT2, dtype)));
  const u = uniformIn(op, k, s, dtype, cdf(lowerA), cdf(upperA));
  const out = mul(constant(s, Math.SQRT2, dtype), erfInv(u));
  // Clamp into the open interval: rounding (or u landing on erf(lower)) can reach the ends.
  const inward = (x: JaxArray, toward: number) =>
    broadcastTo(nextafter(stopGradient(x), constant(x.shape, toward, dtype)), s);
  return min(max(out, inward(lowerA, Infinity)), inward(upperA, -Infinity));
}
