// CPU reference kernel of the scatters: copy the operand, then combine every update element
// into its place. Windows are applied in row-major order of the indices' batch axes, so where
// indices repeat, a plain scatter keeps the last update.
import { roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { stridesOf } from "../../shape.js";
import type { HostTensor } from "../primitive.js";
import { scatterWindowSizes } from "./dimension-numbers.js";
import type { ScatterParams } from "./scatter-shape.js";
import { forEachWindowStart, windowOffsets } from "./window-walk.js";

export type ScatterCombine = "replace" | "add" | "mul" | "min" | "max";

type Combiner = (old: number, update: number) => number;

/** How each combiner acts on stored values of `dtype` (integers wrap, bools stay 0/1, float16 rounds). */
export function combinerFor(kind: ScatterCombine, dtype: DType): Combiner {
  if (kind === "replace") return (_old, u) => u;
  if (dtype === "bool") {
    // XLA's bool add/max are `or`, mul/min are `and`.
    return kind === "add" || kind === "max" ? (a, b) => (a || b ? 1 : 0) : (a, b) => (a && b ? 1 : 0);
  }
  const isInt = dtype === "int32" || dtype === "uint32";
  let f: Combiner;
  switch (kind) {
    case "add":
      f = (a, b) => a + b;
      break;
    case "mul":
      f = isInt ? Math.imul : (a, b) => a * b;
      break;
    case "min":
      f = Math.min;
      break;
    case "max":
      f = Math.max;
      break;
  }
  return dtype === "float16" ? (a, b) => roundToFloat16(f(a, b)) : f;
}

export function scatterKernel(
  kind: ScatterCombine,
  operand: HostTensor,
  indices: HostTensor,
  updates: HostTensor,
  p: ScatterParams,
): AnyTypedArray {
  // Typed-array stores do the rest of the dtype work: int32/uint32 wrap, float32 rounds.
  const res = operand.data.slice();
  const dn = p.dimensionNumbers;
  const windowSizes = scatterWindowSizes(operand.shape.length, updates.shape, dn);
  const updStrides = stridesOf(updates.shape);
  // Operand window axis d advances the updates along their matching window axis.
  const windowUpdStrides = operand.shape.map(() => 0);
  let k = 0;
  operand.shape.forEach((_, d) => {
    if (!dn.insertedWindowDims.includes(d) && !dn.operandBatchingDims.includes(d))
      windowUpdStrides[d] = updStrides[dn.updateWindowDims[k++]!]!;
  });
  const scatterUpdStrides = updates.shape
    .map((_, i) => i)
    .filter((i) => !dn.updateWindowDims.includes(i))
    .map((i) => updStrides[i]!);
  const opOffsets = windowOffsets(windowSizes, stridesOf(operand.shape));
  const updOffsets = windowOffsets(windowSizes, windowUpdStrides);
  const combine = combinerFor(kind, operand.dtype);
  const upd = updates.data;
  const walk = {
    operandShape: operand.shape,
    windowSizes,
    startMap: dn.scatterDimsToOperandDims,
    operandBatchingDims: dn.operandBatchingDims,
    indicesBatchingDims: dn.scatterIndicesBatchingDims,
  };
  forEachWindowStart(indices, walk, (_b, batchIndex, start, inBounds) => {
    // Only "clip" moves a window into bounds; the other modes drop it, as XLA does.
    if (!inBounds && p.mode !== "clip") return;
    let base = 0;
    batchIndex.forEach((g, j) => (base += g * scatterUpdStrides[j]!));
    for (let w = 0; w < opOffsets.length; w++) {
      const at = start + opOffsets[w]!;
      res[at] = combine(res[at]!, upd[base + updOffsets[w]!]!);
    }
  });
  return res;
}
