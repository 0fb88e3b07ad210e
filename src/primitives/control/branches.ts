// Plumbing for primitives that hold several jaxprs with one calling convention (cond branches,
// while cond/body): closed branches share one list of constants passed as leading operands.
import { ShapeError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { runJaxpr, traceClosed, type ClosedOver } from "../../transforms/jaxpr-transforms.js";

/**
 * Given closed jaxprs that take the same operands, returns jaxprs that all take
 * [...allConsts, ...operands] (each ignoring the other branches' constants) and the constants.
 */
export function joinConsts(branches: readonly ClosedOver[]): { jaxprs: Jaxpr[]; consts: JaxArray[] } {
  const consts = branches.flatMap((b) => b.consts);
  const constAvals = consts.map((c) => c.aval);
  let offset = 0;
  const jaxprs = branches.map((b) => {
    const start = offset;
    offset += b.consts.length;
    if (branches.length === 1) return b.jaxpr;
    const n = b.consts.length;
    const opAvals = b.jaxpr.inAvals.slice(n);
    return traceClosed(
      (...xs) => runJaxpr(b.jaxpr, [...xs.slice(start, start + n), ...xs.slice(constAvals.length)]),
      [...constAvals, ...opAvals],
    ).jaxpr;
  });
  return { jaxprs, consts };
}

/** Checks that branches produce the same output types, naming the operation. */
export function checkSameOutputs(op: string, jaxprs: readonly Jaxpr[], names: readonly string[]): ShapedArray[] {
  const first = jaxprs[0]!.outAvals;
  jaxprs.forEach((j, k) => {
    const avals = j.outAvals;
    const same = avals.length === first.length && avals.every((a, i) => a.equals(first[i]!));
    if (!same) {
      throw new ShapeError(
        `${op}: branches must return the same types; ${names[0]} returns (${first.map((a) => a.str()).join(", ")}) ` +
          `but ${names[k]} returns (${avals.map((a) => a.str()).join(", ")}); make them agree (cast or reshape one branch's outputs)`,
      );
    }
  });
  return first.map((a, i) => (jaxprs.every((j) => j.outAvals[i]!.weakType) ? a : a.withWeak(false)));
}
