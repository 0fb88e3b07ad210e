// Exponentials, logarithms and the sigmoid-like primitives: exp, exp2, log, log1p, expm1, tanh,
// logistic. Kernels run in float64 (Math's functions) and are rounded when stored.
import type { JaxArray } from "../../tracing/array.js";
import { defineUnary, unaryOp } from "./define.js";
import { add, div, mul, sub } from "./binary.js";
import { fullLike } from "./binary-fill.js";
import { logisticKernel } from "./unary-kernels.js";

type UnaryFn = (x: JaxArray) => JaxArray;

const one = (x: JaxArray) => fullLike(x, 1);

export const expP = defineUnary({ name: "exp", accepts: "float", f: Math.exp, jvp: (t, _x, y) => mul(t, y) });

export const exp2P = defineUnary({
  name: "exp2",
  accepts: "float",
  f: (x) => Math.pow(2, x),
  jvp: (t, x, y) => mul(log(fullLike(x, 2)), mul(t, y)),
});

export const logP = defineUnary({ name: "log", accepts: "float", f: Math.log, jvp: (t, x) => div(t, x) });

export const log1pP = defineUnary({
  name: "log1p",
  accepts: "float",
  f: Math.log1p,
  jvp: (t, x) => div(t, add(x, one(x))),
});

export const expm1P = defineUnary({
  name: "expm1",
  accepts: "float",
  f: Math.expm1,
  jvp: (t, _x, y) => mul(t, add(y, one(y))),
});

export const tanhP = defineUnary({
  name: "tanh",
  accepts: "float",
  f: Math.tanh,
  // JAX's form: (t + t*y) * (1 - y) = t * (1 - y^2), without squaring y near +-1.
  jvp: (t, x, y) => mul(add(t, mul(t, y)), sub(one(x), y)),
});

export const logisticP = defineUnary({
  name: "logistic",
  accepts: "float",
  f: logisticKernel,
  jvp: (t, _x, y) => mul(t, mul(y, sub(one(y), y))),
});

export const exp: UnaryFn = unaryOp(expP);
export const exp2: UnaryFn = unaryOp(exp2P);
export const log: UnaryFn = unaryOp(logP);
export const log1p: UnaryFn = unaryOp(log1pP);
export const expm1: UnaryFn = unaryOp(expm1P);
export const tanh: UnaryFn = unaryOp(tanhP);
export const logistic: UnaryFn = unaryOp(logisticP);
