// jnp.linalg.cholesky: the lower-triangular L with L @ L.T = a, column by column in a scan, so
// it is built from differentiable lax ops and works under jit, vmap and grad.
import { type ArrayLike } from "../coerce.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { column, mapBatch, matvec, positions, row, setColumn, squareSize, swapLast, entry } from "./linalg-batch.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";

export interface CholeskyOptions {
  /** Return the upper-triangular factor U = L.T (a = U.T @ U) instead (default false). */
  upper?: boolean;
  /** Use (a + a.T) / 2, as JAX does by default, so the result and its gradient are symmetric in a. */
  symmetrizeInput?: boolean;
}

/**
 * Left-looking Cholesky of one matrix: step j computes column j of L from column j of `a` minus
 * the contribution of the columns already done. A matrix that is not positive definite gives
 * NaNs (the square root of a negative pivot), as in JAX.
 */
function choleskyMatrix(a: JaxArray): JaxArray {
  const n = a.shape[0]!;
  if (n === 0) return a;
  const idx = positions(n);
  const zeros = filled([n], 0, a.dtype);
  const [factor] = lax.scan<JaxArray, JaxArray, null>(
    (l, j) => {
      // Columns >= j of l are still zero, so l @ l[j] sums over the finished columns only.
      const v = lax.sub(column(a, j), matvec(l, row(l, j)));
      const pivot = lax.sqrt(entry(v, j));
      const below = lax.ge(idx, lax.broadcastInDim(j, [n], []));
      const col = lax.select(below, lax.div(v, lax.broadcastInDim(pivot, [n], [])), zeros);
      return [setColumn(l, col, j), null];
    },
    filled([n, n], 0, a.dtype),
    idx,
  );
  return factor;
}

/** `jnp.linalg.cholesky(a, { upper })` for stacks of symmetric positive-definite matrices `[..., n, n]`. */
export function cholesky(a: ArrayLike, options: CholeskyOptions = {}): JaxArray {
  const [x] = promoteToInexact("cholesky", [a]) as [JaxArray];
  squareSize("cholesky", x);
  const sym = (options.symmetrizeInput ?? true) ? lax.div(lax.add(x, swapLast(x)), filled(x.shape, 2, x.dtype)) : x;
  const [l] = mapBatch(sym.shape.slice(0, -2), (m) => [choleskyMatrix(m)], [sym]);
  return options.upper ? swapLast(l!) : l!;
}
