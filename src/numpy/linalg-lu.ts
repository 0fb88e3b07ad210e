// LU factorization with partial pivoting (LAPACK's getrf, one column per scan step), from which
// solve, inv, det and slogdet are built.
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { column, entry, outerProduct, positions, row, setColumn, setRow } from "./linalg-batch.js";
import { filled } from "./math-util.js";

export interface LuFactors {
  /** L below the diagonal (its unit diagonal implied) and U on and above it, as LAPACK stores them. */
  lu: JaxArray;
  /** `a[perm] = L @ U`: the row of `a` that ended up in each row (int32). */
  perm: JaxArray;
  /** The number of row swaps that exchanged two different rows (int32 scalar), for the determinant's sign. */
  swaps: JaxArray;
}

function swapEntries(v: JaxArray, i: JaxArray, j: JaxArray): JaxArray {
  const vi = lax.dynamicSlice(v, [i], [1]);
  const vj = lax.dynamicSlice(v, [j], [1]);
  return lax.dynamicUpdateSlice(lax.dynamicUpdateSlice(v, vi, [j]), vj, [i]);
}

function swapRows(m: JaxArray, i: JaxArray, j: JaxArray): JaxArray {
  const ri = row(m, i);
  const rj = row(m, j);
  return setRow(setRow(m, ri, j), rj, i);
}

/**
 * Step k picks the largest |entry| on or below the diagonal of column k as the pivot, swaps its
 * row up, and eliminates below it. A zero pivot (a singular matrix) leaves the column as it is,
 * as LAPACK does, so the factors stay finite and the determinant comes out exactly 0.
 */
export function luMatrix(a: JaxArray): LuFactors {
  const n = a.shape[0]!;
  const idx = positions(n);
  if (n === 0) return { lu: a, perm: idx, swaps: filled([], 0, "int32") };
  const dtype = a.dtype;
  const zeros = filled([n], 0, dtype);
  const [[lu, perm, swaps]] = lax.scan<[JaxArray, JaxArray, JaxArray], JaxArray, null>(
    ([m, p, count], k) => {
      const kVec = lax.broadcastInDim(k, [n], []);
      const candidates = lax.select(lax.ge(idx, kVec), lax.abs(column(m, k)), filled([n], -1, dtype));
      const pivotRow = lax.argmax(candidates, 0, "int32");
      const swapped = swapRows(m, k, pivotRow);
      const pivot = entry(column(swapped, k), k);
      const safePivot = lax.select(lax.eq(pivot, filled([], 0, dtype)), filled([], 1, dtype), pivot);
      const below = lax.gt(idx, kVec);
      const multipliers = lax.select(below, lax.div(column(swapped, k), lax.broadcastInDim(safePivot, [n], [])), zeros);
      const pivotTail = lax.select(below, row(swapped, k), zeros);
      const eliminated = lax.sub(swapped, outerProduct(multipliers, pivotTail));
      // Column k keeps the pivot and above; the multipliers are stored below it.
      const stored = setColumn(eliminated, lax.select(below, multipliers, column(eliminated, k)), k);
      const moved = lax.convertElementType(lax.ne(pivotRow, k), "int32");
      return [[stored, swapEntries(p, k, pivotRow), lax.add(count, moved)], null];
    },
    [a, idx, filled([], 0, "int32")],
    idx,
  );
  return { lu, perm, swaps };
}
