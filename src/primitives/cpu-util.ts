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
  const box = mergeAxes(outShape, srcStrides, stridesOf(outShape));
  const { shape, from: strides } = box;
  const nd = shape.length;
  if (nd >= 2 && strides[nd - 2] === 1 && strides[nd - 1] !== 1 && shape[nd - 2]! >= TILE && shape[nd - 1]! >= TILE) {
    copyTransposed(sameWidthView(src), sameWidthView(out), shape, strides, offset);
  } else {
    copyRuns(src, offset, out, 0, box);
  }
  return out;
}

/**
 * Copies a box of `shape` from `src` into `dst`: the element at multi-index idx goes from
 * `srcOffset + sum idx[d] * srcStrides[d]` to `dstOffset + sum idx[d] * dstStrides[d]`. Both
 * arrays hold the same dtype. Covers pad and dynamic_update_slice.
 */
export function copyBox(
  src: AnyTypedArray,
  srcOffset: number,
  srcStrides: readonly number[],
  dst: AnyTypedArray,
  dstOffset: number,
  dstStrides: readonly number[],
  shape: readonly number[],
): void {
  if (sizeOf(shape) === 0) return;
  copyRuns(src, srcOffset, dst, dstOffset, mergeAxes(shape, srcStrides, dstStrides));
}

/** A copy's axes, with the stride of each on the source and on the destination side. */
interface Box {
  shape: number[];
  from: number[];
  to: number[];
}

/**
 * Drops size-1 axes and merges neighbours that step through both sides as one axis, so that a
 * contiguous copy becomes one run and a broadcast one fill.
 */
function mergeAxes(shape: readonly number[], from: readonly number[], to: readonly number[]): Box {
  const box: Box = { shape: [], from: [], to: [] };
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = box.shape.length - 1;
    if (last >= 0 && box.from[last] === from[d]! * size && box.to[last] === to[d]! * size) {
      box.shape[last] = box.shape[last]! * size;
      box.from[last] = from[d]!;
      box.to[last] = to[d]!;
    } else {
      box.shape.push(size);
      box.from.push(from[d]!);
      box.to.push(to[d]!);
    }
  }
  return box;
}

type RawView = Uint8Array | Int32Array | Float64Array;

/**
 * The same memory viewed with one array type per element width: copying raw bits moves the same
 * values, and the loops see three array types instead of five.
 */
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

/** Row by row: each run along the last axis is contiguous on both sides, a broadcast, or strided. */
function copyRuns(
  srcArray: AnyTypedArray,
  srcOffset: number,
  dstArray: AnyTypedArray,
  dstOffset: number,
  { shape, from, to }: Box,
): void {
  const nd = shape.length;
  if (nd === 0) {
    dstArray[dstOffset] = srcArray[srcOffset]!;
    return;
  }
  const src = sameWidthView(srcArray);
  const dst = sameWidthView(dstArray);
  const last = nd - 1;
  const run = shape[last]!;
  const step = from[last]!;
  const dstStep = to[last]!;
  const bulk = run >= BULK_RUN && dstStep === 1 && (step === 1 || step === 0);
  const rows = sizeOf(shape) / run;
  const idx = new Array<number>(nd).fill(0);
  let p = srcOffset;
  let o = dstOffset;
  for (let r = 0; r < rows; r++) {
    if (bulk && step === 1) dst.set(src.subarray(p, p + run), o);
    else if (bulk) dst.fill(src[p]!, o, o + run);
    else for (let j = 0, s = p, t = o; j < run; j++, s += step, t += dstStep) dst[t] = src[s]!;
    // Advance the multi-index over all but the last axis.
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      p += from[d]!;
      o += to[d]!;
      if (idx[d]! < shape[d]!) break;
      p -= from[d]! * shape[d]!;
      o -= to[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/**
 * For a transpose of the last two axes into a contiguous output (src walks the next-to-last
 * axis contiguously): copies TILE x TILE tiles, so that neither side is read or written a whole
 * row apart per element.
 */
function copyTransposed(
  src: RawView,
  out: RawView,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
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
          for (let c = c0, o = base + r * cols + c0, p = pos + r + c0 * colStride; c < c1; c++, o++, p += colStride)
            out[o] = src[p]!;
        }
      }
    }
    // Advance the multi-index over the axes before the last two.
    for (let d = nd - 3; d >= 0; d--) {
      idx[d]!++;
      pos += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      pos -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

export { sizeOf, stridesOf };
