// Index helpers built on lax.sort and lax.gather, which the samplers need where JAX uses
// lax.top_k and jnp.take.
import { broadcastedIota, expandDims, gather, neg, sliceInDim, sort } from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";

/**
 * Indices (int32) of the k largest entries along the last axis, largest first; equal entries
 * keep their index order, as lax.top_k does. Sorting the negated values ascending with a stable
 * sort gives exactly that order.
 */
export function topKIndices(x: JaxArray, k: number): JaxArray {
  const last = x.ndim - 1;
  const positions = broadcastedIota("int32", x.shape, last);
  const [, order] = sort([neg(x), positions], { dimension: last, isStable: true, numKeys: 1 });
  return sliceInDim(order!, 0, k, 1, last);
}

/**
 * `jnp.take(arr, indices, axis)` for in-bounds int32 indices: the result has shape
 * arr.shape[:axis] + indices.shape + arr.shape[axis + 1:].
 */
export function takeAlong(arr: JaxArray, indices: JaxArray, axis: number): JaxArray {
  const rank = arr.ndim;
  const batchRank = indices.ndim;
  const offsetDims = [
    ...Array.from({ length: axis }, (_, i) => i),
    ...Array.from({ length: rank - axis - 1 }, (_, i) => axis + batchRank + i),
  ];
  const sliceSizes = arr.shape.map((d, i) => (i === axis ? 1 : d));
  return gather(
    arr,
    expandDims(indices, [batchRank]),
    { offsetDims, collapsedSliceDims: [axis], startIndexMap: [axis] },
    sliceSizes,
  );
}
