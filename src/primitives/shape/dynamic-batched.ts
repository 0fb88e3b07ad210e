// vmap of dynamic_slice / dynamic_update_slice when the start indices differ per batch element:
// as in JAX, a dynamic slice is a gather of one window per batch element, and a dynamic update
// slice is a scatter of one window per batch element, both clamping windows into bounds.
import type { JaxArray } from "../../tracing/array.js";
import { range } from "../../shape.js";
import type { BDim } from "../primitive.js";
import { batchSize, moveBatchAxis } from "../rules.js";
import { gather } from "../indexing/gather.js";
import { scatter } from "../indexing/scatter.js";
import { broadcastInDim } from "./broadcast-in-dim.js";
import { concatenate } from "./concatenate.js";

/** The scalar start indices as one [batch, rank] index array (batch axis 0). */
function stackIndices(indices: readonly JaxArray[], dims: readonly BDim[], size: number): JaxArray {
  const columns = indices.map((i, d) => broadcastInDim(i, [size, 1], dims[d] === null ? [] : [0]));
  return concatenate(columns, 1);
}

export function batchedIndexDynamicSlice(
  x: JaxArray,
  xDim: BDim,
  indices: readonly JaxArray[],
  indexDims: readonly BDim[],
  sliceSizes: readonly number[],
): [JaxArray[], BDim[]] {
  const size = batchSize([x, ...indices], [xDim, ...indexDims]);
  const idx = stackIndices(indices, indexDims, size);
  const rank = sliceSizes.length;
  const window = range(rank).map((d) => d + 1);
  const options = { mode: "clip", uniqueIndices: true, indicesAreSorted: true } as const;
  if (xDim === null) {
    // Every batch element reads its window from the one shared operand.
    const dnums = { offsetDims: window, collapsedSliceDims: [], startIndexMap: range(rank) };
    return [[gather(x, idx, dnums, sliceSizes, options)], [0]];
  }
  const operand = moveBatchAxis(x, xDim, 0, size);
  const dnums = {
    offsetDims: window,
    collapsedSliceDims: [],
    startIndexMap: window,
    operandBatchingDims: [0],
    startIndicesBatchingDims: [0],
  };
  return [[gather(operand, idx, dnums, [size === 0 ? 0 : 1, ...sliceSizes], options)], [0]];
}

export function batchedIndexDynamicUpdateSlice(
  x: JaxArray,
  xDim: BDim,
  update: JaxArray,
  updateDim: BDim,
  indices: readonly JaxArray[],
  indexDims: readonly BDim[],
): [JaxArray[], BDim[]] {
  const size = batchSize([x, update, ...indices], [xDim, updateDim, ...indexDims]);
  // Each batch element writes into its own copy of the operand.
  const operand = moveBatchAxis(x, xDim, 0, size);
  const updates = moveBatchAxis(update, updateDim, 0, size);
  const idx = stackIndices(indices, indexDims, size);
  const window = range(indices.length).map((d) => d + 1);
  const dnums = {
    updateWindowDims: window,
    insertedWindowDims: [],
    scatterDimsToOperandDims: window,
    operandBatchingDims: [0],
    scatterIndicesBatchingDims: [0],
  };
  return [[scatter(operand, idx, updates, dnums, { mode: "clip", uniqueIndices: true, indicesAreSorted: true })], [0]];
}
