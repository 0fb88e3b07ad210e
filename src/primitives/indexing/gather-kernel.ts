// CPU reference kernel of gather.
import { allocTyped, castScalar, type AnyTypedArray } from "../../dtypes.js";
import type { ShapedArray } from "../../tracing/aval.js";
import { stridesOf } from "../../shape.js";
import type { HostTensor } from "../primitive.js";
import type { GatherParams } from "./gather-shape.js";
import { forEachWindowStart, windowOffsets } from "./window-walk.js";

export function gatherKernel(
  operand: HostTensor,
  indices: HostTensor,
  p: GatherParams,
  out: ShapedArray,
): AnyTypedArray {
  const res = allocTyped(out.dtype, out.size);
  if (out.size === 0) return res;
  const dn = p.dimensionNumbers;
  const outStrides = stridesOf(out.shape);
  // Window axes of the operand (neither collapsed nor batching) land on the offset axes, in order.
  const windowOutStrides = operand.shape.map(() => 0);
  let k = 0;
  operand.shape.forEach((_, d) => {
    if (!dn.collapsedSliceDims.includes(d) && !dn.operandBatchingDims.includes(d))
      windowOutStrides[d] = outStrides[dn.offsetDims[k++]!]!;
  });
  const batchOutStrides = out.shape
    .map((_, i) => i)
    .filter((i) => !dn.offsetDims.includes(i))
    .map((i) => outStrides[i]!);
  const inOffsets = windowOffsets(p.sliceSizes, stridesOf(operand.shape));
  const outOffsets = windowOffsets(p.sliceSizes, windowOutStrides);
  const fill = p.mode === "fill" ? castScalar(p.fillValue ?? 0, out.dtype) : null;
  const src = operand.data;
  const walk = {
    operandShape: operand.shape,
    windowSizes: p.sliceSizes,
    startMap: dn.startIndexMap,
    operandBatchingDims: dn.operandBatchingDims,
    indicesBatchingDims: dn.startIndicesBatchingDims,
  };
  forEachWindowStart(indices, walk, (_b, batchIndex, start, inBounds) => {
    let base = 0;
    batchIndex.forEach((g, j) => (base += g * batchOutStrides[j]!));
    if (fill !== null && !inBounds) {
      for (const o of outOffsets) res[base + o] = fill;
      return;
    }
    for (let w = 0; w < inOffsets.length; w++) res[base + outOffsets[w]!] = src[start + inOffsets[w]!]!;
  });
  return res;
}
