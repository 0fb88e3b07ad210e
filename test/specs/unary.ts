// Specs of the unary elementwise primitives. References are float64 and independent of the
// kernels: Math for the elementary functions, and for the special functions a quadrature (erf,
// erfc), bisection-guarded Newton on that quadrature (erf_inv), shifted Stirling series (lgamma,
// digamma) and brute-force summation (polygamma), none of which the kernels use.
import { scalar } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import type { ArgSpec, PrimitiveSpec } from "./spec.js";

const S = [2, 3];
const arg = (domain?: [number, number], dtype?: DType): ArgSpec[] => [
  { shape: S, ...(domain ? { domain } : {}), ...(dtype ? { dtype } : {}) },
];

// ---- references for the special functions ------------------------------------------------------

const SQRT_PI = Math.sqrt(Math.PI);

/** Composite Simpson's rule with n (even) panels. */
function simpson(f: (t: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}

const gauss = (t: number): number => Math.exp(-t * t);

export function refErf(x: number): number {
  return (Math.sign(x) * 2 * simpson(gauss, 0, Math.abs(x), 20000)) / SQRT_PI;
}

/** erfc(x) for x >= 0 integrates the tail directly (no 1 - erf cancellation); e^-(x+6)^2 is negligible. */
export function refErfc(x: number): number {
  if (x < 0) return 2 - refErfc(-x);
  return (2 * simpson(gauss, x, x + 6, 60000)) / SQRT_PI;
}

export function refErfInv(y: number): number {
  let lo = -6;
  let hi = 6;
  let x = 0;
  for (let i = 0; i < 100; i++) {
    const f = refErf(x) - y;
    if (f > 0) hi = x;
    else lo = x;
    const newton = x - f / ((2 / SQRT_PI) * gauss(x));
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

const SHIFT = 20;

/** lgamma(x) = Stirling(x + 20) - sum_k log|x + k|, reflected with Math.sin for x < 0. */
export function refLgamma(x: number): number {
  if (x < 0) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - refLgamma(1 - x);
  const y = x + SHIFT;
  const y2 = y * y;
  const stirling =
    (y - 0.5) * Math.log(y) -
    y +
    0.5 * Math.log(2 * Math.PI) +
    (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - (1 / 1188 - 691 / 360360 / y2) / y2) / y2) / y2) / y2) / y;
  let logs = 0;
  for (let k = 0; k < SHIFT; k++) logs += Math.log(x + k);
  return stirling - logs;
}

/** digamma(x) = asymptotic(x + 20) - sum_k 1/(x + k), reflected with Math.tan for x < 0. */
export function refDigamma(x: number): number {
  if (x < 0) return refDigamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  const y = x + SHIFT;
  const y2 = y * y;
  const asym = Math.log(y) - 0.5 / y - (1 / 12 - (1 / 120 - (1 / 252 - (1 / 240 - 1 / 132 / y2) / y2) / y2) / y2) / y2;
  let sum = 0;
  for (let k = 0; k < SHIFT; k++) sum += 1 / (x + k);
  return asym - sum;
}

/**
 * polygamma(m, x) = (-1)^(m+1) m! sum_k (x+k)^-(m+1), summed for k < 1000, the rest by the
 * midpoint integral plus its first correction (error ~ K^-(m+4)).
 */
export function refPolygamma(m: number, x: number): number {
  const K = 1000;
  const s = m + 1;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.pow(x + k, -s);
  const b = x + K - 0.5;
  sum += Math.pow(b, -m) / m - (s / 24) * Math.pow(b, -s - 1);
  let factorial = 1;
  for (let i = 2; i <= m; i++) factorial *= i;
  return (m % 2 === 1 ? 1 : -1) * factorial * sum;
}

/** polygamma with m baked in, as JAX's digamma JVP calls it (m is not differentiable). */
const polygammaOf = (m: number) => (x: JaxArray) =>
  lax.polygamma(lax.broadcastInDim(scalar(m, x.dtype), x.shape, []), x);

// ---- references for the elementary ones ----------------------------------------------------------

function roundAway(x: number): number {
  const r = Math.floor(Math.abs(x) + 0.5);
  return x < 0 ? -r : r;
}
function roundEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return Math.round(x);
  return f % 2 === 0 ? f : f + 1;
}

/** Wrapping 32-bit product, written with BigInt so it shares nothing with the kernels. */
const wrapInt32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const HALVES = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -0.25, 0.75, 3.5, -3.5, 0, 1];

