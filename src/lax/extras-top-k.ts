// lax.topK: the k largest entries along the last axis and their positions, by one stable sort.
import { ShapeError, ValueError } from "../errors.js";
import { sort } from "../primitives/reductions/sort.js";
import { broadcastedIota, rev, sliceInDim } from "../primitives/shape/index.js";
import type { JaxArray } from "../tracing/array.js";
import { asArray, type ArrayLike } from "../coerce.js";

/**
 * `lax.topK(operand, k)`: `[values, indices]`, each of shape `[...operand.shape[:-1], k]`, the
 * largest first (NaN counts as the largest value, as in XLA's total order); equal values keep
 * the lower index first. Indices are int32.
 */
export function topK(operand: ArrayLike, k: number): [JaxArray, JaxArray] {
  const x = asArray(operand, "topK");
  if (x.ndim === 0) throw new ShapeError(`topK: operand must have at least one axis, got ${x.aval.str()}`);
  const last = x.ndim - 1;
  const n = x.shape[last]!;
  if (!Number.isInteger(k) || k < 0) throw new ValueError(`topK: k must be a non-negative integer, got ${k}`);
  if (k > n) {
    throw new ValueError(`topK: k must be no larger than the last axis of ${x.aval.str()}; got k=${k} > ${n}`);
  }
  // A stable ascending sort of the reversed axis, read backwards, is a descending order in which
  // equal keys keep ascending positions; it needs no negation, so it holds for every dtype.
  const positions = rev(broadcastedIota("int32", x.shape, last), [last]);
  const [ascending, order] = sort([rev(x, [last]), positions], { dimension: last, isStable: true, numKeys: 1 });
  const top = (y: JaxArray) => sliceInDim(rev(y, [last]), 0, k, 1, last);
  return [top(ascending!), top(order!)];
}
