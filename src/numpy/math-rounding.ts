// numpy rounding, clipping and elementwise extrema.
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { promoteArgs, promoteArgsInexact, promoteToInexact } from "./promote.js";

/** Integer and bool arrays are already integral: the rounding functions return them unchanged. */
function roundingInput(op: string, x: ArrayLike): JaxArray | null {
  const a = asArray(x, op);
  return isFloat(a.dtype) ? a : null;
}

export function floor(x: ArrayLike): JaxArray {
  const a = roundingInput("floor", x);
  return a ? lax.floor(a) : asArray(x);
}

export function ceil(x: ArrayLike): JaxArray {
  const a = roundingInput("ceil", x);
  return a ? lax.ceil(a) : asArray(x);
}

/** Rounds toward zero. */
export function trunc(x: ArrayLike): JaxArray {
  const a = roundingInput("trunc", x);
  if (!a) return asArray(x);
  return lax.select(lax.lt(a, fullLike(a, 0)), lax.ceil(a), lax.floor(a));
}

/** Rounds toward zero (numpy's older name for trunc). */
export function fix(x: ArrayLike): JaxArray {
  const a = roundingInput("fix", x);
  if (!a) return asArray(x);
  return lax.select(lax.ge(a, fullLike(a, 0)), lax.floor(a), lax.ceil(a));
}

function roundHalfEven(a: JaxArray): JaxArray {
  return lax.round(a, { roundingMethod: lax.RoundingMethod.TO_NEAREST_EVEN });
}

/** `[fractional part, integral part]`, both with the sign of x (float results). */
export function modf(x: ArrayLike): [JaxArray, JaxArray] {
  const [a] = promoteToInexact("modf", [x]);
  const whole = lax.select(lax.ge(a!, fullLike(a!, 0)), lax.floor(a!), lax.ceil(a!));
  return [lax.sub(a!, whole), whole];
}

/** Rounds half to even; integer inputs become float32, as numpy's rint does. */
export function rint(x: ArrayLike): JaxArray {
  const a = asArray(x, "rint");
  if (!isFloat(a.dtype)) return lax.convertElementType(a, "float32");
  return roundHalfEven(a);
}

export interface RoundOptions {
  decimals?: number;
}

/**
 * Rounds half to even at `decimals` decimal places (negative: tens, hundreds, ...), by scaling,
 * as JAX does: the scaled value may carry one rounding error. Integers are returned unchanged.
 */
export function round(x: ArrayLike, decimals: number | RoundOptions = 0): JaxArray {
  const d = typeof decimals === "number" ? decimals : (decimals.decimals ?? 0);
  if (!Number.isInteger(d)) throw new ValueError(`round: decimals must be an integer, got ${d}`);
  const a = asArray(x, "round");
  if (!isFloat(a.dtype)) {
    if (d < 0)
      throw new ValueError(
        `round: integer rounding with negative decimals (${d}) is unsupported; convert with x.astype('float32')`,
      );
    return a;
  }
  if (d === 0) return roundHalfEven(a);
  // float16 lacks the range for the scale factor.
  const work = a.dtype === "float16" ? lax.convertElementType(a, "float32", a.weakType) : a;
  const factor = fullLike(work, 10 ** d);
  const out = lax.div(roundHalfEven(lax.mul(work, factor)), factor);
  return out.dtype === a.dtype ? out : lax.convertElementType(out, a.dtype, a.weakType);
}
export const around = round;

/** Elementwise maximum; NaN wins. */
export function maximum(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("maximum", [x, y]);
  return lax.max(a!, b!);
}

/** Elementwise minimum; NaN wins. */
export function minimum(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("minimum", [x, y]);
  return lax.min(a!, b!);
}

/** Elementwise maximum ignoring NaN (NaN only where both are). */
export function fmax(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("fmax", [x, y]);
  return lax.select(lax.bitwiseOr(lax.lt(a!, b!), lax.ne(a!, a!)), b!, a!);
}

/** Elementwise minimum ignoring NaN (NaN only where both are). */
export function fmin(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("fmin", [x, y]);
  return lax.select(lax.bitwiseOr(lax.lt(b!, a!), lax.ne(a!, a!)), b!, a!);
}

export interface ClipOptions {
  min?: ArrayLike | null;
  max?: ArrayLike | null;
}

function isClipOptions(x: unknown): x is ClipOptions {
  return typeof x === "object" && x !== null && !(x instanceof JaxArray);
}

/**
 * Limits values to [min, max]: `clip(x, lo, hi)`, `clip(x, { max: hi })`. Either bound may be
 * omitted; bounds broadcast and promote like maximum/minimum.
 */
export function clip(x: ArrayLike, min?: ArrayLike | null | ClipOptions, max?: ArrayLike | null): JaxArray {
  const opts: ClipOptions = isClipOptions(min) ? min : { min, max };
  let out = asArray(x, "clip");
  if (opts.min !== undefined && opts.min !== null) out = maximum(opts.min, out);
  if (opts.max !== undefined && opts.max !== null) out = minimum(opts.max, out);
  return out;
}

/** 0 for x < 0, 1 for x > 0, and `h0` at x == 0. */
export function heaviside(x: ArrayLike, h0: ArrayLike): JaxArray {
  const [a, h] = promoteArgsInexact("heaviside", [x, h0]);
  const zero = fullLike(a!, 0);
  const positive = lax.select(lax.gt(a!, zero), fullLike(a!, 1), h!);
  return lax.select(lax.lt(a!, zero), zero, positive);
}