export const unarySpecs: PrimitiveSpec[] = [
  { name: "neg", prim: "neg", fn: lax.neg, args: arg(), elementwise: (x) => -x, linear: true },
  {
    name: "neg int32",
    prim: "neg",
    fn: lax.neg,
    args: [{ shape: [3], dtype: "int32", values: [-(2 ** 31), 5, 0] }],
    reference: () => ({ shape: [3], data: [-(2 ** 31), -5, 0] }),
  },
  { name: "sign", prim: "sign", fn: lax.sign, args: arg(), elementwise: Math.sign },
  {
    name: "sign int32",
    prim: "sign",
    fn: lax.sign,
    args: [{ shape: [3], dtype: "int32", values: [-7, 0, 9] }],
    elementwise: Math.sign,
  },
  { name: "abs", prim: "abs", fn: lax.abs, args: arg(), elementwise: Math.abs },
  {
    name: "abs int32",
    prim: "abs",
    fn: lax.abs,
    args: [{ shape: [3], dtype: "int32", values: [-(2 ** 31), -5, 4] }],
    reference: () => ({ shape: [3], data: [-(2 ** 31), 5, 4] }),
  },
  { name: "floor", prim: "floor", fn: lax.floor, args: arg([-3, 3]), elementwise: Math.floor },
  { name: "ceil", prim: "ceil", fn: lax.ceil, args: arg([-3, 3]), elementwise: Math.ceil },
  { name: "round", prim: "round", fn: (x) => lax.round(x), args: arg([-3, 3]), elementwise: roundAway },
  {
    name: "round away from zero (halfway cases)",
    prim: "round",
    fn: (x) => lax.round(x),
    args: [{ shape: [12], values: HALVES }],
    elementwise: roundAway,
    nondiff: true,
  },
  {
    name: "round to nearest even (halfway cases)",
    prim: "round",
    fn: (x) => lax.round(x, { roundingMethod: lax.RoundingMethod.TO_NEAREST_EVEN }),
    args: [{ shape: [12], values: HALVES }],
    elementwise: roundEven,
    nondiff: true,
  },
  {
    name: "is_finite",
    prim: "is_finite",
    fn: lax.isFinite,
    args: [{ shape: [5], values: [1, NaN, Infinity, -Infinity, -0] }],
    elementwise: (x) => (Number.isFinite(x) ? 1 : 0),
    nondiff: true,
  },
  { name: "exp", prim: "exp", fn: lax.exp, args: arg(), elementwise: Math.exp },
  { name: "exp2", prim: "exp2", fn: lax.exp2, args: arg([-4, 4]), elementwise: (x) => 2 ** x },
  { name: "log", prim: "log", fn: lax.log, args: arg([0.1, 4]), elementwise: Math.log },
  { name: "log1p", prim: "log1p", fn: lax.log1p, args: arg([-0.9, 3]), elementwise: Math.log1p },
  { name: "expm1", prim: "expm1", fn: lax.expm1, args: arg(), elementwise: Math.expm1 },
  { name: "tanh", prim: "tanh", fn: lax.tanh, args: arg([-3, 3]), elementwise: Math.tanh },
  {
    name: "logistic",
    prim: "logistic",
    fn: lax.logistic,
    args: arg([-6, 6]),
    elementwise: (x) => 1 / (1 + Math.exp(-x)),
  },
  { name: "sin", prim: "sin", fn: lax.sin, args: arg(), elementwise: Math.sin },
  { name: "cos", prim: "cos", fn: lax.cos, args: arg(), elementwise: Math.cos },
  { name: "tan", prim: "tan", fn: lax.tan, args: arg([-1.2, 1.2]), elementwise: Math.tan },
  { name: "asin", prim: "asin", fn: lax.asin, args: arg([-0.9, 0.9]), elementwise: Math.asin },
  { name: "acos", prim: "acos", fn: lax.acos, args: arg([-0.9, 0.9]), elementwise: Math.acos },
  { name: "atan", prim: "atan", fn: lax.atan, args: arg([-3, 3]), elementwise: Math.atan },
  { name: "sinh", prim: "sinh", fn: lax.sinh, args: arg(), elementwise: Math.sinh },
  { name: "cosh", prim: "cosh", fn: lax.cosh, args: arg(), elementwise: Math.cosh },
  { name: "asinh", prim: "asinh", fn: lax.asinh, args: arg([-3, 3]), elementwise: Math.asinh },
  { name: "acosh", prim: "acosh", fn: lax.acosh, args: arg([1.1, 4]), elementwise: Math.acosh },
  { name: "atanh", prim: "atanh", fn: lax.atanh, args: arg([-0.9, 0.9]), elementwise: Math.atanh },
  { name: "sqrt", prim: "sqrt", fn: lax.sqrt, args: arg([0.1, 4]), elementwise: Math.sqrt },
  { name: "rsqrt", prim: "rsqrt", fn: lax.rsqrt, args: arg([0.1, 4]), elementwise: (x) => 1 / Math.sqrt(x) },
  {
    name: "cbrt",
    prim: "cbrt",
    fn: lax.cbrt,
    args: arg([0.2, 3]),
    elementwise: (x) => Math.sign(x) * Math.abs(x) ** (1 / 3),
  },
  { name: "cbrt negative", prim: "cbrt", fn: lax.cbrt, args: arg([-3, -0.2]), elementwise: (x) => -((-x) ** (1 / 3)) },
  { name: "square", prim: "square", fn: lax.square, args: arg(), elementwise: (x) => x * x },
  {
    name: "square int32 wraps",
    prim: "square",
    fn: lax.square,
    args: [{ shape: [3], dtype: "int32", values: [65536, -46341, 7] }],
    elementwise: (x) => wrapInt32(BigInt(x) * BigInt(x)),
  },
  { name: "integer_pow y=0", prim: "integer_pow", fn: (x) => lax.integerPow(x, 0), args: arg(), elementwise: () => 1 },
  { name: "integer_pow y=1", prim: "integer_pow", fn: (x) => lax.integerPow(x, 1), args: arg(), elementwise: (x) => x },
  {
    name: "integer_pow y=3",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, 3),
    args: arg(),
    elementwise: (x) => x ** 3,
  },
  {
    name: "integer_pow y=6",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, 6),
    args: arg(),
    elementwise: (x) => x ** 6,
  },
  {
    name: "integer_pow y=-2",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, -2),
    args: arg([0.5, 2]),
    elementwise: (x) => x ** -2,
  },
  {
    name: "integer_pow y=-3 negative base",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, -3),
    args: arg([-2, -0.5]),
    elementwise: (x) => x ** -3,
  },
  {
    name: "integer_pow int32 y=3 wraps",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, 3),
    args: [{ shape: [4], dtype: "int32", values: [2048, -3, 1 << 20, 0] }],
    elementwise: (x) => wrapInt32(BigInt(x) ** 3n),
  },
  {
    name: "integer_pow uint32 y=2 wraps",
    prim: "integer_pow",
    fn: (x) => lax.integerPow(x, 2),
    args: [{ shape: [3], dtype: "uint32", values: [65537, 3, 4294967295] }],
    elementwise: (x) => Number(BigInt.asUintN(32, BigInt(x) * BigInt(x))),
  },
  {
    name: "population_count int32",
    prim: "population_count",
    fn: lax.populationCount,
    args: [{ shape: [5], dtype: "int32", values: [0, 1, 7, -1, -(2 ** 31)] }],
    elementwise: (x) => [...(x >>> 0).toString(2)].filter((c) => c === "1").length,
  },
  {
    name: "clz uint32",
    prim: "clz",
    fn: lax.clz,
    args: [{ shape: [5], dtype: "uint32", values: [0, 1, 255, 65536, 4294967295] }],
    elementwise: (x) => 32 - (x === 0 ? 0 : x.toString(2).length),
  },
  { name: "erf", prim: "erf", fn: lax.erf, args: arg([-3, 3]), elementwise: refErf },
  { name: "erf float64", prim: "erf", fn: lax.erf, args: arg([-3, 3], "float64"), elementwise: refErf },
  { name: "erfc", prim: "erfc", fn: lax.erfc, args: arg([-1, 4]), elementwise: refErfc },
  { name: "erfc float64", prim: "erfc", fn: lax.erfc, args: arg([-1, 5], "float64"), elementwise: refErfc },
  { name: "erf_inv", prim: "erf_inv", fn: lax.erfInv, args: arg([-0.99, 0.99]), elementwise: refErfInv },
  {
    name: "erf_inv float64",
    prim: "erf_inv",
    fn: lax.erfInv,
    args: arg([-0.99, 0.99], "float64"),
    elementwise: refErfInv,
  },
  { name: "lgamma", prim: "lgamma", fn: lax.lgamma, args: arg([0.1, 6]), elementwise: refLgamma },
  { name: "lgamma negative", prim: "lgamma", fn: lax.lgamma, args: arg([-2.9, -2.1]), elementwise: refLgamma },
  { name: "lgamma float64", prim: "lgamma", fn: lax.lgamma, args: arg([-0.9, 15], "float64"), elementwise: refLgamma },
  { name: "digamma", prim: "digamma", fn: lax.digamma, args: arg([0.2, 6]), elementwise: refDigamma },
  { name: "digamma negative", prim: "digamma", fn: lax.digamma, args: arg([-0.8, -0.2]), elementwise: refDigamma },
  {
    name: "digamma float64",
    prim: "digamma",
    fn: lax.digamma,
    args: arg([-1.9, 15], "float64"),
    elementwise: refDigamma,
  },
  {
    name: "polygamma m=1",
    prim: "polygamma",
    fn: polygammaOf(1),
    args: arg([0.3, 5]),
    elementwise: (x) => refPolygamma(1, x),
  },
  {
    name: "polygamma m=2",
    prim: "polygamma",
    fn: polygammaOf(2),
    args: arg([0.3, 5]),
    elementwise: (x) => refPolygamma(2, x),
  },
  {
    name: "polygamma m=3 negative",
    prim: "polygamma",
    fn: polygammaOf(3),
    args: arg([-0.8, -0.2]),
    elementwise: (x) => refPolygamma(3, x),
  },
  {
    name: "polygamma m=1 float64",
    prim: "polygamma",
    fn: polygammaOf(1),
    args: arg([0.3, 15], "float64"),
    elementwise: (x) => refPolygamma(1, x),
  },
];
