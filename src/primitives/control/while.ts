// while: repeat a body jaxpr on a carry while a cond jaxpr says so. Forward mode and vmap work;
// reverse mode can't (the trip count is dynamic, so nothing bounds what to save) — use scan.
import { programDevice, runHostProgram } from "../../runtime/host-program.js";
import { DTypeError, ShapeError, UnsupportedError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import { jvpJaxpr, partialEvalJaxpr, runJaxpr, traceClosed, vmapJaxpr } from "../../transforms/jaxpr-transforms.js";
import { registerPartialEvalRule, type PETracer } from "../../transforms/partial-eval.js";
import { dceJaxpr } from "./checkpoint.js";
import { select } from "../elementwise/select.js";
import { definePrimitive, Zero, type BDim, type Params, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis } from "../rules.js";
import { reduceOr } from "../reductions/index.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { carryFixpoint, split } from "./split.js";

export interface WhileParams {
  condJaxpr: Jaxpr;
  bodyJaxpr: Jaxpr;
  condNconsts: number;
  bodyNconsts: number;
}

export const whileP: Primitive<WhileParams> = definePrimitive<WhileParams>({
  name: "while",
  abstractEval(avals, { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts }) {
    const [, , carry] = split(avals, condNconsts, bodyNconsts);
    const out = bodyJaxpr.outAvals;
    if (out.length !== carry.length || out.some((a, i) => !a.equals(carry[i]!))) {
      throw new ShapeError(
        `whileLoop: the body must return the carry's types (${carry.map((a) => a.str()).join(", ")}), ` +
          `got (${out.map((a) => a.str()).join(", ")}); keep every carry component's shape and dtype fixed`,
      );
    }
    const pred = condJaxpr.outAvals;
    if (pred.length !== 1 || pred[0]!.dtype !== "bool" || pred[0]!.ndim !== 0) {
      throw new DTypeError(
        `whileLoop: condFun must return a bool scalar, got (${pred.map((a) => a.str()).join(", ")})`,
      );
    }
    return carry.map((a, i) => (out[i]!.weakType && a.weakType ? a : a.withWeak(false)));
  },
  evalRule(args, params) {
    const { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts } = params;
    const outAvals = whileP.abstractEval(
      args.map((a) => a.aval),
      params,
    );
    // The predicate is read on the host each step: now on the CPU, queued on WebGPU.
    return runHostProgram("whileLoop", programDevice(args), args, outAvals, function* (held) {
      const [cc, bc, init] = split(held, condNconsts, bodyNconsts);
      let carry: readonly JaxArray[] = init;
      for (;;) {
        const [pred] = runJaxpr(condJaxpr, [...cc, ...carry]);
        if (!(yield pred!)[0]) return carry;
        carry = runJaxpr(bodyJaxpr, [...bc, ...carry]);
      }
    });
  },
  jvp(primals, tangents, params) {
    const { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts } = params;
    const [cc, bc, init] = split(primals, condNconsts, bodyNconsts);
    const [, bct, initT] = split(tangents, condNconsts, bodyNconsts);
    const constNz = bct.map((t) => !(t instanceof Zero));
    const initNz = initT.map((t) => !(t instanceof Zero));
    // Fixpoint: a carry tangent is nonzero if it is at the start or the body makes it so.
    const carryNz = carryFixpoint(initNz, (k) => jvpJaxpr(bodyJaxpr, [...constNz, ...k], false).outNonzeros);
    const { jaxpr: jj } = jvpJaxpr(bodyJaxpr, [...constNz, ...carryNz], carryNz);
    const nb = bodyNconsts;
    const nc = init.length;
    const nzConstT = bct.filter((t): t is JaxArray => !(t instanceof Zero));
    const nzInitT = initT.filter((_, i) => carryNz[i]).map(instantiate);
    const jjConsts = jj.consts.length;
    // New body: consts [jj consts, body consts, body const tangents], carry [carry, carry tangents].
    const body = traceClosed(
      (...xs) => {
        const [jc, b, bt, c, ct] = split(xs, jjConsts, nb, nzConstT.length, nc);
        return runJaxpr(jj.jaxpr, [...jc, ...b, ...c, ...bt, ...ct]);
      },
      [
        ...jj.consts.map((c) => c.aval),
        ...bodyJaxpr.inAvals.slice(0, nb),
        ...nzConstT.map((t) => t.aval),
        ...bodyJaxpr.inAvals.slice(nb),
        ...nzInitT.map((t) => t.aval),
      ],
    );
    const cond = traceClosed(
      (...xs) => runJaxpr(condJaxpr, xs.slice(0, condNconsts + nc)),
      [...condJaxpr.inAvals, ...nzInitT.map((t) => t.aval)],
    );
    const outs = bind(
      whileP,
      [...cond.consts, ...cc, ...body.consts, ...jj.consts, ...bc, ...nzConstT, ...init, ...nzInitT],
      {
        condJaxpr: cond.jaxpr,
        bodyJaxpr: body.jaxpr,
        condNconsts: cond.consts.length + condNconsts,
        bodyNconsts: body.consts.length + jjConsts + nb + nzConstT.length,
      },
    );
    let k = nc;
    const touts: Tangent[] = init.map((p, i) => (carryNz[i] ? outs[k++]! : new Zero(p.aval.withWeak(false))));
    return [outs.slice(0, nc), touts];
  },
  batch(args, dims, params) {
    const { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts } = params;
    const size = batchSize(args, dims);
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i]!, 0, size)));
    const inDims: BDim[] = dims.map((d) => (d === null ? null : 0));
    const [ccD, bcD, carryD] = split(inDims, condNconsts, bodyNconsts);
    let carryB = carryFixpoint(
      carryD.map((d) => d !== null),
      (k) =>
        vmapJaxpr(bodyJaxpr, size, [...bcD, ...k.map((b) => (b ? 0 : null))], (bs) =>
          bs.map((b) => (b ? 0 : null)),
        ).outDims.map((d) => d !== null),
    );
    const { outDims: predDims } = vmapJaxpr(condJaxpr, size, [...ccD, ...carryB.map((b) => (b ? 0 : null))], (bs) =>
      bs.map((b) => (b ? 0 : null)),
    );
    // A batched predicate: every carry component is batched, finished examples stop changing.
    if (predDims[0] !== null) carryB = carryB.map(() => true);
    const carryDims = carryB.map((b) => (b ? 0 : null));
    const [cc, bc, init] = split(moved, condNconsts, bodyNconsts);
    const initB = init.map((x, i) => (carryB[i] && carryD[i] === null ? moveBatchAxis(x, null, 0, size) : x));
    const condV = vmapJaxpr(condJaxpr, size, [...ccD, ...carryDims], (bs) => bs.map((b) => (b ? 0 : null)));
    const bodyV = vmapJaxpr(bodyJaxpr, size, [...bcD, ...carryDims], () => carryDims);
    const batchedPred = condV.outDims[0] !== null;
    const cond = batchedPred
      ? traceClosed((...xs) => [reduceOr(runJaxpr(condV.jaxpr.jaxpr, xs)[0]!, [0])], [...condV.jaxpr.jaxpr.inAvals])
      : condV.jaxpr;
    const condConsts = batchedPred ? [...cond.consts, ...condV.jaxpr.consts] : cond.consts;
    const body = batchedPred
      ? traceClosed(
          (...xs) => {
            const nbc = bodyV.jaxpr.consts.length + bodyNconsts;
            const ncc = condV.jaxpr.consts.length + condNconsts;
            const [bcs, ccs, carry] = split(xs, nbc, ncc);
            const pred = runJaxpr(condV.jaxpr.jaxpr, [...ccs, ...carry])[0]!;
            const next = runJaxpr(bodyV.jaxpr.jaxpr, [...bcs, ...carry]);
            return next.map((n, i) => select(broadcastInDim(pred, n.shape, [0]), n, carry[i]!));
          },
          [
            ...bodyV.jaxpr.jaxpr.inAvals.slice(0, bodyV.jaxpr.consts.length + bodyNconsts),
            ...condV.jaxpr.jaxpr.inAvals.slice(0, condV.jaxpr.consts.length + condNconsts),
            ...bodyV.jaxpr.jaxpr.inAvals.slice(bodyV.jaxpr.consts.length + bodyNconsts),
          ],
        )
      : bodyV.jaxpr;
    const bodyConsts = batchedPred
      ? [...body.consts, ...bodyV.jaxpr.consts, ...bc, ...condV.jaxpr.consts, ...cc]
      : [...body.consts, ...bc];
    const outs = bind(whileP, [...condConsts, ...cc, ...bodyConsts, ...initB], {
      condJaxpr: cond.jaxpr,
      bodyJaxpr: body.jaxpr,
      condNconsts: condConsts.length + cc.length,
      bodyNconsts: bodyConsts.length,
    });
    return [outs, carryDims];
  },
  transpose() {
    throw new UnsupportedError(
      "whileLoop: reverse-mode differentiation (grad, vjp, jacrev) does not work through lax.whileLoop, whose trip " +
        "count is dynamic; use lax.scan, or lax.foriLoop with static JS-number bounds (which lowers to scan)",
    );
  },
});

