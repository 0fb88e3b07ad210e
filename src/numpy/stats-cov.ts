// jnp.cov and jnp.corrcoef: covariance of variables held in rows (or columns), with numpy's
// frequency and reliability weights and its degrees-of-freedom correction.
import { asArray, type ArrayLike } from "../coerce.js";
import { isInteger } from "../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";

export interface CovOptions {
  /** A second set of variables, stacked under those of m. */
  y?: ArrayLike;
  /** Each row is a variable and each column an observation (default true); false swaps them. */
  rowvar?: boolean;
  /** Divide by N (true) instead of N - 1 (default false); ddof overrides it. */
  bias?: boolean;
  /** Delta degrees of freedom: the divisor is N - ddof. */
  ddof?: number;
  /** Integer repeat counts per observation. */
  fweights?: ArrayLike;
  /** Reliability weights per observation. */
  aweights?: ArrayLike;
}

/** Variables as the rows of a 2-D array. */
function variablesAsRows(op: string, name: string, x: JaxArray, rowvar: boolean): JaxArray {
  if (x.ndim > 2) throw new ValueError(`${op}: ${name} has more than 2 axes: ${x.aval.str()}`);
  const rows = x.ndim < 2 ? lax.reshape(x, [1, x.size]) : x;
  return !rowvar && x.ndim === 2 ? lax.transpose(rows, [1, 0]) : rows;
}

function observationWeights(op: string, name: string, w: ArrayLike, n: number, integral: boolean): JaxArray {
  const arr = asArray(w, op);
  if (arr.ndim !== 1) throw new ShapeError(`${op}: ${name} must be 1-dimensional, got ${arr.aval.str()}`);
  if (arr.shape[0] !== n)
    throw new ShapeError(`${op}: ${name} ${arr.aval.str()} needs one weight per observation (${n})`);
  if (integral && !isInteger(arr.dtype)) throw new DTypeError(`${op}: ${name} must be integers, got ${arr.aval.str()}`);
  // numpy refuses negative weights; JAX takes their absolute values, which needs no data check.
  return lax.abs(arr);
}

/**
 * `jnp.cov(m, { y, rowvar, bias, ddof, fweights, aweights })`: the covariance matrix of the
 * variables (a scalar for a single variable).
 */
export function cov(m: ArrayLike, options: CovOptions = {}): JaxArray {
  const op = "cov";
  const rowvar = options.rowvar ?? true;
  const promoted = promoteToInexact(op, options.y === undefined ? [m] : [m, options.y]);
  let x = variablesAsRows(op, "m", promoted[0]!, rowvar);
  if (x.shape[0] === 0) return filled([0, 0], 0, x.dtype);
  if (promoted[1] !== undefined) {
    const y = promoted[1];
    if (y.ndim > 2) throw new ValueError(`${op}: y has more than 2 axes: ${y.aval.str()}`);
    let yRows = y.ndim < 2 ? lax.reshape(y, [1, y.size]) : y;
    if (!rowvar && yRows.shape[0] !== 1) yRows = lax.transpose(yRows, [1, 0]);
    if (yRows.shape[1] !== x.shape[1]) {
      throw new ShapeError(
        `${op}: m and y must have the same number of observations, got ${x.aval.str()} and ${yRows.aval.str()}`,
      );
    }
    x = lax.concatenate([x, yRows], 0);
  }
  const [vars, n] = x.shape as [number, number];
  const ddof = options.ddof ?? (options.bias ? 0 : 1);
  let w: JaxArray | null = null;
  let aw: JaxArray | null = null;
  if (options.fweights !== undefined)
    w = lax.convertElementType(observationWeights(op, "fweights", options.fweights, n, true), x.dtype);
  if (options.aweights !== undefined) {
    aw = lax.convertElementType(observationWeights(op, "aweights", options.aweights, n, false), x.dtype);
    w = w === null ? aw : lax.mul(w, aw);
  }
  const scalarOf = (v: number) => filled([], v, x.dtype);
  let avg: JaxArray;
  let divisor: JaxArray;
  if (w === null) {
    avg = lax.div(lax.reduceSum(x, [1]), filled([vars], n, x.dtype));
    divisor = scalarOf(n - ddof);
  } else {
    const wSum = lax.reduceSum(w, [0]);
    avg = lax.div(
      lax.reduceSum(lax.mul(x, lax.broadcastInDim(w, x.shape, [1])), [1]),
      lax.broadcastInDim(wSum, [vars], []),
    );
    if (ddof === 0) divisor = wSum;
    else if (aw === null) divisor = lax.sub(wSum, scalarOf(ddof));
    else divisor = lax.sub(wSum, lax.div(lax.mul(scalarOf(ddof), lax.reduceSum(lax.mul(w, aw), [0])), wSum));
  }
  const centered = lax.sub(x, lax.broadcastInDim(avg, x.shape, [0]));
  const weighted = w === null ? centered : lax.mul(centered, lax.broadcastInDim(w, x.shape, [1]));
  const product = lax.dotGeneral(centered, weighted, [
    [[1], [1]],
    [[], []],
  ]);
  const c = lax.div(product, lax.broadcastInDim(divisor, product.shape, []));
  return vars === 1 ? lax.reshape(c, []) : c;
}

export interface CorrcoefOptions {
  y?: ArrayLike;
  rowvar?: boolean;
}

/** `jnp.corrcoef(x, { y, rowvar })`: Pearson correlation coefficients, cov normalized by the standard deviations and clipped to [-1, 1]. */
export function corrcoef(x: ArrayLike, options: CorrcoefOptions = {}): JaxArray {
  const c = cov(x, { y: options.y, rowvar: options.rowvar });
  if (c.ndim === 0) return lax.div(c, c);
  const k = c.shape[0]!;
  const onDiagonal = lax.eq(lax.broadcastedIota("int32", [k, k], 0), lax.broadcastedIota("int32", [k, k], 1));
  const stddev = lax.sqrt(lax.reduceSum(lax.select(onDiagonal, c, filled([k, k], 0, c.dtype)), [1]));
  const scaled = lax.div(lax.div(c, lax.broadcastInDim(stddev, [k, k], [0])), lax.broadcastInDim(stddev, [k, k], [1]));
  return lax.clamp(filled([], -1, c.dtype), scaled, filled([], 1, c.dtype));
}
