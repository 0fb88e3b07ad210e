import * as lax from "../../src/lax/index.js";
import type { PrimitiveSpec } from "./spec.js";

const S = [2, 3];

export const unarySpecs: PrimitiveSpec[] = [
  { name: "neg", prim: "neg", fn: lax.neg, args: [{ shape: S }], elementwise: (x) => -x, linear: true },
  { name: "sin", prim: "sin", fn: lax.sin, args: [{ shape: S }], elementwise: Math.sin },
  { name: "cos", prim: "cos", fn: lax.cos, args: [{ shape: S }], elementwise: Math.cos },
  { name: "exp", prim: "exp", fn: lax.exp, args: [{ shape: S }], elementwise: Math.exp },
];
