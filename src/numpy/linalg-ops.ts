// numpy products: matmul (batch dims broadcast, 1-D operands promoted and removed), dot, vdot,
// inner, outer, tensordot, kron, trace, cross; and the `linalg` namespace object.
import { type ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis, range } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { contract, type ContractionOptions } from "./math-contract.js";
import { cross } from "./math-cross.js";
import { matrixNorm, norm, vectorNorm } from "./math-norm.js";
import { fullLike } from "./math-util.js";
import { broadcastArrays, promoteDtypes } from "./promote.js";
import { sum } from "./reductions.js";
import { cholesky } from "./linalg-cholesky.js";
import { eigh, eigvalsh } from "./linalg-eigh.js";
import { qr } from "./linalg-qr.js";
import { det, inv, slogdet, solve } from "./linalg-solve.js";
import { solveTriangular, triangularSolve } from "./linalg-triangular.js";

export * from "./math-einsum.js";
export * from "./math-cross.js";
export type { ContractionOptions } from "./math-contract.js";

function operandsStr(...xs: JaxArray[]): string {
  return xs.map((x) => x.aval.str()).join(", ");
}

/** Elementwise product with broadcasting (logical and for bools), for the scalar cases. */
function broadcastMul(op: string, a: JaxArray, b: JaxArray): JaxArray {
  const [x, y] = broadcastArrays(op, [a, b]);
  return x!.dtype === "bool" ? lax.bitwiseAnd(x!, y!) : lax.mul(x!, y!);
}

/**
 * Matrix product with numpy's rules: leading (batch) axes broadcast, and a 1-D operand acts as a
 * row (first) or column (second) vector whose axis is removed from the result. A batch axis of
 * size 1 is not copied: it becomes a free axis of the other operand's contraction.
 */
export function matmul(x: ArrayLike, y: ArrayLike, options: ContractionOptions = {}): JaxArray {
  const [a0, b0] = promoteDtypes("matmul", [x, y]);
  const a = a0!;
  const b = b0!;
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ValueError(
      `matmul: operands must have at least one axis, got ${operandsStr(a, b)}; use jnp.multiply for scalars`,
    );
  }
  const aVec = a.ndim === 1;
  const bVec = b.ndim === 1;
  const k = a.shape[a.ndim - 1]!;
  const kb = b.shape[bVec ? 0 : b.ndim - 2]!;
  if (k !== kb) {
    throw new ShapeError(
      `matmul: contraction sizes differ for ${operandsStr(a, b)} (${k} vs ${kb}); the last axis of the first operand ` +
        `must match the ${bVec ? "only" : "second-to-last"} axis of the second`,
    );
  }
  const aBatch = aVec ? [] : a.shape.slice(0, -2);
  const bBatch = bVec ? [] : b.shape.slice(0, -2);
  const nb = Math.max(aBatch.length, bBatch.length);
  const squeezeA: number[] = [];
  const squeezeB: number[] = [];
  const batchA: number[] = [];
  const batchB: number[] = [];
  // Output position of each axis dot_general produces: batch axes, then free axes of a, then of b.
  const outBatch: number[] = [];
  const outA: number[] = [];
  const outB: number[] = [];
  let keptA = 0;
  let keptB = 0;
  for (let i = 0; i < nb; i++) {
    const ia = i - (nb - aBatch.length);
    const ib = i - (nb - bBatch.length);
    const da = ia >= 0 ? aBatch[ia]! : null;
    const db = ib >= 0 ? bBatch[ib]! : null;
    if (da === null) {
      outB.push(i);
      keptB++;
    } else if (db === null) {
      outA.push(i);
      keptA++;
    } else if (da === db) {
      batchA.push(keptA++);
      batchB.push(keptB++);
      outBatch.push(i);
    } else if (da === 1) {
      squeezeA.push(ia);
      outB.push(i);
      keptB++;
    } else if (db === 1) {
      squeezeB.push(ib);
      outA.push(i);
      keptA++;
    } else {
      throw new ShapeError(
        `matmul: batch shapes of ${operandsStr(a, b)} do not broadcast (axis ${i - nb - 2}: ${da} vs ${db}); ` +
          `make the sizes equal or 1 on that axis`,
      );
    }
  }
  if (!aVec) outA.push(nb);
  if (!bVec) outB.push(aVec ? nb : nb + 1);
  const as = lax.squeeze(a, squeezeA);
  const bs = lax.squeeze(b, squeezeB);
  const out = contract(as, bs, [as.ndim - 1], [bVec ? 0 : bs.ndim - 2], batchA, batchB, options);
  const order = [...outBatch, ...outA, ...outB];
  return lax.transpose(
    out,
    range(order.length).map((j) => order.indexOf(j)),
  );
}

