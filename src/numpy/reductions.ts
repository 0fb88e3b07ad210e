// numpy reductions with `axis` (number, list, or all), `keepdims`, and where JAX has them
// `dtype`, `initial` and a `where` mask. Results are strongly typed, as JAX's are.
import { asArray, describe, type ArrayLike } from "../coerce.js";
import { iinfo, isFloat, isInteger, type DType } from "../dtypes.js";
import { AxisError, ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastShapes, normalizeAxes, normalizeAxis, shapesEqual } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { broadcastTo } from "./promote.js";

export * from "./math-stats.js";
export * from "./math-quantile.js";
export * from "./math-cumulative.js";

export type Axis = number | readonly number[] | null | undefined;

export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}

export interface MaskOptions extends ReduceOptions {
  /** Only elements where this (broadcast to the operand's shape) is true take part. */
  where?: ArrayLike;
}

export interface ExtremumOptions extends MaskOptions {
  /** A starting value folded into the result (required with `where`: max and min have no identity). */
  initial?: number;
}

export interface SumOptions extends ExtremumOptions {
  /** Accumulation and result dtype (default: the input's, with bool counted as int32). */
  dtype?: DType;
}

/** numpy's `(x, axis?, options?)` where axis may also sit in the options object. */
export function reduceArgs<O extends ReduceOptions>(axisOrOptions?: Axis | O, options?: O, op = "reduction"): O {
  const opts =
    axisOrOptions !== null && typeof axisOrOptions === "object" && !Array.isArray(axisOrOptions)
      ? (axisOrOptions as O)
      : ({ ...options, axis: (axisOrOptions as Axis) ?? options?.axis } as O);
  checkAxisForm(op, opts.axis);
  return opts;
}

/** An axis is an integer, a list of them, or null/undefined for all axes (range is checked later, against the rank). */
export function checkAxisForm(op: string, axis: unknown): void {
  const isInt = (a: unknown) => typeof a === "number" && Number.isInteger(a);
  if (axis === null || axis === undefined || isInt(axis) || (Array.isArray(axis) && axis.every(isInt))) return;
  const shown = Array.isArray(axis) ? `[${(axis as unknown[]).map(describe).join(", ")}]` : describe(axis);
  throw new AxisError(`${op}: axis must be an integer, a list of integers, or null for all axes; got ${shown}`);
}

export function keepdimsReshape(
  y: JaxArray,
  x: JaxArray,
  axes: readonly number[],
  keepdims: boolean | undefined,
): JaxArray {
  if (!keepdims) return y;
  return lax.reshape(
    y,
    x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
  );
}

/** A `where` mask as a bool array of the operand's shape; it must broadcast to that shape. */
export function reductionMask(op: string, where: ArrayLike, operand: JaxArray): JaxArray {
  let w = asArray(where, op);
  if (w.dtype !== "bool") w = lax.ne(w, fullLike(w, 0));
  const shape = broadcastShapes(
    op,
    [w.shape, operand.shape],
    [`where mask ${w.aval.str()}`, `operand ${operand.aval.str()}`],
  );
  if (!shapesEqual(shape, operand.shape)) {
    throw new ShapeError(
      `${op}: the where mask ${w.aval.str()} does not broadcast to the operand ${operand.aval.str()}; it may only add size-1 or missing axes`,
    );
  }
  return broadcastTo(w, operand.shape);
}

/** The identity of a reduction in `dtype` (±inf become the integer limits; bools take v > 0). */
function identityIn(dtype: DType, v: number): number {
  if (dtype === "bool") return v > 0 ? 1 : 0;
  if (isInteger(dtype) && !Number.isFinite(v)) return v < 0 ? iinfo(dtype).min : iinfo(dtype).max;
  return v;
}

type Reducer = (x: JaxArray, axes: readonly number[]) => JaxArray;
type Combiner = (a: JaxArray, b: JaxArray) => JaxArray;

interface Reduction {
  name: string;
  reduce: Reducer;
  combine: Combiner;
  /** Bool operands reduce with logical ops. */
  boolReduce: Reducer;
  boolCombine: Combiner;
  identity: number;
  hasIdentity: boolean;
  /** sum and prod count bools as int32 and accumulate float16 in float32. */
  arithmetic: boolean;
}

