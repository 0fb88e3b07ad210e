// Matrices: eye, identity, tri, tril, triu, diag, diagflat, diagonal.
import { arrayFromHost } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { pad } from "../primitives/shape/pad.js";
import { reshape } from "../primitives/shape/reshape.js";
import { slice } from "../primitives/shape/slice.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { checkDtype, checkElementCount, zerosLike, type DTypeOption } from "./creation.js";
import { moveaxis } from "./manipulation.js";

export interface DiagonalOffsetOptions extends DTypeOption {
  /** Diagonal offset: 0 the main diagonal, k > 0 above it, k < 0 below. */
  k?: number;
}

function checkSize(op: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`${op}: ${name} must be a non-negative integer, got ${n}`);
}

function checkOffset(op: string, k: number): void {
  if (!Number.isInteger(k)) throw new ValueError(`${op}: the diagonal offset k must be an integer, got ${k}`);
}

/** Host values of an N x M matrix with `f(i, j)` as 1/0. */
function hostMask(n: number, m: number, f: (i: number, j: number) => boolean, dtype: DType): JaxArray {
  const values = new Array<number>(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) values[i * m + j] = f(i, j) ? 1 : 0;
  return arrayFromHost(values, [n, m], dtype);
}

function matrixArgs(
  op: string,
  N: number,
  M: number | null | undefined | DiagonalOffsetOptions,
  options: DiagonalOffsetOptions,
) {
  const opts = typeof M === "object" && M !== null ? M : options;
  const m = typeof M === "number" ? M : N;
  checkSize(op, "N", N);
  checkSize(op, "M", m);
  checkElementCount(op, [N, m]);
  checkDtype(op, opts.dtype);
  const k = opts.k ?? 0;
  checkOffset(op, k);
  return { m, k, dtype: opts.dtype ?? "float32" };
}

/** `jnp.eye(N, M?, { k, dtype })`: ones on the k-th diagonal. */
export function eye(
  N: number,
  M?: number | null | DiagonalOffsetOptions,
  options: DiagonalOffsetOptions = {},
): JaxArray {
  const { m, k, dtype } = matrixArgs("eye", N, M, options);
  return hostMask(N, m, (i, j) => j - i === k, dtype);
}

/** `jnp.identity(n, { dtype })`: the n x n identity matrix. */
export function identity(n: number, options: DTypeOption = {}): JaxArray {
  checkSize("identity", "n", n);
  return eye(n, n, options);
}

/** `jnp.tri(N, M?, { k, dtype })`: ones at and below the k-th diagonal. */
export function tri(
  N: number,
  M?: number | null | DiagonalOffsetOptions,
  options: DiagonalOffsetOptions = {},
): JaxArray {
  const { m, k, dtype } = matrixArgs("tri", N, M, options);
  return hostMask(N, m, (i, j) => j <= i + k, dtype);
}

/** Keeps the entries of the last two axes where `keep(i, j)`, zeros elsewhere (NaNs elsewhere vanish too). */
function maskLastTwo(op: string, m: ArrayLike, keep: (i: number, j: number) => boolean): JaxArray {
  const x = asArray(m, op);
  if (x.ndim < 2)
    throw new ValueError(
      `${op}: needs an array of rank >= 2, got ${x.aval.str()}; reshape a vector with x.reshape(1, -1)`,
    );
  const [n, c] = x.shape.slice(-2) as [number, number];
  const mask = broadcastInDim(hostMask(n, c, keep, "bool"), x.shape, [x.ndim - 2, x.ndim - 1]);
  return lax.select(mask, x, zerosLike(x));
}

/** `jnp.tril(m, k = 0)`: the lower triangle (at and below the k-th diagonal) of the last two axes. */
export function tril(m: ArrayLike, k = 0): JaxArray {
  checkOffset("tril", k);
  return maskLastTwo("tril", m, (i, j) => j <= i + k);
}

/** `jnp.triu(m, k = 0)`: the upper triangle (at and above the k-th diagonal) of the last two axes. */
export function triu(m: ArrayLike, k = 0): JaxArray {
  checkOffset("triu", k);
  return maskLastTwo("triu", m, (i, j) => j >= i + k);
}

export interface DiagonalOptions {
  offset?: number;
  axis1?: number;
  axis2?: number;
}

/**
 * `jnp.diagonal(a, offset = 0, axis1 = 0, axis2 = 1)`: the diagonal of the two axes becomes the
 * last axis. The two axes are flattened together so the diagonal is one strided slice.
 */
export function diagonal(a: ArrayLike, offset: number | DiagonalOptions = 0, axis1 = 0, axis2 = 1): JaxArray {
  const opts: Required<DiagonalOptions> =
    typeof offset === "object"
      ? { offset: offset.offset ?? 0, axis1: offset.axis1 ?? 0, axis2: offset.axis2 ?? 1 }
      : { offset, axis1, axis2 };
  const x = asArray(a, "diagonal");
  if (x.ndim < 2) throw new ValueError(`diagonal: needs an array of rank >= 2, got ${x.aval.str()}`);
  checkOffset("diagonal", opts.offset);
  const a1 = normalizeAxis(opts.axis1, x.ndim, "diagonal");
  const a2 = normalizeAxis(opts.axis2, x.ndim, "diagonal");
  if (a1 === a2) throw new ValueError(`diagonal: axis1 and axis2 must differ, both are ${a1} for ${x.aval.str()}`);
  const moved = moveaxis(x, [a1, a2], [-2, -1]);
  const batch = moved.shape.slice(0, -2);
  const [n, m] = moved.shape.slice(-2) as [number, number];
  const k = opts.offset;
  const count = Math.max(0, k >= 0 ? Math.min(n, m - k) : Math.min(n + k, m));
  const flat = reshape(moved, [...batch, n * m]);
  const start = count === 0 ? 0 : k >= 0 ? k : -k * m;
  const limit = count === 0 ? 0 : start + (count - 1) * (m + 1) + 1;
  return slice(flat, [...batch.map(() => 0), start], [...batch, limit], [...batch.map(() => 1), m + 1]);
}

/** `jnp.diag(v, k = 0)`: a 1-D input becomes a matrix with it on the k-th diagonal; a 2-D input gives its k-th diagonal. */
export function diag(v: ArrayLike, k = 0): JaxArray {
  const x = asArray(v, "diag");
  checkOffset("diag", k);
  if (x.ndim === 2) return diagonal(x, k);
  if (x.ndim !== 1) throw new ValueError(`diag: input must be 1-D or 2-D, got ${x.aval.str()}`);
  const n = x.shape[0]! + Math.abs(k);
  // Column j of the result holds padded[j]; the mask keeps it on the k-th diagonal only.
  const padded = pad(x, 0, [[Math.max(k, 0), Math.max(-k, 0), 0]]);
  const rows = broadcastInDim(padded, [n, n], [1]);
  const mask = hostMask(n, n, (i, j) => j - i === k, "bool");
  return lax.select(mask, rows, zerosLike(rows));
}

/** `jnp.diagflat(v, k = 0)`: the flattened input on the k-th diagonal of a matrix. */
export function diagflat(v: ArrayLike, k = 0): JaxArray {
  const x = asArray(v, "diagflat");
  return diag(reshape(x, [x.size]), k);
}
