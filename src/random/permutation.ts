// Random permutations, JAX's way: sort by fresh random 32-bit keys, repeating the sort often
// enough (3 * log(size) / log(2^32 - 1) rounds) that ties between keys stop mattering.
import { isInteger } from "../dtypes.js";
import { DTypeError, ValueError } from "../errors.js";
import { iota, sortKeyVal } from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { randomBits32 } from "./bits.js";
import { checkKey, type KeyArray } from "./key.js";
import { takeAlong } from "./ordering.js";
import { splitInto } from "./split.js";

/** JAX's `_shuffle`: `x` with its entries along `axis` reordered by rounds of random-key sorts. */
export function shuffleAlong(key: JaxArray, x: JaxArray, axis: number): JaxArray {
  const rounds = Math.ceil((3 * Math.log(Math.max(1, x.size))) / Math.log(2 ** 32 - 1));
  let k = key;
  let out = x;
  for (let r = 0; r < rounds; r++) {
    const [next, sub] = splitInto(k, 2);
    k = next!;
    [, out] = sortKeyVal(randomBits32(sub!, out.shape), out, { dimension: axis, isStable: true });
  }
  return out;
}

/** The integer n of `permutation(key, n)`, given as a JS number or a concrete scalar array. */
function rangeSize(op: string, x: number | JaxArray): number {
  if (typeof x === "number") {
    if (!Number.isInteger(x) || x < 0)
      throw new ValueError(`${op}: x must be a non-negative integer or an array, got ${x}`);
    return x;
  }
  if (!isInteger(x.dtype)) {
    throw new DTypeError(`${op}: x must be an integer or at least 1-dimensional, got ${x.aval.str()}`);
  }
  // A traced scalar throws a ConcretizationError here: the length must be known statically.
  const n = Number(x);
  if (n < 0) throw new ValueError(`${op}: x must be a non-negative integer, got ${n}`);
  return n;
}

export interface PermutationOptions {
  /** The axis to permute along (default 0). */
  axis?: number;
  /** Shuffle each slice along `axis` independently (default false: one permutation for all). */
  independent?: boolean;
}

/**
 * `random.permutation(key, x, { axis?, independent? })`: for an integer n, a random ordering of
 * [0, n) (int32); for an array, x with its entries along `axis` permuted.
 */
export function permutation(key: KeyArray, x: number | JaxArray, options: PermutationOptions = {}): JaxArray {
  const op = "random.permutation";
  const k = checkKey(op, key);
  if (typeof x === "number" || x.ndim === 0) {
    normalizeAxis(options.axis ?? 0, 1, op);
    return shuffleAlong(k, iota("int32", rangeSize(op, x)), 0);
  }
  const axis = normalizeAxis(options.axis ?? 0, x.ndim, op);
  if (options.independent || x.ndim === 1) return shuffleAlong(k, x, axis);
  const order = shuffleAlong(k, iota("int32", x.shape[axis]!), 0);
  return takeAlong(x, order, axis);
}
