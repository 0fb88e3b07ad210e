// numpy's floating-point classification and bit-level helpers (NaN/Inf tests, sign bits, ldexp).
import { asArray, type ArrayLike } from "../coerce.js";
import { finfo, isFloat, isInteger, isUnsigned } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { promoteArgsInexact, promoteDtypes, promoteToInexact } from "./promote.js";

function falseLike(a: JaxArray): JaxArray {
  return fullLike(a, false, "bool", false);
}

export function isnan(x: ArrayLike): JaxArray {
  const a = asArray(x, "isnan");
  return isFloat(a.dtype) ? lax.ne(a, a) : falseLike(a);
}

export function isinf(x: ArrayLike): JaxArray {
  const a = asArray(x, "isinf");
  return isFloat(a.dtype) ? lax.eq(lax.abs(a), fullLike(a, Infinity)) : falseLike(a);
}

export function isfinite(x: ArrayLike): JaxArray {
  const a = asArray(x, "isfinite");
  return isFloat(a.dtype) ? lax.isFinite(a) : fullLike(a, true, "bool", false);
}

export function isposinf(x: ArrayLike): JaxArray {
  const a = asArray(x, "isposinf");
  return isFloat(a.dtype) ? lax.eq(a, fullLike(a, Infinity)) : falseLike(a);
}

export function isneginf(x: ArrayLike): JaxArray {
  const a = asArray(x, "isneginf");
  return isFloat(a.dtype) ? lax.eq(a, fullLike(a, -Infinity)) : falseLike(a);
}

export interface NanToNumOptions {
  /** Replacement for NaN (default 0). */
  nan?: number;
  /** Replacement for +Inf (default: the dtype's largest finite value). */
  posinf?: number;
  /** Replacement for -Inf (default: the dtype's most negative finite value). */
  neginf?: number;
}

/** Replaces NaN and infinities by finite numbers; non-float arrays are returned unchanged. */
export function nanToNum(x: ArrayLike, options: NanToNumOptions = {}): JaxArray {
  const a = asArray(x, "nanToNum");
  if (!isFloat(a.dtype)) return a;
  const info = finfo(a.dtype);
  let out = lax.select(lax.ne(a, a), fullLike(a, options.nan ?? 0), a);
  out = lax.select(lax.eq(out, fullLike(out, Infinity)), fullLike(out, options.posinf ?? info.max), out);
  return lax.select(lax.eq(out, fullLike(out, -Infinity)), fullLike(out, options.neginf ?? info.min), out);
}

/**
 * Whether the sign bit is set (true for -0 and for NaNs with the sign bit). float32 and float16
 * read the bit; float64 (no 64-bit integers to bitcast to) tells -0 by 1/x and reports NaN as false.
 */
export function signbit(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("signbit", [x]);
  if (a!.dtype === "bool" || isUnsigned(a!.dtype)) return falseLike(a!);
  if (isInteger(a!.dtype)) return lax.lt(a!, fullLike(a!, 0));
  if (a!.dtype !== "float64") {
    const bits = lax.bitcastConvertType(lax.convertElementType(a!, "float32"), "int32");
    return lax.lt(bits, fullLike(bits, 0));
  }
  const zero = fullLike(a!, 0);
  const negativeZero = lax.bitwiseAnd(lax.eq(a!, zero), lax.lt(lax.div(fullLike(a!, 1), a!), zero));
  return lax.bitwiseOr(lax.lt(a!, zero), negativeZero);
}

/** |x| with the sign of y. */
export function copysign(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("copysign", [x, y]);
  const magnitude = lax.abs(a!);
  return lax.select(signbit(b!), lax.neg(magnitude), magnitude);
}

/** The next representable value after x in the direction of y. */
export function nextafter(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("nextafter", [x, y]);
  return lax.nextafter(a!, b!);
}

/**
 * x * 2**e for integer e. The power is applied in two halves so that results near the ends of
 * the float range (tiny x with large e, or the reverse) don't overflow or underflow midway.
 */
export function ldexp(x: ArrayLike, e: ArrayLike): JaxArray {
  const ea = asArray(e, "ldexp");
  if (!isInteger(ea.dtype)) {
    throw new DTypeError(
      `ldexp: the exponent must be an integer array, got ${ea.aval.str()}; convert with e.astype('int32')`,
    );
  }
  const [a] = promoteToInexact("ldexp", [x]);
  const [m, n] = promoteArgsInexact("ldexp", [a!, lax.convertElementType(ea, a!.dtype, a!.weakType && ea.weakType)]);
  const half = lax.floor(lax.div(n!, fullLike(n!, 2)));
  const scaled = lax.mul(lax.mul(m!, lax.exp2(half)), lax.exp2(lax.sub(n!, half)));
  // 0 and ±inf are fixed points (0 * inf would give NaN once the power overflows).
  const fixed = lax.bitwiseOr(lax.eq(m!, fullLike(m!, 0)), lax.eq(lax.abs(m!), fullLike(m!, Infinity)));
  return lax.select(fixed, m!, scaled);
}

/** Real part: the identity, since every supported dtype is real. */
export function real(x: ArrayLike): JaxArray {
  return asArray(x, "real");
}

/** Imaginary part: zeros, since every supported dtype is real. */
export function imag(x: ArrayLike): JaxArray {
  const a = asArray(x, "imag");
  return fullLike(a, 0);
}

/** Complex conjugate: the identity for real dtypes. */
export function conj(x: ArrayLike): JaxArray {
  return asArray(x, "conj");
}
export const conjugate = conj;
