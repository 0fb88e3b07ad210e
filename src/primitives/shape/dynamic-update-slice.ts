// dynamic_update_slice: overwrite a window of the operand with `update`, at start indices known
// only at run time (clamped so the window fits). Operands: array, update, one scalar index per axis.
import { scalar } from "../../array.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { normalizeAxis, stridesOf } from "../../shape.js";
import { copyBox } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis, zerosLikeAval } from "../rules.js";
import { batchedIndexDynamicUpdateSlice } from "./dynamic-batched.js";
import {
  checkStartIndices,
  clampedStarts,
  indicesStr,
  normalizeStartIndices,
  type StartIndex,
} from "./dynamic-indices.js";
import { dynamicSliceP } from "./dynamic-slice.js";
import { expandDims } from "./expand-dims.js";

export type DynamicUpdateSliceParams = Record<string, never>;

export const dynamicUpdateSliceP: Primitive<DynamicUpdateSliceParams> = definePrimitive<DynamicUpdateSliceParams>({
  name: "dynamic_update_slice",
  abstractEval([x, update, ...indices]) {
    const head = `dynamic_update_slice: operand ${x!.str()}, update ${update!.str()}, start indices ${indicesStr(indices)}`;
    if (update!.ndim !== x!.ndim)
      throw new ShapeError(`${head}: the update must have the operand's rank; reshape or expandDims it`);
    checkStartIndices(head, x!, indices);
    const tooBig = update!.shape.findIndex((s, d) => s > x!.shape[d]!);
    if (tooBig >= 0) {
      throw new ShapeError(
        `${head}: the update's size ${update!.shape[tooBig]} on axis ${tooBig} exceeds the operand's size ${x!.shape[tooBig]}`,
      );
    }
    if (update!.dtype !== x!.dtype)
      throw new DTypeError(
        `${head}: the operand and update must have the same dtype; convert with astype(${x!.dtype})`,
      );
    return [new ShapedArray(x!.shape, x!.dtype, x!.weakType && update!.weakType)];
  },
  impl([x, update, ...indices]) {
    const res = x!.data.slice();
    const starts = clampedStarts(indices, x!.shape, update!.shape);
    const strides = stridesOf(x!.shape);
    const at = starts.reduce((acc, s, d) => acc + s * strides[d]!, 0);
    copyBox(update!.data, 0, stridesOf(update!.shape), res, at, strides, update!.shape);
    return [res];
  },
  jvp([x, update, ...indices], [tx, tu]) {
    const out = bind1(dynamicUpdateSliceP, [x!, update!, ...indices], {});
    if (tx instanceof Zero && tu instanceof Zero) return [[out], [new Zero(out.aval)]];
    return [[out], [bind1(dynamicUpdateSliceP, [instantiate(tx!), instantiate(tu!), ...indices], {})]];
  },
  transpose([ct], [x, update, ...indices]) {
    const rest = indices.map(() => null);
    const xUndef = x instanceof UndefinedPrimal;
    const uUndef = update instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(x.aval) : null, uUndef ? new Zero(update.aval) : null, ...rest];
    const starts = indices as JaxArray[];
    const updateAval = update!.aval;
    // The operand's cotangent is ct with the overwritten window zeroed; the update's is that window.
    const ctOperand = xUndef ? bind1(dynamicUpdateSliceP, [ct!, zerosLikeAval(updateAval), ...starts], {}) : null;
    const ctUpdate = uUndef ? bind1(dynamicSliceP, [ct!, ...starts], { sliceSizes: updateAval.shape }) : null;
    return [ctOperand, ctUpdate, ...rest];
  },
  batch([x, update, ...indices], [xDim, uDim, ...indexDims]) {
    if (indexDims.some((d) => d !== null)) {
      return batchedIndexDynamicUpdateSlice(x!, xDim ?? null, update!, uDim ?? null, indices, indexDims);
    }
    // Unbatched starts: write every batch element's update at batch index 0 onwards.
    const size = batchSize([x!, update!], [xDim ?? null, uDim ?? null]);
    const operand = moveBatchAxis(x!, xDim ?? null, 0, size);
    const upd = moveBatchAxis(update!, uDim ?? null, 0, size);
    const zero = scalar(0, indices[0]?.dtype ?? "int32", false);
    return [[bind1(dynamicUpdateSliceP, [operand, upd, zero, ...indices], {})], [0]];
  },
});

/**
 * `lax.dynamicUpdateSlice(x, update, startIndices)`: `x` with the window at `startIndices`
 * (scalar int arrays or JS numbers; negative ones count from the end) replaced by `update`.
 * Starts are clamped so the window fits, as in JAX.
 */
export function dynamicUpdateSlice(x: JaxArray, update: JaxArray, startIndices: readonly StartIndex[]): JaxArray {
  const starts = normalizeStartIndices("dynamic_update_slice", x, startIndices);
  return bind1(dynamicUpdateSliceP, [x, update, ...starts], {});
}

/** `lax.dynamicUpdateSliceInDim`: update a window that starts at `startIndex` along `axis`. */
export function dynamicUpdateSliceInDim(x: JaxArray, update: JaxArray, startIndex: StartIndex, axis: number): JaxArray {
  const ax = normalizeAxis(axis, x.ndim, "dynamic_update_slice_in_dim");
  const starts: StartIndex[] = x.shape.map(() => 0);
  starts[ax] = startIndex;
  return dynamicUpdateSlice(x, update, starts);
}

/** `lax.dynamicUpdateIndexInDim`: overwrite element `index` along `axis`; `update` may lack that axis. */
export function dynamicUpdateIndexInDim(x: JaxArray, update: JaxArray, index: StartIndex, axis: number): JaxArray {
  const ax = normalizeAxis(axis, x.ndim, "dynamic_update_index_in_dim");
  const upd = update.ndim === x.ndim - 1 ? expandDims(update, [ax]) : update;
  return dynamicUpdateSliceInDim(x, upd, index, ax);
}
