// numpy reductions with `axis` (number, list, or all) and `keepdims`.
import { asArray, type ArrayLike } from "../coerce.js";
import { isBool } from "../dtypes.js";
import * as lax from "../lax/index.js";
import { normalizeAxes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

export type Axis = number | readonly number[] | null | undefined;

export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}

/** numpy's `(x, axis?, options?)` where axis may also sit in the options object. */
export function reduceArgs(axisOrOptions?: Axis | ReduceOptions, options?: ReduceOptions): ReduceOptions {
  if (axisOrOptions !== null && typeof axisOrOptions === "object" && !Array.isArray(axisOrOptions)) {
    return axisOrOptions as ReduceOptions;
  }
  return { ...options, axis: (axisOrOptions as Axis) ?? options?.axis };
}

export function keepdimsReshape(y: JaxArray, x: JaxArray, axes: readonly number[], keepdims: boolean | undefined): JaxArray {
  if (!keepdims) return y;
  return lax.reshape(
    y,
    x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
  );
}

export function sum(x: ArrayLike, axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray {
  const a = asArray(x, "sum");
  const opts = reduceArgs(axis, options);
  const axes = normalizeAxes(opts.axis, a.ndim, "sum");
  const input = isBool(a.dtype) ? lax.convertElementType(a, "int32") : a;
  return keepdimsReshape(lax.reduceSum(input, axes), a, axes, opts.keepdims);
}
