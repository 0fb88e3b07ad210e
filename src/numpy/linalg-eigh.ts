// jnp.linalg.eigh and eigvalsh for symmetric matrices by the cyclic Jacobi method: sweeps of
// plane rotations, each zeroing one off-diagonal pair, until the off-diagonal part is negligible.
// Derivatives come from the analytic rule JAX uses (a custom JVP), not from the iterations.
import { arrayFromHost, scalar } from "../array.js";
import { type ArrayLike } from "../coerce.js";
import { finfo } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { customJvp } from "../transforms/custom.js";
import { column, entry, mapBatch, matmulStacks, row, setColumn, setRow, squareSize, swapLast } from "./linalg-batch.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";

/** Sweeps allowed before giving up on convergence (Jacobi converges quadratically; a handful suffice). */
const MAX_SWEEPS = 30;

/** One rotation in the (p, q) plane chosen to zero a[p, q]; returns the rotated a and v. */
function rotate(a: JaxArray, v: JaxArray, p: JaxArray, q: JaxArray): [JaxArray, JaxArray] {
  const dtype = a.dtype;
  const n = a.shape[0]!;
  const c0 = (x: number) => scalar(x, dtype);
  const app = entry(row(a, p), p);
  const aqq = entry(row(a, q), q);
  const apq = entry(row(a, p), q);
  const skip = lax.eq(apq, c0(0));
  const theta = lax.div(lax.sub(aqq, app), lax.mul(c0(2), lax.select(skip, c0(1), apq)));
  const sign = lax.select(lax.lt(theta, c0(0)), c0(-1), c0(1));
  // t = tan of the rotation angle, the smaller root; written to avoid overflow for large theta.
  const absTheta = lax.abs(theta);
  const t = lax.div(sign, lax.add(absTheta, lax.sqrt(lax.add(lax.mul(theta, theta), c0(1)))));
  const tSafe = lax.select(skip, c0(0), t);
  const c = lax.rsqrt(lax.add(lax.mul(tSafe, tSafe), c0(1)));
  const s = lax.mul(tSafe, c);
  const vec = (x: JaxArray) => lax.broadcastInDim(x, [n], []);
  const [cv, sv] = [vec(c), vec(s)];
  // a <- J^T a J and v <- v J, with J the identity except J[p,p] = J[q,q] = c, J[p,q] = s, J[q,p] = -s.
  const mix = (x: JaxArray, y: JaxArray): [JaxArray, JaxArray] => [
    lax.sub(lax.mul(cv, x), lax.mul(sv, y)),
    lax.add(lax.mul(sv, x), lax.mul(cv, y)),
  ];
  const [colP, colQ] = mix(column(a, p), column(a, q));
  let rotated = setColumn(setColumn(a, colP, p), colQ, q);
  const [rowP, rowQ] = mix(row(rotated, p), row(rotated, q));
  rotated = setRow(setRow(rotated, rowP, p), rowQ, q);
  // The rotation zeroes a[p, q] in exact arithmetic; storing the exact zero keeps rounding
  // residue from piling up off the diagonal, so the convergence test can be met.
  const zero = filled([1, 1], 0, dtype);
  rotated = lax.dynamicUpdateSlice(lax.dynamicUpdateSlice(rotated, zero, [p, q]), zero, [q, p]);
  const [vP, vQ] = mix(column(v, p), column(v, q));
  return [rotated, setColumn(setColumn(v, vP, p), vQ, q)];
}

function offDiagonalSquares(a: JaxArray): JaxArray {
  const n = a.shape[0]!;
  const off = lax.ne(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1));
  return lax.reduceSum(lax.select(off, lax.mul(a, a), filled([n, n], 0, a.dtype)), [0, 1]);
}

