// Checks and formatting shared by the shape rules of the shape primitives, so every message
// shows tuples the way JAX prints them and names the operation and operands.
import { AxisError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";

/** `(1, 2)`, `(3,)` or `()`: how JAX prints a tuple parameter. */
export function tupleStr(xs: readonly unknown[]): string {
  return xs.length === 1 ? `(${String(xs[0])},)` : `(${xs.map(String).join(", ")})`;
}

/** Whether `xs` is a list of integers (params come from JS callers, so the types are not a guarantee). */
export function isIntList(xs: unknown): xs is readonly number[] {
  return Array.isArray(xs) && xs.every((v) => Number.isInteger(v));
}

/**
 * Throws unless `dims` are distinct axes of `x` in [0, ndim). Lax parameters take non-negative
 * axes, as JAX's primitives do; the lax wrappers normalize negative ones first.
 */
export function checkAxes(op: string, what: string, dims: readonly number[], x: ShapedArray): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d >= x.ndim) {
      const valid = x.ndim === 0 ? "a 0-d operand has no axes" : `use axes in [0, ${x.ndim - 1}]`;
      throw new AxisError(`${op}: ${what} ${tupleStr(dims)} are out of range for operand ${x.str()}; ${valid}`);
    }
  }
  if (new Set(dims).size !== dims.length) {
    throw new AxisError(`${op}: ${what} ${tupleStr(dims)} must be unique for operand ${x.str()}; list each axis once`);
  }
}
