// numpy elementwise functions: promote, broadcast, then the lax primitive.
import type { ArrayLike } from "../coerce.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { promoteArgs, promoteArgsInexact, promoteDtypes, promoteToInexact } from "./promote.js";

type Binary = (x: ArrayLike, y: ArrayLike) => JaxArray;
type Unary = (x: ArrayLike) => JaxArray;

function binary(op: string, f: (a: JaxArray, b: JaxArray) => JaxArray): Binary {
  return (x, y) => {
    const [a, b] = promoteArgs(op, [x, y]);
    return f(a!, b!);
  };
}
function binaryInexact(op: string, f: (a: JaxArray, b: JaxArray) => JaxArray): Binary {
  return (x, y) => {
    const [a, b] = promoteArgsInexact(op, [x, y]);
    return f(a!, b!);
  };
}
function unary(op: string, f: (a: JaxArray) => JaxArray): Unary {
  return (x) => f(promoteDtypes(op, [x])[0]!);
}
function unaryInexact(op: string, f: (a: JaxArray) => JaxArray): Unary {
  return (x) => f(promoteToInexact(op, [x])[0]!);
}

export const add = binary("add", lax.add);
export const subtract = binary("subtract", lax.sub);
export const multiply = binary("multiply", lax.mul);
export const divide = binaryInexact("divide", lax.div);
export const trueDivide = divide;
export const negative = unary("negative", lax.neg);
export const sin = unaryInexact("sin", lax.sin);
export const cos = unaryInexact("cos", lax.cos);
export const exp = unaryInexact("exp", lax.exp);
