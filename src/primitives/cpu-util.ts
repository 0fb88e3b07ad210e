// Small building blocks for CPU reference kernels.
import { allocTyped, type AnyTypedArray, type DType } from "../dtypes.js";
import { sizeOf, stridesOf } from "../shape.js";

/** Runs at least this long are copied with TypedArray set/fill, whose call costs more than a few elements. */
const BULK_RUN = 32;
/** Side of the square tiles in which transposes are copied, so both sides stay in cache. */
const TILE = 64;

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
  if (n === 0) return out;
  const { shape, strides } = mergeAxes(outShape, srcStrides);
  const nd = shape.length;
  if (nd === 0) {
    out[0] = src[offset]!;
    return out;
  }
  if (nd === 1 && strides[0] === 1) {
    out.set(src.subarray(offset, offset + n));
    return out;
  }
  // Copy raw bits through views of one type per element width: the same values, and the loops
  // below see three array types instead of five.
  const from = sameWidthView(src);
  const to = sameWidthView(out);
  const tiled = nd >= 2 && strides[nd - 2] === 1 && strides[nd - 1] !== 1 && shape[nd - 2]! >= TILE && shape[nd - 1]! >= TILE;
  if (tiled) copyTransposed(from, to, shape, strides, offset);
  else copyRuns(from, to, shape, strides, offset);
  return out;
}

/** The output axes with size-1 axes dropped and neighbours that step through src as one axis merged. */
function mergeAxes(outShape: readonly number[], srcStrides: readonly number[]): { shape: number[]; strides: number[] } {
  const shape: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d]!;
    const stride = srcStrides[d]!;
    if (size === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && strides[last] === stride * size) {
      shape[last] = shape[last]! * size;
      strides[last] = stride;
    } else {
      shape.push(size);
      strides.push(stride);
    }
  }
  return { shape, strides };
}

type RawView = Uint8Array | Int32Array | Float64Array;

function sameWidthView(x: AnyTypedArray): RawView {
  switch (x.BYTES_PER_ELEMENT) {
    case 1:
      return x instanceof Uint8Array ? x : new Uint8Array(x.buffer, x.byteOffset, x.length);
    case 4:
      return x instanceof Int32Array ? x : new Int32Array(x.buffer, x.byteOffset, x.length);
    default:
      return x as Float64Array;
  }
}

/** Row by row: each run along the last axis is contiguous, constant (a broadcast) or strided. */
function copyRuns(src: RawView, out: RawView, shape: readonly number[], strides: readonly number[], offset: number): void {
  const nd = shape.length;
  const last = nd - 1;
  const run = shape[last]!;
  const step = strides[last]!;
  const rows = out.length / run;
  const idx = new Array<number>(nd).fill(0);
  let pos = offset;
  for (let r = 0, o = 0; r < rows; r++, o += run) {
    if (step === 1 && run >= BULK_RUN) out.set(src.subarray(pos, pos + run), o);
    else if (step === 0 && run >= BULK_RUN) out.fill(src[pos]!, o, o + run);
    else for (let j = 0, p = pos; j < run; j++, p += step) out[o + j] = src[p]!;
    pos = advance(idx, shape, strides, pos, last - 1);
  }
}

/**
 * For a transpose of the last two axes (src walks the next-to-last axis contiguously): copies
 * TILE x TILE tiles, so that neither side is read or written a whole row apart per element.
 */
function copyTransposed(src: RawView, out: RawView, shape: readonly number[], strides: readonly number[], offset: number): void {
  const nd = shape.length;
  const rows = shape[nd - 2]!;
  const cols = shape[nd - 1]!;
  const colStride = strides[nd - 1]!;
  const plane = rows * cols;
  const planes = out.length / plane;
  const idx = new Array<number>(nd).fill(0);
  let pos = offset;
  for (let t = 0, base = 0; t < planes; t++, base += plane) {
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c0 = 0; c0 < cols; c0 += TILE) {
        const c1 = Math.min(cols, c0 + TILE);
        for (let r = r0; r < r1; r++) {
          for (let c = c0, o = base + r * cols + c0, p = pos + r + c0 * colStride; c < c1; c++, o++, p += colStride) out[o] = src[p]!;
        }
      }
    }
    pos = advance(idx, shape, strides, pos, nd - 3);
  }
}

/** Steps the multi-index over axes [0, from] (odometer order) and returns the moved src position. */
function advance(idx: number[], shape: readonly number[], strides: readonly number[], pos: number, from: number): number {
  for (let d = from; d >= 0; d--) {
    idx[d]!++;
    pos += strides[d]!;
    if (idx[d]! < shape[d]!) return pos;
    pos -= strides[d]! * shape[d]!;
    idx[d] = 0;
  }
  return pos;
}

export { sizeOf, stridesOf };
