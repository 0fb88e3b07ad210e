// numpy arithmetic: promote (with weak types), broadcast, then the lax primitive.
import type { ArrayLike } from "../coerce.js";
import { isInteger, isUnsigned } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import {
  promoteArgs,
  promoteArgsInexact,
  promoteArgsNumeric,
  promoteDtypes,
  promoteDtypesNumeric,
  promoteToInexact,
} from "./promote.js";

export * from "./math-transcendental.js";

function rejectBool(op: string, xs: readonly JaxArray[], fix: string): void {
  if (xs[0]!.dtype === "bool") {
    throw new DTypeError(
      `${op}: not supported for bool operands, got ${xs.map((x) => x.aval.str()).join(", ")}; ${fix}`,
    );
  }
}

/** `x + y`; for bools, logical or (as numpy). */
export function add(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("add", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseOr(a!, b!) : lax.add(a!, b!);
}

export function subtract(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("subtract", [x, y]);
  rejectBool("subtract", [a!, b!], "use jnp.logicalXor, or convert with x.astype('int32')");
  return lax.sub(a!, b!);
}

/** `x * y`; for bools, logical and (as numpy). */
export function multiply(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgs("multiply", [x, y]);
  return a!.dtype === "bool" ? lax.bitwiseAnd(a!, b!) : lax.mul(a!, b!);
}

/** True division: integers are promoted to float first. */
export function divide(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("divide", [x, y]);
  return lax.div(a!, b!);
}
export const trueDivide = divide;

/** Python's float divmod: the quotient rounded toward -inf and a remainder with the divisor's sign. */
function floatDivmod(a: JaxArray, b: JaxArray): [JaxArray, JaxArray] {
  let mod = lax.rem(a, b);
  let div = lax.div(lax.sub(a, mod), b);
  const fix = lax.bitwiseAnd(lax.ne(mod, fullLike(mod, 0)), lax.ne(lax.sign(b), lax.sign(mod)));
  mod = lax.select(fix, lax.add(mod, b), mod);
  div = lax.select(fix, lax.sub(div, fullLike(div, 1)), div);
  // (a - mod) / b is an integer up to rounding error.
  return [lax.round(div), mod];
}

/** Quotient rounded toward -inf (numpy's `//`). */
export function floorDivide(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsNumeric("floorDivide", [x, y]);
  if (isUnsigned(a!.dtype)) return lax.div(a!, b!);
  if (isInteger(a!.dtype)) {
    const q = lax.div(a!, b!);
    // Truncation and floor differ when the signs differ and the division is inexact.
    const inexact = lax.ne(lax.rem(a!, b!), fullLike(a!, 0));
    const fix = lax.bitwiseAnd(lax.ne(lax.sign(a!), lax.sign(b!)), inexact);
    return lax.select(fix, lax.sub(q, fullLike(q, 1)), q);
  }
  return floatDivmod(a!, b!)[0];
}

/** Integer division by zero is undefined in XLA; numpy's answer (remainder 0) comes from dividing by 1. */
function nonzeroIntDivisor(b: JaxArray): JaxArray {
  if (!isInteger(b.dtype)) return b;
  return lax.select(lax.eq(b, fullLike(b, 0)), fullLike(b, 1), b);
}

/** Remainder with the sign of the divisor (numpy's `%`); integer division by zero gives 0. */
export function remainder(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b0] = promoteArgsNumeric("remainder", [x, y]);
  const b = nonzeroIntDivisor(b0!);
  const mod = lax.rem(a!, b);
  const zero = fullLike(mod, 0);
  const signsDiffer = lax.ne(lax.lt(mod, zero), lax.lt(b, fullLike(b, 0)));
  const fix = lax.bitwiseAnd(signsDiffer, lax.ne(mod, zero));
  return lax.select(fix, lax.add(mod, b), mod);
}
export const mod = remainder;

/** Remainder with the sign of the dividend (C's fmod); integer division by zero gives 0. */
export function fmod(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsNumeric("fmod", [x, y]);
  return lax.rem(a!, nonzeroIntDivisor(b!));
}

/** `[floorDivide(x, y), remainder(x, y)]`. */
export function divmod(x: ArrayLike, y: ArrayLike): [JaxArray, JaxArray] {
  const [a, b] = promoteArgsNumeric("divmod", [x, y]);
  if (isInteger(a!.dtype)) return [floorDivide(a!, b!), remainder(a!, b!)];
  return floatDivmod(a!, b!);
}

/** Integer powers by binary exponentiation, as JAX does (enough bits for any non-overflowing result). */
function powIntInt(base: JaxArray, exponent: JaxArray): JaxArray {
  const bits = 6;
  const zero = fullLike(exponent, 0);
  const one = fullLike(exponent, 1);
  // pow(0, e) is 0 for e != 0 and 1 for e == 0.
  let acc = lax.select(lax.bitwiseAnd(lax.eq(base, zero), lax.ne(exponent, zero)), zero, one);
  let x = base;
  let e = exponent;
  for (let i = 0; i < bits; i++) {
    acc = lax.select(lax.ne(lax.bitwiseAnd(e, one), zero), lax.mul(acc, x), acc);
    x = lax.mul(x, x);
    e = lax.shiftRightLogical(e, one);
  }
  return acc;
}

/**
 * `x ** y`. An integer JS number exponent uses lax.integerPow (exact, and differentiable at
 * negative bases); integer arrays use binary exponentiation; floats use lax.pow.
 */
export function power(x: ArrayLike, y: ArrayLike): JaxArray {
  if (typeof y === "number" && Number.isInteger(y)) {
    const [a] = promoteDtypesNumeric("power", [x]);
    return lax.integerPow(a!, y);
  }
  const [a, b] = promoteArgsNumeric("power", [x, y]);
  if (isInteger(a!.dtype)) return powIntInt(a!, b!);
  return lax.pow(a!, b!);
}
export const pow = power;

/** `x ** y` computed in floating point. */
export function floatPower(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("floatPower", [x, y]);
  return lax.pow(a!, b!);
}

export function negative(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("negative", [x]);
  rejectBool("negative", [a!], "use jnp.logicalNot");
  return lax.neg(a!);
}

export function positive(x: ArrayLike): JaxArray {
  return promoteDtypes("positive", [x])[0]!;
}

export function reciprocal(x: ArrayLike): JaxArray {
  const [a] = promoteToInexact("reciprocal", [x]);
  return lax.integerPow(a!, -1);
}

/** |x|; bools and unsigned integers are returned unchanged. */
export function abs(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("abs", [x]);
  if (a!.dtype === "bool" || isUnsigned(a!.dtype)) return a!;
  return lax.abs(a!);
}
export const absolute = abs;

/** |x| computed in floating point (integers become float32). */
export function fabs(x: ArrayLike): JaxArray {
  return lax.abs(promoteToInexact("fabs", [x])[0]!);
}

export function sign(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("sign", [x]);
  rejectBool("sign", [a!], "convert with x.astype('int32')");
  return lax.sign(a!);
}

export function square(x: ArrayLike): JaxArray {
  const [a] = promoteDtypesNumeric("square", [x]);
  return lax.square(a!);
}

export function sqrt(x: ArrayLike): JaxArray {
  return lax.sqrt(promoteToInexact("sqrt", [x])[0]!);
}

export function cbrt(x: ArrayLike): JaxArray {
  return lax.cbrt(promoteToInexact("cbrt", [x])[0]!);
}
