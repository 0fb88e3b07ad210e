// expandDims: insert size-1 axes. Not a primitive: like JAX, it is a broadcast_in_dim, so its
// derivatives and batching come from that primitive.
import { AxisError } from "../../errors.js";
import { normalizeAxis } from "../../shape.js";
import type { JaxArray } from "../../tracing/array.js";
import { broadcastInDim } from "./broadcast-in-dim.js";
import { tupleStr } from "./params-check.js";

/** Inserts size-1 axes at `dimensions`, positions in the result (negative counts from its end). */
export function expandDims(x: JaxArray, dimensions: readonly number[]): JaxArray {
  const ndimOut = x.ndim + dimensions.length;
  const dims = dimensions.map((d) => normalizeAxis(d, ndimOut, "expand_dims"));
  if (new Set(dims).size !== dims.length) {
    throw new AxisError(
      `expand_dims: repeated axis in dimensions ${tupleStr(dimensions)} for operand ${x.aval.str()}; list each new axis once`,
    );
  }
  const shape = [...x.shape];
  for (const d of [...dims].sort((a, b) => a - b)) shape.splice(d, 0, 1);
  const kept = shape.map((_, i) => i).filter((i) => !dims.includes(i));
  return broadcastInDim(x, shape, kept);
}
