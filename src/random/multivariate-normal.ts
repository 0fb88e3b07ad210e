// Multivariate normal samples as mean + F z for standard normal z and a factor F with
// F F^T = cov: the Cholesky factor (default), or V sqrt(W) from the eigendecomposition.
import type { DType } from "../dtypes.js";
import { isFloat, promoteTypes, toInexact } from "../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { cholesky } from "../numpy/linalg-cholesky.js";
import { eigh } from "../numpy/linalg-eigh.js";
import { broadcastShapes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { asArray } from "../coerce.js";
import { checkKey, type KeyArray } from "./key.js";
import { normal } from "./normal.js";
import { broadcastTo, checkParamShapes, checkSampleShape, type FloatDType } from "./params.js";

export interface MultivariateNormalOptions {
  /** A float dtype (default: that of mean and cov promoted together, float32 for integers). */
  dtype?: DType;
  /**
   * How cov is factored: "cholesky" (default; cov must be positive definite), "eigh", or "svd"
   * (for a symmetric positive semi-definite cov this is the same factor as "eigh", which is
   * what jax-ts computes for it).
   */
  method?: "cholesky" | "eigh" | "svd";
}

/** `x` with one new trailing axis of size 1 (so that matrix @ vector broadcasts over batches). */
function asColumn(x: JaxArray): JaxArray {
  return lax.expandDims(x, [x.ndim]);
}

/** Batched `factor @ z` with numpy broadcasting of the leading axes. */
function applyFactor(factor: JaxArray, z: JaxArray, batch: readonly number[]): JaxArray {
  const n = z.shape[z.ndim - 1]!;
  const f = broadcastTo(factor, [...batch, n, n]);
  const col = broadcastTo(asColumn(z), [...batch, n, 1]);
  const dims = batch.map((_, i) => i);
  const out = lax.dotGeneral(f, col, [
    [[batch.length + 1], [batch.length]],
    [dims, dims],
  ]);
  return lax.reshape(out, [...batch, n]);
}

/**
 * `random.multivariateNormal(key, mean, cov, shape?, { dtype, method })`: samples of shape
 * `[...shape, n]` from N(mean, cov) for mean `[..., n]` and cov `[..., n, n]`; the shape
 * defaults to mean.shape[:-1] and cov.shape[:-2] broadcast together.
 */
export function multivariateNormal(
  key: KeyArray,
  mean: JaxArray | number,
  cov: JaxArray | number,
  shape?: readonly number[] | null,
  options: MultivariateNormalOptions = {},
): JaxArray {
  const op = "random.multivariateNormal";
  const k = checkKey(op, key);
  const method = options.method ?? "cholesky";
  if (method !== "cholesky" && method !== "eigh" && method !== "svd") {
    throw new ValueError(`${op}: method must be "cholesky", "eigh" or "svd", got ${JSON.stringify(method)}`);
  }
  let mu = asArray(mean, op);
  let sigma = asArray(cov, op);
  const common = toInexact(
    promoteTypes({ dtype: mu.dtype, weakType: mu.weakType }, { dtype: sigma.dtype, weakType: sigma.weakType }).dtype,
  );
  const dtype = options.dtype ?? common;
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype must be a floating-point dtype, got ${String(dtype)}`);
  mu = lax.convertElementType(mu, dtype);
  sigma = lax.convertElementType(sigma, dtype);
  if (mu.ndim < 1) throw new ShapeError(`${op}: mean must have at least one axis, got ${mu.aval.str()}`);
  if (sigma.ndim < 2) throw new ShapeError(`${op}: cov must have at least two axes, got ${sigma.aval.str()}`);
  const n = mu.shape[mu.ndim - 1]!;
  if (sigma.shape[sigma.ndim - 1] !== n || sigma.shape[sigma.ndim - 2] !== n) {
    throw new ShapeError(
      `${op}: cov must have shape [..., ${n}, ${n}] to match mean ${mu.aval.str()}, got ${sigma.aval.str()}`,
    );
  }
  const meanBatch = mu.shape.slice(0, -1);
  const covBatch = sigma.shape.slice(0, -2);
  let s: number[];
  if (shape === undefined || shape === null) s = broadcastShapes(op, [meanBatch, covBatch]);
  else {
    s = checkSampleShape(op, shape);
    checkParamShapes(op, s, meanBatch, covBatch);
  }
  let factor: JaxArray;
  if (method === "cholesky") factor = cholesky(sigma);
  else {
    const [w, v] = eigh(sigma);
    const root = lax.sqrt(w);
    factor = lax.mul(v, lax.broadcastInDim(root, v.shape, [...root.shape.slice(0, -1).map((_, i) => i), v.ndim - 1]));
  }
  const z = normal(k, [...s, n], { dtype: dtype as FloatDType });
  return lax.add(broadcastTo(mu, [...s, n]), applyFactor(factor, z, s));
}
