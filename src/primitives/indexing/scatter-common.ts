// What the five scatter primitives share: the shape rule, the kernel (by combiner), JAX's
// batching rule, param printing, the wrappers' params, and the inverse gather their rules use.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type BDim, type Primitive } from "../primitive.js";
import { batchSize, moveBatchAxis } from "../rules.js";
import {
  gatherOfScatter,
  modeStr,
  parseMode,
  pyBool,
  scatterDnums,
  scatterDnumsStr,
  scatterWindowSizes,
  type GatherScatterModeLike,
  type ScatterDimensionNumbers,
  type ScatterDimensionNumbersLike,
} from "./dimension-numbers.js";
import { gather } from "./gather.js";
import { exampleAval } from "./gather-shape.js";
import { scatterKernel, type ScatterCombine } from "./scatter-kernel.js";
import { scatterOutAval, type ScatterParams } from "./scatter-shape.js";

export type { ScatterParams } from "./scatter-shape.js";

type ScatterRules = Pick<Primitive<ScatterParams>, "jvp" | "transpose">;

/** Declares a scatter primitive; `rules` gets the primitive itself, for rules that rebind it. */
export function defineScatter(
  name: string,
  combine: ScatterCombine,
  rules: (prim: Primitive<ScatterParams>) => ScatterRules,
): Primitive<ScatterParams> {
  const prim: Primitive<ScatterParams> = definePrimitive<ScatterParams>({
    name,
    abstractEval([operand, indices, updates], params) {
      return [scatterOutAval(name, operand!, indices!, updates!, params)];
    },
    impl([operand, indices, updates], params) {
      return [scatterKernel(combine, operand!, indices!, updates!, params)];
    },
    batch: (args, dims, params) => batchScatter(prim, args, dims, params),
    printParams: (p) => [
      ["dimension_numbers", scatterDnumsStr(p.dimensionNumbers)],
      ["indices_are_sorted", pyBool(p.indicesAreSorted)],
      ["mode", modeStr(p.mode)],
      ["unique_indices", pyBool(p.uniqueIndices)],
    ],
  });
  // The rules are attached after creation because they rebind `prim` itself.
  Object.assign(prim, rules(prim));
  return prim;
}

const shift = (dims: readonly number[]): number[] => dims.map((d) => d + 1);

/**
 * JAX's batching rule: the operand and updates get the batch axis in front (broadcast when
 * unbatched). Unbatched indices scatter a window that spans the batch axis; batched indices pair
 * their batch axis with the operand's as a batching dim.
 */
function batchScatter(
  prim: Primitive<ScatterParams>,
  args: readonly JaxArray[],
  dims: readonly BDim[],
  p: ScatterParams,
): [JaxArray[], BDim[]] {
  const [operand, indices, updates] = args as [JaxArray, JaxArray, JaxArray];
  const [opDim, idxDim, updDim] = dims as [BDim, BDim, BDim];
  // Report a bad call in terms of one example, as eager evaluation would.
  scatterOutAval(prim.name, exampleAval(operand, opDim), exampleAval(indices, idxDim), exampleAval(updates, updDim), p);
  const size = batchSize(args, dims);
  const op = moveBatchAxis(operand, opDim, 0, size);
  const upd = moveBatchAxis(updates, updDim, 0, size);
  const dn = p.dimensionNumbers;
  if (idxDim === null) {
    const dimensionNumbers: ScatterDimensionNumbers = {
      updateWindowDims: [0, ...shift(dn.updateWindowDims)],
      insertedWindowDims: shift(dn.insertedWindowDims),
      scatterDimsToOperandDims: shift(dn.scatterDimsToOperandDims),
      operandBatchingDims: shift(dn.operandBatchingDims),
      scatterIndicesBatchingDims: dn.scatterIndicesBatchingDims,
    };
    return [[bind1(prim, [op, indices, upd], { ...p, dimensionNumbers })], [0]];
  }
  const idx = moveBatchAxis(indices, idxDim, 0, size);
  const dimensionNumbers: ScatterDimensionNumbers = {
    updateWindowDims: shift(dn.updateWindowDims),
    insertedWindowDims: shift(dn.insertedWindowDims),
    scatterDimsToOperandDims: shift(dn.scatterDimsToOperandDims),
    operandBatchingDims: [0, ...shift(dn.operandBatchingDims)],
    scatterIndicesBatchingDims: [0, ...shift(dn.scatterIndicesBatchingDims)],
  };
  return [[bind1(prim, [op, idx, upd], { ...p, dimensionNumbers })], [0]];
}

/**
 * Reads back, for every update element, the operand element it was combined into (the windows
 * of `x`, which has the operand's shape). Out-of-bounds windows read 0 in "fill" mode, matching
 * the scatter that drops them; "clip" clamps as the scatter does.
 */
export function gatherUpdateWindows(
  x: JaxArray,
  indices: JaxArray,
  updatesShape: readonly number[],
  p: ScatterParams,
): JaxArray {
  const dn = p.dimensionNumbers;
  const sliceSizes = scatterWindowSizes(x.ndim, updatesShape, dn);
  return gather(x, indices, gatherOfScatter(dn), sliceSizes, {
    mode: p.mode,
    fillValue: 0,
    uniqueIndices: p.uniqueIndices,
    indicesAreSorted: p.indicesAreSorted,
  });
}

export interface ScatterOptions {
  /** Default "fill" (out-of-bounds windows are dropped), as lax's scatters. */
  mode?: GatherScatterModeLike;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

export function scatterParams(
  op: string,
  dimensionNumbers: ScatterDimensionNumbersLike,
  options: ScatterOptions,
): ScatterParams {
  return {
    dimensionNumbers: scatterDnums(dimensionNumbers),
    indicesAreSorted: options.indicesAreSorted ?? false,
    uniqueIndices: options.uniqueIndices ?? false,
    mode: parseMode(op, options.mode, "fill"),
  };
}

/** The lax wrapper of a scatter primitive: `(operand, scatterIndices, updates, dimensionNumbers, options)`. */
export function scatterWrapper(prim: Primitive<ScatterParams>) {
  return (
    operand: JaxArray,
    scatterIndices: JaxArray,
    updates: JaxArray,
    dimensionNumbers: ScatterDimensionNumbersLike,
    options: ScatterOptions = {},
  ): JaxArray => bind1(prim, [operand, scatterIndices, updates], scatterParams(prim.name, dimensionNumbers, options));
}
