// dynamic_slice: a window of static size at start indices known only at run time (clamped into
// bounds). Operands: the array, then one scalar index per axis.
import { scalar } from "../../array.js";
import { ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { normalizeAxis, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { zerosLikeAval } from "../rules.js";
import { batchedIndexDynamicSlice } from "./dynamic-batched.js";
import {
  checkStartIndices,
  clampedStarts,
  indicesStr,
  normalizeStartIndices,
  type StartIndex,
} from "./dynamic-indices.js";
import { dynamicUpdateSliceP } from "./dynamic-update-slice.js";
import { isIntList, tupleStr } from "./params-check.js";
import { squeeze } from "./squeeze.js";

export interface DynamicSliceParams {
  sliceSizes: readonly number[];
}

export const dynamicSliceP: Primitive<DynamicSliceParams> = definePrimitive<DynamicSliceParams>({
  name: "dynamic_slice",
  abstractEval([x, ...indices], { sliceSizes }) {
    const head = `dynamic_slice: operand ${x!.str()}, start indices ${indicesStr(indices)}, slice_sizes ${tupleStr(sliceSizes)}`;
    checkStartIndices(head, x!, indices);
    if (!isIntList(sliceSizes) || sliceSizes.some((s) => s < 0)) {
      throw new ValueError(`${head}: slice sizes must be non-negative integers`);
    }
    if (sliceSizes.length !== x!.ndim) throw new ShapeError(`${head}: needs one slice size per axis (${x!.ndim})`);
    const tooBig = sliceSizes.findIndex((s, d) => s > x!.shape[d]!);
    if (tooBig >= 0) {
      throw new ShapeError(
        `${head}: slice size ${sliceSizes[tooBig]} on axis ${tooBig} exceeds the operand's size ${x!.shape[tooBig]}`,
      );
    }
    return [new ShapedArray(sliceSizes, x!.dtype, x!.weakType)];
  },
  impl([x, ...indices], { sliceSizes }) {
    const starts = clampedStarts(indices, x!.shape, sliceSizes);
    const strides = stridesOf(x!.shape);
    const offset = starts.reduce((acc, s, d) => acc + s * strides[d]!, 0);
    return [stridedCopy(x!.data, x!.dtype, sliceSizes, strides, offset)];
  },
  jvp([x, ...indices], [t], params) {
    const out = bind1(dynamicSliceP, [x!, ...indices], params);
    return [[out], [t instanceof Zero ? new Zero(out.aval) : bind1(dynamicSliceP, [t!, ...indices], params)]];
  },
  transpose([ct], [x, ...indices]) {
    const aval = (x as UndefinedPrimal).aval;
    const rest = indices.map(() => null);
    if (ct instanceof Zero) return [new Zero(aval), ...rest];
    // The window's cotangent lands where the (clamped) window was read; zeros elsewhere.
    return [bind1(dynamicUpdateSliceP, [zerosLikeAval(aval), ct!, ...(indices as JaxArray[])], {}), ...rest];
  },
  batch([x, ...indices], [xDim, ...indexDims], { sliceSizes }) {
    if (indexDims.some((d) => d !== null)) {
      return batchedIndexDynamicSlice(x!, xDim ?? null, indices, indexDims, sliceSizes);
    }
    // Unbatched starts: take the whole batch axis from index 0.
    const b = xDim!;
    const zero = scalar(0, indices[0]?.dtype ?? "int32", false);
    const starts = [...indices.slice(0, b), zero, ...indices.slice(b)];
    const sizes = [...sliceSizes.slice(0, b), x!.shape[b]!, ...sliceSizes.slice(b)];
    return [[bind1(dynamicSliceP, [x!, ...starts], { sliceSizes: sizes })], [b]];
  },
});

/**
 * `lax.dynamicSlice(x, startIndices, sliceSizes)`: the window of `sliceSizes` starting at
 * `startIndices` (scalar int arrays or JS numbers; negative ones count from the end). Starts are
 * clamped so the window fits, as in JAX.
 */
export function dynamicSlice(
  x: JaxArray,
  startIndices: readonly StartIndex[],
  sliceSizes: readonly number[],
): JaxArray {
  const starts = normalizeStartIndices("dynamic_slice", x, startIndices);
  return bind1(dynamicSliceP, [x, ...starts], { sliceSizes: [...sliceSizes] });
}

/** `lax.dynamicSliceInDim`: a window of `sliceSize` along `axis`, whole along the others. */
export function dynamicSliceInDim(x: JaxArray, startIndex: StartIndex, sliceSize: number, axis = 0): JaxArray {
  const ax = normalizeAxis(axis, x.ndim, "dynamic_slice_in_dim");
  const starts: StartIndex[] = x.shape.map(() => 0);
  starts[ax] = startIndex;
  const sizes = [...x.shape];
  sizes[ax] = sliceSize;
  return dynamicSlice(x, starts, sizes);
}

/** `lax.dynamicIndexInDim`: element `index` along `axis`, keeping that axis (size 1) unless `keepdims` is false. */
export function dynamicIndexInDim(x: JaxArray, index: StartIndex, axis = 0, keepdims = true): JaxArray {
  const ax = normalizeAxis(axis, x.ndim, "dynamic_index_in_dim");
  const window = dynamicSliceInDim(x, index, 1, ax);
  return keepdims ? window : squeeze(window, [ax]);
}