/** Eigenvalues (ascending) and eigenvectors (columns) of one symmetric matrix. */
function jacobiEigh(a: JaxArray): [JaxArray, JaxArray] {
  const n = a.shape[0]!;
  const dtype = a.dtype;
  const eye = lax.convertElementType(
    lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1)),
    dtype,
  );
  if (n < 2) return [lax.reshape(a, [n]), eye];
  const ps: number[] = [];
  const qs: number[] = [];
  for (let p = 0; p < n - 1; p++) {
    for (let q = p + 1; q < n; q++) {
      ps.push(p);
      qs.push(q);
    }
  }
  const pairs = [arrayFromHost(ps, [ps.length], "int32"), arrayFromHost(qs, [qs.length], "int32")];
  const eps = finfo(dtype).eps;
  const tolerance = lax.mul(scalar(eps * eps, dtype), lax.reduceSum(lax.mul(a, a), [0, 1]));
  const [, diag, vecs] = lax.whileLoop<JaxArray[]>(
    ([sweep, m]) =>
      lax.bitwiseAnd(lax.lt(sweep!, scalar(MAX_SWEEPS, "int32")), lax.gt(offDiagonalSquares(m!), tolerance)),
    ([sweep, m, v]) => {
      const [[mNext, vNext]] = lax.scan<[JaxArray, JaxArray], [JaxArray, JaxArray], null>(
        ([mm, vv], [p, q]) => [rotate(mm, vv, p, q), null],
        [m!, v!],
        pairs,
      );
      return [lax.add(sweep!, scalar(1, "int32")), mNext, vNext];
    },
    [scalar(0, "int32"), a, eye],
  );
  const onDiagonal = lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1));
  const w = lax.reduceSum(lax.select(onDiagonal, diag!, filled([n, n], 0, dtype)), [1]);
  const [sortedW, order] = lax.sortKeyVal(w, lax.iota("int32", n));
  const sortedV = lax.gather(
    vecs!,
    lax.reshape(order, [n, 1]),
    { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] },
    [n, 1],
  );
  return [sortedW, sortedV];
}

/** eigh on a stack of already symmetric matrices, differentiated by JAX's eigh JVP rule. */
const symmetricEigh = customJvp((a: JaxArray) => mapBatch(a.shape.slice(0, -2), (m) => jacobiEigh(m), [a]));
symmetricEigh.defjvp(([a]: JaxArray[], [da]: JaxArray[]) => {
  const [w, v] = symmetricEigh(a) as [JaxArray, JaxArray];
  const n = w.shape[w.ndim - 1]!;
  const shape = [...w.shape, n];
  const dims = w.shape.map((_, i) => i);
  const wRow = lax.broadcastInDim(w, shape, [...dims.slice(0, -1), w.ndim]);
  const wCol = lax.broadcastInDim(w, shape, dims);
  const eye = lax.broadcastInDim(
    lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1)),
    shape,
    [shape.length - 2, shape.length - 1],
  );
  // F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it.
  const gaps = lax.sub(wRow, wCol);
  const f = lax.select(
    eye,
    filled(shape, 0, w.dtype),
    lax.div(filled(shape, 1, w.dtype), lax.select(eye, filled(shape, 1, w.dtype), gaps)),
  );
  const vtDaV = matmulStacks(matmulStacks(swapLast(v), da!), v);
  const dw = lax.reduceSum(lax.select(eye, vtDaV, filled(shape, 0, w.dtype)), [shape.length - 1]);
  const dv = matmulStacks(v, lax.mul(f, vtDaV));
  return [
    [w, v],
    [dw, dv],
  ];
});

export interface EighOptions {
  /** Which triangle to read when symmetrizeInput is false: "L" (default) or "U". */
  UPLO?: "L" | "U";
  /** Use (a + a.T) / 2 (default true, as in JAX). */
  symmetrizeInput?: boolean;
}

function symmetricInput(op: string, a: ArrayLike, options: EighOptions): JaxArray {
  const [x] = promoteToInexact(op, [a]) as [JaxArray];
  const n = squareSize(op, x);
  const uplo = options.UPLO ?? "L";
  if (uplo !== "L" && uplo !== "U") throw new ValueError(`${op}: UPLO must be "L" or "U", got ${JSON.stringify(uplo)}`);
  if (options.symmetrizeInput ?? true) return lax.div(lax.add(x, swapLast(x)), filled(x.shape, 2, x.dtype));
  const rows = lax.broadcastInDim(lax.broadcastedIota("int32", [n, n], 0), x.shape, [x.ndim - 2, x.ndim - 1]);
  const cols = lax.broadcastInDim(lax.broadcastedIota("int32", [n, n], 1), x.shape, [x.ndim - 2, x.ndim - 1]);
  const keep = uplo === "L" ? lax.ge(rows, cols) : lax.le(rows, cols);
  return lax.select(keep, x, swapLast(x));
}

/**
 * `jnp.linalg.eigh(a, { UPLO, symmetrizeInput })`: `[eigenvalues, eigenvectors]` of symmetric
 * matrices `[..., n, n]`, eigenvalues ascending and eigenvectors as the columns (each column's
 * sign is arbitrary, as in LAPACK). Gradients of eigenvectors are undefined for repeated
 * eigenvalues (they come out infinite or NaN, as in JAX).
 */
export function eigh(a: ArrayLike, options: EighOptions = {}): [JaxArray, JaxArray] {
  return symmetricEigh(symmetricInput("eigh", a, options)) as [JaxArray, JaxArray];
}

/** `jnp.linalg.eigvalsh(a, { UPLO })`: the eigenvalues of symmetric matrices, ascending. */
export function eigvalsh(a: ArrayLike, options: EighOptions = {}): JaxArray {
  return eigh(a, options)[0];
}
