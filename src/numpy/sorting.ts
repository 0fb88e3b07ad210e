// Sorting: sort, argsort (stable by default, as in JAX) and searchsorted.
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { take } from "./indexing.js";
import { promoteDtypes } from "./promote.js";

export interface SortOptions {
  axis?: number | null;
  /** Keep equal elements in their original order (default true). */
  stable?: boolean;
  /** Largest first. */
  descending?: boolean;
}

function sortArgs(
  op: string,
  a: ArrayLike,
  axis: number | null | SortOptions | undefined,
  options: SortOptions,
): { x: JaxArray; axis: number; opts: SortOptions } {
  const opts: SortOptions =
    axis !== null && typeof axis === "object" ? axis : { ...options, axis: axis === undefined ? options.axis : axis };
  let x = asArray(a, op);
  let ax = opts.axis === undefined ? -1 : opts.axis;
  if (ax === null) {
    x = lax.reshape(x, [x.size]);
    ax = 0;
  }
  if (x.ndim === 0)
    throw new ValueError(
      `${op}: cannot sort a 0-d array ${x.aval.str()}; it has no axis (use axis null to sort the flattened array)`,
    );
  return { x, axis: normalizeAxis(ax, x.ndim, op), opts };
}

/** `jnp.sort(a, axis = -1, { stable, descending })`; NaNs sort to the end; `axis: null` sorts the flattened array. */
export function sort(a: ArrayLike, axis?: number | null | SortOptions, options: SortOptions = {}): JaxArray {
  const { x, axis: d, opts } = sortArgs("sort", a, axis, options);
  const sorted = lax.sort(x, { dimension: d, isStable: opts.stable ?? true });
  return opts.descending ? lax.rev(sorted, [d]) : sorted;
}

/** `jnp.argsort(a, axis = -1, { stable, descending })`: the int32 indices that sort `a`. */
export function argsort(a: ArrayLike, axis?: number | null | SortOptions, options: SortOptions = {}): JaxArray {
  const { x, axis: d, opts } = sortArgs("argsort", a, axis, options);
  const stable = opts.stable ?? true;
  let keys = x;
  let iota = lax.broadcastedIota("int32", x.shape, d);
  // A stable descending order keeps equal keys in their original order: sort the reversed
  // array ascending, then reverse the result.
  if (opts.descending && stable) {
    keys = lax.rev(keys, [d]);
    iota = lax.rev(iota, [d]);
  }
  const [, indices] = lax.sortKeyVal(keys, iota, { dimension: d, isStable: stable });
  return opts.descending ? lax.rev(indices, [d]) : indices;
}

export interface SearchsortedOptions {
  /** "left": the first position where v fits; "right": the last. */
  side?: "left" | "right";
  /** Indices that sort `a` (as from argsort), when `a` itself is not sorted. */
  sorter?: ArrayLike | readonly number[];
  /** Accepted for JAX compatibility; every method gives the same result. */
  method?: "scan" | "scan_unrolled" | "sort" | "compare_all";
}

/** `a < v` in the total order of sorting, where NaN is the largest value. */
function sortLess(a: JaxArray, v: JaxArray): JaxArray {
  const less = lax.lt(a, v);
  if (!isFloat(a.dtype)) return less;
  const aNan = lax.ne(a, a);
  const vNan = lax.ne(v, v);
  return lax.bitwiseOr(less, lax.bitwiseAnd(vNan, lax.bitwiseNot(aNan)));
}

/**
 * `jnp.searchsorted(a, v, { side, sorter })`: for each value of `v`, the index in the sorted 1-D
 * array `a` where it would be inserted to keep `a` sorted (int32, same shape as `v`).
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, options: SearchsortedOptions = {}): JaxArray {
  const side = options.side ?? "left";
  if (side !== "left" && side !== "right")
    throw new ValueError(`searchsorted: side must be "left" or "right", got ${JSON.stringify(side)}`);
  let arr = asArray(a, "searchsorted");
  if (arr.ndim !== 1) throw new ValueError(`searchsorted: a must be 1-D, got ${arr.aval.str()}`);
  if (options.sorter !== undefined) arr = take(arr, options.sorter, 0, { mode: "clip" });
  const [sa, sv] = promoteDtypes("searchsorted", [arr, v]) as [JaxArray, JaxArray];
  const n = sa.shape[0]!;
  const full = [n, ...sv.shape];
  const along = lax.broadcastInDim(sa, full, [0]);
  const values = lax.broadcastInDim(
    sv,
    full,
    sv.shape.map((_, i) => i + 1),
  );
  // Left: count elements below v. Right: count elements not above v.
  const counted = side === "left" ? sortLess(along, values) : lax.bitwiseNot(sortLess(values, along));
  return lax.reduceSum(lax.convertElementType(counted, "int32"), [0]);
}
