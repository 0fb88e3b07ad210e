// Shared plumbing of the jnp.linalg factorizations: operand checks, and running a function
// written for single matrices over the leading (batch) axes of stacks, by vmap.
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { vmap } from "../transforms/vmap.js";

/** Checks `a` is a stack of square matrices `[..., n, n]` and returns n. */
export function squareSize(op: string, a: JaxArray): number {
  if (a.ndim < 2) throw new ValueError(`${op}: needs a matrix (at least 2 axes), got ${a.aval.str()}`);
  const n = a.shape[a.ndim - 1]!;
  if (a.shape[a.ndim - 2] !== n) {
    throw new ShapeError(`${op}: needs square matrices in the last two axes, got ${a.aval.str()}`);
  }
  return n;
}

/**
 * Applies `f`, written for operands without batch axes, to every entry of stacks sharing the
 * leading shape `batch` (each operand is `[...batch, ...core]`). The batch axes are merged into
 * one and mapped with vmap, so `f` may use scans and loops on plain matrices.
 */
export function mapBatch(
  batch: readonly number[],
  f: (...xs: JaxArray[]) => JaxArray[],
  xs: readonly JaxArray[],
): JaxArray[] {
  if (batch.length === 0) return f(...xs);
  const b = sizeOf(batch);
  const merged = xs.map((x) => lax.reshape(x, [b, ...x.shape.slice(batch.length)]));
  const outs = vmap((...ys: JaxArray[]) => f(...ys))(...merged) as JaxArray[];
  return outs.map((o) => lax.reshape(o, [...batch, ...o.shape.slice(1)]));
}

/** The positions 0..n-1 (int32), for the masks of updates inside scans. */
export function positions(n: number): JaxArray {
  return lax.iota("int32", n);
}

/** The scalar `x[i]` of a vector at a traced index. */
export function entry(x: JaxArray, i: JaxArray): JaxArray {
  return lax.reshape(lax.dynamicSlice(x, [i], [1]), []);
}

/** Row `i` of a matrix, as a vector. */
export function row(m: JaxArray, i: JaxArray | number): JaxArray {
  return lax.reshape(lax.dynamicSlice(m, [i, 0], [1, m.shape[1]!]), [m.shape[1]!]);
}

/** Column `j` of a matrix, as a vector. */
export function column(m: JaxArray, j: JaxArray | number): JaxArray {
  return lax.reshape(lax.dynamicSlice(m, [0, j], [m.shape[0]!, 1]), [m.shape[0]!]);
}

/** `m` with column `j` replaced by the vector `v`. */
export function setColumn(m: JaxArray, v: JaxArray, j: JaxArray | number): JaxArray {
  return lax.dynamicUpdateSlice(m, lax.reshape(v, [v.shape[0]!, 1]), [0, j]);
}

/** `m` with row `i` replaced by the vector `v`. */
export function setRow(m: JaxArray, v: JaxArray, i: JaxArray | number): JaxArray {
  return lax.dynamicUpdateSlice(m, lax.reshape(v, [1, v.shape[0]!]), [i, 0]);
}

/** Matrix-vector product `m @ v`. */
export function matvec(m: JaxArray, v: JaxArray): JaxArray {
  return lax.dotGeneral(m, v, [
    [[1], [0]],
    [[], []],
  ]);
}

/** Vector-matrix product `v @ m`. */
export function vecmat(v: JaxArray, m: JaxArray): JaxArray {
  return lax.dotGeneral(v, m, [
    [[0], [0]],
    [[], []],
  ]);
}

/** Outer product of two vectors. */
export function outerProduct(u: JaxArray, v: JaxArray): JaxArray {
  return lax.dotGeneral(lax.reshape(u, [u.shape[0]!, 1]), lax.reshape(v, [1, v.shape[0]!]), [
    [[1], [0]],
    [[], []],
  ]);
}

/** Swaps the last two axes. */
export function swapLast(x: JaxArray): JaxArray {
  const perm = x.shape.map((_, i) => i);
  perm[x.ndim - 2] = x.ndim - 1;
  perm[x.ndim - 1] = x.ndim - 2;
  return lax.transpose(x, perm);
}

/** `a @ b` for stacks of matrices with equal batch axes `[..., m, k] @ [..., k, n]`. */
export function matmulStacks(a: JaxArray, b: JaxArray): JaxArray {
  const batch = a.shape.slice(0, -2).map((_, i) => i);
  return lax.dotGeneral(a, b, [
    [[a.ndim - 1], [b.ndim - 2]],
    [batch, batch],
  ]);
}
