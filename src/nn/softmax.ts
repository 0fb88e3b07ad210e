// Normalizations over an axis: softmax, logSoftmax, logsumexp, standardize. Each subtracts the
// maximum before exponentiating, so large inputs don't overflow; the maximum is held constant
// for differentiation (it cancels mathematically).
import { asArray, type ArrayLike } from "../coerce.js";
import * as lax from "../lax/index.js";
import { normalizeAxes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "../numpy/math-util.js";
import { broadcastTo, promoteArgsInexact, promoteToInexact } from "../numpy/promote.js";
import { add, multiply, square, subtract } from "../numpy/elementwise.js";
import { checkAxisForm, max, mean, reductionMask, sum, type Axis } from "../numpy/reductions.js";

export interface SoftmaxOptions {
  /** Axis or axes to normalize over (default -1; null: all axes). */
  axis?: Axis;
  /** Only these elements take part; the others get 0 (softmax) or -inf (logSoftmax). */
  where?: ArrayLike;
}

/** `(axis?, options?)` or `(options)`; the axis defaults to -1 (null means all axes). */
function softmaxArgs(axis: Axis | SoftmaxOptions, options: SoftmaxOptions): SoftmaxOptions {
  const opts: SoftmaxOptions =
    axis !== null && typeof axis === "object" && !Array.isArray(axis)
      ? (axis as SoftmaxOptions)
      : { ...options, axis: axis === undefined ? options.axis : (axis as Axis) };
  return { ...opts, axis: opts.axis === undefined ? -1 : opts.axis };
}

/** The masked input and its (constant) maximum over the axes, kept as size-1 axes. */
function shiftedByMax(
  op: string,
  x: ArrayLike,
  opts: SoftmaxOptions,
): { shifted: JaxArray; axes: number[]; mask: JaxArray | null } {
  const [a] = promoteToInexact(op, [x]);
  checkAxisForm(op, opts.axis);
  const axes = normalizeAxes(opts.axis, a!.ndim, op);
  const mask = opts.where === undefined ? null : reductionMask(op, opts.where, a!);
  const safe = mask ? lax.select(mask, a!, fullLike(a!, -Infinity)) : a!;
  const m = max(safe, { axis: axes, keepdims: true, ...(mask ? { where: mask, initial: -Infinity } : {}) });
  return { shifted: lax.sub(safe, broadcastTo(lax.stopGradient(m), safe.shape)), axes, mask };
}

/** exp(x) / sum(exp(x)) over `axis` (default -1). */
export function softmax(x: ArrayLike, axis: Axis | SoftmaxOptions = -1, options: SoftmaxOptions = {}): JaxArray {
  const opts = softmaxArgs(axis, options);
  const { shifted, axes, mask } = shiftedByMax("softmax", x, opts);
  const e = lax.exp(shifted);
  const total = sum(e, { axis: axes, keepdims: true, ...(mask ? { where: mask } : {}) });
  const out = lax.div(e, broadcastTo(total, e.shape));
  return mask ? lax.select(mask, out, fullLike(out, 0)) : out;
}

/** x - logsumexp(x) over `axis` (default -1). */
export function logSoftmax(x: ArrayLike, axis: Axis | SoftmaxOptions = -1, options: SoftmaxOptions = {}): JaxArray {
  const opts = softmaxArgs(axis, options);
  const { shifted, axes, mask } = shiftedByMax("logSoftmax", x, opts);
  const total = sum(lax.exp(shifted), { axis: axes, keepdims: true, ...(mask ? { where: mask } : {}) });
  const out = lax.sub(shifted, broadcastTo(lax.log(total), shifted.shape));
  return mask ? lax.select(mask, out, fullLike(out, -Infinity)) : out;
}

export interface LogsumexpOptions {
  axis?: Axis;
  keepdims?: boolean;
  /** Scale factors: log(sum(b * exp(x))). */
  b?: ArrayLike;
  /** Also return the sign of sum(b * exp(x)) (for negative b). */
  returnSign?: boolean;
  where?: ArrayLike;
}

/**
 * log(sum(exp(x))) over `axis` (default: all axes), stable for large inputs. Slices that are all
 * -inf give -inf; with `b`, a negative sum gives NaN unless `returnSign`.
 */
export function logsumexp(
  x: ArrayLike,
  axis?: Axis | (LogsumexpOptions & { returnSign?: false }),
  options?: LogsumexpOptions & { returnSign?: false },
): JaxArray;
export function logsumexp(
  x: ArrayLike,
  axis: Axis | (LogsumexpOptions & { returnSign: true }),
  options?: LogsumexpOptions & { returnSign: true },
): [JaxArray, JaxArray];
export function logsumexp(
  x: ArrayLike,
  axis?: Axis | LogsumexpOptions,
  options: LogsumexpOptions = {},
): JaxArray | [JaxArray, JaxArray] {
  const opts: LogsumexpOptions =
    axis !== null && typeof axis === "object" && !Array.isArray(axis)
      ? (axis as LogsumexpOptions)
      : { ...options, axis: (axis as Axis) ?? options.axis };
  let a: JaxArray;
  let b: JaxArray | null = null;
  if (opts.b !== undefined) {
    const [pa, pb] = promoteArgsInexact("logsumexp", [x, opts.b]);
    b = pb!;
    // Terms with zero weight drop out entirely, even where x is +inf.
    a = lax.select(lax.ne(b, fullLike(b, 0)), pa!, fullLike(pa!, -Infinity));
  } else {
    a = promoteToInexact("logsumexp", [x])[0]!;
  }
  checkAxisForm("logsumexp", opts.axis);
  const axes = normalizeAxes(opts.axis, a.ndim, "logsumexp");
  const keepdims = opts.keepdims ?? false;
  const maskOpts = opts.where === undefined ? {} : { where: opts.where };
  const rawMax = max(a, { axis: axes, keepdims: true, initial: -Infinity, ...maskOpts });
  // An infinite maximum (all -inf, or a +inf) is replaced by 0 so that x - max stays meaningful.
  const m = lax.stopGradient(lax.select(lax.isFinite(rawMax), rawMax, fullLike(rawMax, 0)));
  let terms = lax.exp(lax.sub(a, broadcastTo(m, a.shape)));
  if (b) terms = lax.mul(terms, b);
  const total = sum(terms, { axis: axes, keepdims, ...maskOpts });
  const sign = lax.sign(total);
  const mOut = keepdims ? m : lax.reshape(m, total.shape);
  let out = lax.add(lax.log(lax.abs(total)), mOut);
  if (opts.returnSign) return [out, sign];
  if (b) out = lax.select(lax.lt(sign, fullLike(sign, 0)), fullLike(out, NaN), out);
  return out;
}

export interface StandardizeOptions {
  /** Axis or axes to normalize over (default -1). */
  axis?: Axis;
  /** Precomputed mean (default: computed over `axis`). */
  mean?: ArrayLike;
  /** Precomputed variance (default: mean(x²) - mean(x)²). */
  variance?: ArrayLike;
  epsilon?: number;
  where?: ArrayLike;
}

/** (x - mean) / sqrt(variance + epsilon) over `axis` (default -1, epsilon 1e-5). */
export function standardize(
  x: ArrayLike,
  axis: Axis | StandardizeOptions = -1,
  options: StandardizeOptions = {},
): JaxArray {
  const opts: StandardizeOptions =
    axis !== null && typeof axis === "object" && !Array.isArray(axis)
      ? (axis as StandardizeOptions)
      : { ...options, axis: axis as Axis };
  const [a] = promoteToInexact("standardize", [x]);
  const ax = opts.axis === undefined ? -1 : opts.axis;
  const maskOpts = opts.where === undefined ? {} : { where: opts.where };
  const mu =
    opts.mean !== undefined ? asArray(opts.mean, "standardize") : mean(a!, { axis: ax, keepdims: true, ...maskOpts });
  // mean(x²) - mean(x)², as JAX computes it: one pass, and accurate enough for normalization layers.
  const variance =
    opts.variance ?? subtract(mean(lax.mul(a!, a!), { axis: ax, keepdims: true, ...maskOpts }), square(mu));
  const [v] = promoteToInexact("standardize", [add(variance, opts.epsilon ?? 1e-5)]);
  return multiply(subtract(a!, mu), lax.rsqrt(v!));
}
