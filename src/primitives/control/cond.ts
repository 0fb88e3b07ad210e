// cond: apply one of several branch jaxprs, chosen by an int32 index (clamped), to the operands.
import { programDevice, runHostProgram } from "../../runtime/host-program.js";
import { DTypeError, ShapeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import {
  jvpJaxpr,
  partialEvalJaxpr,
  runJaxpr,
  traceClosed,
  transposeJaxpr,
  vmapJaxpr,
  type ClosedOver,
} from "../../transforms/jaxpr-transforms.js";
import { registerPartialEvalRule, type PETracer } from "../../transforms/partial-eval.js";
import { clamp, selectN } from "../elementwise/select.js";
import { definePrimitive, UndefinedPrimal, Zero, type BDim, type Params, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis, zerosLikeAval } from "../rules.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { checkSameOutputs, joinConsts } from "./branches.js";
import { scalar } from "../../array.js";

export interface CondParams {
  branches: readonly Jaxpr[];
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `branch ${i}`);

function bindCond(index: JaxArray, closed: readonly ClosedOver[], ops: readonly JaxArray[]): JaxArray[] {
  const { jaxprs, consts } = joinConsts(closed);
  return bind(condP, [index, ...consts, ...ops], { branches: jaxprs });
}

export const condP: Primitive<CondParams> = definePrimitive<CondParams>({
  name: "cond",
  abstractEval([index, ...ops], { branches }) {
    if (index!.dtype !== "int32" || index!.ndim !== 0) {
      throw new DTypeError(`cond: the branch index must be an int32 scalar, got ${index!.str()}; convert a predicate with lax.cond, or an index with .astype("int32")`);
    }
    branches.forEach((b, k) => {
      const want = b.inAvals;
      if (want.length !== ops.length || want.some((a, i) => !a.equals(ops[i]!))) {
        throw new ShapeError(`cond: branch ${k} takes (${want.map((a) => a.str()).join(", ")}) but the operands are (${ops.map((a) => a.str()).join(", ")})`);
      }
    });
    return checkSameOutputs("cond", branches, names(branches.length));
  },
  evalRule(args, params) {
    const { branches } = params;
    const outAvals = condP.abstractEval(
      args.map((a) => a.aval),
      params,
    );
    // The index is read on the host, so only the chosen branch runs: now on the CPU, queued on WebGPU.
    return runHostProgram("cond", programDevice(args), args, outAvals, function* ([index, ...ops]) {
      const i = Number((yield index!)[0]);
      return runJaxpr(branches[Math.min(Math.max(i, 0), branches.length - 1)]!, ops);
    });
  },
  jvp([index, ...primals], [, ...tangents], { branches }) {
    const nonzeros = tangents.map((t) => !(t instanceof Zero));
    const first = branches.map((b) => jvpJaxpr(b, nonzeros, false).outNonzeros);
    const outNz = first[0]!.map((_, i) => first.some((nz) => nz[i]));
    const closed = branches.map((b) => jvpJaxpr(b, nonzeros, outNz).jaxpr);
    const nz = tangents.filter((t): t is JaxArray => !(t instanceof Zero));
    const outs = bindCond(index!, closed, [...primals, ...nz]);
    const n = branches[0]!.outs.length;
    let k = n;
    const touts: Tangent[] = branches[0]!.outAvals.map((a, i) => (outNz[i] ? outs[k++]! : new Zero(a.withWeak(false))));
    return [outs.slice(0, n), touts];
  },
  batch(args, dims, { branches }) {
    const size = batchSize(args, dims);
    const [index, ...ops] = args;
    const opDims = dims.slice(1);
    if (dims[0] === null) {
      // An output is batched if any branch batches it; the others stay unbatched (as in JAX),
      // so work that doesn't depend on the mapped axis isn't repeated per example.
      const perBranch = branches.map((b) => vmapJaxpr(b, size, opDims, (batched) => batched.map((x) => (x ? 0 : null))).outDims);
      const outDims: BDim[] = perBranch[0]!.map((_, i) => (perBranch.some((d) => d[i] !== null) ? 0 : null));
      const closed = branches.map((b) => vmapJaxpr(b, size, opDims, () => outDims).jaxpr);
      return [bindCond(index!, closed, ops), outDims];
    }
    const closed = branches.map((b) => vmapJaxpr(b, size, opDims, (batched) => batched.map(() => 0)).jaxpr);
    // A batched index: run every branch and select per example (JAX does the same).
    const idx = clamp(scalar(0, "int32"), moveBatchAxis(index!, dims[0]!, 0, size), scalar(branches.length - 1, "int32"));
    const results = closed.map((c) => runJaxpr(c.jaxpr, [...c.consts, ...ops]));
    const outs = results[0]!.map((o, i) => {
      const which = broadcastInDim(idx, o.shape, [0]);
      const cases = results.map((r) => r[i]!);
      return selectN(which, ...cases);
    });
    return [outs, outs.map(() => 0)];
  },
  transpose(cts, [index, ...ops], { branches }) {
    const linear = ops.map((a) => a instanceof UndefinedPrimal);
    const closed = branches.map((b) => transposeJaxpr(b, linear));
    const nonlin = ops.filter((a): a is JaxArray => !(a instanceof UndefinedPrimal));
    const res = bindCond(index as JaxArray, closed, [...nonlin, ...cts.map(instantiate)]);
    let k = 0;
    return [null, ...ops.map((a) => (a instanceof UndefinedPrimal ? res[k++]! : null))];
  },
});

// Linearize through cond: each branch splits into known and unknown parts; branches produce the
// union of all branches' residuals (zeros for the others') so the two conds line up.
registerPartialEvalRule("cond", (trace, tracers: PETracer[], params: Params) => {
  const { branches } = params as CondParams;
  const [index, ...ops] = tracers;
  if (!index!.pval.isKnown) {
    const ins = tracers.map((t) => trace.instantiateConst(t));
    return trace.recordEqn(condP, ins, params, condP.abstractEval(ins.map((t) => t.aval), params as CondParams));
  }
  const inUnknowns = ops.map((t) => !t.pval.isKnown);
  const firstPass = branches.map((b) => partialEvalJaxpr(b, inUnknowns, false).outUnknowns);
  const outUnknowns = firstPass[0]!.map((_, i) => firstPass.some((u) => u[i]));
  const parts = branches.map((b) => partialEvalJaxpr(b, inUnknowns, outUnknowns));
  const resAvals = parts.map((p) => p.residualAvals);
  const allRes = resAvals.flat();
  const offsets = resAvals.map((_, k) => resAvals.slice(0, k).flat().length);
  const knownOps = ops.filter((t) => t.pval.isKnown).map((t) => t.pval.known!);
  const knownBranches = parts.map((p, k) =>
    traceClosed(
      (...xs) => {
        const outs = runJaxpr(p.known.jaxpr, [...p.known.consts, ...xs]);
        const numKnown = outs.length - p.numResiduals;
        const res = allRes.map((a, r) => (r >= offsets[k]! && r < offsets[k]! + p.numResiduals ? outs[numKnown + r - offsets[k]!]! : zerosLikeAval(a)));
        return [...outs.slice(0, numKnown), ...res];
      },
      knownOps.map((x) => x.aval),
    ),
  );
  const knownOuts = bindCond(index!.pval.known!, knownBranches, knownOps);
  const numKnownOuts = knownOuts.length - allRes.length;
  const residuals = knownOuts.slice(numKnownOuts).map((r) => trace.instantiateConst(trace.pure(r) as PETracer));
  const unknownOpAvals = ops.filter((t) => !t.pval.isKnown).map((t) => t.aval);
  const unknownBranches = parts.map((p, k) =>
    traceClosed(
      (...xs) => runJaxpr(p.unknown, [...xs.slice(offsets[k], offsets[k]! + p.numResiduals), ...xs.slice(allRes.length)]),
      [...allRes, ...unknownOpAvals],
    ),
  );
  const { jaxprs, consts } = joinConsts(unknownBranches);
  const constTracers = consts.map((c) => trace.instantiateConst(trace.pure(c) as PETracer));
  const unknownIns = ops.filter((t) => !t.pval.isKnown);
  const idx = trace.instantiateConst(index!);
  const unknownOuts = trace.recordEqn(
    condP,
    [idx, ...constTracers, ...residuals, ...unknownIns],
    { branches: jaxprs } satisfies CondParams,
    jaxprs[0]!.outAvals,
  );
  let ki = 0;
  let ui = 0;
  return outUnknowns.map((u) => (u ? unknownOuts[ui++]! : knownOuts[ki++]!));
});

export { bindCond };
