// Continuous distributions that are one transform of a uniform sample, each the formula of JAX's
// sampler with the same uniform range, so the values follow JAX's bit for bit up to the rounding
// of the transcendental functions.
import type { DType } from "../dtypes.js";
import { abs, log, log1p, mul, neg, sign, sub, tan } from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { checkKey, type KeyArray } from "./key.js";
import { checkFloatDtype, checkSampleShape, constant, FINFO, type FloatDType } from "./params.js";
import { uniformIn } from "./uniform.js";

export interface FloatSampleOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
}

interface Prepared {
  key: JaxArray;
  shape: number[];
  dtype: FloatDType;
}

function prepare(op: string, key: KeyArray, shape: readonly number[], options: FloatSampleOptions): Prepared {
  return {
    key: checkKey(op, key),
    shape: checkSampleShape(op, shape),
    dtype: checkFloatDtype(op, options.dtype ?? "float32"),
  };
}

/** Standard Gumbel samples: -log(-log(u)) for u uniform in [tiny, 1). */
export function gumbelSample(op: string, key: JaxArray, shape: readonly number[], dtype: FloatDType): JaxArray {
  return neg(log(neg(log(uniformIn(op, key, shape, dtype, FINFO[dtype].tiny, 1)))));
}

/** `random.gumbel(key, shape?, { dtype? })`: standard Gumbel samples. */
export function gumbel(key: KeyArray, shape: readonly number[] = [], options: FloatSampleOptions = {}): JaxArray {
  const p = prepare("random.gumbel", key, shape, options);
  return gumbelSample("random.gumbel", p.key, p.shape, p.dtype);
}

/** `random.exponential(key, shape?, { dtype? })`: Exponential(1) samples, -log1p(-u). */
export function exponential(key: KeyArray, shape: readonly number[] = [], options: FloatSampleOptions = {}): JaxArray {
  const p = prepare("random.exponential", key, shape, options);
  const u = uniformIn("random.exponential", p.key, p.shape, p.dtype, 0, 1);
  // 1 - u lies in (0, 1], where the log is finite.
  return neg(log1p(neg(u)));
}

/** `random.laplace(key, shape?, { dtype? })`: Laplace(0, 1) samples, sign(u) * log1p(-|u|). */
export function laplace(key: KeyArray, shape: readonly number[] = [], options: FloatSampleOptions = {}): JaxArray {
  const p = prepare("random.laplace", key, shape, options);
  const u = uniformIn("random.laplace", p.key, p.shape, p.dtype, -1 + FINFO[p.dtype].epsneg, 1);
  return mul(sign(u), log1p(neg(abs(u))));
}

/** `random.logistic(key, shape?, { dtype? })`: standard logistic samples, log(u) - log1p(-u). */
export function logistic(key: KeyArray, shape: readonly number[] = [], options: FloatSampleOptions = {}): JaxArray {
  const p = prepare("random.logistic", key, shape, options);
  const u = uniformIn("random.logistic", p.key, p.shape, p.dtype, FINFO[p.dtype].tiny, 1);
  return sub(log(u), log1p(neg(u)));
}

/** `random.cauchy(key, shape?, { dtype? })`: standard Cauchy samples, tan(pi * (u - 1/2)). */
export function cauchy(key: KeyArray, shape: readonly number[] = [], options: FloatSampleOptions = {}): JaxArray {
  const p = prepare("random.cauchy", key, shape, options);
  const u = uniformIn("random.cauchy", p.key, p.shape, p.dtype, FINFO[p.dtype].eps, 1);
  return tan(mul(constant(p.shape, Math.PI, p.dtype), sub(u, constant(p.shape, 0.5, p.dtype))));
}
