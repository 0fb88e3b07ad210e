// Specs for the higher-order primitives (jit, cond, while, scan, checkpoint, custom rules) and the
// few structural primitives without a family file.
import * as jax from "../../src/index.js";
import * as lax from "../../src/lax/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import type { PrimitiveSpec, RefValue } from "./spec.js";

const S = [2, 3];
const map1 = (x: RefValue, f: (v: number) => number): RefValue => ({ shape: x.shape, data: x.data.map(f) });
const sumOf = (x: RefValue) => x.data.reduce((a, b) => a + b, 0);

const sinTimes = (x: JaxArray) => lax.mul(lax.sin(x), x);

const customSin = jax.customJvp((x: JaxArray) => lax.sin(x));
customSin.defjvp(([x], [t]) => [lax.sin(x as JaxArray), lax.mul(t as JaxArray, lax.cos(x as JaxArray))]);

const customVjpSin = jax.customVjp((x: JaxArray) => lax.sin(x));
customVjpSin.defvjp(
  (x) => [lax.sin(x as JaxArray), lax.cos(x as JaxArray)],
  (cosx, ct) => [lax.mul(ct as JaxArray, cosx as JaxArray)],
);

export const controlSpecs: PrimitiveSpec[] = [
  {
    name: "transpose (1, 0)",
    prim: "transpose",
    fn: (x) => lax.transpose(x, [1, 0]),
    args: [{ shape: S }],
    reference: (x) => ({ shape: [3, 2], data: [0, 1, 2].flatMap((j) => [0, 1].map((i) => x.data[i * 3 + j]!)) }),
    linear: true,
  },
  {
    name: "convert_element_type f32->i32",
    prim: "convert_element_type",
    fn: (x) => lax.convertElementType(x, "int32"),
    args: [{ shape: S, domain: [-5, 5] }],
    reference: (x) => map1(x, Math.trunc),
    nondiff: true,
  },
  {
    name: "stop_gradient",
    prim: "stop_gradient",
    fn: (x) => lax.stopGradient(x),
    args: [{ shape: S }],
    reference: (x) => x,
    // Its derivative is zero by definition, which finite differences can't see.
    nondiff: true,
  },
  { name: "jit(sin * x)", prim: "jit", fn: (x) => jax.jit(sinTimes)(x) as JaxArray, args: [{ shape: S }], reference: (x) => map1(x, (v) => Math.sin(v) * v) },
  { name: "checkpoint(sin * x)", prim: "checkpoint", fn: (x) => jax.checkpoint(sinTimes)(x) as JaxArray, args: [{ shape: S }], reference: (x) => map1(x, (v) => Math.sin(v) * v) },
  { name: "custom_jvp_call sin", prim: "custom_jvp_call", fn: (x) => customSin(x) as JaxArray, args: [{ shape: S }], reference: (x) => map1(x, Math.sin) },
  {
    name: "custom_vjp_call sin",
    prim: "custom_vjp_call",
    fn: (x) => customVjpSin(x) as JaxArray,
    args: [{ shape: S }],
    reference: (x) => map1(x, Math.sin),
    modes: ["rev"],
  },
  {
    name: "cond on the sign of the sum",
    prim: "cond",
    fn: (x) => lax.cond(lax.gt(lax.reduceSum(x, [0, 1]), lax.convertElementType(lax.full([], 0), x.dtype)), lax.sin, lax.cos, x) as JaxArray,
    args: [{ shape: S }],
    reference: (x) => map1(x, sumOf(x) > 0 ? Math.sin : Math.cos),
  },
  {
    name: "while doubling until the sum passes 50",
    prim: "while",
    fn: (x) =>
      lax.whileLoop(
        (c) => lax.lt(lax.reduceSum(c, [0, 1]), lax.convertElementType(lax.full([], 50), x.dtype)),
        (c) => lax.mul(c, lax.convertElementType(lax.full(S, 2), x.dtype)),
        x,
      ) as JaxArray,
    args: [{ shape: S, domain: [0.5, 2] }],
    reference: (x) => {
      let d = x.data;
      while (d.reduce((a, b) => a + b, 0) < 50) d = d.map((v) => v * 2);
      return { shape: x.shape, data: d };
    },
    // Reverse mode through whileLoop is unsupported by design (use scan).
    modes: ["fwd"],
  },
  {
    name: "scan carrying a running product",
    prim: "scan",
    fn: (x) => {
      const [c, ys] = lax.scan((carry, xi) => [lax.mul(carry, lax.sin(xi as JaxArray)), lax.add(carry, xi as JaxArray)], lax.convertElementType(lax.full([3], 1), x.dtype), x) as [JaxArray, JaxArray];
      return [c, ys];
    },
    args: [{ shape: S }],
    reference: (x) => {
      let c = [1, 1, 1];
      const ys: number[] = [];
      for (let i = 0; i < 2; i++) {
        const row = x.data.slice(i * 3, i * 3 + 3);
        ys.push(...c.map((v, j) => v + row[j]!));
        c = c.map((v, j) => v * Math.sin(row[j]!));
      }
      return [
        { shape: [3], data: c },
        { shape: S, data: ys },
      ];
    },
  },
];
