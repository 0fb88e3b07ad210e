// Transposition of linear jaxprs (the backward pass of reverse mode). Equations that don't touch
// a linear input are evaluated forward first; linear equations are then transposed in reverse.
import { UnsupportedError } from "../errors.js";
import { UndefinedPrimal, Zero, type Tangent } from "../primitives/primitive.js";
import { addTangents } from "../primitives/rules.js";
import type { JaxArray } from "../tracing/array.js";
import { literalArray } from "../tracing/eval-jaxpr.js";
import { Literal, type Atom, type Jaxpr, type Var } from "../tracing/jaxpr.js";
import { bind } from "../tracing/trace.js";

/**
 * Cotangents of the linear inputs (those given as UndefinedPrimal in `args`) of `jaxpr`,
 * given cotangents of its outputs. Non-linear inputs get null.
 */
export function backwardPass(
  jaxpr: Jaxpr,
  consts: readonly JaxArray[],
  args: readonly (JaxArray | UndefinedPrimal)[],
  cts: readonly Tangent[],
): (Tangent | null)[] {
  const primal = new Map<Var, JaxArray>();
  const linear = new Set<Var>();
  jaxpr.constvars.forEach((v, i) => primal.set(v, consts[i]!));
  jaxpr.invars.forEach((v, i) => {
    const a = args[i]!;
    if (a instanceof UndefinedPrimal) linear.add(v);
    else primal.set(v, a);
  });
  const readPrimal = (a: Atom): JaxArray | UndefinedPrimal =>
    a instanceof Literal ? literalArray(a) : linear.has(a) ? new UndefinedPrimal(a.aval) : primal.get(a)!;

  // Forward sweep: evaluate what doesn't depend on linear inputs; mark the rest linear.
  const linearEqns = [];
  for (const eqn of jaxpr.eqns) {
    const isLinear = eqn.inputs.some((a) => !(a instanceof Literal) && linear.has(a));
    if (isLinear) {
      eqn.outBinders.forEach((v) => linear.add(v));
      linearEqns.push(eqn);
    } else {
      const outs = bind(eqn.primitive, eqn.inputs.map(readPrimal) as JaxArray[], eqn.params);
      eqn.outBinders.forEach((v, i) => primal.set(v, outs[i]!));
    }
  }

  const ctEnv = new Map<Var, Tangent>();
  const writeCt = (v: Atom, ct: Tangent | null) => {
    if (ct === null || ct instanceof Zero || v instanceof Literal || !linear.has(v)) return;
    const prev = ctEnv.get(v);
    ctEnv.set(v, prev ? addTangents(prev, ct) : ct);
  };
  jaxpr.outs.forEach((v, i) => writeCt(v, cts[i]!));

  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const eqn = linearEqns[k]!;
    const ctsIn = eqn.outBinders.map((v) => ctEnv.get(v) ?? new Zero(v.aval));
    eqn.outBinders.forEach((v) => ctEnv.delete(v));
    if (ctsIn.every((c) => c instanceof Zero)) continue;
    const rule = eqn.primitive.transpose;
    if (!rule) {
      throw new UnsupportedError(
        `${eqn.primitive.name}: reverse-mode differentiation needs a transpose rule, and this primitive is not ` +
          `linear in its differentiated inputs; use forward mode (jvp, jacfwd) for this function`,
      );
    }
    const ctsOut = rule(ctsIn, eqn.inputs.map(readPrimal), eqn.params);
    eqn.inputs.forEach((a, i) => writeCt(a, ctsOut[i] ?? null));
  }

  return jaxpr.invars.map((v, i) => (args[i] instanceof UndefinedPrimal ? (ctEnv.get(v) ?? new Zero(v.aval)) : null));
}
