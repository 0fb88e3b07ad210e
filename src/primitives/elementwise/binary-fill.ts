// Constants shaped like an operand, for derivative rules (JAX's `_zeros`, `_ones`, `full_like`).
import { scalar } from "../../array.js";
import type { JaxArray } from "../../tracing/array.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";

export function fullLike(x: JaxArray, value: number): JaxArray {
  return broadcastInDim(scalar(value, x.dtype, x.weakType), x.shape, []);
}

/** Broadcasts a rank-0 operand to `shape` (lax's clamp/select_n accept scalars beside arrays). */
export function broadcastScalarTo(x: JaxArray, shape: readonly number[]): JaxArray {
  return x.ndim === 0 && shape.length > 0 ? broadcastInDim(x, shape, []) : x;
}
