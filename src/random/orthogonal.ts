// Random orthogonal matrices, uniform (Haar) on O(n): the Q of a QR factorization of a Gaussian
// matrix, with its columns' signs fixed by R's diagonal (Mezzadri 2007), as JAX draws them.
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { qr } from "../numpy/linalg-qr.js";
import type { JaxArray } from "../tracing/array.js";
import { checkKey, type KeyArray } from "./key.js";
import { normal } from "./normal.js";
import { checkFloatDtype, checkSampleShape } from "./params.js";

export interface OrthogonalOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
  /**
   * Columns: with m set, the result is n x m with orthonormal columns (n >= m) or rows (n < m),
   * as in newer JAX versions (default m = n).
   */
  m?: number;
}

/** `random.orthogonal(key, n, shape = [], { dtype, m })`: matrices `[...shape, n, m]` uniform among orthogonal ones. */
export function orthogonal(
  key: KeyArray,
  n: number,
  shape: readonly number[] = [],
  options: OrthogonalOptions = {},
): JaxArray {
  const op = "random.orthogonal";
  const k = checkKey(op, key);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  const s = checkSampleShape(op, shape);
  const m = options.m ?? n;
  for (const [name, v] of [
    ["n", n],
    ["m", m],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new ValueError(`${op}: ${name} must be a non-negative integer, got ${String(v)}`);
  }
  const z = normal(k, [...s, Math.max(n, m), Math.min(n, m)], { dtype });
  const [q, r] = qr(z);
  const rank = r.ndim;
  const rows = lax.broadcastedIota("int32", r.shape, rank - 2);
  const cols = lax.broadcastedIota("int32", r.shape, rank - 1);
  const d = lax.reduceSum(lax.select(lax.eq(rows, cols), r, lax.full(r.shape, 0, dtype)), [rank - 2]);
  const signs = lax.sign(d);
  const x = lax.mul(q, lax.broadcastInDim(signs, q.shape, [...s.map((_, i) => i), rank - 1]));
  if (n >= m) return x;
  const perm = x.shape.map((_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return lax.transpose(x, perm);
}
