// gather: read a window of the operand at each index vector (XLA's Gather, with JAX's
// dimension numbers and out-of-bounds modes).
import { isFloat } from "../../dtypes.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type BDim, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { batchSize, isZero, moveBatchAxis, zerosLikeAval } from "../rules.js";
import {
  defaultFillValue,
  gatherDnums,
  gatherDnumsStr,
  modeStr,
  parseMode,
  pyBool,
  scatterOfGather,
  tupleStr,
  type GatherDimensionNumbers,
  type GatherDimensionNumbersLike,
  type GatherScatterModeLike,
} from "./dimension-numbers.js";
import { gatherKernel } from "./gather-kernel.js";
import { exampleAval, gatherOutAval, type GatherParams } from "./gather-shape.js";
import { scatterAdd } from "./scatter-add.js";

export type { GatherParams } from "./gather-shape.js";

const shift = (dims: readonly number[]): number[] => dims.map((d) => d + 1);

export const gatherP: Primitive<GatherParams> = definePrimitive<GatherParams>({
  name: "gather",
  abstractEval([operand, indices], params) {
    return [gatherOutAval(operand!, indices!, params)];
  },
  impl([operand, indices], params, [out]) {
    return [gatherKernel(operand!, indices!, params, out!)];
  },
  jvp([operand, indices], [t], params) {
    const out = bind1(gatherP, [operand!, indices!], params);
    if (isZero(t) || !isFloat(out.dtype)) return [[out], [new Zero(out.aval)]];
    // Linear in the operand; filled windows are constants, so their tangent is 0.
    const tangentParams = { ...params, fillValue: params.mode === "fill" ? 0 : null };
    return [[out], [bind1(gatherP, [t!, indices!], tangentParams)]];
  },
  transpose([ct], [operand, indices], params) {
    const aval = (operand as UndefinedPrimal).aval;
    if (isZero(ct)) return [new Zero(aval), null];
    // Windows read more than once receive the sum of their cotangents.
    const zeros = zerosLikeAval(aval);
    const out = scatterAdd(zeros, indices as JaxArray, ct!, scatterOfGather(params.dimensionNumbers), {
      mode: params.mode,
      uniqueIndices: params.uniqueIndices,
      indicesAreSorted: params.indicesAreSorted,
    });
    return [out, null];
  },
  batch([operand, indices], [opDim, idxDim], params) {
    return batchGather(operand!, indices!, opDim!, idxDim!, params);
  },
  printParams(p) {
    return [
      ["dimension_numbers", gatherDnumsStr(p.dimensionNumbers)],
      ["fill_value", p.fillValue === null ? "None" : Number.isNaN(p.fillValue) ? "nan" : String(p.fillValue)],
      ["indices_are_sorted", pyBool(p.indicesAreSorted)],
      ["mode", modeStr(p.mode)],
      ["slice_sizes", tupleStr(p.sliceSizes)],
      ["unique_indices", pyBool(p.uniqueIndices)],
    ];
  },
});

/** JAX's batching rule: a batched operand gains a window axis, batched indices a batch axis, both a batching-dim pair. */
function batchGather(
  operand: JaxArray,
  indices: JaxArray,
  opDim: BDim,
  idxDim: BDim,
  p: GatherParams,
): [JaxArray[], BDim[]] {
  // Report a bad call in terms of one example, as eager evaluation would.
  gatherOutAval(exampleAval(operand, opDim), exampleAval(indices, idxDim), p);
  const dn = p.dimensionNumbers;
  if (idxDim === null) {
    const op = moveBatchAxis(operand, opDim, 0, 0);
    const dimensionNumbers: GatherDimensionNumbers = {
      offsetDims: [0, ...shift(dn.offsetDims)],
      collapsedSliceDims: shift(dn.collapsedSliceDims),
      startIndexMap: shift(dn.startIndexMap),
      operandBatchingDims: shift(dn.operandBatchingDims),
      startIndicesBatchingDims: dn.startIndicesBatchingDims,
    };
    const sliceSizes = [op.shape[0]!, ...p.sliceSizes];
    return [[bind1(gatherP, [op, indices], { ...p, dimensionNumbers, sliceSizes })], [0]];
  }
  if (opDim === null) {
    const idx = moveBatchAxis(indices, idxDim, 0, 0);
    const dimensionNumbers: GatherDimensionNumbers = {
      ...dn,
      offsetDims: shift(dn.offsetDims),
      startIndicesBatchingDims: shift(dn.startIndicesBatchingDims),
    };
    // Different batch members may read the same window: the promises no longer hold.
    const params = { ...p, dimensionNumbers, uniqueIndices: false, indicesAreSorted: false };
    return [[bind1(gatherP, [operand, idx], params)], [0]];
  }
  const size = batchSize([operand, indices], [opDim, idxDim]);
  const op = moveBatchAxis(operand, opDim, 0, size);
  const idx = moveBatchAxis(indices, idxDim, 0, size);
  const dimensionNumbers: GatherDimensionNumbers = {
    offsetDims: shift(dn.offsetDims),
    collapsedSliceDims: shift(dn.collapsedSliceDims),
    startIndexMap: shift(dn.startIndexMap),
    operandBatchingDims: [0, ...shift(dn.operandBatchingDims)],
    startIndicesBatchingDims: [0, ...shift(dn.startIndicesBatchingDims)],
  };
  const sliceSizes = [size === 0 ? 0 : 1, ...p.sliceSizes];
  return [[bind1(gatherP, [op, idx], { ...p, dimensionNumbers, sliceSizes })], [0]];
}

export interface GatherOptions {
  /** Default "promise_in_bounds", as lax.gather's (jnp indexing asks for "fill"). */
  mode?: GatherScatterModeLike;
  /** For mode "fill"; defaults to NaN, the most negative int32, the largest uint32, or true. */
  fillValue?: number | boolean | null;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

/** `lax.gather(operand, startIndices, dimensionNumbers, sliceSizes, { mode, fillValue, ... })`. */
export function gather(
  operand: JaxArray,
  startIndices: JaxArray,
  dimensionNumbers: GatherDimensionNumbersLike,
  sliceSizes: readonly number[],
  options: GatherOptions = {},
): JaxArray {
  const mode = parseMode("gather", options.mode, "promise_in_bounds");
  let fillValue: number | null = null;
  if (mode === "fill") {
    const given = options.fillValue;
    fillValue = given === null || given === undefined ? defaultFillValue(operand.dtype) : Number(given);
  }
  return bind1(gatherP, [operand, startIndices], {
    dimensionNumbers: gatherDnums(dimensionNumbers),
    sliceSizes: [...sliceSizes],
    indicesAreSorted: options.indicesAreSorted ?? false,
    uniqueIndices: options.uniqueIndices ?? false,
    mode,
    fillValue,
  });
}
