import * as lax from "../../src/lax/index.js";
import type { PrimitiveSpec, RefValue } from "./spec.js";

/** Plain-loop reference: sum of a 2-D array over axis 0, 1, or both. */
function sum2d(x: RefValue, axes: number[]): RefValue {
  const [r, c] = x.shape as [number, number];
  if (axes.length === 2) return { shape: [], data: [x.data.reduce((a, b) => a + b, 0)] };
  if (axes[0] === 0) return { shape: [c], data: Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => x.data[i * c + j]!).reduce((a, b) => a + b, 0)) };
  return { shape: [r], data: Array.from({ length: r }, (_, i) => x.data.slice(i * c, i * c + c).reduce((a, b) => a + b, 0)) };
}

export const reductionSpecs: PrimitiveSpec[] = [
  { name: "reduce_sum axes=(0,)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [0]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [0]), linear: true },
  { name: "reduce_sum axes=(1,)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [1]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [1]), linear: true },
  { name: "reduce_sum axes=(0,1)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [0, 1]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [0, 1]), linear: true },
];
