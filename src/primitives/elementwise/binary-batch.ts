// Batching for primitives whose operands may be rank 0 beside arrays (clamp's bounds, select_n's
// `which`): a batched rank-0 operand becomes a vector over the batch, which lax would reject next
// to the batched arrays, so it is broadcast to their full shape.
import type { JaxArray } from "../../tracing/array.js";
import type { BDim } from "../primitive.js";
import { moveBatchAxis } from "../rules.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";

/** The shape an operand has inside the vmapped function (without its batch axis). */
export function unbatchedShape(x: JaxArray, dim: BDim): number[] {
  return x.shape.filter((_, i) => i !== dim);
}

/**
 * Puts a scalar-or-full operand in the layout of full operands batched at axis 0, whose
 * unbatched shape is `shape`: unbatched scalars stay rank 0, everything else gets the batch at 0.
 */
export function alignScalarOrFull(x: JaxArray, dim: BDim, size: number, shape: readonly number[]): JaxArray {
  const wasScalar = unbatchedShape(x, dim).length === 0;
  if (wasScalar && dim === null) return x;
  if (wasScalar) return broadcastInDim(x, [size, ...shape], [0]);
  return moveBatchAxis(x, dim, 0, size);
}
