// Polynomials with numpy's coefficient order (highest power first): polyval by Horner's rule in
// a scan, and polyfit by least squares through a QR factorization of the scaled Vandermonde matrix.
import { type ArrayLike } from "../coerce.js";
import { ShapeError, UnsupportedError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastShapes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { qr } from "./linalg-qr.js";
import { triangularSolve } from "./linalg-triangular.js";
import { filled } from "./math-util.js";
import { broadcastTo, promoteToInexact } from "./promote.js";

export interface PolyvalOptions {
  /** Accepted for JAX compatibility (the scan's unroll factor). */
  unroll?: number;
}

/**
 * `jnp.polyval(p, x)`: p[0] x^(n-1) + ... + p[n-1]. p may be 2-D, a polynomial per trailing
 * position, broadcast against x.
 */
export function polyval(p: ArrayLike, x: ArrayLike, options: PolyvalOptions = {}): JaxArray {
  const op = "polyval";
  const [coeffs, xs] = promoteToInexact(op, [p, x]) as [JaxArray, JaxArray];
  if (coeffs.ndim === 0)
    throw new ShapeError(`${op}: p must have at least one axis (the coefficients), got ${coeffs.aval.str()}`);
  const shape = broadcastShapes(op, [coeffs.shape.slice(1), xs.shape]);
  const xb = broadcastTo(xs, shape);
  const [y] = lax.scan<JaxArray, JaxArray, null>(
    (acc, c) => [lax.add(lax.mul(acc, xb), broadcastTo(c, shape)), null],
    filled(shape, 0, xs.dtype),
    coeffs,
    { unroll: options.unroll ?? 1 },
  );
  return y;
}

export interface PolyfitOptions {
  /** Weights applied to the residuals (1 / sigma for Gaussian errors). */
  w?: ArrayLike;
  /** numpy's rank cut-off for an SVD solve; the QR solve here assumes full column rank and ignores it. */
  rcond?: number;
  /** Not supported: residuals, rank and singular values come from an SVD jax-ts does not have. */
  full?: boolean;
  /** Not supported (the covariance of the fit). */
  cov?: boolean;
}

/**
 * `jnp.polyfit(x, y, deg, { w })`: the least-squares coefficients (highest power first) of a
 * degree-`deg` polynomial through (x, y); y may be 2-D, one fit per column. The Vandermonde
 * matrix is solved by QR, so it must have full column rank (at least deg + 1 distinct x).
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, options: PolyfitOptions = {}): JaxArray {
  const op = "polyfit";
  if (options.full || options.cov) {
    throw new UnsupportedError(`${op}: full and cov are not supported (they need an SVD); fit the coefficients alone`);
  }
  if (!Number.isInteger(deg) || deg < 0)
    throw new ValueError(`${op}: deg must be a non-negative integer, got ${String(deg)}`);
  const [xs, ys] = promoteToInexact(op, [x, y]) as [JaxArray, JaxArray];
  if (xs.ndim !== 1 || xs.size === 0)
    throw new ShapeError(`${op}: x must be a non-empty 1-D array, got ${xs.aval.str()}`);
  if (ys.ndim < 1 || ys.ndim > 2) throw new ShapeError(`${op}: y must be 1-D or 2-D, got ${ys.aval.str()}`);
  const n = xs.shape[0]!;
  if (ys.shape[0] !== n)
    throw new ShapeError(`${op}: x and y must have the same length, got ${xs.aval.str()}, ${ys.aval.str()}`);
  const order = deg + 1;
  if (n < order) throw new ValueError(`${op}: a degree-${deg} fit needs at least ${order} points, got ${n}`);
  // Columns x^deg, ..., x, 1.
  const powers: JaxArray[] = [filled([n], 1, xs.dtype)];
  for (let k = 1; k < order; k++) powers.unshift(lax.mul(powers[0]!, xs));
  let lhs = lax.concatenate(
    powers.map((c) => lax.reshape(c, [n, 1])),
    1,
  );
  let rhs = ys.ndim === 1 ? lax.reshape(ys, [n, 1]) : ys;
  if (options.w !== undefined) {
    const [w] = promoteToInexact(op, [options.w]) as [JaxArray];
    if (w.ndim !== 1 || w.shape[0] !== n)
      throw new ShapeError(`${op}: w must be 1-D with one weight per point (${n}), got ${w.aval.str()}`);
    const wc = lax.convertElementType(w, xs.dtype);
    lhs = lax.mul(lhs, lax.broadcastInDim(wc, lhs.shape, [0]));
    rhs = lax.mul(rhs, lax.broadcastInDim(wc, rhs.shape, [0]));
  }
  // Scaling the columns to unit norm improves the conditioning, as numpy does.
  const scale = lax.sqrt(lax.reduceSum(lax.mul(lhs, lhs), [0]));
  lhs = lax.div(lhs, lax.broadcastInDim(scale, lhs.shape, [1]));
  const [q, r] = qr(lhs);
  const qtb = lax.dotGeneral(q, rhs, [
    [[0], [0]],
    [[], []],
  ]);
  const c = triangularSolve(r, qtb, { leftSide: true, lower: false });
  const coeffs = lax.div(c, lax.broadcastInDim(scale, c.shape, [0]));
  return ys.ndim === 1 ? lax.reshape(coeffs, [order]) : coeffs;
}