function reduce(spec: Reduction, x: ArrayLike, opts: SumOptions): JaxArray {
  const { name } = spec;
  let a = asArray(x, name);
  if (spec.arithmetic && a.dtype === "bool") a = lax.convertElementType(a, "int32");
  const axes = normalizeAxes(opts.axis, a.ndim, name);
  if (!spec.hasIdentity && opts.initial === undefined) {
    if (opts.where !== undefined) {
      throw new ValueError(
        `${name}: the reduction has no identity, so a where mask needs an initial value; pass { where, initial }`,
      );
    }
    const empty = axes.filter((d) => a.shape[d] === 0);
    if (empty.length > 0) {
      throw new ValueError(
        `${name}: zero-size operand ${a.aval.str()} along axis ${empty.join(", ")} has no maximum/minimum; pass { initial }`,
      );
    }
  }
  const resultDtype = opts.dtype ?? a.dtype;
  const computeDtype: DType = spec.arithmetic && resultDtype === "float16" ? "float32" : resultDtype;
  a = lax.convertElementType(a, computeDtype);
  const isBool = computeDtype === "bool";
  if (opts.where !== undefined) {
    a = lax.select(reductionMask(name, opts.where, a), a, fullLike(a, identityIn(computeDtype, spec.identity)));
  }
  let out = axes.length > 0 ? (isBool ? spec.boolReduce : spec.reduce)(a, axes) : a;
  if (opts.initial !== undefined) out = (isBool ? spec.boolCombine : spec.combine)(fullLike(out, opts.initial), out);
  out = keepdimsReshape(out, a, axes, opts.keepdims);
  return lax.convertElementType(out, resultDtype);
}

const SUM: Reduction = {
  name: "sum",
  reduce: (x, axes) => lax.reduceSum(x, axes),
  combine: (a, b) => lax.add(a, b),
  boolReduce: (x, axes) => lax.reduceOr(x, axes),
  boolCombine: (a, b) => lax.bitwiseOr(a, b),
  identity: 0,
  hasIdentity: true,
  arithmetic: true,
};

const PROD: Reduction = {
  name: "prod",
  reduce: (x, axes) => lax.reduceProd(x, axes),
  combine: (a, b) => lax.mul(a, b),
  boolReduce: (x, axes) => lax.reduceAnd(x, axes),
  boolCombine: (a, b) => lax.bitwiseAnd(a, b),
  identity: 1,
  hasIdentity: true,
  arithmetic: true,
};

const MAX: Reduction = {
  name: "max",
  reduce: (x, axes) => lax.reduceMax(x, axes),
  combine: (a, b) => lax.max(a, b),
  boolReduce: (x, axes) => lax.reduceOr(x, axes),
  boolCombine: (a, b) => lax.bitwiseOr(a, b),
  identity: -Infinity,
  hasIdentity: false,
  arithmetic: false,
};

const MIN: Reduction = {
  name: "min",
  reduce: (x, axes) => lax.reduceMin(x, axes),
  combine: (a, b) => lax.min(a, b),
  boolReduce: (x, axes) => lax.reduceAnd(x, axes),
  boolCombine: (a, b) => lax.bitwiseAnd(a, b),
  identity: Infinity,
  hasIdentity: false,
  arithmetic: false,
};

export function sum(x: ArrayLike, axis?: Axis | SumOptions, options?: SumOptions): JaxArray {
  return reduce(SUM, x, reduceArgs(axis, options, "sum"));
}

export function prod(x: ArrayLike, axis?: Axis | SumOptions, options?: SumOptions): JaxArray {
  return reduce(PROD, x, reduceArgs(axis, options, "prod"));
}

