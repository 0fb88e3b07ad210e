// numpy-style math methods on every array and tracer (`x.mean()`, `x.max(-1)`, `x.matmul(y)`, `x.lt(0)`).
// numpy's `x.trace()` is left out: on tracers `trace` is the tracer's Trace; use jnp.trace(x).
import type { ArrayLike } from "../coerce.js";
import { JaxArray } from "../tracing/array.js";
import { abs, power } from "./elementwise.js";
import {
  clip,
  conj,
  equal,
  greater,
  greaterEqual,
  imag,
  less,
  lessEqual,
  notEqual,
  real,
  round,
  type ClipOptions,
  type RoundOptions,
} from "./math-extra.js";
import { dot, matmul } from "./linalg-ops.js";
import {
  all,
  any,
  argmax,
  argmin,
  cumprod,
  cumsum,
  max,
  mean,
  min,
  prod,
  ptp,
  std,
  var as variance,
  type ArgReduceOptions,
  type Axis,
  type CumulativeOptions,
  type ExtremumOptions,
  type MaskOptions,
  type MeanOptions,
  type ReduceOptions,
  type SumOptions,
  type VarOptions,
} from "./reductions.js";

declare module "../tracing/array.js" {
  interface JaxArray {
    mean(axis?: Axis | MeanOptions, options?: MeanOptions): JaxArray;
    prod(axis?: Axis | SumOptions, options?: SumOptions): JaxArray;
    max(axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray;
    min(axis?: Axis | ExtremumOptions, options?: ExtremumOptions): JaxArray;
    ptp(axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray;
    var(axis?: Axis | VarOptions, options?: VarOptions): JaxArray;
    std(axis?: Axis | VarOptions, options?: VarOptions): JaxArray;
    all(axis?: Axis | MaskOptions, options?: MaskOptions): JaxArray;
    any(axis?: Axis | MaskOptions, options?: MaskOptions): JaxArray;
    argmax(axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray;
    argmin(axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions): JaxArray;
    cumsum(axis?: number | null | CumulativeOptions, options?: CumulativeOptions): JaxArray;
    cumprod(axis?: number | null | CumulativeOptions, options?: CumulativeOptions): JaxArray;
    matmul(y: ArrayLike): JaxArray;
    dot(y: ArrayLike): JaxArray;
    pow(y: ArrayLike): JaxArray;
    abs(): JaxArray;
    clip(min?: ArrayLike | null | ClipOptions, max?: ArrayLike | null): JaxArray;
    round(decimals?: number | RoundOptions): JaxArray;
    conj(): JaxArray;
    conjugate(): JaxArray;
    real(): JaxArray;
    imag(): JaxArray;
    lt(y: ArrayLike): JaxArray;
    le(y: ArrayLike): JaxArray;
    gt(y: ArrayLike): JaxArray;
    ge(y: ArrayLike): JaxArray;
    eq(y: ArrayLike): JaxArray;
    ne(y: ArrayLike): JaxArray;
  }
}

type Method = (this: JaxArray, ...args: never[]) => JaxArray;

const methods: Record<string, Method> = {
  mean(this: JaxArray, axis?: Axis | MeanOptions, options?: MeanOptions) {
    return mean(this, axis, options);
  },
  prod(this: JaxArray, axis?: Axis | SumOptions, options?: SumOptions) {
    return prod(this, axis, options);
  },
  max(this: JaxArray, axis?: Axis | ExtremumOptions, options?: ExtremumOptions) {
    return max(this, axis, options);
  },
  min(this: JaxArray, axis?: Axis | ExtremumOptions, options?: ExtremumOptions) {
    return min(this, axis, options);
  },
  ptp(this: JaxArray, axis?: Axis | ReduceOptions, options?: ReduceOptions) {
    return ptp(this, axis, options);
  },
  var(this: JaxArray, axis?: Axis | VarOptions, options?: VarOptions) {
    return variance(this, axis, options);
  },
  std(this: JaxArray, axis?: Axis | VarOptions, options?: VarOptions) {
    return std(this, axis, options);
  },
  all(this: JaxArray, axis?: Axis | MaskOptions, options?: MaskOptions) {
    return all(this, axis, options);
  },
  any(this: JaxArray, axis?: Axis | MaskOptions, options?: MaskOptions) {
    return any(this, axis, options);
  },
  argmax(this: JaxArray, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions) {
    return argmax(this, axis, options);
  },
  argmin(this: JaxArray, axis?: number | null | ArgReduceOptions, options?: ArgReduceOptions) {
    return argmin(this, axis, options);
  },
  cumsum(this: JaxArray, axis?: number | null | CumulativeOptions, options?: CumulativeOptions) {
    return cumsum(this, axis, options);
  },
  cumprod(this: JaxArray, axis?: number | null | CumulativeOptions, options?: CumulativeOptions) {
    return cumprod(this, axis, options);
  },
  matmul(this: JaxArray, y: ArrayLike) {
    return matmul(this, y);
  },
  dot(this: JaxArray, y: ArrayLike) {
    return dot(this, y);
  },
  pow(this: JaxArray, y: ArrayLike) {
    return power(this, y);
  },
  abs(this: JaxArray) {
    return abs(this);
  },
  clip(this: JaxArray, lo?: ArrayLike | null | ClipOptions, hi?: ArrayLike | null) {
    return clip(this, lo, hi);
  },
  round(this: JaxArray, decimals?: number | RoundOptions) {
    return round(this, decimals);
  },
  conj(this: JaxArray) {
    return conj(this);
  },
  conjugate(this: JaxArray) {
    return conj(this);
  },
  real(this: JaxArray) {
    return real(this);
  },
  imag(this: JaxArray) {
    return imag(this);
  },
  lt(this: JaxArray, y: ArrayLike) {
    return less(this, y);
  },
  le(this: JaxArray, y: ArrayLike) {
    return lessEqual(this, y);
  },
  gt(this: JaxArray, y: ArrayLike) {
    return greater(this, y);
  },
  ge(this: JaxArray, y: ArrayLike) {
    return greaterEqual(this, y);
  },
  eq(this: JaxArray, y: ArrayLike) {
    return equal(this, y);
  },
  ne(this: JaxArray, y: ArrayLike) {
    return notEqual(this, y);
  },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(JaxArray.prototype, name, { value: fn, writable: true, configurable: true });
}
