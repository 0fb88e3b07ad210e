// CPU kernel of dot_general: copy the operands into contiguous [batch, M, K] and [batch, K, N]
// layouts, then run an i-k-j loop whose innermost loop streams through both rows. Floats
// accumulate in float64 and round once when stored; integers wrap as 32-bit sums of wrapped
// products; bool is an or of ands, as XLA's PRED dot.
import { allocTyped, roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { sizeOf, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import type { HostTensor } from "../primitive.js";
import { accumulationKind } from "./contraction-dtype.js";
import { freeAxes, type DotDimensionNumbers } from "./dot-dimension-numbers.js";

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

function floatMatmul({ a, b, batch, m, k, n }: Matmul, out: Float64Array): void {
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      const aRow = (p * m + i) * k;
      const oRow = (p * m + i) * n;
      for (let q = 0; q < k; q++) {
        const aiq = a[aRow + q]!;
        const bRow = (p * k + q) * n;
        for (let j = 0; j < n; j++) out[oRow + j] = out[oRow + j]! + aiq * b[bRow + j]!;
      }
    }
  }
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
  const mm: Matmul = {
    a: permuted(lhs, [...lb, ...lFree, ...lc]),
    b: permuted(rhs, [...rb, ...rc, ...rFree]),
    batch: size(lhs, lb),
    m: size(lhs, lFree),
    k: size(lhs, lc),
    n: size(rhs, rFree),
  };
  const count = mm.batch * mm.m * mm.n;
  const kind = accumulationKind(outDtype);
  if (kind === "int") {
    const out = allocTyped(outDtype, count) as Int32Array | Uint32Array;
    intMatmul(mm, out);
    return out;
  }
  if (kind === "bool") {
    const out = allocTyped(outDtype, count) as Uint8Array;
    boolMatmul(mm, out);
    return out;
  }
  const acc = new Float64Array(count);
  floatMatmul(mm, acc);
  const out = allocTyped(outDtype, count);
  if (outDtype === "float16") for (let i = 0; i < count; i++) out[i] = roundToFloat16(acc[i]!);
  else out.set(acc);
  return out;
}
