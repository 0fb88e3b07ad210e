// numpy-style methods on every array and tracer (`x.add(y)`, `x.sum(0)`, `x.T`, `x.reshape(2, -1)`,
// `x.slice(0, "::-1")`, `x.at(i).set(v)`, ...). Math methods live in methods-math.ts.
import type { ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { JaxArray, setIndexImpl } from "../tracing/array.js";
import { checkDtype, copy } from "./creation.js";
import { diagonal, type DiagonalOptions } from "./creation-matrix.js";
import * as jnp from "./elementwise.js";
import { getItem } from "./index-get.js";
import type { IndexItem } from "./index-spec.js";
import { IndexUpdateRef } from "./index-update.js";
import { nonzero, take, type IndicesLike, type NonzeroOptions, type TakeOptions } from "./indexing.js";
import {
  ravel,
  repeat,
  reshape,
  squeeze,
  swapaxes,
  transpose,
  type AxisOrAxes,
  type RepeatOptions,
  type ReshapeOptions,
} from "./manipulation.js";
import { sum, type Axis, type ReduceOptions } from "./reductions.js";
import { argsort, searchsorted, sort, type SearchsortedOptions, type SortOptions } from "./sorting.js";

declare module "../tracing/array.js" {
  interface JaxArray {
    add(y: ArrayLike): JaxArray;
    sub(y: ArrayLike): JaxArray;
    mul(y: ArrayLike): JaxArray;
    div(y: ArrayLike): JaxArray;
    neg(): JaxArray;
    sum(axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray;
    /** `x.reshape(2, -1)`, `x.reshape([2, -1])` or `x.reshape([2, -1], { order: "F" })`. */
    reshape(...shape: number[]): JaxArray;
    reshape(shape: readonly number[], options?: ReshapeOptions): JaxArray;
    astype(dtype: DType): JaxArray;
    readonly T: JaxArray;
    /** `x.transpose()`, `x.transpose(1, 0, 2)` or `x.transpose([1, 0, 2])`. */
    transpose(...axes: number[]): JaxArray;
    transpose(axes: readonly number[] | null): JaxArray;
    flatten(): JaxArray;
    ravel(): JaxArray;
    squeeze(axis?: AxisOrAxes | null): JaxArray;
    swapaxes(axis1: number, axis2: number): JaxArray;
    take(indices: IndicesLike, axis?: number | null | TakeOptions, options?: TakeOptions): JaxArray;
    /** numpy indexing, `x[a, b, c]` written `x.slice(a, b, c)`; see index-spec.ts for the items. */
    slice(...index: IndexItem[]): JaxArray;
    /** JAX's functional updates: `x.at(0, "1:").set(v)`, `.add(v)`, `.multiply(v)`, `.min(v)`, `.max(v)`, `.get()`. */
    at(...index: IndexItem[]): IndexUpdateRef;
    sort(axis?: number | null | SortOptions, options?: SortOptions): JaxArray;
    argsort(axis?: number | null | SortOptions, options?: SortOptions): JaxArray;
    searchsorted(v: ArrayLike, options?: SearchsortedOptions): JaxArray;
    repeat(
      repeats: number | readonly number[] | JaxArray,
      axis?: number | null | RepeatOptions,
      options?: RepeatOptions,
    ): JaxArray;
    nonzero(options?: NonzeroOptions): JaxArray[];
    diagonal(offset?: number | DiagonalOptions, axis1?: number, axis2?: number): JaxArray;
    copy(): JaxArray;
  }
}

/** numpy methods take a shape or axes either spread out or as one list. */
function spreadOrList(args: readonly unknown[]): readonly number[] | null | undefined {
  if (args.length === 1 && (Array.isArray(args[0]) || args[0] === null)) return args[0] as readonly number[] | null;
  if (args.length === 0) return undefined;
  return args as readonly number[];
}

const methods: Partial<Record<keyof JaxArray, unknown>> = {
  add(this: JaxArray, y: ArrayLike) {
    return jnp.add(this, y);
  },
  sub(this: JaxArray, y: ArrayLike) {
    return jnp.subtract(this, y);
  },
  mul(this: JaxArray, y: ArrayLike) {
    return jnp.multiply(this, y);
  },
  div(this: JaxArray, y: ArrayLike) {
    return jnp.divide(this, y);
  },
  neg(this: JaxArray) {
    return jnp.negative(this);
  },
  sum(this: JaxArray, axis?: Axis | ReduceOptions, options?: ReduceOptions) {
    return sum(this, axis, options);
  },
  reshape(this: JaxArray, ...args: unknown[]) {
    const options = args.length === 2 && typeof args[1] === "object" ? (args[1] as ReshapeOptions) : {};
    const shape = spreadOrList(options === args[1] ? [args[0]] : args);
    if (shape === undefined || shape === null) throw new ValueError(`reshape: needs a shape for ${this.aval.str()}`);
    return reshape(this, shape, options);
  },
  astype(this: JaxArray, dtype: DType) {
    if (dtype === undefined)
      throw new ValueError(`astype: needs a dtype for ${this.aval.str()}, e.g. x.astype("float32")`);
    checkDtype("astype", dtype);
    return lax.convertElementType(this, dtype);
  },
  transpose(this: JaxArray, ...axes: unknown[]) {
    return transpose(this, spreadOrList(axes));
  },
  flatten(this: JaxArray) {
    return ravel(this);
  },
  ravel(this: JaxArray) {
    return ravel(this);
  },
  squeeze(this: JaxArray, axis?: AxisOrAxes | null) {
    return squeeze(this, axis);
  },
  swapaxes(this: JaxArray, axis1: number, axis2: number) {
    return swapaxes(this, axis1, axis2);
  },
  take(this: JaxArray, indices: IndicesLike, axis?: number | null | TakeOptions, options?: TakeOptions) {
    return take(this, indices, axis, options);
  },
  slice(this: JaxArray, ...index: IndexItem[]) {
    return getItem("slice", this, index);
  },
  at(this: JaxArray, ...index: IndexItem[]) {
    return new IndexUpdateRef(this, index);
  },
  sort(this: JaxArray, axis?: number | null | SortOptions, options?: SortOptions) {
    return sort(this, axis, options);
  },
  argsort(this: JaxArray, axis?: number | null | SortOptions, options?: SortOptions) {
    return argsort(this, axis, options);
  },
  searchsorted(this: JaxArray, v: ArrayLike, options?: SearchsortedOptions) {
    return searchsorted(this, v, options);
  },
  repeat(
    this: JaxArray,
    repeats: number | readonly number[] | JaxArray,
    axis?: number | null | RepeatOptions,
    options?: RepeatOptions,
  ) {
    return repeat(this, repeats, axis, options);
  },
  nonzero(this: JaxArray, options?: NonzeroOptions) {
    return nonzero(this, options);
  },
  diagonal(this: JaxArray, offset?: number | DiagonalOptions, axis1?: number, axis2?: number) {
    return diagonal(this, offset, axis1, axis2);
  },
  copy(this: JaxArray) {
    return copy(this);
  },
};
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(JaxArray.prototype, name, { value: fn, writable: true, configurable: true });
}
Object.defineProperty(JaxArray.prototype, "T", {
  get(this: JaxArray) {
    return lax.transpose(
      this,
      this.shape.map((_, i) => this.ndim - 1 - i),
    );
  },
  configurable: true,
});

// Iteration (`for (const row of x)`, `const [a, b] = x`) and `x.index(i)`: basic indexing along axis 0.
setIndexImpl((x, i) => {
  if (x.ndim === 0) throw new ValueError(`index: a 0-d array ${x.aval.str()} has no axis to index; use x.item()`);
  return getItem("index", x, [i]);
});
