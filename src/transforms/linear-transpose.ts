// linearTranspose: the transpose of a linear function, from its jaxpr.
import { ValueError } from "../errors.js";
import { UndefinedPrimal } from "../primitives/primitive.js";
import { instantiate } from "../primitives/rules.js";
import { traceToJaxpr } from "../tracing/staging.js";
import { flatten, treedefEqual, treedefString, unflatten } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, toArrayLeaf, type AnyFn } from "./api-util.js";
import { backwardPass } from "./transpose.js";

/** `jax.linearTranspose(f, ...primals)` returns `ct => [ctArg0, ...]` for a linear `f`. */
export function linearTranspose(f: AnyFn, ...primals: unknown[]): (ct: unknown) => unknown[] {
  const [leaves, inTree] = flattenArgs(primals, "linearTranspose");
  const flat = flattenFun(f, inTree, "linearTranspose");
  const avals = leaves.map(avalOf);
  const { jaxpr, consts } = traceToJaxpr(flat.fn, avals);
  const outTree = flat.outTree();
  return (ct: unknown) => {
    const [ctLeaves, ctTree] = flatten(ct);
    if (!treedefEqual(ctTree, outTree)) {
      throw new ValueError(`linearTranspose: cotangent structure ${treedefString(ctTree)} differs from the output's ${treedefString(outTree)}`);
    }
    const cts = ctLeaves.map((l) => toArrayLeaf(l, "linearTranspose"));
    const out = backwardPass(
      jaxpr,
      consts,
      avals.map((a) => new UndefinedPrimal(a)),
      cts,
    );
    return unflatten<unknown[]>(
      inTree,
      // Every input is linear here, so backwardPass gives each one a (possibly zero) cotangent.
      out.map((c) => instantiate(c!)),
    );
  };
}
