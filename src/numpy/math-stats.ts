// numpy statistics: mean, variance, weighted average, and their NaN-ignoring forms.
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat, toInexact, type DType } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxes, normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { axesSize, fullLike } from "./math-util.js";
import { broadcastTo, promoteToInexact } from "./promote.js";
import {
  all,
  max,
  min,
  prod,
  reduceArgs,
  reductionMask,
  sum,
  type Axis,
  type ExtremumOptions,
  type MaskOptions,
  type ReduceOptions,
  type SumOptions,
} from "./reductions.js";

export interface MeanOptions extends MaskOptions {
  /** Result dtype (default: the input's float type; integers give float32). */
  dtype?: DType;
}

export interface VarOptions extends MeanOptions {
  /** Delta degrees of freedom: the divisor is N - ddof (default 0). */
  ddof?: number;
  /** The array API's name for ddof. */
  correction?: number;
}

/** float16 accumulates in float32, as JAX's reductions do. */
function computeDtypeFor(dtype: DType): DType {
  return dtype === "float16" ? "float32" : dtype;
}

/** Number of elements a (possibly masked) reduction over `axes` sees, in `dtype`. */
function countFor(op: string, a: JaxArray, axes: number[], opts: MaskOptions, dtype: DType, like: JaxArray): JaxArray {
  if (opts.where === undefined) return fullLike(like, axesSize(a.shape, axes), dtype, false);
  return sum(reductionMask(op, opts.where, a), { axis: axes, keepdims: opts.keepdims, dtype });
}

export function mean(x: ArrayLike, axis?: Axis | MeanOptions, options?: MeanOptions): JaxArray {
  const opts = reduceArgs(axis, options, "mean");
  const a = asArray(x, "mean");
  const axes = normalizeAxes(opts.axis, a.ndim, "mean");
  const resultDtype = opts.dtype ?? toInexact(a.dtype);
  const computeDtype = computeDtypeFor(resultDtype);
  const total = sum(a, { axis: axes, keepdims: opts.keepdims, dtype: computeDtype, where: opts.where });
  const count = countFor("mean", a, axes, opts, computeDtype, total);
  return lax.convertElementType(lax.div(total, count), resultDtype);
}

function varianceDtypes(op: string, a: JaxArray, dtype: DType | undefined): { compute: DType; result: DType } {
  if (dtype !== undefined && !isFloat(dtype)) throw new ValueError(`${op}: dtype must be a float type, got ${dtype}`);
  const result = dtype ?? toInexact(a.dtype);
  return { compute: computeDtypeFor(result), result };
}

function ddofOf(op: string, opts: VarOptions): number {
  if (opts.correction !== undefined && opts.ddof !== undefined && opts.ddof !== 0) {
    throw new ValueError(`${op}: pass ddof or correction, not both`);
  }
  return opts.correction ?? opts.ddof ?? 0;
}

/** Variance: mean squared deviation, divided by N - ddof. */
function variance(x: ArrayLike, axis?: Axis | VarOptions, options?: VarOptions): JaxArray {
  const opts = reduceArgs(axis, options, "var");
  const input = asArray(x, "var");
  const axes = normalizeAxes(opts.axis, input.ndim, "var");
  const { compute, result } = varianceDtypes("var", input, opts.dtype);
  const a = lax.convertElementType(input, compute);
  const centered = lax.sub(
    a,
    broadcastTo(mean(a, { axis: axes, keepdims: true, dtype: compute, where: opts.where }), a.shape),
  );
  const squares = sum(lax.mul(centered, centered), {
    axis: axes,
    keepdims: opts.keepdims,
    dtype: compute,
    where: opts.where,
  });
  const count = countFor("var", a, axes, opts, compute, squares);
  const divisor = lax.sub(count, fullLike(count, ddofOf("var", opts)));
  return lax.convertElementType(lax.div(squares, divisor), result);
}
export { variance as var };

/** Standard deviation: sqrt(var). */
export function std(x: ArrayLike, axis?: Axis | VarOptions, options?: VarOptions): JaxArray {
  const opts = reduceArgs(axis, options, "std");
  return lax.sqrt(variance(x, opts));
}

export interface AverageOptions extends ReduceOptions {
  /** Weights of the same shape as x, or 1-D along a single `axis`. */
  weights?: ArrayLike;
  /** Also return the sum of the weights, broadcast to the result's shape. */
  returned?: boolean;
}

/** Weighted mean: sum(x * w) / sum(w) (plain mean without weights). */
export function average(
  x: ArrayLike,
  axis?: Axis | (AverageOptions & { returned?: false }),
  options?: AverageOptions & { returned?: false },
): JaxArray;
export function average(
  x: ArrayLike,
  axis: Axis | (AverageOptions & { returned: true }),
  options?: AverageOptions & { returned: true },
): [JaxArray, JaxArray];
export function average(
  x: ArrayLike,
  axis?: Axis | AverageOptions,
  options?: AverageOptions,
): JaxArray | [JaxArray, JaxArray] {
  const opts = reduceArgs(axis, options, "average");
  let avg: JaxArray;
  let weightSum: JaxArray;
  if (opts.weights === undefined) {
    const a = asArray(x, "average");
    avg = mean(a, { axis: opts.axis, keepdims: opts.keepdims });
    const axes = normalizeAxes(opts.axis, a.ndim, "average");
    weightSum = fullLike(avg, axesSize(a.shape, axes));
  } else {
    const [a, w0] = promoteToInexact("average", [x, opts.weights]);
    let w = w0!;
    if (a!.ndim !== w.ndim || a!.shape.some((d, i) => d !== w.shape[i])) {
      w = alignWeights(a!, w, opts.axis);
    }
    weightSum = sum(w, { axis: opts.axis, keepdims: opts.keepdims });
    avg = lax.div(sum(lax.mul(a!, w), { axis: opts.axis, keepdims: opts.keepdims }), weightSum);
  }
  if (!opts.returned) return avg;
  return [avg, broadcastTo(lax.convertElementType(weightSum, avg.dtype), avg.shape)];
}

