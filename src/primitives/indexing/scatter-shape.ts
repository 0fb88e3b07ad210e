// The params and shape rule shared by scatter, scatter-add, scatter-mul, scatter-min and
// scatter-max, following XLA's shape inference (as JAX's slicing.py does).
import { isInteger } from "../../dtypes.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import {
  modeStr,
  scatterDnumsStr,
  tupleStr,
  type GatherScatterMode,
  type ScatterDimensionNumbers,
} from "./dimension-numbers.js";
import { CallContext, checkDims, checkDisjoint } from "./dims-check.js";
import { checkBatchingMatch } from "./gather-shape.js";

export interface ScatterParams {
  dimensionNumbers: ScatterDimensionNumbers;
  indicesAreSorted: boolean;
  uniqueIndices: boolean;
  mode: GatherScatterMode;
}

/** The scatter's output aval (the operand's); throws the user-facing error for any ill-formed call. */
export function scatterOutAval(
  op: string,
  operand: ShapedArray,
  indices: ShapedArray,
  updates: ShapedArray,
  p: ScatterParams,
): ShapedArray {
  const dn = p.dimensionNumbers;
  const ctx = new CallContext(
    op,
    `operand ${operand.str()}, indices ${indices.str()}, updates ${updates.str()}, ` +
      `dimension_numbers=${scatterDnumsStr(dn)}, mode=${modeStr(p.mode)}`,
  );
  if (!isInteger(indices.dtype)) {
    throw ctx.error(DTypeError, "indices must have an integer dtype", "convert them with indices.astype('int32')");
  }
  if (operand.dtype !== updates.dtype) {
    throw ctx.error(
      DTypeError,
      "operand and updates must have the same dtype",
      "convert the updates with updates.astype(operand.dtype)",
    );
  }
  if (indices.ndim < 1) {
    throw ctx.error(
      ShapeError,
      "indices must have at least one axis (the last axis holds the index vectors)",
      "add a trailing axis of size 1 to scatter with scalar indices",
    );
  }
  const indexVectorDim = indices.ndim - 1;
  const scatterShape = indices.shape.slice(0, -1);
  const expectedRank = scatterShape.length + dn.updateWindowDims.length;
  if (updates.ndim !== expectedRank) {
    throw ctx.error(
      ShapeError,
      `updates must have rank ${expectedRank} (${scatterShape.length} scatter axes from the indices plus ${dn.updateWindowDims.length} update_window_dims), not ${updates.ndim}`,
      "give the updates one axis per indices batch axis and one per window axis",
    );
  }
  checkDims(ctx, "update_window_dims", dn.updateWindowDims, updates.ndim, { sorted: true });
  checkDims(ctx, "inserted_window_dims", dn.insertedWindowDims, operand.ndim, { sorted: true });
  checkDims(ctx, "operand_batching_dims", dn.operandBatchingDims, operand.ndim, { sorted: true });
  checkDisjoint(ctx, "inserted_window_dims", dn.insertedWindowDims, "operand_batching_dims", dn.operandBatchingDims);
  checkDisjoint(
    ctx,
    "scatter_dims_to_operand_dims",
    dn.scatterDimsToOperandDims,
    "operand_batching_dims",
    dn.operandBatchingDims,
  );
  checkDims(ctx, "scatter_indices_batching_dims", dn.scatterIndicesBatchingDims, indices.ndim);
  if (dn.scatterIndicesBatchingDims.includes(indexVectorDim)) {
    throw ctx.error(
      ShapeError,
      `scatter_indices_batching_dims ${tupleStr(dn.scatterIndicesBatchingDims)} contains the index vector axis ${indexVectorDim}`,
      "batching axes of the indices must come before their last axis",
    );
  }
  checkBatchingMatch(
    ctx,
    operand,
    indices,
    dn.operandBatchingDims,
    dn.scatterIndicesBatchingDims,
    "scatter_indices_batching_dims",
  );

  const windowRank = dn.updateWindowDims.length + dn.insertedWindowDims.length + dn.operandBatchingDims.length;
  if (windowRank !== operand.ndim) {
    throw ctx.error(
      ShapeError,
      `update_window_dims, inserted_window_dims and operand_batching_dims account for ${windowRank} of the operand's ${operand.ndim} axes`,
      "make len(update_window_dims) + len(inserted_window_dims) + len(operand_batching_dims) equal the operand rank",
    );
  }
  const vectorSize = indices.shape[indexVectorDim]!;
  if (dn.scatterDimsToOperandDims.length !== vectorSize) {
    throw ctx.error(
      ShapeError,
      `scatter_dims_to_operand_dims has ${dn.scatterDimsToOperandDims.length} entries but the index vectors (last axis of indices) have ${vectorSize}`,
      "give one scatter_dims_to_operand_dims entry per index vector component",
    );
  }
  checkDims(ctx, "scatter_dims_to_operand_dims", dn.scatterDimsToOperandDims, operand.ndim);

  const windowOperandDims = operand.shape
    .map((_, i) => i)
    .filter((i) => !dn.insertedWindowDims.includes(i) && !dn.operandBatchingDims.includes(i));
  dn.updateWindowDims.forEach((u, k) => {
    const opDim = windowOperandDims[k]!;
    if (updates.shape[u]! > operand.shape[opDim]!) {
      throw ctx.error(
        ShapeError,
        `update window axis ${u} has size ${updates.shape[u]}, larger than operand axis ${opDim} (size ${operand.shape[opDim]})`,
        "a window cannot be larger than the operand",
      );
    }
  });
  const updateScatterDims = updates.shape.map((_, i) => i).filter((i) => !dn.updateWindowDims.includes(i));
  updateScatterDims.forEach((u, k) => {
    if (updates.shape[u] !== scatterShape[k]) {
      throw ctx.error(
        ShapeError,
        `updates axis ${u} has size ${updates.shape[u]} but the matching indices axis ${k} has size ${scatterShape[k]}`,
        "the updates' scatter axes must have the sizes of the indices' batch axes, in order",
      );
    }
  });
  return new ShapedArray(operand.shape, operand.dtype, operand.weakType);
}
