// lax.reduce and lax.reduceWindow: the computation-taking forms, dispatched to the primitives.
import type { JaxArray } from "../../tracing/array.js";
import { monoidOf } from "./monoid.js";
import { reduceAnd, reduceOr, reduceXor } from "./reduce-logical.js";
import { reduceMax, reduceMin } from "./reduce-max-min.js";
import { reduceProd } from "./reduce-prod.js";
import { reduceSum } from "./reduce-sum.js";
import type { ReduceWindowOptions, WindowPadding } from "./reduce-window-api.js";
import { reduceWindowMax, reduceWindowMin } from "./reduce-window-max-min.js";
import { reduceWindowSum } from "./reduce-window-sum.js";

type Computation = (x: JaxArray, y: JaxArray) => JaxArray;

/** `lax.reduce(operand, initValue, computation, dimensions)` for the monoids lax has primitives for. */
export function reduce(operand: JaxArray, initValue: number | boolean | JaxArray, computation: Computation, dimensions: readonly number[]): JaxArray {
  const monoid = monoidOf("reduce", computation, initValue, operand.dtype, ["add", "mul", "max", "min", "and", "or", "xor"]);
  const reducer = { add: reduceSum, mul: reduceProd, max: reduceMax, min: reduceMin, and: reduceAnd, or: reduceOr, xor: reduceXor }[monoid];
  return reducer(operand, dimensions);
}

/** `lax.reduceWindow(operand, initValue, computation, windowDimensions, windowStrides, padding, options?)`. */
export function reduceWindow(
  operand: JaxArray,
  initValue: number | boolean | JaxArray,
  computation: Computation,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  options?: ReduceWindowOptions,
): JaxArray {
  const monoid = monoidOf("reduce_window", computation, initValue, operand.dtype, ["add", "max", "min"]);
  const reducer = { add: reduceWindowSum, max: reduceWindowMax, min: reduceWindowMin }[monoid as "add" | "max" | "min"];
  return reducer(operand, windowDimensions, windowStrides, padding, options);
}
