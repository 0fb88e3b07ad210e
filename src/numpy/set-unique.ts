// jnp.unique: sort, mark where each run of equal values (or slices) starts, and gather the run
// starts. The number of unique values decides the output shape, so under jit, vmap and grad a
// static `size` is required (the result is truncated or padded to it), as in JAX.
import { ArrayImpl } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat } from "../dtypes.js";
import { ConcretizationError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis, sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { nonzero, take } from "./indexing.js";
import { filled } from "./math-util.js";

export interface UniqueOptions {
  /** Also return the index of the first occurrence of each unique value. */
  returnIndex?: boolean;
  /** Also return, for each input element, the index of its value among the unique values. */
  returnInverse?: boolean;
  /** Also return how often each unique value occurs. */
  returnCounts?: boolean;
  /** Find unique slices along this axis (default: unique elements of the flattened array). */
  axis?: number | null;
  /** Treat all NaNs as one value (default true). */
  equalNan?: boolean;
  /** The number of unique values to return (required under transforms): extra ones are dropped, missing ones padded. */
  size?: number;
  /** The padding value when there are fewer than `size` unique values (default: the smallest unique value). */
  fillValue?: number;
}

type NoExtras = { returnIndex?: false; returnInverse?: false; returnCounts?: false };

const SIZE_HINT =
  "the number of unique values decides the result's shape, which must be known while tracing; " +
  "pass a static size, e.g. jnp.unique(x, { size: n, fillValue: 0 })";

/** Sorted slices along axis 0 of `aux` [n, ...], the permutation that sorts them, and where each run of equal slices starts. */
function sortedRuns(aux: JaxArray, equalNan: boolean): { sorted: JaxArray; perm: JaxArray; starts: JaxArray } {
  const n = aux.shape[0]!;
  const rest = sizeOf(aux.shape.slice(1));
  const flat = lax.reshape(aux, [n, rest]);
  const iota = lax.iota("int32", n);
  // The first entry of a slice is its primary key, as lexsort of the reversed transpose.
  const columns = Array.from({ length: rest }, (_, j) => lax.reshape(lax.sliceInDim(flat, j, j + 1, 1, 1), [n]));
  const keys = columns.length > 0 ? columns : [iota];
  const outs = lax.sort([...keys, iota], { dimension: 0, isStable: true, numKeys: keys.length });
  const perm = outs[outs.length - 1]!;
  const sorted = take(aux, perm, 0, { mode: "promise_in_bounds" });
  if (n === 0) return { sorted, perm, starts: filled([0], 0, "bool") };
  const next = lax.sliceInDim(sorted, 1, n, 1, 0);
  const prev = lax.sliceInDim(sorted, 0, n - 1, 1, 0);
  let differs = lax.ne(next, prev);
  if (equalNan && isFloat(aux.dtype)) {
    const bothNan = lax.bitwiseAnd(lax.ne(next, next), lax.ne(prev, prev));
    differs = lax.bitwiseAnd(differs, lax.bitwiseNot(bothNan));
  }
  const anyDiffers = lax.reduceOr(
    differs,
    differs.shape.slice(1).map((_, i) => i + 1),
  );
  const starts = lax.concatenate([filled([1], 1, "bool"), anyDiffers], 0);
  return { sorted, perm, starts };
}

function staticCount(starts: JaxArray): number {
  const count = lax.reduceSum(lax.convertElementType(starts, "int32"), [0]);
  if (count instanceof ArrayImpl) return Number(count.itemSync());
  throw new ConcretizationError(`unique: ${SIZE_HINT}`);
}

/**
 * `jnp.unique(x, { returnIndex, returnInverse, returnCounts, axis, equalNan, size, fillValue })`:
 * the sorted unique values (or unique slices along `axis`); with any return flag, an array
 * `[values, index?, inverse?, counts?]` in that order.
 */
export function unique(x: ArrayLike, options?: UniqueOptions & NoExtras): JaxArray;
export function unique(x: ArrayLike, options: UniqueOptions): JaxArray | JaxArray[];
export function unique(x: ArrayLike, options: UniqueOptions = {}): JaxArray | JaxArray[] {
  const op = "unique";
  const input = asArray(x, op);
  const size = options.size;
  if (size !== undefined && (!Number.isInteger(size) || size < 0)) {
    throw new ValueError(`${op}: size must be a non-negative integer, got ${String(size)}`);
  }
  const flatInput = options.axis === undefined || options.axis === null;
  const arr = flatInput ? lax.reshape(input, [input.size]) : input;
  if (arr.ndim === 0)
    throw new ValueError(`${op}: axis ${options.axis} needs an array with an axis, got ${input.aval.str()}`);
  const axis = flatInput ? 0 : normalizeAxis(options.axis!, arr.ndim, op);
  const aux = lax.moveaxis(arr, axis, 0);
  const n = aux.shape[0]!;
  if (n === 0 && size && options.fillValue === undefined) {
    throw new ValueError(`${op}: for an empty input with a nonzero size, fillValue must be given`);
  }
  const { sorted, perm, starts } = sortedRuns(aux, options.equalNan ?? true);
  const count = size ?? staticCount(starts);
  const sliceShape = aux.shape.slice(1);

  let values: JaxArray;
  let firstIndex: JaxArray;
  if (n === 0) {
    values = filled([count, ...sliceShape], options.fillValue ?? 0, aux.dtype);
    firstIndex = filled([count], 0, "int32");
  } else {
    // Padding positions point at run 0 (the smallest value), as JAX's nonzero padding does.
    const at = nonzero(starts, { size: count })[0]!;
    values = take(sorted, at, 0, { mode: "promise_in_bounds" });
    if (options.fillValue !== undefined) {
      const total = lax.reduceSum(lax.convertElementType(starts, "int32"), [0]);
      const valid = lax.lt(lax.iota("int32", count), lax.broadcastInDim(total, [count], []));
      values = lax.select(
        lax.broadcastInDim(valid, values.shape, [0]),
        values,
        filled(values.shape, options.fillValue, values.dtype),
      );
    }
    firstIndex = take(perm, at, 0, { mode: "promise_in_bounds" });
  }
  const result = [lax.moveaxis(values, 0, axis)];
  if (options.returnIndex) result.push(firstIndex);
  if (options.returnInverse) {
    let inverse: JaxArray;
    if (n === 0) inverse = filled([0], 0, "int32");
    else {
      const runOf = lax.sub(lax.cumsum(lax.convertElementType(starts, "int32"), 0), filled([n], 1, "int32"));
      inverse = lax.scatter(filled([n], 0, "int32"), lax.reshape(perm, [n, 1]), runOf, {
        updateWindowDims: [],
        insertedWindowDims: [0],
        scatterDimsToOperandDims: [0],
      });
    }
    result.push(flatInput ? lax.reshape(inverse, input.shape) : inverse);
  }
  if (options.returnCounts) {
    let counts: JaxArray;
    if (n === 0) counts = filled([count], 0, "int32");
    else {
      // Run boundaries: the run starts, then n closing the last run (and every padding slot).
      const bounds = nonzero(starts, { size: count + 1 })[0]!;
      const tail = lax.sliceInDim(bounds, 1, count + 1, 1, 0);
      const closed = lax.select(lax.ne(tail, filled([count], 0, "int32")), tail, filled([count], n, "int32"));
      const opened = lax.concatenate(
        [lax.sliceInDim(bounds, 0, 1, 1, 0), lax.sliceInDim(closed, 0, count - 1, 1, 0)],
        0,
      );
      counts = lax.sub(closed, opened);
    }
    result.push(counts);
  }
  return result.length === 1 ? result[0]! : result;
}
