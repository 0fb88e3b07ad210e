// The `jit` call primitive: applies a staged jaxpr. Every transform reaches inside it by
// transforming the jaxpr (jvpJaxpr, vmapJaxpr, partialEvalJaxpr, transposeJaxpr).
import { executeJaxpr } from "../../backend/execute-jaxpr.js";
import { ShapeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import {
  jvpJaxpr,
  partialEvalJaxpr,
  runJaxpr,
  transposeJaxpr,
  vmapJaxpr,
} from "../../transforms/jaxpr-transforms.js";
import { registerPartialEvalRule, type PETracer } from "../../transforms/partial-eval.js";
import { definePrimitive, UndefinedPrimal, Zero, type Params, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate } from "../rules.js";

export interface JitParams {
  jaxpr: Jaxpr;
  name: string;
  /** Per input: whether its buffer is donated (jit's donateArgnums; only eager calls use it). */
  donated?: readonly boolean[];
}

export const jitP: Primitive<JitParams> = definePrimitive<JitParams>({
  name: "jit",
  abstractEval(avals, { jaxpr, name }) {
    const want = jaxpr.inAvals;
    if (avals.length !== want.length || avals.some((a, i) => !a.equals(want[i]!))) {
      throw new ShapeError(
        `jit(${name}): called with ${avals.map((a) => a.str()).join(", ")} but traced for ${want.map((a) => a.str()).join(", ")}`,
      );
    }
    return jaxpr.outAvals;
  },
  printParams: ({ jaxpr, name }) => [
    ["name", name],
    ["jaxpr", jaxpr],
  ],
  evalRule(args, { jaxpr, name, donated }) {
    if (donated) return executeJaxpr(jaxpr, [], args, { flags: donated, to: `jit(${name})` }) ?? runJaxpr(jaxpr, args);
    return runJaxpr(jaxpr, args);
  },
  jvp(primals, tangents, { jaxpr, name }) {
    const nonzeros = tangents.map((t) => !(t instanceof Zero));
    const { jaxpr: jj, outNonzeros } = jvpJaxpr(jaxpr, nonzeros, false);
    const nzTangents = tangents.filter((t): t is JaxArray => !(t instanceof Zero));
    const outs = bind(jitP, [...jj.consts, ...primals, ...nzTangents], { jaxpr: jj.jaxpr, name: `jvp(${name})` });
    const n = jaxpr.outs.length;
    let k = n;
    const outTangents: Tangent[] = jaxpr.outAvals.map((a, i) => (outNonzeros[i] ? outs[k++]! : new Zero(a.withWeak(false))));
    return [outs.slice(0, n), outTangents];
  },
  batch(args, dims, { jaxpr, name }) {
    const size = batchSize(args, dims);
    const { jaxpr: vj, outDims } = vmapJaxpr(jaxpr, size, dims, (batched) => batched.map((b) => (b ? 0 : null)));
    const outs = bind(jitP, [...vj.consts, ...args], { jaxpr: vj.jaxpr, name: `vmap(${name})` });
    return [outs, outDims];
  },
  transpose(cts, args, { jaxpr, name }) {
    const linear = args.map((a) => a instanceof UndefinedPrimal);
    const tj = transposeJaxpr(jaxpr, linear);
    const nonlin = args.filter((a): a is JaxArray => !(a instanceof UndefinedPrimal));
    const ctsIn = cts.map(instantiate);
    const res = bind(jitP, [...tj.consts, ...nonlin, ...ctsIn], { jaxpr: tj.jaxpr, name: `transpose(${name})` });
    let k = 0;
    return args.map((a) => (a instanceof UndefinedPrimal ? res[k++]! : null));
  },
});

// Split a jit call into a known call (run now) and an unknown call (recorded), passing residuals.
registerPartialEvalRule("jit", (trace, tracers: PETracer[], params: Params) => {
  const { jaxpr, name } = params as JitParams;
  const inUnknowns = tracers.map((t) => !t.pval.isKnown);
  const { known, unknown, outUnknowns, numResiduals } = partialEvalJaxpr(jaxpr, inUnknowns, false);
  const knownIns = tracers.filter((t) => t.pval.isKnown).map((t) => t.pval.known!);
  const knownOuts = bind(jitP, [...known.consts, ...knownIns], { jaxpr: known.jaxpr, name });
  const numKnownOuts = knownOuts.length - numResiduals;
  const residuals = knownOuts.slice(numKnownOuts).map((r) => trace.instantiateConst(trace.pure(r) as PETracer));
  const unknownIns = tracers.filter((t) => !t.pval.isKnown);
  const unknownOuts = trace.recordEqn(
    jitP,
    [...residuals, ...unknownIns],
    { jaxpr: unknown, name } satisfies JitParams,
    unknown.outAvals,
  );
  let ki = 0;
  let ui = 0;
  return outUnknowns.map((u) => (u ? unknownOuts[ui++]! : knownOuts[ki++]!));
});

export function jitCall(jaxpr: Jaxpr, args: readonly JaxArray[], name: string, donated?: readonly boolean[]): JaxArray[] {
  return bind(jitP, args, donated ? { jaxpr, name, donated } : { jaxpr, name });
}
