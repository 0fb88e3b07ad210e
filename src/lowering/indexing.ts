// Index expressions shared by the lowerings: flat row-major positions to multi-indices and back.
// All index math is u32; negative strides (rev) wrap modulo 2^32 and come out right in the sum.
import { stridesOf } from "../shape.js";
import { add, div, mul, rem, u32, type Expr } from "./kernel-ir.js";

/** The multi-index of row-major position `flat` in `shape` (flat < size, so axis 0 needs no modulo). */
export function unravel(flat: Expr, shape: readonly number[]): Expr[] {
  const strides = stridesOf(shape);
  return shape.map((n, d) => {
    const q = div(flat, u32(strides[d]!));
    return d === 0 ? q : rem(q, u32(n));
  });
}

/** offset + sum_d idx[d] * strides[d] (strides may be negative or zero). */
export function linearIndex(idx: readonly Expr[], strides: readonly number[], offset = 0): Expr {
  let acc = u32(offset >>> 0);
  idx.forEach((i, d) => {
    const s = strides[d]!;
    if (s !== 0) acc = add(acc, mul(i, u32(s >>> 0)));
  });
  return acc;
}

/** Row-major flat position of `idx` in `shape`. */
export function ravel(idx: readonly Expr[], shape: readonly number[]): Expr {
  return linearIndex(idx, stridesOf(shape));
}

/**
 * Merges runs of adjacent axes that are all reduced or all kept (row-major order makes such runs
 * contiguous), so reductions index a lower-rank view: [2,3,4] reduced over (1,2) is [2,12] over (1,).
 */
export function collapseAxes(
  shape: readonly number[],
  reduced: readonly number[],
): { shape: number[]; reduced: number[] } {
  const isReduced = (d: number) => reduced.includes(d);
  const out: number[] = [];
  const outReduced: number[] = [];
  shape.forEach((n, d) => {
    if (d > 0 && isReduced(d) === isReduced(d - 1)) out[out.length - 1]! *= n;
    else {
      if (isReduced(d)) outReduced.push(out.length);
      out.push(n);
    }
  });
  return { shape: out, reduced: outReduced };
}
