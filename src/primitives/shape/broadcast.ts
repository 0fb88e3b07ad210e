// broadcast: prepend axes. Not a primitive: a broadcast_in_dim, as in JAX.
import { checkShape } from "../../shape.js";
import type { JaxArray } from "../../tracing/array.js";
import { broadcastInDim } from "./broadcast-in-dim.js";

/** `lax.broadcast(x, sizes)`: the result has shape [...sizes, ...x.shape]. */
export function broadcast(x: JaxArray, sizes: readonly number[]): JaxArray {
  checkShape("broadcast", sizes);
  if (sizes.length === 0) return x;
  return broadcastInDim(
    x,
    [...sizes, ...x.shape],
    x.shape.map((_, i) => i + sizes.length),
  );
}
