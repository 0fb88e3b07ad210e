// CPU kernel of dot_general. Float contractions run a register-blocked matmul (float-matmul.ts)
// that reads the operands through strides, so transposed operands need no copy. Integers wrap
// as 32-bit sums of wrapped products; bool is an or of ands, as XLA's PRED dot.
import { allocTyped, roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { sizeOf, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import type { HostTensor } from "../primitive.js";
import { accumulationKind } from "./contraction-dtype.js";
import { freeAxes, type DotDimensionNumbers } from "./dot-dimension-numbers.js";
import { floatMatmul, type MatrixView } from "./float-matmul.js";

/**
 * The stride that steps through `axes` of x as one flattened axis, or null when they are not
 * laid out as one (an empty group is a single step of stride 0).
 */
function groupStride(x: HostTensor, strides: readonly number[], axes: readonly number[]): number | null {
  const live = axes.filter((a) => x.shape[a] !== 1);
  for (let i = 0; i + 1 < live.length; i++) {
    const inner = live[i + 1]!;
    if (strides[live[i]!] !== strides[inner]! * x.shape[inner]!) return null;
  }
  const last = live[live.length - 1];
  return last === undefined ? 0 : strides[last]!;
}

/** x seen as [batch, rows, cols] over the given axis groups, copying only when they do not flatten. */
function matrixView(
  x: HostTensor,
  batch: readonly number[],
  rows: readonly number[],
  cols: readonly number[],
): MatrixView {
  const strides = stridesOf(x.shape);
  const bs = groupStride(x, strides, batch);
  const rs = groupStride(x, strides, rows);
  const cs = groupStride(x, strides, cols);
  if (bs !== null && rs !== null && cs !== null) return { data: x.data, batchStride: bs, rowStride: rs, colStride: cs };
  const perm = [...batch, ...rows, ...cols];
  const data = stridedCopy(
    x.data,
    x.dtype,
    perm.map((p) => x.shape[p]!),
    perm.map((p) => strides[p]!),
  );
  const r = sizeOf(rows.map((a) => x.shape[a]!));
  const c = sizeOf(cols.map((a) => x.shape[a]!));
  return { data, batchStride: r * c, rowStride: c, colStride: 1 };
}

/** The operand's values with its axes reordered to `perm`, contiguous (no copy when already so). */
function permuted(x: HostTensor, perm: readonly number[]): AnyTypedArray {
  if (perm.every((p, i) => p === i)) return x.data;
  const strides = stridesOf(x.shape);
  return stridedCopy(
    x.data,
    x.dtype,
    perm.map((p) => x.shape[p]!),
    perm.map((p) => strides[p]!),
  );
}

interface Matmul {
  a: AnyTypedArray;
  b: AnyTypedArray;
  batch: number;
  m: number;
  k: number;
  n: number;
}

/** `out` is an Int32Array or Uint32Array: storing the exact sum wraps it modulo 2^32. */
function intMatmul({ a, b, batch, m, k, n }: Matmul, out: Int32Array | Uint32Array): void {
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      const aRow = (p * m + i) * k;
      const oRow = (p * m + i) * n;
      for (let q = 0; q < k; q++) {
        const aiq = a[aRow + q]!;
        const bRow = (p * k + q) * n;
        for (let j = 0; j < n; j++) out[oRow + j] = out[oRow + j]! + Math.imul(aiq, b[bRow + j]!);
      }
    }
  }
}

function boolMatmul({ a, b, batch, m, k, n }: Matmul, out: Uint8Array): void {
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      const aRow = (p * m + i) * k;
      const oRow = (p * m + i) * n;
      for (let q = 0; q < k; q++) {
        if (a[aRow + q] === 0) continue;
        const bRow = (p * k + q) * n;
        for (let j = 0; j < n; j++) if (b[bRow + j] !== 0) out[oRow + j] = 1;
      }
    }
  }
}

export function dotGeneralKernel(
  lhs: HostTensor,
  rhs: HostTensor,
  dn: DotDimensionNumbers,
  outDtype: DType,
): AnyTypedArray {
  const [[lc, rc], [lb, rb]] = dn;
  const lFree = freeAxes(lhs.shape.length, lc, lb);
  const rFree = freeAxes(rhs.shape.length, rc, rb);
  const size = (x: HostTensor, axes: readonly number[]) => sizeOf(axes.map((d) => x.shape[d]!));
  const batch = size(lhs, lb);
  const m = size(lhs, lFree);
  const k = size(lhs, lc);
  const n = size(rhs, rFree);
  const count = batch * m * n;
  const kind = accumulationKind(outDtype);
  if (kind === "float") {
    // float16 sums are rounded from float64 directly (through float32 they would round twice).
    const out =
      outDtype === "float16" ? new Float64Array(count) : (allocTyped(outDtype, count) as Float32Array | Float64Array);
    floatMatmul(matrixView(lhs, lb, lFree, lc), matrixView(rhs, rb, rc, rFree), { batch, m, k, n }, out);
    if (outDtype !== "float16") return out;
    const rounded = allocTyped(outDtype, count);
    for (let i = 0; i < count; i++) rounded[i] = roundToFloat16(out[i]!);
    return rounded;
  }
  const mm: Matmul = {
    a: permuted(lhs, [...lb, ...lFree, ...lc]),
    b: permuted(rhs, [...rb, ...rc, ...rFree]),
    batch,
    m,
    k,
    n,
  };
  if (kind === "int") {
    const out = allocTyped(outDtype, count) as Int32Array | Uint32Array;
    intMatmul(mm, out);
    return out;
  }
  const out = allocTyped(outDtype, count) as Uint8Array;
  boolMatmul(mm, out);
  return out;
}
