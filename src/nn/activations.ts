// jax.nn activation functions. Formulas follow JAX's, including its JVP conventions at kinks
// (relu'(0) = 0, relu6'(0) = relu6'(6) = 0), which the select-based forms give directly.
import { asArray, type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { abs, add, divide, logaddexp, multiply, negative, tanh as jnpTanh } from "../numpy/elementwise.js";
import { clip } from "../numpy/math-extra.js";
import { fullLike, weakFloat } from "../numpy/math-util.js";
import { promoteDtypes, promoteToInexact } from "../numpy/promote.js";

function inexact(op: string, x: ArrayLike): JaxArray {
  return promoteToInexact(op, [x])[0]!;
}

/** max(x, 0), with derivative 0 at 0. NaN passes through. */
export function relu(x: ArrayLike): JaxArray {
  const a = asArray(x, "relu");
  const zero = fullLike(a, 0);
  return lax.select(lax.le(a, zero), zero, a);
}

/** min(max(x, 0), 6), with derivative 0 at both kinks. */
export function relu6(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("relu6", [x, weakFloat(6)]);
  const zero = fullLike(a!, 0);
  const six = fullLike(a!, 6);
  return lax.select(lax.le(a!, zero), zero, lax.select(lax.ge(a!, six), six, a!));
}

export function sigmoid(x: ArrayLike): JaxArray {
  return lax.logistic(inexact("sigmoid", x));
}

/** log(1 + exp(x)), computed without overflow. */
export function softplus(x: ArrayLike): JaxArray {
  return logaddexp(x, 0);
}

export function softSign(x: ArrayLike): JaxArray {
  return divide(x, add(abs(x), 1));
}

/** x * sigmoid(x). */
export function silu(x: ArrayLike): JaxArray {
  const a = inexact("silu", x);
  return lax.mul(a, lax.logistic(a));
}
export const swish = silu;

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid(x: ArrayLike): JaxArray {
  return negative(softplus(negative(inexact("logSigmoid", x))));
}

export interface LeakyReluOptions {
  negativeSlope?: number;
}

/** x for x >= 0, negativeSlope * x below (default slope 0.01). */
export function leakyRelu(x: ArrayLike, negativeSlope: number | LeakyReluOptions = {}): JaxArray {
  const slope = typeof negativeSlope === "number" ? negativeSlope : (negativeSlope.negativeSlope ?? 0.01);
  const [a] = promoteDtypes("leakyRelu", [x, weakFloat(slope)]);
  return lax.select(lax.ge(a!, fullLike(a!, 0)), a!, lax.mul(a!, fullLike(a!, slope)));
}

export interface AlphaOptions {
  alpha?: number;
}

function alphaOf(alpha: number | AlphaOptions): number {
  return typeof alpha === "number" ? alpha : (alpha.alpha ?? 1);
}

/** x for x > 0, alpha * (exp(x) - 1) below. */
export function elu(x: ArrayLike, alpha: number | AlphaOptions = {}): JaxArray {
  const a = inexact("elu", x);
  const positive = lax.gt(a, fullLike(a, 0));
  // The exponential sees 0 where x > 0, so large x can't overflow into the unused branch.
  const safe = lax.select(positive, fullLike(a, 0), a);
  return lax.select(positive, a, lax.mul(fullLike(a, alphaOf(alpha)), lax.expm1(safe)));
}

/** max(x, 0) + alpha * expm1(min(x, 0) / alpha). */
export function celu(x: ArrayLike, alpha: number | AlphaOptions = {}): JaxArray {
  const a = inexact("celu", x);
  const al = alphaOf(alpha);
  const zero = fullLike(a, 0);
  const negativePart = lax.mul(fullLike(a, al), lax.expm1(lax.div(lax.min(a, zero), fullLike(a, al))));
  return lax.add(lax.max(a, zero), negativePart);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** scale * elu(x, alpha) with the self-normalizing constants. */
export function selu(x: ArrayLike): JaxArray {
  const e = elu(x, SELU_ALPHA);
  return lax.mul(fullLike(e, SELU_SCALE), e);
}

export interface GeluOptions {
  /** The tanh approximation (JAX's default, true) or the exact erf form. */
  approximate?: boolean;
}

export function gelu(x: ArrayLike, approximate: boolean | GeluOptions = {}): JaxArray {
  const approx = typeof approximate === "boolean" ? approximate : (approximate.approximate ?? true);
  const a = inexact("gelu", x);
  const c = (v: number) => fullLike(a, v);
  if (approx) {
    const inner = lax.mul(c(Math.sqrt(2 / Math.PI)), lax.add(a, lax.mul(c(0.044715), lax.integerPow(a, 3))));
    return lax.mul(a, lax.mul(c(0.5), lax.add(c(1), lax.tanh(inner))));
  }
  return lax.mul(lax.mul(a, c(0.5)), lax.add(lax.erf(lax.mul(a, c(Math.SQRT1_2))), c(1)));
}

/** -1 below -1, 1 above 1, x between. */
export function hardTanh(x: ArrayLike): JaxArray {
  const a = asArray(x, "hardTanh");
  const one = fullLike(a, 1);
  const minusOne = fullLike(a, -1);
  return lax.select(lax.gt(a, one), one, lax.select(lax.lt(a, minusOne), minusOne, a));
}

/** relu6(x + 3) / 6. */
export function hardSigmoid(x: ArrayLike): JaxArray {
  return divide(relu6(add(x, weakFloat(3))), weakFloat(6));
}

/** x * hardSigmoid(x). */
export function hardSilu(x: ArrayLike): JaxArray {
  return multiply(x, hardSigmoid(x));
}
export const hardSwish = hardSilu;

export interface GluOptions {
  axis?: number;
}

/** Gated linear unit: splits `axis` (default -1) in halves a, b and returns a * sigmoid(b). */
export function glu(x: ArrayLike, axis: number | GluOptions = {}): JaxArray {
  const ax0 = typeof axis === "number" ? axis : (axis.axis ?? -1);
  const a = asArray(x, "glu");
  const ax = normalizeAxis(ax0, a.ndim, "glu");
  const n = a.shape[ax]!;
  if (n % 2 !== 0)
    throw new ValueError(`glu: axis ${ax0} of ${a.aval.str()} has odd size ${n}; it must split into two halves`);
  const first = lax.sliceInDim(a, 0, n / 2, 1, ax);
  const second = lax.sliceInDim(a, n / 2, n, 1, ax);
  return multiply(first, sigmoid(second));
}

/** x * tanh(softplus(x)). */
export function mish(x: ArrayLike): JaxArray {
  const a = inexact("mish", x);
  return lax.mul(a, lax.tanh(softplus(a)));
}

export interface SquareplusOptions {
  b?: number;
}

/** (x + sqrt(x² + b)) / 2, a smooth relu (default b = 4). */
export function squareplus(x: ArrayLike, b: number | SquareplusOptions = {}): JaxArray {
  const bv = typeof b === "number" ? b : (b.b ?? 4);
  const a = inexact("squareplus", x);
  const root = lax.sqrt(lax.add(lax.mul(a, a), fullLike(a, bv)));
  return lax.div(lax.add(a, root), fullLike(a, 2));
}

/** 0 below -1, x above 1, (x + 1)² / 4 between. */
export function sparsePlus(x: ArrayLike): JaxArray {
  const a = inexact("sparsePlus", x);
  const shifted = lax.add(a, fullLike(a, 1));
  const middle = lax.div(lax.mul(shifted, shifted), fullLike(a, 4));
  return lax.select(lax.le(a, fullLike(a, -1)), fullLike(a, 0), lax.select(lax.ge(a, fullLike(a, 1)), a, middle));
}

/** (clip(x, -1, 1) + 1) / 2. */
export function sparseSigmoid(x: ArrayLike): JaxArray {
  const a = inexact("sparseSigmoid", x);
  return lax.mul(fullLike(a, 0.5), clip(lax.add(a, fullLike(a, 1)), 0, 2));
}

export function identity(x: ArrayLike): JaxArray {
  return asArray(x, "identity");
}

export function tanh(x: ArrayLike): JaxArray {
  return jnpTanh(x);
}
