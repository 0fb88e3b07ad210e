// jnp.linalg.norm and the array API's vectorNorm / matrixNorm.
import { type ArrayLike } from "../coerce.js";
import { UnsupportedError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { promoteToInexact } from "./promote.js";
import { max, min, sum, type Axis } from "./reductions.js";

/** A vector order (any number, ±Infinity, 0) or a matrix order ("fro", 1, -1, ±Infinity). */
export type NormOrd = number | "fro" | "f" | "nuc" | null;

export interface NormOptions {
  ord?: NormOrd;
  /** One axis (vector norm), two axes (matrix norm), or all axes (the default). */
  axis?: Axis;
  keepdims?: boolean;
}

function euclidean(x: JaxArray, axes: number[] | null, keepdims: boolean): JaxArray {
  return lax.sqrt(sum(lax.mul(x, x), { axis: axes, keepdims }));
}

function vectorOrd(x: JaxArray, ord: number, axis: number, keepdims: boolean): JaxArray {
  const abs = lax.abs(x);
  const opts = { axis, keepdims };
  if (ord === 2) return euclidean(x, [axis], keepdims);
  if (ord === Infinity) return max(abs, opts);
  if (ord === -Infinity) return min(abs, opts);
  if (ord === 0) return sum(lax.ne(x, fullLike(x, 0)), { ...opts, dtype: x.dtype });
  if (ord === 1) return sum(abs, opts);
  const powered = sum(lax.pow(abs, fullLike(abs, ord)), opts);
  return lax.pow(powered, fullLike(powered, 1 / ord));
}

function matrixOrd(x: JaxArray, ord: NormOrd, rows: number, cols: number, keepdims: boolean): JaxArray {
  if (ord === null || ord === "fro" || ord === "f") return euclidean(x, [rows, cols], keepdims);
  if (ord === "nuc" || ord === 2 || ord === -2) {
    throw new UnsupportedError(
      `norm: the matrix norm ord=${String(ord)} needs singular values (no SVD in jax-ts yet); use "fro", 1, -1, Infinity or -Infinity`,
    );
  }
  const abs = lax.abs(x);
  // ord ±1: extreme column sum (sum over rows); ord ±inf: extreme row sum (sum over columns).
  const [summed, kept] =
    ord === 1 || ord === -1 ? [rows, cols] : ord === Infinity || ord === -Infinity ? [cols, rows] : [null, null];
  if (summed === null || kept === null)
    throw new ValueError(
      `norm: invalid order ${String(ord)} for a matrix norm; use "fro", 1, -1, Infinity or -Infinity`,
    );
  const sums = sum(abs, { axis: summed, keepdims });
  const keptAfter = !keepdims && kept > summed ? kept - 1 : kept;
  const pick = ord === 1 || ord === Infinity ? max : min;
  return pick(sums, { axis: keptAfter, keepdims });
}

function isNormOptions(x: unknown): x is NormOptions {
  return typeof x === "object" && x !== null;
}

/**
 * Vector or matrix norm: `norm(x)` (2-norm of the flattened array), `norm(x, 1)`,
 * `norm(x, Infinity, { axis: 1 })`, `norm(x, { ord: "fro", axis: [0, 1] })`.
 */
export function norm(x: ArrayLike, ord?: NormOrd | NormOptions, options: NormOptions = {}): JaxArray {
  const opts: NormOptions = isNormOptions(ord) ? ord : { ...options, ord: ord ?? options.ord ?? null };
  const [a] = promoteToInexact("norm", [x]);
  const keepdims = opts.keepdims ?? false;
  const o = opts.ord ?? null;
  if (opts.axis === null || opts.axis === undefined) {
    if (o === null) return euclidean(a!, null, keepdims);
  }
  const axes =
    opts.axis === null || opts.axis === undefined
      ? a!.shape.map((_, i) => i)
      : typeof opts.axis === "number"
        ? [opts.axis]
        : [...opts.axis];
  const canon = axes.map((d) => normalizeAxis(d, a!.ndim, "norm"));
  if (canon.length === 1) {
    if (typeof o === "string")
      throw new ValueError(`norm: invalid order "${o}" for a vector norm; use a number, Infinity or -Infinity`);
    return vectorOrd(a!, o ?? 2, canon[0]!, keepdims);
  }
  if (canon.length === 2) {
    if (canon[0] === canon[1]) throw new ValueError(`norm: the two axes must differ, got [${axes.join(", ")}]`);
    return matrixOrd(a!, o, canon[0]!, canon[1]!, keepdims);
  }
  throw new ValueError(
    `norm: axis must name one or two axes when ord is given, got [${axes.join(", ")}] for ${a!.aval.str()}`,
  );
}

export interface VectorNormOptions {
  axis?: Axis;
  keepdims?: boolean;
  /** Default 2. */
  ord?: number;
}

/** The array API's vector norm: over all elements by default, or along `axis`. */
export function vectorNorm(x: ArrayLike, options: VectorNormOptions = {}): JaxArray {
  const [a] = promoteToInexact("vectorNorm", [x]);
  const ord = options.ord ?? 2;
  if (options.axis === null || options.axis === undefined) {
    const flatNorm = vectorOrd(lax.reshape(a!, [a!.size]), ord, 0, false);
    return options.keepdims
      ? lax.reshape(
          flatNorm,
          a!.shape.map(() => 1),
        )
      : flatNorm;
  }
  if (typeof options.axis !== "number") {
    if (ord !== 2)
      throw new ValueError(
        `vectorNorm: ord=${ord} over several axes [${options.axis.join(", ")}] is not supported; use one axis`,
      );
    return euclidean(
      a!,
      options.axis.map((d) => normalizeAxis(d, a!.ndim, "vectorNorm")),
      options.keepdims ?? false,
    );
  }
  return vectorOrd(a!, ord, normalizeAxis(options.axis, a!.ndim, "vectorNorm"), options.keepdims ?? false);
}

export interface MatrixNormOptions {
  keepdims?: boolean;
  /** Default "fro". */
  ord?: NormOrd;
}

/** The array API's matrix norm over the last two axes. */
export function matrixNorm(x: ArrayLike, options: MatrixNormOptions = {}): JaxArray {
  const [a] = promoteToInexact("matrixNorm", [x]);
  if (a!.ndim < 2) throw new ValueError(`matrixNorm: needs at least 2 axes, got ${a!.aval.str()}`);
  return matrixOrd(a!, options.ord ?? "fro", a!.ndim - 2, a!.ndim - 1, options.keepdims ?? false);
}
