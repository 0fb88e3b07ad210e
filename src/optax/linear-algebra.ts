// Norms over whole pytrees.
import type { JaxArray } from "../tracing/array.js";
import { norm } from "./tree-math.js";

/** The euclidean norm of every leaf taken together (optax.global_norm). */
export function globalNorm(updates: unknown): JaxArray {
  return norm(updates);
}
