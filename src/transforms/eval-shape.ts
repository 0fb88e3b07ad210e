// evalShape: the output shapes and dtypes of a function, computed by tracing only.
import { ShapeDtypeStruct } from "../tracing/aval.js";
import { traceToJaxpr } from "../tracing/staging.js";
import { unflatten } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, type AnyFn } from "./api-util.js";

/** `jax.evalShape(f, ...args)`: args may be arrays or ShapeDtypeStructs; nothing is computed. */
export function evalShape(f: AnyFn, ...args: unknown[]): unknown {
  const [leaves, inTree] = flattenArgs(args, "evalShape");
  const flat = flattenFun(f, inTree, "evalShape");
  const { jaxpr } = traceToJaxpr(flat.fn, leaves.map(avalOf));
  return unflatten(
    flat.outTree(),
    jaxpr.outAvals.map((a) => new ShapeDtypeStruct(a.shape, a.dtype, a.weakType)),
  );
}
