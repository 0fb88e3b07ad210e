// Triangular solves: lax.linalg.triangular_solve (`triangularSolve`) and
// jax.scipy.linalg.solve_triangular (`solveTriangular`), by substitution in a scan. Only the
// named triangle of `a` is read, as LAPACK does; the other may hold anything.
import { type ArrayLike } from "../coerce.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { shapesEqual } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { entry, mapBatch, positions, row, setRow, squareSize, vecmat } from "./linalg-batch.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";

/**
 * Forward substitution for one lower-triangular `l` [n, n] and right-hand sides `b` [n, k]:
 * row i of x is (b[i] - l[i, :i] @ x[:i]) / l[i, i].
 */
function forwardSubstitution(l: JaxArray, b: JaxArray, unitDiagonal: boolean): JaxArray {
  const n = l.shape[0]!;
  if (n === 0) return b;
  const idx = positions(n);
  const rows = lax.broadcastInDim(idx, [n, n], [0]);
  const cols = lax.broadcastInDim(idx, [n, n], [1]);
  // Only the strict lower triangle enters the sums; masking it keeps the other triangle (and
  // its gradient) out entirely, even when it holds infinities.
  const strict = lax.select(lax.gt(rows, cols), l, filled([n, n], 0, l.dtype));
  const [x] = lax.scan<JaxArray, JaxArray, null>(
    (acc, i) => {
      // Rows >= i of acc are still zero.
      const rest = lax.sub(row(b, i), vecmat(row(strict, i), acc));
      const xi = unitDiagonal ? rest : lax.div(rest, lax.broadcastInDim(entry(row(l, i), i), rest.shape, []));
      return [setRow(acc, xi, i), null];
    },
    filled(b.shape, 0, b.dtype),
    idx,
  );
  return x;
}

/** Solves op(a) x = b on one matrix, `a` lower (or upper) triangular; `b` is [n, k]. */
function solveLeft(a: JaxArray, b: JaxArray, lower: boolean, transposeA: boolean, unitDiagonal: boolean): JaxArray {
  const m = transposeA ? lax.transpose(a, [1, 0]) : a;
  const isLower = lower !== transposeA;
  if (isLower) return forwardSubstitution(m, b, unitDiagonal);
  // An upper-triangular system read backwards (rows and columns reversed) is lower triangular.
  const flipped = forwardSubstitution(lax.rev(m, [0, 1]), lax.rev(b, [0]), unitDiagonal);
  return lax.rev(flipped, [0]);
}

export interface TriangularSolveOptions {
  /** Solve op(a) @ x = b (true) or x @ op(a) = b (false, the default, as in lax). */
  leftSide?: boolean;
  /** Read the lower triangle of a (default false: the upper one). */
  lower?: boolean;
  /** op(a) = a.T. */
  transposeA?: boolean;
  /** Accepted for JAX compatibility: real matrices are their own conjugates. */
  conjugateA?: boolean;
  /** Take the diagonal of a to be ones (it is not read). */
  unitDiagonal?: boolean;
}

/**
 * `lax.linalg.triangularSolve(a, b, { leftSide, lower, transposeA, unitDiagonal })`: `a` is
 * `[..., m, m]`; `b` is `[..., m, n]` (leftSide) or `[..., n, m]`, with the same batch axes.
 */
export function triangularSolve(a: ArrayLike, b: ArrayLike, options: TriangularSolveOptions = {}): JaxArray {
  const op = "triangularSolve";
  const [x, y] = promoteToInexact(op, [a, b]) as [JaxArray, JaxArray];
  const m = squareSize(op, x);
  const left = options.leftSide ?? false;
  if (y.ndim !== x.ndim) {
    throw new ShapeError(`${op}: a and b must have the same number of axes, got ${x.aval.str()}, ${y.aval.str()}`);
  }
  const batch = x.shape.slice(0, -2);
  if (!shapesEqual(batch, y.shape.slice(0, -2))) {
    throw new ShapeError(`${op}: a and b must have equal batch axes, got ${x.aval.str()}, ${y.aval.str()}`);
  }
  const solveAxis = left ? y.ndim - 2 : y.ndim - 1;
  if (y.shape[solveAxis] !== m) {
    throw new ShapeError(
      `${op}: ${left ? "with leftSide, the second-to-last" : "the last"} axis of b must match a's size ${m}, got ${x.aval.str()}, ${y.aval.str()}`,
    );
  }
  const lower = options.lower ?? false;
  const transposeA = options.transposeA ?? false;
  const unit = options.unitDiagonal ?? false;
  const solveOne = (am: JaxArray, bm: JaxArray): JaxArray[] => {
    if (left) return [solveLeft(am, bm, lower, transposeA, unit)];
    // x @ op(a) = b  <=>  op(a).T @ x.T = b.T
    return [lax.transpose(solveLeft(am, lax.transpose(bm, [1, 0]), lower, !transposeA, unit), [1, 0])];
  };
  return mapBatch(batch, solveOne, [x, y])[0]!;
}

export interface SolveTriangularOptions {
  /** 0 or "N": a x = b; 1 or "T" (and 2 or "C", the same for real matrices): a.T x = b. */
  trans?: 0 | 1 | 2 | "N" | "T" | "C";
  /** Read the lower triangle of a (default false, as in scipy). */
  lower?: boolean;
  unitDiagonal?: boolean;
}

/**
 * `jax.scipy.linalg.solve_triangular(a, b, { trans, lower, unitDiagonal })` (here in
 * `jnp.linalg`): solves a x = b for `a` `[..., m, m]` and `b` `[..., m]` or `[..., m, n]`.
 */
export function solveTriangular(a: ArrayLike, b: ArrayLike, options: SolveTriangularOptions = {}): JaxArray {
  const trans = options.trans ?? 0;
  let transposeA: boolean;
  if (trans === 0 || trans === "N") transposeA = false;
  else if (trans === 1 || trans === "T" || trans === 2 || trans === "C") transposeA = true;
  else throw new ValueError(`solveTriangular: trans must be 0, 1, 2, "N", "T" or "C", got ${JSON.stringify(trans)}`);
  const [x, y] = promoteToInexact("solveTriangular", [a, b]) as [JaxArray, JaxArray];
  const isVector = x.ndim === y.ndim + 1;
  const rhs = isVector ? lax.expandDims(y, [y.ndim]) : y;
  const out = triangularSolve(x, rhs, {
    leftSide: true,
    lower: options.lower ?? false,
    transposeA,
    unitDiagonal: options.unitDiagonal ?? false,
  });
  return isVector ? lax.squeeze(out, [out.ndim - 1]) : out;
}
