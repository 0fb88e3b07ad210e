// The loop that gather and scatter kernels share: visit every index vector, turn it into the
// start of a window in the operand, and say whether that window lies inside the operand.
import type { HostTensor } from "../primitive.js";
import { sizeOf, stridesOf, unravel } from "../../shape.js";

export interface WindowWalk {
  operandShape: readonly number[];
  /** Extent of the window along every operand axis. */
  windowSizes: readonly number[];
  /** Operand axis started by each index vector component. */
  startMap: readonly number[];
  operandBatchingDims: readonly number[];
  indicesBatchingDims: readonly number[];
}

/**
 * Calls `visit` once per index vector, in row-major order of the indices' batch axes, with the
 * vector's position among them, the flat operand offset of its window's start clamped into
 * bounds (XLA's clamping), and whether the unclamped window was in bounds.
 */
export function forEachWindowStart(
  indices: HostTensor,
  walk: WindowWalk,
  visit: (batchFlat: number, batchIndex: readonly number[], startOffset: number, inBounds: boolean) => void,
): void {
  const batchShape = indices.shape.slice(0, -1);
  const vector = indices.shape[indices.shape.length - 1]!;
  const opStrides = stridesOf(walk.operandShape);
  const maxStart = walk.operandShape.map((s, d) => s - walk.windowSizes[d]!);
  const batchIndex = new Array<number>(batchShape.length).fill(0);
  const n = sizeOf(batchShape);
  for (let b = 0; b < n; b++) {
    unravel(b, batchShape, batchIndex);
    let offset = 0;
    let inBounds = true;
    for (let k = 0; k < vector; k++) {
      const d = walk.startMap[k]!;
      const v = Number(indices.data[b * vector + k]!);
      const hi = maxStart[d]!;
      if (v < 0 || v > hi) inBounds = false;
      offset += Math.min(Math.max(v, 0), hi) * opStrides[d]!;
    }
    walk.operandBatchingDims.forEach((d, j) => {
      offset += batchIndex[walk.indicesBatchingDims[j]!]! * opStrides[d]!;
    });
    visit(b, batchIndex, offset, inBounds);
  }
}

/**
 * Flat offsets of every element of a window (row-major over `windowSizes`) in a tensor whose
 * axis d advances by `strides[d]` (0 for axes the tensor does not have).
 */
export function windowOffsets(windowSizes: readonly number[], strides: readonly number[]): number[] {
  const n = sizeOf(windowSizes);
  const out = new Array<number>(n);
  const idx = new Array<number>(windowSizes.length).fill(0);
  for (let w = 0; w < n; w++) {
    unravel(w, windowSizes, idx);
    let o = 0;
    for (let d = 0; d < idx.length; d++) o += idx[d]! * strides[d]!;
    out[w] = o;
  }
  return out;
}
