// L-BFGS's ring buffers: each parameter leaf is stacked `memorySize` times along a new first axis,
// so one traced index reads or writes one entry of the whole tree.
import * as lax from "../lax/index.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import { mapLeaves } from "./tree-math.js";

/** Zeros shaped `[memorySize, ...leaf.shape]` for each leaf. */
export function stackedZeros<T>(tree: T, memorySize: number): T {
  return mapLeaves((x) => jnp.zeros([memorySize, ...x.shape], { dtype: x.dtype }), tree);
}

/** Entry `index` (a traced int32 scalar) of a stacked tree. */
export function entry<T>(stacked: T, index: JaxArray): T {
  return mapLeaves((x) => jnp.squeeze(lax.dynamicSliceInDim(x, index, 1, 0), 0), stacked);
}

/** The stacked tree with entry `index` replaced by `value`. */
export function withEntry<T>(stacked: T, index: JaxArray, value: unknown): T {
  return mapLeaves(
    (x, v) => lax.dynamicUpdateSliceInDim(x, jnp.expandDims(v.astype(x.dtype), 0), index, 0),
    stacked,
    value,
  );
}
