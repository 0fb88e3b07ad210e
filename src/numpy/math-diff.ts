// jnp.diff and jnp.select: small numpy conveniences built from slicing, concatenation and where.
import { asArray, type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { subtract } from "./elementwise.js";
import { notEqual } from "./math-logic.js";
import { fullLike } from "./math-util.js";
import { concatenate } from "./manipulation.js";
import { broadcastArrays, broadcastTo, promoteDtypes } from "./promote.js";

export interface DiffOptions {
  /** The axis to difference along (default -1, the last). */
  axis?: number;
  /** Values placed before the array along `axis`; a scalar is repeated across the other axes. */
  prepend?: ArrayLike;
  /** Values placed after the array along `axis`. */
  append?: ArrayLike;
}

/** `prepend`/`append` as numpy takes them: a scalar becomes a slab of size 1 along `axis`. */
function edge(x: ArrayLike, like: JaxArray, axis: number): JaxArray {
  const a = asArray(x, "diff");
  if (a.ndim !== 0) return a;
  return broadcastTo(
    a,
    like.shape.map((d, i) => (i === axis ? 1 : d)),
  );
}

/**
 * `jnp.diff(a, n = 1, { axis = -1, prepend, append })`: the n-th discrete difference along
 * `axis`. Booleans differ by `!=`, as in numpy.
 */
export function diff(a: ArrayLike, n: number | DiffOptions = 1, options: DiffOptions = {}): JaxArray {
  const opts = typeof n === "object" ? n : options;
  const order = typeof n === "number" ? n : 1;
  if (!Number.isInteger(order) || order < 0) {
    throw new ValueError(`diff: the order n must be a non-negative integer, got ${order}`);
  }
  let x = asArray(a, "diff");
  if (x.ndim === 0)
    throw new ValueError(`diff: needs an array of at least one dimension, got ${x.aval.str()}; use jnp.atleast1d`);
  const axis = normalizeAxis(opts.axis ?? -1, x.ndim, "diff");
  if (order === 0) return x;
  if (opts.prepend !== undefined || opts.append !== undefined) {
    const parts = [
      ...(opts.prepend === undefined ? [] : [edge(opts.prepend, x, axis)]),
      x,
      ...(opts.append === undefined ? [] : [edge(opts.append, x, axis)]),
    ];
    x = concatenate(parts, axis);
  }
  const along = (v: JaxArray, start: number, stop: number) =>
    lax.slice(
      v,
      v.shape.map((_, i) => (i === axis ? start : 0)),
      v.shape.map((d, i) => (i === axis ? stop : d)),
    );
  for (let k = 0; k < order; k++) {
    const len = x.shape[axis]!;
    if (len === 0) break;
    const later = along(x, 1, len);
    const earlier = along(x, 0, len - 1);
    x = x.dtype === "bool" ? notEqual(later, earlier) : subtract(later, earlier);
  }
  return x;
}

// A guard that does not narrow: Array.isArray would turn the readonly parameter types into any[].
function isList(x: unknown): boolean {
  return Array.isArray(x);
}

/**
 * `jnp.select(condlist, choicelist, default = 0)`: at each position, the entry of the first
 * choice whose condition holds, else `default`. Everything broadcasts; choices and default promote.
 */
export function select(
  condlist: readonly ArrayLike[],
  choicelist: readonly ArrayLike[],
  defaultValue: ArrayLike = 0,
): JaxArray {
  if (!isList(condlist) || !isList(choicelist)) {
    throw new ValueError("select: condlist and choicelist must be lists of arrays");
  }
  if (condlist.length !== choicelist.length) {
    throw new ValueError(
      `select: condlist has ${condlist.length} entries but choicelist has ${choicelist.length}; give one choice per condition`,
    );
  }
  if (condlist.length === 0) throw new ValueError("select: condlist must be non-empty");
  const [fallback, ...choices] = promoteDtypes("select", [defaultValue, ...choicelist]);
  const conds = condlist.map((c) => {
    const a = asArray(c, "select");
    return a.dtype === "bool" ? a : lax.ne(a, fullLike(a, 0));
  });
  const all = broadcastArrays("select", [...conds, ...choices, fallback!]);
  const n = conds.length;
  // From the last condition to the first, so that the first one that holds wins.
  let out = all[2 * n]!;
  for (let i = n - 1; i >= 0; i--) out = lax.select(all[i]!, all[n + i]!, out);
  return out;
}