// Linearize through while: the known carry runs in a loop of its own; the loop with unknown
// (tangent) parts is recorded whole and recomputes the known parts it reads. It can be evaluated
// (forward mode) but not transposed.
registerPartialEvalRule("while", (trace, tracers: PETracer[], params: Params) => {
  const p = params as WhileParams;
  const { condJaxpr, bodyJaxpr, condNconsts, bodyNconsts } = p;
  const [cc, bc, init] = split(tracers, condNconsts, bodyNconsts);
  const uk = (t: PETracer) => !t.pval.isKnown;
  const constUk = bc.map(uk);
  const carryUk = carryFixpoint(
    init.map(uk),
    (k) => partialEvalJaxpr(bodyJaxpr, [...constUk, ...k], false).outUnknowns,
  );
  const condPe = partialEvalJaxpr(condJaxpr, [...cc.map(uk), ...carryUk], false);
  if (condPe.outUnknowns[0]) {
    throw new UnsupportedError(
      "whileLoop: the loop condition depends on a value being differentiated; differentiate with respect to values the condition doesn't read, or use lax.scan",
    );
  }
  const bodyPe = partialEvalJaxpr(bodyJaxpr, [...constUk, ...carryUk], carryUk);
  const nKnown = carryUk.filter((u) => !u).length;
  const knownBody = dceJaxpr(
    bodyPe.known.jaxpr,
    bodyPe.known.jaxpr.outs.map((_, i) => i < nKnown),
  );
  const knownCond = dceJaxpr(
    condPe.known.jaxpr,
    condPe.known.jaxpr.outs.map((_, i) => i === 0),
  );
  const known = (ts: PETracer[], flags: boolean[]) => ts.filter((_, i) => !flags[i]).map((t) => t.pval.known!);
  const kcc = known(cc, cc.map(uk));
  const kbc = known(bc, constUk);
  const kInit = known(init, carryUk);
  const knownOuts = bind(whileP, [...condPe.known.consts, ...kcc, ...bodyPe.known.consts, ...kbc, ...kInit], {
    condJaxpr: knownCond,
    bodyJaxpr: knownBody,
    condNconsts: condPe.known.consts.length + kcc.length,
    bodyNconsts: bodyPe.known.consts.length + kbc.length,
  });
  const ins = tracers.map((t) => trace.instantiateConst(t));
  const allOuts = trace.recordEqn(whileP, ins, p, bodyJaxpr.outAvals);
  let k = 0;
  return carryUk.map((u, i) => (u ? allOuts[i]! : knownOuts[k++]!));
});