/** numpy's dot: the last axis of x against the second-to-last of y (the only one for 1-D y). */
export function dot(x: ArrayLike, y: ArrayLike, options: ContractionOptions = {}): JaxArray {
  const [a, b] = promoteDtypes("dot", [x, y]);
  if (a!.ndim === 0 || b!.ndim === 0) return broadcastMul("dot", a!, b!);
  const ca = a!.ndim - 1;
  const cb = b!.ndim === 1 ? 0 : b!.ndim - 2;
  if (a!.shape[ca] !== b!.shape[cb]) {
    throw new ShapeError(
      `dot: contraction sizes differ for ${operandsStr(a!, b!)} (${a!.shape[ca]} vs ${b!.shape[cb]}); ` +
        `the last axis of x must match the ${b!.ndim === 1 ? "only" : "second-to-last"} axis of y`,
    );
  }
  return contract(a!, b!, [ca], [cb], [], [], options);
}

/** Dot product of the flattened operands. */
export function vdot(x: ArrayLike, y: ArrayLike, options: ContractionOptions = {}): JaxArray {
  const [a, b] = promoteDtypes("vdot", [x, y]);
  if (a!.size !== b!.size)
    throw new ShapeError(`vdot: operands ${operandsStr(a!, b!)} have different sizes (${a!.size} vs ${b!.size})`);
  return contract(lax.reshape(a!, [a!.size]), lax.reshape(b!, [b!.size]), [0], [0], [], [], options);
}

/** Contracts the last axes of x and y. */
export function inner(x: ArrayLike, y: ArrayLike, options: ContractionOptions = {}): JaxArray {
  const [a, b] = promoteDtypes("inner", [x, y]);
  if (a!.ndim === 0 || b!.ndim === 0) return broadcastMul("inner", a!, b!);
  const ca = a!.ndim - 1;
  const cb = b!.ndim - 1;
  if (a!.shape[ca] !== b!.shape[cb]) {
    throw new ShapeError(`inner: the last axes of ${operandsStr(a!, b!)} differ (${a!.shape[ca]} vs ${b!.shape[cb]})`);
  }
  return contract(a!, b!, [ca], [cb], [], [], options);
}

/** outer(x, y)[i, j] = x.flat[i] * y.flat[j]. */
export function outer(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteDtypes("outer", [x, y]);
  return broadcastMul("outer", lax.reshape(a!, [a!.size, 1]), lax.reshape(b!, [1, b!.size]));
}

/** `N` (the last N axes of x with the first N of y) or explicit lists `[axesOfX, axesOfY]`. */
export type TensordotAxes = number | readonly [number | readonly number[], number | readonly number[]];

export interface TensordotOptions extends ContractionOptions {
  axes?: TensordotAxes;
}

function isTensordotOptions(x: unknown): x is TensordotOptions {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Sum of products over the given axes: `tensordot(x, y, 1)`, `tensordot(x, y, [[1, 0], [0, 1]])`. */
export function tensordot(
  x: ArrayLike,
  y: ArrayLike,
  axes: TensordotAxes | TensordotOptions = 2,
  options: ContractionOptions = {},
): JaxArray {
  const opts: TensordotOptions = isTensordotOptions(axes) ? axes : { ...options, axes };
  const spec = opts.axes ?? 2;
  const [a, b] = promoteDtypes("tensordot", [x, y]);
  let ca: number[];
  let cb: number[];
  if (typeof spec === "number") {
    if (!Number.isInteger(spec) || spec < 0 || spec > a!.ndim || spec > b!.ndim) {
      throw new ValueError(
        `tensordot: axes=${spec} must be an integer in [0, ${Math.min(a!.ndim, b!.ndim)}] for ${operandsStr(a!, b!)}`,
      );
    }
    ca = range(spec).map((i) => a!.ndim - spec + i);
    cb = range(spec);
  } else {
    const list = (v: number | readonly number[]) => (typeof v === "number" ? [v] : [...v]);
    ca = list(spec[0]).map((d) => normalizeAxis(d, a!.ndim, "tensordot"));
    cb = list(spec[1]).map((d) => normalizeAxis(d, b!.ndim, "tensordot"));
    if (ca.length !== cb.length) {
      throw new ValueError(`tensordot: axes lists have different lengths ([${ca.join(", ")}] vs [${cb.join(", ")}])`);
    }
  }
  ca.forEach((d, i) => {
    if (a!.shape[d] !== b!.shape[cb[i]!]) {
      throw new ShapeError(
        `tensordot: axis ${d} of ${a!.aval.str()} (size ${a!.shape[d]}) does not match axis ${cb[i]} of ${b!.aval.str()} (size ${b!.shape[cb[i]!]})`,
      );
    }
  });
  return contract(a!, b!, ca, cb, [], [], opts);
}

/** Kronecker product: blocks x[i, j] * y. */
export function kron(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a0, b0] = promoteDtypes("kron", [x, y]);
  const nd = Math.max(a0!.ndim, b0!.ndim);
  const pad = (v: JaxArray) => lax.reshape(v, [...Array<number>(nd - v.ndim).fill(1), ...v.shape]);
  const a = pad(a0!);
  const b = pad(b0!);
  // Interleave: a's axes at even positions, b's at odd ones, then merge each pair.
  const aSpread = lax.reshape(
    a,
    a.shape.flatMap((d) => [d, 1]),
  );
  const bSpread = lax.reshape(
    b,
    b.shape.flatMap((d) => [1, d]),
  );
  const product = broadcastMul("kron", aSpread, bSpread);
  return lax.reshape(
    product,
    a.shape.map((d, i) => d * b.shape[i]!),
  );
}

