// makeJaxpr: trace a function to a jaxpr for inspection (prints in JAX's format).
import type { ClosedJaxpr } from "../tracing/jaxpr.js";
import { ClosedJaxpr as Closed } from "../tracing/jaxpr.js";
import { traceToJaxpr } from "../tracing/staging.js";
import type { TreeDef } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, type AnyFn } from "./api-util.js";

export interface MadeJaxpr extends ClosedJaxpr {
  readonly outTree: TreeDef;
}

export function makeJaxpr(f: AnyFn): (...args: unknown[]) => MadeJaxpr {
  return (...args: unknown[]) => {
    const [leaves, inTree] = flattenArgs(args, "makeJaxpr");
    const flat = flattenFun(f, inTree, "makeJaxpr");
    const { jaxpr, consts } = traceToJaxpr(flat.fn, leaves.map(avalOf));
    return Object.assign(new Closed(jaxpr, consts), { outTree: flat.outTree() });
  };
}
