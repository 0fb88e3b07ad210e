// Float matmul for the CPU backend, accumulating in float64. Each batch's operands are packed
// into Float64Arrays: the lhs in strips of 4 rows and the rhs in strips of 4 columns, both
// interleaved along k, so the inner loop reads two sequential arrays of one type and keeps a
// 4x4 block of sums in locals (registers) instead of re-reading and re-writing the output.
//
// Every output element still adds its k products one by one in increasing k, starting from 0,
// so the sums are bit for bit those of the plain triple loop; only the order in which output
// elements are visited changes. A finished sum is stored once, so a Float32Array output rounds
// it exactly as converting a float64 result array would. (Products of float32 or int32 values
// are exact in float64.)
import type { AnyTypedArray } from "../../dtypes.js";

/** An operand seen as [batch, rows, cols] through strides into its data. */
export interface MatrixView {
  data: AnyTypedArray;
  batchStride: number;
  rowStride: number;
  colStride: number;
}

export interface MatmulSizes {
  batch: number;
  m: number;
  k: number;
  n: number;
}

/** Strips are this wide: a 4x4 block of sums is 16 locals, about what x64 keeps in registers. */
const STRIP = 4;

type FloatOut = Float32Array | Float64Array;

/**
 * Packs `count` lines of a matrix (line i starts at `start + i * lineStride`, its k-th element is
 * `k * kStride` further) into `dst`: full strips of 4 lines interleaved along k, then the
 * remaining lines one after another.
 */
function pack(
  src: AnyTypedArray,
  start: number,
  count: number,
  lineStride: number,
  k: number,
  kStride: number,
  dst: Float64Array,
): void {
  const full = count - (count % STRIP);
  let d = 0;
  for (let i = 0; i < full; i += STRIP) {
    const l0 = start + i * lineStride;
    const l1 = l0 + lineStride;
    const l2 = l1 + lineStride;
    const l3 = l2 + lineStride;
    for (let q = 0, s = 0; q < k; q++, s += kStride, d += STRIP) {
      dst[d] = src[l0 + s]!;
      dst[d + 1] = src[l1 + s]!;
      dst[d + 2] = src[l2 + s]!;
      dst[d + 3] = src[l3 + s]!;
    }
  }
  for (let i = full; i < count; i++) {
    const l = start + i * lineStride;
    for (let q = 0, s = 0; q < k; q++, s += kStride) dst[d++] = src[l + s]!;
  }
}

/** out[o..] (4 rows of stride n, 4 columns) = lhs strip x rhs strip. */
// prettier-ignore
function block4x4(a: Float64Array, aAt: number, b: Float64Array, bAt: number, k: number, out: FloatOut, o: number, n: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let q = 0, pa = aAt, pb = bAt; q < k; q++, pa += STRIP, pb += STRIP) {
    const x0 = a[pa]!, x1 = a[pa + 1]!, x2 = a[pa + 2]!, x3 = a[pa + 3]!;
    const y0 = b[pb]!, y1 = b[pb + 1]!, y2 = b[pb + 2]!, y3 = b[pb + 3]!;
    c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
    c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
    c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
    c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
  }
  const o1 = o + n;
  const o2 = o1 + n;
  const o3 = o2 + n;
  out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
  out[o1] = c10; out[o1 + 1] = c11; out[o1 + 2] = c12; out[o1 + 3] = c13;
  out[o2] = c20; out[o2 + 1] = c21; out[o2 + 2] = c22; out[o2 + 3] = c23;
  out[o3] = c30; out[o3 + 1] = c31; out[o3 + 2] = c32; out[o3 + 3] = c33;
}

/** One leftover lhs row (contiguous along k) against a rhs strip of 4 columns. */
function block1x4(
  a: Float64Array,
  aAt: number,
  b: Float64Array,
  bAt: number,
  k: number,
  out: FloatOut,
  o: number,
): void {
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0;
  for (let q = 0, pb = bAt; q < k; q++, pb += STRIP) {
    const x = a[aAt + q]!;
    c0 += x * b[pb]!;
    c1 += x * b[pb + 1]!;
    c2 += x * b[pb + 2]!;
    c3 += x * b[pb + 3]!;
  }
  out[o] = c0;
  out[o + 1] = c1;
  out[o + 2] = c2;
  out[o + 3] = c3;
}

/** A lhs strip of 4 rows against one leftover rhs column (contiguous along k). */
function block4x1(
  a: Float64Array,
  aAt: number,
  b: Float64Array,
  bAt: number,
  k: number,
  out: FloatOut,
  o: number,
  n: number,
): void {
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0;
  for (let q = 0, pa = aAt; q < k; q++, pa += STRIP) {
    const y = b[bAt + q]!;
    c0 += a[pa]! * y;
    c1 += a[pa + 1]! * y;
    c2 += a[pa + 2]! * y;
    c3 += a[pa + 3]! * y;
  }
  out[o] = c0;
  out[o + n] = c1;
  out[o + 2 * n] = c2;
  out[o + 3 * n] = c3;
}

/** A leftover row against a leftover column. */
function block1x1(
  a: Float64Array,
  aAt: number,
  b: Float64Array,
  bAt: number,
  k: number,
  out: FloatOut,
  o: number,
): void {
  let c = 0;
  for (let q = 0; q < k; q++) c += a[aAt + q]! * b[bAt + q]!;
  out[o] = c;
}

/** out[p, i, j] = sum_q lhs[p, i, q] * rhs[p, q, j] (batch-major, row-major), rounded by the store. */
export function floatMatmul(lhs: MatrixView, rhs: MatrixView, { batch, m, k, n }: MatmulSizes, out: FloatOut): void {
  if (m === 0 || n === 0) return;
  const a = new Float64Array(m * k);
  const b = new Float64Array(k * n);
  const m4 = m - (m % STRIP);
  const n4 = n - (n % STRIP);
  for (let p = 0; p < batch; p++) {
    pack(lhs.data, p * lhs.batchStride, m, lhs.rowStride, k, lhs.colStride, a);
    // The rhs is packed by columns: a line is a column j, stepping through rows q along k.
    pack(rhs.data, p * rhs.batchStride, n, rhs.colStride, k, rhs.rowStride, b);
    const base = p * m * n;
    for (let j = 0; j < n4; j += STRIP) {
      const bAt = j * k;
      for (let i = 0; i < m4; i += STRIP) block4x4(a, i * k, b, bAt, k, out, base + i * n + j, n);
      for (let i = m4; i < m; i++) block1x4(a, i * k, b, bAt, k, out, base + i * n + j);
    }
    for (let j = n4; j < n; j++) {
      const bAt = j * k;
      for (let i = 0; i < m4; i += STRIP) block4x1(a, i * k, b, bAt, k, out, base + i * n + j, n);
      for (let i = m4; i < m; i++) block1x1(a, i * k, b, bAt, k, out, base + i * n + j);
    }
  }
}
