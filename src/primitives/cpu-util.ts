// Small building blocks for CPU reference kernels.
import { allocTyped, type AnyTypedArray, type DType } from "../dtypes.js";
import { sizeOf, stridesOf } from "../shape.js";

/**
 * Copies from `src` into a new buffer of `outShape`, where output index i reads
 * `src[offset + sum_d idx[d] * srcStrides[d]]`. Covers broadcast, transpose, slice, rev.
 */
export function stridedCopy(
  src: AnyTypedArray,
  dtype: DType,
  outShape: readonly number[],
  srcStrides: readonly number[],
  offset = 0,
): AnyTypedArray {
  const n = sizeOf(outShape);
  const out = allocTyped(dtype, n);
  const nd = outShape.length;
  if (n === 0) return out;
  if (nd === 0) {
    out[0] = src[offset]!;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  let pos = offset;
  const last = nd - 1;
  const lastSize = outShape[last]!;
  const lastStride = srcStrides[last]!;
  for (let o = 0; o < n; o += lastSize) {
    let p = pos;
    for (let j = 0; j < lastSize; j++, p += lastStride) out[o + j] = src[p]!;
    // Advance the multi-index over all but the last axis.
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      pos += srcStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      pos -= srcStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

export { sizeOf, stridesOf };