/** Largest element; NaN if any element along the axes is NaN. */
export function max(x: ArrayLike, axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray {
  return reduce(MAX, x, reduceArgs(axis, options, "max"));
}
export const amax = max;

/** Smallest element; NaN if any element along the axes is NaN. */
export function min(x: ArrayLike, axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray {
  return reduce(MIN, x, reduceArgs(axis, options, "min"));
}
export const amin = min;

function logicalReduce(name: string, identity: boolean, x: ArrayLike, opts: MaskOptions): JaxArray {
  let a = asArray(x, name);
  if (a.dtype !== "bool") a = lax.ne(a, fullLike(a, 0));
  const axes = normalizeAxes(opts.axis, a.ndim, name);
  if (opts.where !== undefined) a = lax.select(reductionMask(name, opts.where, a), a, fullLike(a, identity));
  let out = axes.length === 0 ? a : identity ? lax.reduceAnd(a, axes) : lax.reduceOr(a, axes);
  out = keepdimsReshape(out, a, axes, opts.keepdims);
  return out;
}

/** Whether every element is true (nonzero). */
export function all(x: ArrayLike, axis?: Axis | MaskOptions, options?: MaskOptions): JaxArray {
  return logicalReduce("all", true, x, reduceArgs(axis, options, "all"));
}

/** Whether any element is true (nonzero). */
export function any(x: ArrayLike, axis?: Axis | MaskOptions, options?: MaskOptions): JaxArray {
  return logicalReduce("any", false, x, reduceArgs(axis, options, "any"));
}

/** Peak to peak: max - min. */
export function ptp(x: ArrayLike, axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray {
  const opts = reduceArgs(axis, options, "ptp");
  const a = asArray(x, "ptp");
  return lax.sub(max(a, opts), min(a, opts));
}

/** Number of nonzero elements, as int32. */
export function countNonzero(x: ArrayLike, axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray {
  const opts = reduceArgs(axis, options, "countNonzero");
  const a = asArray(x, "countNonzero");
  return sum(lax.ne(a, fullLike(a, 0)), { ...opts, dtype: "int32" });
}

export interface ArgReduceOptions {
  axis?: number | null;
  keepdims?: boolean;
}

function argReduce(
  name: string,
  laxArg: (x: JaxArray, axis: number, indexDtype: DType) => JaxArray,
  x: ArrayLike,
  opts: ArgReduceOptions,
): JaxArray {
  const input = asArray(x, name);
  if (Array.isArray(opts.axis))
    throw new ValueError(`${name}: axis must be one integer or null, got [${String(opts.axis)}]`);
  let a = input.dtype === "bool" ? lax.convertElementType(input, "int32") : input;
  let axis: number;
  if (opts.axis === null || opts.axis === undefined) {
    a = lax.reshape(a, [a.size]);
    axis = 0;
  } else {
    axis = normalizeAxis(opts.axis, a.ndim, name);
  }
  if (a.shape[axis] === 0)
    throw new ValueError(`${name}: attempt to get ${name} of an empty sequence (operand ${input.aval.str()})`);
  const out = laxArg(a, axis, "int32");
  if (!opts.keepdims) return out;
  const keptShape =
    opts.axis === null || opts.axis === undefined
      ? input.shape.map(() => 1)
      : input.shape.map((d, i) => (i === axis ? 1 : d));
  return lax.reshape(out, keptShape);
}

/** Index (int32) of the largest element; the first one on ties, and the first NaN if any. */
export function argmax(x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray {
  return argReduce("argmax", lax.argmax, x, reduceArgs<ArgReduceOptions>(axis, options));
}

/** Index (int32) of the smallest element; the first one on ties, and the first NaN if any. */
export function argmin(x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray {
  return argReduce("argmin", lax.argmin, x, reduceArgs<ArgReduceOptions>(axis, options));
}

function nanArgReduce(
  name: string,
  reduceArg: typeof argmax,
  fill: number,
  x: ArrayLike,
  opts: ArgReduceOptions,
): JaxArray {
  const a = asArray(x, name);
  if (!isFloat(a.dtype)) return reduceArg(a, opts);
  const isNan = lax.ne(a, a);
  const index = reduceArg(lax.select(isNan, fullLike(a, fill), a), opts);
  // Slices that are all NaN have no answer: -1, as JAX returns.
  return lax.select(all(isNan, { axis: opts.axis, keepdims: opts.keepdims }), fullLike(index, -1), index);
}

/** argmax ignoring NaN; -1 where a slice is all NaN. */
export function nanargmax(x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray {
  return nanArgReduce("nanargmax", argmax, -Infinity, x, reduceArgs<ArgReduceOptions>(axis, options));
}

/** argmin ignoring NaN; -1 where a slice is all NaN. */
export function nanargmin(x: ArrayLike, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray {
  return nanArgReduce("nanargmin", argmin, Infinity, x, reduceArgs<ArgReduceOptions>(axis, options));
}
