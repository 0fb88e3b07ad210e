// The table of primitive lowerings, keyed by primitive name. A primitive without an entry has no
// WebGPU kernel yet: the WebGPU device reports that with an error naming it.
import type { Lowering } from "./lowering.js";
import { elementwiseLowerings } from "./primitives/elementwise.js";

const table = new Map<string, Lowering>(Object.entries({ ...elementwiseLowerings }));

export function loweringOf(primitive: string): Lowering | undefined {
  return table.get(primitive);
}

/** Names of the primitives that lower, sorted. */
export function loweredPrimitives(): string[] {
  return [...table.keys()].sort();
}
