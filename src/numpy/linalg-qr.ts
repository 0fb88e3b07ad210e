// jnp.linalg.qr by Householder reflections, one column per scan step. The reflector for column j
// maps it onto -sign(a[j, j]) * |a[j:, j]| e_j, LAPACK's convention, so R's diagonal has the same
// signs as numpy's and JAX's.
import { type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { column, entry, mapBatch, matvec, outerProduct, positions, vecmat } from "./linalg-batch.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";

export type QrMode = "reduced" | "complete" | "r";

export interface QrOptions {
  /** "reduced" (default): Q [m, k], R [k, n] with k = min(m, n); "complete": Q [m, m], R [m, n]; "r": R only. */
  mode?: QrMode;
}

/** Full Householder QR of one [m, n] matrix: Q [m, m] orthogonal, R [m, n] upper triangular. */
function householderQr(a: JaxArray): [JaxArray, JaxArray] {
  const [m, n] = a.shape as [number, number];
  const dtype = a.dtype;
  const k = Math.min(m, n);
  const idx = positions(m);
  const zeros = filled([m], 0, dtype);
  const scalar = (v: number) => filled([], v, dtype);
  const eye = lax.convertElementType(
    lax.eq(lax.broadcastedIota("int32", [m, m], 0), lax.broadcastedIota("int32", [m, m], 1)),
    dtype,
  );
  if (k === 0) return [eye, a];
  const [[q, r]] = lax.scan<[JaxArray, JaxArray], JaxArray, null>(
    ([qAcc, rAcc], j) => {
      const jVec = lax.broadcastInDim(j, [m], []);
      const x = lax.select(lax.ge(idx, jVec), column(rAcc, j), zeros);
      const tail = lax.select(lax.gt(idx, jVec), x, zeros);
      const norm = lax.sqrt(lax.reduceSum(lax.mul(x, x), [0]));
      const head = entry(x, j);
      const sign = lax.select(lax.lt(head, scalar(0)), scalar(-1), scalar(1));
      // v = x - alpha e_j with alpha = -sign * norm; the reflection is I - beta v v^T.
      const atJ = lax.eq(idx, jVec);
      const v = lax.add(x, lax.select(atJ, lax.broadcastInDim(lax.mul(sign, norm), [m], []), zeros));
      const vv = lax.reduceSum(lax.mul(v, v), [0]);
      // Nothing below the diagonal to eliminate: no reflection (LAPACK's dlarfg), so the sign of
      // a lone last entry is kept.
      const isZero = lax.eq(lax.reduceSum(lax.mul(tail, tail), [0]), scalar(0));
      const beta = lax.select(isZero, scalar(0), lax.div(scalar(2), lax.select(isZero, scalar(1), vv)));
      const scaled = lax.mul(lax.broadcastInDim(beta, [m], []), v);
      const rNext = lax.sub(rAcc, outerProduct(scaled, vecmat(v, rAcc)));
      const qNext = lax.sub(qAcc, outerProduct(matvec(qAcc, v), scaled));
      return [[qNext, rNext], null];
    },
    [eye, a],
    lax.iota("int32", k),
  );
  // Entries below the diagonal are rounding residue of the eliminations: make them exact zeros.
  const upper = lax.le(lax.broadcastedIota("int32", [m, n], 0), lax.broadcastedIota("int32", [m, n], 1));
  return [q, lax.select(upper, r, filled([m, n], 0, dtype))];
}

/**
 * `jnp.linalg.qr(a, { mode })` for `a` `[..., m, n]`: `[q, r]` with a = q @ r, q's columns
 * orthonormal and r upper triangular; mode "r" returns r alone.
 */
export function qr(a: ArrayLike, options?: QrOptions & { mode?: "reduced" | "complete" }): [JaxArray, JaxArray];
export function qr(a: ArrayLike, options: { mode: "r" }): JaxArray;
export function qr(a: ArrayLike, options: QrOptions = {}): [JaxArray, JaxArray] | JaxArray {
  const mode = options.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new ValueError(`qr: mode must be "reduced", "complete" or "r", got ${JSON.stringify(mode)}`);
  }
  const [x] = promoteToInexact("qr", [a]) as [JaxArray];
  if (x.ndim < 2) throw new ValueError(`qr: needs a matrix (at least 2 axes), got ${x.aval.str()}`);
  const m = x.shape[x.ndim - 2]!;
  const n = x.shape[x.ndim - 1]!;
  const k = Math.min(m, n);
  const [q, r] = mapBatch(x.shape.slice(0, -2), (mat) => householderQr(mat), [x]) as [JaxArray, JaxArray];
  const rows = (y: JaxArray, count: number) => lax.sliceInDim(y, 0, count, 1, y.ndim - 2);
  const cols = (y: JaxArray, count: number) => lax.sliceInDim(y, 0, count, 1, y.ndim - 1);
  if (mode === "r") return rows(r, k);
  if (mode === "complete") return [q, r];
  return [cols(q, k), rows(r, k)];
}