/** 1-D weights along `axis`, broadcast to the operand's shape (numpy's rule for differing shapes). */
function alignWeights(a: JaxArray, w: JaxArray, axis: Axis): JaxArray {
  const shapes = `operand ${a.aval.str()} and weights ${w.aval.str()}`;
  if (axis === null || axis === undefined)
    throw new ShapeError(`average: axis must be given when the shapes of ${shapes} differ`);
  if (typeof axis !== "number")
    throw new ShapeError(`average: 1-D weights need a single axis, got [${axis.join(", ")}] for ${shapes}`);
  if (w.ndim !== 1) throw new ShapeError(`average: weights must be 1-D when the shapes of ${shapes} differ`);
  const ax = normalizeAxis(axis, a.ndim, "average");
  if (w.shape[0] !== a.shape[ax]) {
    throw new ShapeError(
      `average: weights of length ${w.shape[0]} don't match axis ${axis} (size ${a.shape[ax]}) of ${shapes}`,
    );
  }
  return lax.broadcastInDim(w, a.shape, [ax]);
}

// ---- NaN-ignoring reductions -------------------------------------------------------------------

function replaceNan(a: JaxArray, value: number): JaxArray {
  return lax.select(lax.ne(a, a), fullLike(a, value), a);
}

export function nansum(x: ArrayLike, axis?: Axis | SumOptions, options?: SumOptions): JaxArray {
  const a = asArray(x, "nansum");
  return sum(isFloat(a.dtype) ? replaceNan(a, 0) : a, reduceArgs(axis, options, "nansum"));
}

export function nanprod(x: ArrayLike, axis?: Axis | SumOptions, options?: SumOptions): JaxArray {
  const a = asArray(x, "nanprod");
  return prod(isFloat(a.dtype) ? replaceNan(a, 1) : a, reduceArgs(axis, options, "nanprod"));
}

function nanExtremum(
  op: string,
  reduce: (x: JaxArray, opts: ExtremumOptions) => JaxArray,
  fill: number,
  x: ArrayLike,
  opts: ExtremumOptions,
): JaxArray {
  const a = asArray(x, op);
  if (!isFloat(a.dtype)) return reduce(a, opts);
  const out = reduce(replaceNan(a, fill), opts);
  if (opts.initial !== undefined) return out;
  // Slices that are all NaN have no non-NaN extremum.
  const allNan = all(lax.ne(a, a), { axis: opts.axis, keepdims: opts.keepdims });
  return lax.select(allNan, fullLike(out, NaN), out);
}

/** Largest non-NaN element (NaN where every element is NaN). */
export function nanmax(x: ArrayLike, axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray {
  return nanExtremum("nanmax", (a, o) => max(a, o), -Infinity, x, reduceArgs(axis, options, "nanmax"));
}

/** Smallest non-NaN element (NaN where every element is NaN). */
export function nanmin(x: ArrayLike, axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray {
  return nanExtremum("nanmin", (a, o) => min(a, o), Infinity, x, reduceArgs(axis, options, "nanmin"));
}

/** Mean of the non-NaN elements. */
export function nanmean(x: ArrayLike, axis?: Axis | MeanOptions, options?: MeanOptions): JaxArray {
  const opts = reduceArgs(axis, options, "nanmean");
  const a = asArray(x, "nanmean");
  if (!isFloat(a.dtype)) return mean(a, opts);
  const dtype = opts.dtype ?? a.dtype;
  const notNan = lax.eq(a, a);
  const count = sum(notNan, { axis: opts.axis, keepdims: opts.keepdims, where: opts.where, dtype });
  return lax.div(nansum(a, { axis: opts.axis, keepdims: opts.keepdims, where: opts.where, dtype }), count);
}

/** Variance of the non-NaN elements (NaN where fewer than ddof + 1 remain). */
export function nanvar(x: ArrayLike, axis?: Axis | VarOptions, options?: VarOptions): JaxArray {
  const opts = reduceArgs(axis, options, "nanvar");
  const input = asArray(x, "nanvar");
  const { compute, result } = varianceDtypes("nanvar", input, opts.dtype);
  const a = lax.convertElementType(input, compute);
  const axes = normalizeAxes(opts.axis, a.ndim, "nanvar");
  const isNan = lax.ne(a, a);
  const centerOf = broadcastTo(nanmean(a, { axis: axes, keepdims: true, where: opts.where }), a.shape);
  // Zero (not NaN) at NaN entries, so their gradient is zero too.
  const centered = lax.select(isNan, fullLike(a, 0), lax.sub(a, centerOf));
  const squares = sum(lax.mul(centered, centered), { axis: axes, keepdims: opts.keepdims, where: opts.where });
  const count = sum(lax.bitwiseNot(isNan), { axis: axes, keepdims: opts.keepdims, where: opts.where, dtype: compute });
  const divisor = lax.sub(count, fullLike(count, ddofOf("nanvar", opts)));
  const tooFew = lax.le(divisor, fullLike(divisor, 0));
  const safeDivisor = lax.select(tooFew, fullLike(divisor, 1), divisor);
  const out = lax.select(tooFew, fullLike(squares, NaN), lax.div(squares, safeDivisor));
  return lax.convertElementType(out, result);
}

export function nanstd(x: ArrayLike, axis?: Axis | VarOptions, options?: VarOptions): JaxArray {
  return lax.sqrt(nanvar(x, reduceArgs(axis, options, "nanstd")));
}
