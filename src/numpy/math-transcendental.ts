// numpy's exponential, logarithmic, trigonometric and hyperbolic functions: integer inputs are
// promoted to float32 (float-only functions), JS numbers stay weakly typed.
import type { ArrayLike } from "../coerce.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { promoteArgsInexact, promoteToInexact } from "./promote.js";

type Unary = (x: ArrayLike) => JaxArray;

function unaryInexact(op: string, f: (a: JaxArray) => JaxArray): Unary {
  return (x) => f(promoteToInexact(op, [x])[0]!);
}

export const exp = unaryInexact("exp", lax.exp);
export const exp2 = unaryInexact("exp2", lax.exp2);
export const expm1 = unaryInexact("expm1", lax.expm1);
export const log = unaryInexact("log", lax.log);
export const log1p = unaryInexact("log1p", lax.log1p);
export const log2 = unaryInexact("log2", (a) => lax.div(lax.log(a), fullLike(a, Math.LN2)));
export const log10 = unaryInexact("log10", (a) => lax.div(lax.log(a), fullLike(a, Math.LN10)));

export const sin = unaryInexact("sin", lax.sin);
export const cos = unaryInexact("cos", lax.cos);
export const tan = unaryInexact("tan", lax.tan);
export const arcsin = unaryInexact("arcsin", lax.asin);
export const arccos = unaryInexact("arccos", lax.acos);
export const arctan = unaryInexact("arctan", lax.atan);
export const sinh = unaryInexact("sinh", lax.sinh);
export const cosh = unaryInexact("cosh", lax.cosh);
export const tanh = unaryInexact("tanh", lax.tanh);
export const arcsinh = unaryInexact("arcsinh", lax.asinh);
export const arccosh = unaryInexact("arccosh", lax.acosh);
export const arctanh = unaryInexact("arctanh", lax.atanh);
// The array-API spellings JAX also exports.
export const asin = arcsin;
export const acos = arccos;
export const atan = arctan;
export const asinh = arcsinh;
export const acosh = arccosh;
export const atanh = arctanh;

export function arctan2(y: ArrayLike, x: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("arctan2", [y, x]);
  return lax.atan2(a!, b!);
}
export const atan2 = arctan2;

export const deg2rad = unaryInexact("deg2rad", (a) => lax.mul(a, fullLike(a, Math.PI / 180)));
export const rad2deg = unaryInexact("rad2deg", (a) => lax.mul(a, fullLike(a, 180 / Math.PI)));
export const radians = deg2rad;
export const degrees = rad2deg;

/**
 * log(exp(x) + exp(y)) without overflow: max + log1p(exp(-|x - y|)). Where x - y is NaN (NaN
 * operands, or infinities of the same sign) the plain sum gives the right answer.
 */
export function logaddexp(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("logaddexp", [x, y]);
  const delta = lax.sub(a!, b!);
  // min - max rather than -|a - b|: at a tie, max and min split their derivative evenly, so the
  // gradient is 0.5 each, as it should be (|a - b| would give 0 and 1).
  const hi = lax.max(a!, b!);
  const stable = lax.add(hi, lax.log1p(lax.exp(lax.sub(lax.min(a!, b!), hi))));
  return lax.select(lax.ne(delta, delta), lax.add(a!, b!), stable);
}

/** log2(2**x + 2**y), computed like logaddexp. */
export function logaddexp2(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsInexact("logaddexp2", [x, y]);
  const delta = lax.sub(a!, b!);
  const hi = lax.max(a!, b!);
  const tail = lax.div(lax.log1p(lax.exp2(lax.sub(lax.min(a!, b!), hi))), fullLike(delta, Math.LN2));
  const stable = lax.add(hi, tail);
  return lax.select(lax.ne(delta, delta), lax.add(a!, b!), stable);
}

/** sqrt(x² + y²) without overflow: the larger magnitude times sqrt(1 + ratio²). */
export function hypot(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a0, b0] = promoteArgsInexact("hypot", [x, y]);
  const a = lax.abs(a0!);
  const b = lax.abs(b0!);
  const inf = fullLike(a, Infinity);
  const anyInf = lax.bitwiseOr(lax.eq(a, inf), lax.eq(b, inf));
  const big = lax.max(a, b);
  const small = lax.min(a, b);
  const bigIsZero = lax.eq(big, fullLike(big, 0));
  const safeBig = lax.select(bigIsZero, fullLike(big, 1), big);
  const ratio = lax.div(small, safeBig);
  const scaled = lax.mul(big, lax.sqrt(lax.add(fullLike(ratio, 1), lax.mul(ratio, ratio))));
  return lax.select(anyInf, inf, lax.select(bigIsZero, big, scaled));
}

/**
 * sin(πx)/(πx), 1 at 0. At exactly 0 the Maclaurin polynomial stands in, so derivatives of every
 * order the polynomial carries are right there (the quotient would give NaN).
 */
export function sinc(x: ArrayLike): JaxArray {
  const [a] = promoteToInexact("sinc", [x]);
  const piX = lax.mul(a!, fullLike(a!, Math.PI));
  const isZero = lax.eq(a!, fullLike(a!, 0));
  const safe = lax.select(isZero, fullLike(piX, 1), piX);
  const quotient = lax.div(lax.sin(safe), safe);
  const sq = lax.mul(piX, piX);
  // 1 - t²/6 + t⁴/120 - t⁶/5040
  const c = (v: number) => fullLike(sq, v);
  const series = lax.add(
    c(1),
    lax.mul(sq, lax.add(c(-1 / 6), lax.mul(sq, lax.add(c(1 / 120), lax.mul(sq, c(-1 / 5040)))))),
  );
  return lax.select(isZero, series, quotient);
}
