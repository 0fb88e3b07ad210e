// collapse: merge a run of axes into one. Not a primitive: a reshape, as in JAX.
import { ValueError } from "../../errors.js";
import { sizeOf } from "../../shape.js";
import type { JaxArray } from "../../tracing/array.js";
import { reshape } from "./reshape.js";

/** Python's `slice(i, j).indices(n)` bound: negative counts from the end, then clamped to [0, n]. */
function sliceBound(i: number, n: number): number {
  return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
}

/**
 * `lax.collapse(x, start, stop?)`: axes [start, stop) become one axis of their total size, with
 * the bounds read as a Python slice (`stop` defaults to the rank; negative counts from the end).
 */
export function collapse(x: JaxArray, startDimension: number, stopDimension: number | null = null): JaxArray {
  const lo = sliceBound(startDimension, x.ndim);
  const hi = stopDimension === null ? x.ndim : sliceBound(stopDimension, x.ndim);
  if (hi < lo) {
    throw new ValueError(
      `collapse: stop_dimension ${stopDimension} falls before start_dimension ${startDimension} for operand ${x.aval.str()}; ` +
        `collapse axes [start, stop) with start <= stop`,
    );
  }
  const shape = x.shape;
  return reshape(x, [...shape.slice(0, lo), sizeOf(shape.slice(lo, hi)), ...shape.slice(hi)]);
}
