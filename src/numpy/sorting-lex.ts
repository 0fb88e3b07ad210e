// jnp.lexsort: indirect sort by several keys, the last key primary, as one multi-key lax.sort.
import { asArray, type ArrayLike } from "../coerce.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis, shapesEqual } from "../shape.js";
import { JaxArray } from "../tracing/array.js";

export interface LexsortOptions {
  /** The axis to sort along (default -1). */
  axis?: number;
}

/**
 * `jnp.lexsort(keys, { axis })`: the int32 indices that sort by `keys[keys.length - 1]`, then by
 * the key before it for ties, and so on (stable). `keys` is a list of same-shaped arrays, or an
 * array whose first axis runs over the keys.
 */
export function lexsort(keys: readonly ArrayLike[] | JaxArray, options: LexsortOptions = {}): JaxArray {
  const op = "lexsort";
  const list = keys instanceof JaxArray ? [...keys] : keys.map((k) => asArray(k, op));
  if (list.length === 0) throw new ValueError(`${op}: needs at least one key`);
  const first = list[0]!;
  if (list.some((k) => !shapesEqual(k.shape, first.shape))) {
    throw new ShapeError(`${op}: all keys need the same shape, got ${list.map((k) => k.aval.str()).join(", ")}`);
  }
  if (first.ndim === 0) return lax.full([], 0, "int32");
  const axis = normalizeAxis(options.axis ?? -1, first.ndim, op);
  const iota = lax.broadcastedIota("int32", first.shape, axis);
  const sorted = lax.sort([...[...list].reverse(), iota], { dimension: axis, isStable: true, numKeys: list.length });
  return sorted[sorted.length - 1]!;
}
