// Interprets a jaxpr by binding each equation's primitive: on concrete arrays this evaluates it,
// under an outer transform it re-traces it (that is how transforms see inside jit and control flow).
import { scalar } from "../array.js";
import type { JaxArray } from "./array.js";
import { Literal, type Atom, type Jaxpr, type Var } from "./jaxpr.js";
import { bind } from "./trace.js";

export function literalArray(l: Literal): JaxArray {
  return scalar(l.value, l.aval.dtype, l.aval.weakType);
}

export function evalJaxpr(jaxpr: Jaxpr, consts: readonly JaxArray[], args: readonly JaxArray[]): JaxArray[] {
  const env = new Map<Var, JaxArray>();
  const read = (a: Atom): JaxArray => (a instanceof Literal ? literalArray(a) : env.get(a)!);
  jaxpr.constvars.forEach((v, i) => env.set(v, consts[i]!));
  jaxpr.invars.forEach((v, i) => env.set(v, args[i]!));
  for (const eqn of jaxpr.eqns) {
    const outs = bind(eqn.primitive, eqn.inputs.map(read), eqn.params);
    eqn.outBinders.forEach((v, i) => env.set(v, outs[i]!));
  }
  return jaxpr.outs.map(read);
}
