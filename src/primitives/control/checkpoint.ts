// checkpoint (remat): under reverse mode, save only the inputs and recompute the rest of the
// primal computation in the backward pass, trading compute for memory.
import type { JaxArray } from "../../tracing/array.js";
import { Jaxpr, Literal, type JaxprEqn, type Var } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import { jvpJaxpr, partialEvalJaxpr, runJaxpr, transposeJaxpr, vmapJaxpr } from "../../transforms/jaxpr-transforms.js";
import { registerPartialEvalRule, type PETracer } from "../../transforms/partial-eval.js";
import { definePrimitive, UndefinedPrimal, Zero, type Params, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate } from "../rules.js";

export interface CheckpointParams {
  jaxpr: Jaxpr;
  preventCse: boolean;
}

/** Keeps only the outputs marked `used` and the equations they need (inputs are all kept). */
export function dceJaxpr(jaxpr: Jaxpr, used: readonly boolean[]): Jaxpr {
  const live = new Set<Var>();
  const outs = jaxpr.outs.filter((_, i) => used[i]);
  outs.forEach((a) => !(a instanceof Literal) && live.add(a));
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const e = jaxpr.eqns[i]!;
    if (e.outBinders.some((v) => live.has(v))) {
      kept.push(e);
      e.inputs.forEach((a) => !(a instanceof Literal) && live.add(a));
    }
  }
  return new Jaxpr(jaxpr.constvars, jaxpr.invars, kept.reverse(), outs);
}

export const checkpointP: Primitive<CheckpointParams> = definePrimitive<CheckpointParams>({
  name: "checkpoint",
  abstractEval: (_avals, { jaxpr }) => jaxpr.outAvals,
  evalRule: (args, { jaxpr }) => runJaxpr(jaxpr, args),
  printParams: ({ jaxpr, preventCse }) => [
    ["jaxpr", jaxpr],
    ["prevent_cse", preventCse],
  ],
  jvp(primals, tangents, { jaxpr, preventCse }) {
    const nonzeros = tangents.map((t) => !(t instanceof Zero));
    const { jaxpr: jj, outNonzeros } = jvpJaxpr(jaxpr, nonzeros, false);
    const nz = tangents.filter((t): t is JaxArray => !(t instanceof Zero));
    const outs = bind(checkpointP, [...jj.consts, ...primals, ...nz], { jaxpr: jj.jaxpr, preventCse });
    const n = jaxpr.outs.length;
    let k = n;
    const touts: Tangent[] = jaxpr.outAvals.map((a, i) => (outNonzeros[i] ? outs[k++]! : new Zero(a.withWeak(false))));
    return [outs.slice(0, n), touts];
  },
  batch(args, dims, { jaxpr, preventCse }) {
    const { jaxpr: vj, outDims } = vmapJaxpr(jaxpr, batchSize(args, dims), dims, (b) => b.map((x) => (x ? 0 : null)));
    return [bind(checkpointP, [...vj.consts, ...args], { jaxpr: vj.jaxpr, preventCse }), outDims];
  },
  transpose(cts, args, { jaxpr, preventCse }) {
    const linear = args.map((a) => a instanceof UndefinedPrimal);
    const tj = transposeJaxpr(jaxpr, linear);
    const nonlin = args.filter((a): a is JaxArray => !(a instanceof UndefinedPrimal));
    const res = bind(checkpointP, [...tj.consts, ...nonlin, ...cts.map(instantiate)], { jaxpr: tj.jaxpr, preventCse });
    let k = 0;
    return args.map((a) => (a instanceof UndefinedPrimal ? res[k++]! : null));
  },
});

// Known part: only the primal outputs (no residuals). Unknown part: the whole computation again,
// reading the known inputs, so the backward pass recomputes what it needs.
registerPartialEvalRule("checkpoint", (trace, tracers: PETracer[], params: Params) => {
  const { jaxpr, preventCse } = params as CheckpointParams;
  const inUnknowns = tracers.map((t) => !t.pval.isKnown);
  const { known, outUnknowns, numResiduals } = partialEvalJaxpr(jaxpr, inUnknowns, false);
  const numKnownOuts = known.jaxpr.outs.length - numResiduals;
  const knownOnly = dceJaxpr(known.jaxpr, known.jaxpr.outs.map((_, i) => i < numKnownOuts));
  const knownIns = tracers.filter((t) => t.pval.isKnown).map((t) => t.pval.known!);
  const knownOuts = bind(checkpointP, [...known.consts, ...knownIns], { jaxpr: knownOnly, preventCse });
  const unknownJaxpr = dceJaxpr(jaxpr, outUnknowns);
  const ins = tracers.map((t) => trace.instantiateConst(t));
  const unknownOuts = trace.recordEqn(checkpointP, ins, { jaxpr: unknownJaxpr, preventCse }, unknownJaxpr.outAvals);
  let ki = 0;
  let ui = 0;
  return outUnknowns.map((u) => (u ? unknownOuts[ui++]! : knownOuts[ki++]!));
});
