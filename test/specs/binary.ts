import * as lax from "../../src/lax/index.js";
import type { PrimitiveSpec } from "./spec.js";

const S = [2, 3];
const two = [{ shape: S }, { shape: S }];

export const binarySpecs: PrimitiveSpec[] = [
  { name: "add", prim: "add", fn: lax.add, args: two, elementwise: (a, b) => a + b, linear: true },
  { name: "sub", prim: "sub", fn: lax.sub, args: two, elementwise: (a, b) => a - b, linear: true },
  { name: "mul", prim: "mul", fn: lax.mul, args: two, elementwise: (a, b) => a * b },
  { name: "div", prim: "div", fn: lax.div, args: [{ shape: S }, { shape: S, domain: [0.5, 2] }], elementwise: (a, b) => a / b },
  {
    name: "mul int32 wraps",
    prim: "mul",
    fn: lax.mul,
    args: [{ shape: [2], dtype: "int32", values: [65536, -7] }, { shape: [2], dtype: "int32", values: [65536, 3] }],
    reference: () => ({ shape: [2], data: [0, -21] }),
  },
];