export interface TraceOptions {
  /** Diagonal offset: positive above the main diagonal (default 0). */
  offset?: number;
  axis1?: number;
  axis2?: number;
  dtype?: DType;
}

/** Sum along a diagonal of the axis1 x axis2 planes (default: the main diagonal of the first two axes). */
export function trace(x: ArrayLike, options: number | TraceOptions = {}): JaxArray {
  const opts: TraceOptions = typeof options === "number" ? { offset: options } : options;
  const [a] = promoteDtypes("trace", [x]);
  if (a!.ndim < 2) throw new ValueError(`trace: needs an array of at least 2 axes, got ${a!.aval.str()}`);
  const ax1 = normalizeAxis(opts.axis1 ?? 0, a!.ndim, "trace");
  const ax2 = normalizeAxis(opts.axis2 ?? 1, a!.ndim, "trace");
  if (ax1 === ax2) throw new ValueError(`trace: axis1 and axis2 must differ, got ${ax1} twice for ${a!.aval.str()}`);
  const offset = opts.offset ?? 0;
  const [p, q] = ax1 < ax2 ? [ax1, ax2] : [ax2, ax1];
  const plane = [a!.shape[p]!, a!.shape[q]!];
  const rowP = lax.broadcastedIota("int32", plane, 0);
  const colQ = lax.broadcastedIota("int32", plane, 1);
  const [i1, i2] = ax1 === p ? [rowP, colQ] : [colQ, rowP];
  const onDiagonal = lax.eq(lax.sub(i2, i1), fullLike(i1, offset));
  const mask = lax.broadcastInDim(onDiagonal, a!.shape, [p, q]);
  const masked = lax.select(mask, a!, fullLike(a!, 0));
  return sum(masked, { axis: [ax1, ax2], dtype: opts.dtype });
}

/** Swaps the last two axes. */
export function matrixTranspose(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("matrixTranspose", [x]);
  if (a!.ndim < 2) throw new ValueError(`matrixTranspose: needs at least 2 axes, got ${a!.aval.str()}`);
  const perm = range(a!.ndim);
  perm[a!.ndim - 2] = a!.ndim - 1;
  perm[a!.ndim - 1] = a!.ndim - 2;
  return lax.transpose(a!, perm);
}

export interface VecdotOptions {
  axis?: number;
}

/** Dot products of vectors along `axis` (default -1), broadcasting the other axes. */
export function vecdot(x: ArrayLike, y: ArrayLike, options: VecdotOptions = {}): JaxArray {
  const [a, b] = promoteDtypes("vecdot", [x, y]);
  const axis = options.axis ?? -1;
  const sa = a!.shape[normalizeAxis(axis, a!.ndim, "vecdot")];
  const sb = b!.shape[normalizeAxis(axis, b!.ndim, "vecdot")];
  if (sa !== sb)
    throw new ShapeError(`vecdot: axis ${axis} of ${operandsStr(a!, b!)} differs in size (${sa} vs ${sb})`);
  const product = broadcastMul("vecdot", a!, b!);
  return sum(product, { axis: normalizeAxis(axis, product.ndim, "vecdot") });
}

/**
 * jnp.linalg: the norms and the products that the array API places there, and factorizations
 * and solvers built from lax ops (so they differentiate, jit and vmap): cholesky, qr, solve, inv,
 * det, slogdet, eigh, eigvalsh, and the triangular solves of jax.scipy.linalg / lax.linalg.
 */
export const linalg = {
  cholesky,
  qr,
  solve,
  inv,
  det,
  slogdet,
  eigh,
  eigvalsh,
  solveTriangular,
  triangularSolve,
  norm,
  vectorNorm,
  matrixNorm,
  matmul,
  matrixTranspose,
  outer,
  tensordot,
  trace,
  vecdot,
  cross,
};
