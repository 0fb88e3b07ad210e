// numpy's cumulative reductions along one axis (the flattened array when axis is omitted).
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat, type DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { filled, fullLike } from "./math-util.js";

export interface CumulativeOptions {
  axis?: number | null;
  /** Accumulation and result dtype (default: the input's, with bool counted as int32). */
  dtype?: DType;
}

type Scan = (x: JaxArray, axis: number) => JaxArray;

function cumulativeArgs(
  axis: number | null | CumulativeOptions | undefined,
  options: CumulativeOptions | undefined,
): CumulativeOptions {
  if (axis !== null && typeof axis === "object") return axis;
  return { ...options, axis: axis ?? options?.axis };
}

function cumulative(name: string, scan: Scan, x: ArrayLike, opts: CumulativeOptions, nanFill?: number): JaxArray {
  let a = asArray(x, name);
  let axis: number;
  if (opts.axis === null || opts.axis === undefined) {
    a = lax.reshape(a, [a.size]);
    axis = 0;
  } else {
    axis = normalizeAxis(opts.axis, a.ndim, name);
  }
  if (nanFill !== undefined && isFloat(a.dtype)) a = lax.select(lax.ne(a, a), fullLike(a, nanFill), a);
  const dtype = opts.dtype ?? (a.dtype === "bool" ? "int32" : a.dtype);
  return scan(lax.convertElementType(a, dtype, a.weakType && dtype === a.dtype), axis);
}

const sumScan: Scan = (x, axis) => lax.cumsum(x, axis);
const prodScan: Scan = (x, axis) => lax.cumprod(x, axis);

/** Running sum; `cumsum(x)` runs over the flattened array, `cumsum(x, 1)` along axis 1. */
export function cumsum(x: ArrayLike, axis?: number | null | CumulativeOptions, options?: CumulativeOptions): JaxArray {
  return cumulative("cumsum", sumScan, x, cumulativeArgs(axis, options));
}

/** Running product. */
export function cumprod(x: ArrayLike, axis?: number | null | CumulativeOptions, options?: CumulativeOptions): JaxArray {
  return cumulative("cumprod", prodScan, x, cumulativeArgs(axis, options));
}

/** Running sum treating NaN as 0. */
export function nancumsum(
  x: ArrayLike,
  axis?: number | null | CumulativeOptions,
  options?: CumulativeOptions,
): JaxArray {
  return cumulative("nancumsum", sumScan, x, cumulativeArgs(axis, options), 0);
}

/** Running product treating NaN as 1. */
export function nancumprod(
  x: ArrayLike,
  axis?: number | null | CumulativeOptions,
  options?: CumulativeOptions,
): JaxArray {
  return cumulative("nancumprod", prodScan, x, cumulativeArgs(axis, options), 1);
}

export interface CumulativeArrayApiOptions extends CumulativeOptions {
  /** Prepend the reduction's identity, so the output is one longer along the axis. */
  includeInitial?: boolean;
}

/** The array API's cumulative functions: axis may be omitted only for 1-D input. */
function arrayApiCumulative(
  name: string,
  scan: Scan,
  identity: number,
  x: ArrayLike,
  opts: CumulativeArrayApiOptions,
): JaxArray {
  const a = asArray(x, name);
  if (a.ndim === 0) throw new ValueError(`${name}: the input must have at least one axis, got ${a.aval.str()}`);
  if ((opts.axis === null || opts.axis === undefined) && a.ndim > 1) {
    throw new ValueError(`${name}: axis is required for input of rank ${a.ndim} (${a.aval.str()}); pass { axis }`);
  }
  const axis = normalizeAxis(opts.axis ?? 0, a.ndim, name);
  const out = cumulative(name, scan, a, { axis, dtype: opts.dtype });
  if (!opts.includeInitial) return out;
  const initShape = out.shape.map((d, i) => (i === axis ? 1 : d));
  return lax.concatenate([filled(initShape, identity, out.dtype), out], axis);
}

export function cumulativeSum(x: ArrayLike, options: CumulativeArrayApiOptions = {}): JaxArray {
  return arrayApiCumulative("cumulativeSum", sumScan, 0, x, options);
}

export function cumulativeProd(x: ArrayLike, options: CumulativeArrayApiOptions = {}): JaxArray {
  return arrayApiCumulative("cumulativeProd", prodScan, 1, x, options);
}
