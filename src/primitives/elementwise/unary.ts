// Unary math primitives.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { Zero } from "../primitive.js";
import { defineUnary } from "./define.js";
import { mul } from "./binary.js";

export const negP = defineUnary({
  name: "neg",
  accepts: "numeric",
  f: (x) => -x,
  jvp: (t) => neg(t),
  transpose: ([ct]) => [ct instanceof Zero ? ct : neg(ct!)],
});

export const sinP = defineUnary({ name: "sin", accepts: "float", f: Math.sin, jvp: (t, x) => mul(t, cos(x)) });
export const cosP = defineUnary({ name: "cos", accepts: "float", f: Math.cos, jvp: (t, x) => mul(t, neg(sin(x))) });
export const expP = defineUnary({ name: "exp", accepts: "float", f: Math.exp, jvp: (t, _x, y) => mul(t, y) });

export const neg = (x: JaxArray): JaxArray => bind1(negP, [x], {});
export const sin = (x: JaxArray): JaxArray => bind1(sinP, [x], {});
export const cos = (x: JaxArray): JaxArray => bind1(cosP, [x], {});
export const exp = (x: JaxArray): JaxArray => bind1(expP, [x], {});
