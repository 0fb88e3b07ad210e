// gather's params and shape rule, following XLA's shape inference (as JAX's slicing.py does).
import { isInteger } from "../../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import {
  gatherDnumsStr,
  modeStr,
  tupleStr,
  type GatherDimensionNumbers,
  type GatherScatterMode,
} from "./dimension-numbers.js";
import { CallContext, checkDims, checkDisjoint } from "./dims-check.js";

export interface GatherParams {
  dimensionNumbers: GatherDimensionNumbers;
  sliceSizes: readonly number[];
  indicesAreSorted: boolean;
  uniqueIndices: boolean;
  mode: GatherScatterMode;
  /** The value of out-of-bounds windows in "fill" mode; null in the other modes. */
  fillValue: number | null;
}

function gatherContext(operand: ShapedArray, indices: ShapedArray, p: GatherParams): CallContext {
  const call =
    `operand ${operand.str()}, indices ${indices.str()}, dimension_numbers=${gatherDnumsStr(p.dimensionNumbers)}, ` +
    `slice_sizes=${tupleStr(p.sliceSizes)}, mode=${modeStr(p.mode)}`;
  return new CallContext("gather", call);
}

/** The gather's output aval; throws the user-facing error for any ill-formed call. */
export function gatherOutAval(operand: ShapedArray, indices: ShapedArray, p: GatherParams): ShapedArray {
  const ctx = gatherContext(operand, indices, p);
  const dn = p.dimensionNumbers;
  if (!isInteger(indices.dtype)) {
    throw ctx.error(DTypeError, "indices must have an integer dtype", "convert them with indices.astype('int32')");
  }
  if (indices.ndim < 1) {
    throw ctx.error(
      ShapeError,
      "indices must have at least one axis (the last axis holds the index vectors)",
      "add a trailing axis of size 1 to gather with scalar indices",
    );
  }
  const indexVectorDim = indices.ndim - 1;
  const outRank = dn.offsetDims.length + indices.ndim - 1;

  checkDims(ctx, "offset_dims", dn.offsetDims, outRank, { sorted: true });
  const vectorSize = indices.shape[indexVectorDim]!;
  if (dn.startIndexMap.length !== vectorSize) {
    throw ctx.error(
      ShapeError,
      `start_index_map has ${dn.startIndexMap.length} entries but the index vectors (last axis of indices) have ${vectorSize}`,
      "give one start_index_map entry per index vector component",
    );
  }
  checkDims(ctx, "start_index_map", dn.startIndexMap, operand.ndim);
  checkDims(ctx, "collapsed_slice_dims", dn.collapsedSliceDims, operand.ndim, { sorted: true });
  checkDims(ctx, "operand_batching_dims", dn.operandBatchingDims, operand.ndim, { sorted: true });
  checkDisjoint(ctx, "collapsed_slice_dims", dn.collapsedSliceDims, "operand_batching_dims", dn.operandBatchingDims);
  checkDisjoint(ctx, "start_index_map", dn.startIndexMap, "operand_batching_dims", dn.operandBatchingDims);
  checkDims(ctx, "start_indices_batching_dims", dn.startIndicesBatchingDims, indices.ndim);
  if (dn.startIndicesBatchingDims.includes(indexVectorDim)) {
    throw ctx.error(
      ShapeError,
      `start_indices_batching_dims ${tupleStr(dn.startIndicesBatchingDims)} contains the index vector axis ${indexVectorDim}`,
      "batching axes of the indices must come before their last axis",
    );
  }
  checkBatchingMatch(
    ctx,
    operand,
    indices,
    dn.operandBatchingDims,
    dn.startIndicesBatchingDims,
    "start_indices_batching_dims",
  );

  const sizes = p.sliceSizes;
  if (sizes.length !== operand.ndim) {
    throw ctx.error(
      ShapeError,
      `slice_sizes has ${sizes.length} entries for an operand of rank ${operand.ndim}`,
      "give one slice size per operand axis",
    );
  }
  const accounted = dn.offsetDims.length + dn.collapsedSliceDims.length + dn.operandBatchingDims.length;
  if (accounted !== operand.ndim) {
    throw ctx.error(
      ShapeError,
      `every operand axis must be an offset, collapsed or batching axis, but offset_dims, collapsed_slice_dims and ` +
        `operand_batching_dims account for ${accounted} of the operand's ${operand.ndim} axes`,
      "make len(offset_dims) + len(collapsed_slice_dims) + len(operand_batching_dims) equal the operand rank",
    );
  }
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s > operand.shape[i]!) {
      throw ctx.error(
        ValueError,
        `slice size ${s} of operand axis ${i} is outside [0, ${operand.shape[i]}]`,
        "a window cannot be larger than the operand",
      );
    }
  });
  for (const d of dn.collapsedSliceDims) {
    if (sizes[d] !== 1) {
      throw ctx.error(
        ShapeError,
        `collapsed axis ${d} has slice size ${sizes[d]}`,
        "only axes with slice size 1 can be collapsed",
      );
    }
  }
  for (const d of dn.operandBatchingDims) {
    if (sizes[d]! > 1) {
      throw ctx.error(
        ShapeError,
        `operand batching axis ${d} has slice size ${sizes[d]}`,
        "batching axes take slice size 1 (or 0 when empty)",
      );
    }
  }
  return new ShapedArray(gatherOutShape(indices.shape, dn, sizes), operand.dtype, operand.weakType);
}

/** Output axes: offset axes take the window sizes in order, the others the indices' batch axes. */
export function gatherOutShape(
  indicesShape: readonly number[],
  dn: GatherDimensionNumbers,
  sliceSizes: readonly number[],
): number[] {
  const batch = indicesShape.slice(0, -1);
  const window = sliceSizes.filter((_, i) => !dn.collapsedSliceDims.includes(i) && !dn.operandBatchingDims.includes(i));
  const rank = dn.offsetDims.length + batch.length;
  let b = 0;
  let w = 0;
  return Array.from({ length: rank }, (_, i) => (dn.offsetDims.includes(i) ? window[w++]! : batch[b++]!));
}

/** The aval of one example of a batched value (its batch axis removed). */
export function exampleAval(x: { aval: ShapedArray }, bdim: number | null): ShapedArray {
  const a = x.aval;
  return bdim === null
    ? a
    : new ShapedArray(
        a.shape.filter((_, i) => i !== bdim),
        a.dtype,
        a.weakType,
      );
}

/** Batching axes pair up: as many on each side, with equal sizes. */
export function checkBatchingMatch(
  ctx: CallContext,
  operand: ShapedArray,
  indices: ShapedArray,
  operandDims: readonly number[],
  indexDims: readonly number[],
  indexName: string,
): void {
  if (operandDims.length !== indexDims.length) {
    throw ctx.error(
      ShapeError,
      `operand_batching_dims ${tupleStr(operandDims)} and ${indexName} ${tupleStr(indexDims)} have different lengths`,
      "pair each operand batching axis with one indices axis",
    );
  }
  const opSizes = operandDims.map((d) => operand.shape[d]!);
  const idxSizes = indexDims.map((d) => indices.shape[d]!);
  if (opSizes.some((s, i) => s !== idxSizes[i])) {
    throw ctx.error(
      ShapeError,
      `the operand batching axes have sizes ${tupleStr(opSizes)} but the indices batching axes have ${tupleStr(idxSizes)}`,
      "paired batching axes must have equal sizes",
    );
  }
}
