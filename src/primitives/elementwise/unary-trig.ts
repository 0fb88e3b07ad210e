// Trigonometric and hyperbolic primitives and their inverses. Kernels are Math's float64
// functions, rounded when stored; derivative rules are JAX's, term for term.
import type { JaxArray } from "../../tracing/array.js";
import { defineUnary, unaryOp } from "./define.js";
import { add, div, mul, sub } from "./binary.js";
import { fullLike } from "./binary-fill.js";
import { integerPow, neg, rsqrt, square } from "./unary.js";

type UnaryFn = (x: JaxArray) => JaxArray;

const one = (x: JaxArray) => fullLike(x, 1);

export const sinP = defineUnary({ name: "sin", accepts: "float", f: Math.sin, jvp: (t, x) => mul(t, cos(x)) });
export const cosP = defineUnary({ name: "cos", accepts: "float", f: Math.cos, jvp: (t, x) => neg(mul(t, sin(x))) });
export const tanP = defineUnary({
  name: "tan",
  accepts: "float",
  f: Math.tan,
  jvp: (t, x, y) => mul(t, add(one(x), square(y))),
});

export const asinP = defineUnary({
  name: "asin",
  accepts: "float",
  f: Math.asin,
  jvp: (t, x) => mul(t, rsqrt(sub(one(x), square(x)))),
});
export const acosP = defineUnary({
  name: "acos",
  accepts: "float",
  f: Math.acos,
  jvp: (t, x) => mul(t, neg(rsqrt(sub(one(x), square(x))))),
});
export const atanP = defineUnary({
  name: "atan",
  accepts: "float",
  f: Math.atan,
  jvp: (t, x) => div(t, add(one(x), square(x))),
});

export const sinhP = defineUnary({ name: "sinh", accepts: "float", f: Math.sinh, jvp: (t, x) => mul(t, cosh(x)) });
export const coshP = defineUnary({ name: "cosh", accepts: "float", f: Math.cosh, jvp: (t, x) => mul(t, sinh(x)) });

export const asinhP = defineUnary({
  name: "asinh",
  accepts: "float",
  f: Math.asinh,
  jvp: (t, x) => mul(t, rsqrt(add(square(x), one(x)))),
});
export const acoshP = defineUnary({
  name: "acosh",
  accepts: "float",
  f: Math.acosh,
  jvp: (t, x) => mul(t, rsqrt(mul(sub(x, one(x)), add(x, one(x))))),
});
export const atanhP = defineUnary({
  name: "atanh",
  accepts: "float",
  f: Math.atanh,
  jvp: (t, x) => mul(integerPow(add(one(x), x), -1), div(t, sub(one(x), x))),
});

export const sin: UnaryFn = unaryOp(sinP);
export const cos: UnaryFn = unaryOp(cosP);
export const tan: UnaryFn = unaryOp(tanP);
export const asin: UnaryFn = unaryOp(asinP);
export const acos: UnaryFn = unaryOp(acosP);
export const atan: UnaryFn = unaryOp(atanP);
export const sinh: UnaryFn = unaryOp(sinhP);
export const cosh: UnaryFn = unaryOp(coshP);
export const asinh: UnaryFn = unaryOp(asinhP);
export const acosh: UnaryFn = unaryOp(acoshP);
export const atanh: UnaryFn = unaryOp(atanhP);
