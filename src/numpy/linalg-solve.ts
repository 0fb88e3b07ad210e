// jnp.linalg.solve, inv, det and slogdet, through the LU factorization with partial pivoting
// (as JAX does), so they handle any nonsingular matrix, not only symmetric positive-definite ones.
import { type ArrayLike } from "../coerce.js";
import { ShapeError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastShapes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { mapBatch, squareSize } from "./linalg-batch.js";
import { luMatrix } from "./linalg-lu.js";
import { triangularSolve } from "./linalg-triangular.js";
import { filled } from "./math-util.js";
import { broadcastTo, promoteToInexact } from "./promote.js";

function diagonalOf(m: JaxArray): JaxArray {
  const n = m.shape[0]!;
  const onDiagonal = lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1));
  return lax.reduceSum(lax.select(onDiagonal, m, filled([n, n], 0, m.dtype)), [1]);
}

/** Solves a x = b for one matrix `a` [n, n] and right-hand sides `b` [n, k]. */
function solveMatrix(a: JaxArray, b: JaxArray): JaxArray {
  if (a.shape[0] === 0) return b;
  const { lu, perm } = luMatrix(a);
  const permuted = lax.gather(
    b,
    lax.reshape(perm, [perm.shape[0]!, 1]),
    { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] },
    [1, b.shape[1]!],
  );
  const y = triangularSolve(lu, permuted, { leftSide: true, lower: true, unitDiagonal: true });
  return triangularSolve(lu, y, { leftSide: true, lower: false });
}

/**
 * `jnp.linalg.solve(a, b)`: x with a @ x = b, for `a` `[..., n, n]` and `b` `[n]` (one vector) or
 * `[..., n, k]` (matrices; the batch axes broadcast with a's). A singular `a` gives infinities
 * or NaNs, as in JAX.
 */
export function solve(a: ArrayLike, b: ArrayLike): JaxArray {
  const op = "solve";
  const [x, y] = promoteToInexact(op, [a, b]) as [JaxArray, JaxArray];
  const n = squareSize(op, x);
  const isVector = y.ndim === 1;
  if (isVector ? y.shape[0] !== n : y.ndim < 2 || y.shape[y.ndim - 2] !== n) {
    throw new ShapeError(`${op}: b must be [${n}] or [..., ${n}, k] to match a ${x.aval.str()}, got ${y.aval.str()}`);
  }
  const rhs = isVector ? lax.reshape(y, [n, 1]) : y;
  const batch = broadcastShapes(op, [x.shape.slice(0, -2), rhs.shape.slice(0, -2)], [x.aval.str(), y.aval.str()]);
  const k = rhs.shape[rhs.ndim - 1]!;
  const out = mapBatch(batch, (am, bm) => [solveMatrix(am, bm)], [
    broadcastTo(x, [...batch, n, n]),
    broadcastTo(rhs, [...batch, n, k]),
  ])[0]!;
  return isVector ? lax.reshape(out, out.shape.slice(0, -1)) : out;
}

/** `jnp.linalg.inv(a)`: the inverse of each matrix of `a` `[..., n, n]`, by solving against the identity. */
export function inv(a: ArrayLike): JaxArray {
  const [x] = promoteToInexact("inv", [a]) as [JaxArray];
  const n = squareSize("inv", x);
  const eye = lax.convertElementType(
    lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1)),
    x.dtype,
  );
  return solve(x, broadcastTo(eye, x.shape));
}

/** Per matrix: the sign (+1, -1, or 0) and log |det| from the LU factors. */
function slogdetMatrix(a: JaxArray): JaxArray[] {
  const { lu, swaps } = luMatrix(a);
  const d = diagonalOf(lu);
  const dtype = a.dtype;
  const n = d.shape[0]!;
  const zero = filled([n], 0, dtype);
  const isZero = lax.reduceOr(lax.eq(d, zero), [0]);
  const negatives = lax.reduceSum(lax.convertElementType(lax.lt(d, zero), "int32"), [0]);
  const parity = lax.rem(lax.add(swaps, negatives), filled([], 2, "int32"));
  const sign = lax.sub(filled([], 1, dtype), lax.mul(filled([], 2, dtype), lax.convertElementType(parity, dtype)));
  const logAbs = lax.reduceSum(lax.log(lax.abs(d)), [0]);
  return [lax.select(isZero, filled([], 0, dtype), sign), lax.select(isZero, filled([], -Infinity, dtype), logAbs)];
}

/**
 * `jnp.linalg.slogdet(a)`: `[sign, logabsdet]` of each matrix of `a` `[..., n, n]`, with
 * det = sign * exp(logabsdet); a singular matrix gives sign 0 and logabsdet -inf.
 */
export function slogdet(a: ArrayLike): [JaxArray, JaxArray] {
  const [x] = promoteToInexact("slogdet", [a]) as [JaxArray];
  squareSize("slogdet", x);
  const [sign, logAbs] = mapBatch(x.shape.slice(0, -2), slogdetMatrix, [x]);
  return [sign!, logAbs!];
}

/** `jnp.linalg.det(a)`: the determinant of each matrix of `a` `[..., n, n]` (the product of U's diagonal, signed by the row swaps). */
export function det(a: ArrayLike): JaxArray {
  const [x] = promoteToInexact("det", [a]) as [JaxArray];
  squareSize("det", x);
  const detMatrix = (m: JaxArray): JaxArray[] => {
    const { lu, swaps } = luMatrix(m);
    const odd = lax.eq(lax.rem(swaps, filled([], 2, "int32")), filled([], 1, "int32"));
    const product = lax.reduceProd(diagonalOf(lu), [0]);
    return [lax.select(odd, lax.neg(product), product)];
  };
  return mapBatch(x.shape.slice(0, -2), detMatrix, [x])[0]!;
}
