// A few shape rules need primitives of other families (select_n, lt, gather) whose files import
// the shape family. Binding them by name through the registry keeps the import graph acyclic.
import { UnsupportedError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { getPrimitive, type Params } from "../primitive.js";

export function bindByName(name: string, args: readonly JaxArray[], params: Params, neededBy: string): JaxArray {
  const prim = getPrimitive(name);
  if (!prim) {
    throw new UnsupportedError(`${neededBy} needs the ${name} primitive, which is not loaded; import "jax-ts" (or src/lax/index.js) first`);
  }
  return bind1(prim, args, params);
}

/** `select_n(which, onFalse, onTrue)` for a bool `which`: elements of onTrue where it holds. */
export function selectWhere(which: JaxArray, onTrue: JaxArray, onFalse: JaxArray, neededBy: string): JaxArray {
  return bindByName("select_n", [which, onFalse, onTrue], {}, neededBy);
}
