// Binary arithmetic primitives (lax semantics: equal shapes and dtypes).
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { UndefinedPrimal, Zero, type Tangent } from "../primitive.js";
import { defineBinary } from "./define.js";
import { neg } from "./unary.js";

const isUndef = (x: unknown): x is UndefinedPrimal => x instanceof UndefinedPrimal;

export const addP = defineBinary({
  name: "add",
  accepts: "numeric",
  f: (a, b) => a + b,
  jvp: [(t) => t, (t) => t],
  transpose: ([ct], [x, y]) => {
    const pass = (arg: unknown): Tangent | null => (isUndef(arg) ? ct! : null);
    return [pass(x), pass(y)];
  },
});

export const subP = defineBinary({
  name: "sub",
  accepts: "numeric",
  f: (a, b) => a - b,
  jvp: [(t) => t, (t) => neg(t)],
  transpose: ([ct], [x, y]) => {
    if (ct instanceof Zero) return [isUndef(x) ? ct : null, isUndef(y) ? ct : null];
    return [isUndef(x) ? ct! : null, isUndef(y) ? neg(ct!) : null];
  },
});

export const mulP = defineBinary({
  name: "mul",
  accepts: "numeric",
  f: (a, b) => a * b,
  fInt: (a, b) => Math.imul(a, b),
  jvp: [(t, _x, y) => mul(t, y), (t, x) => mul(x, t)],
  transpose: ([ct], [x, y]) => {
    if (isUndef(x) && isUndef(y)) throw new Error("mul: transpose of a product of two linear values (internal error)");
    if (ct instanceof Zero) return [isUndef(x) ? ct : null, isUndef(y) ? ct : null];
    return [isUndef(x) ? mul(ct!, y as JaxArray) : null, isUndef(y) ? mul(x as JaxArray, ct!) : null];
  },
});

export const divP = defineBinary({
  name: "div",
  accepts: "numeric",
  f: (a, b) => a / b,
  // Integer division rounds toward zero, as C and XLA do; division by zero gives 0 here.
  fInt: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)),
  jvp: [(t, _x, y) => div(t, y), (t, _x, y, out) => neg(mul(t, div(out, y)))],
  transpose: ([ct], [x, y]) => {
    if (isUndef(y)) throw new Error("div: transpose with respect to the divisor (internal error: div is not linear in it)");
    if (ct instanceof Zero) return [ct, null];
    return [div(ct!, y as JaxArray), null];
  },
});

export const add = (x: JaxArray, y: JaxArray): JaxArray => bind1(addP, [x, y], {});
export const sub = (x: JaxArray, y: JaxArray): JaxArray => bind1(subP, [x, y], {});
export const mul = (x: JaxArray, y: JaxArray): JaxArray => bind1(mulP, [x, y], {});
export const div = (x: JaxArray, y: JaxArray): JaxArray => bind1(divP, [x, y], {});
