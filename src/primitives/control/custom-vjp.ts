// custom_vjp_call: applies a jaxpr whose reverse-mode derivative is a user (fwd, bwd) pair.
// Under JVP it runs `fwd` and emits `custom_lin` on the tangents: a linear primitive whose
// transpose is `bwd`, so reverse mode (linearize + transpose) calls the user's backward rule.
import { UnsupportedError, ValueError } from "../../errors.js";
import { isFloat } from "../../dtypes.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import { batchedAval, runJaxpr, vmapJaxpr } from "../../transforms/jaxpr-transforms.js";
import { vmapFlat } from "../../transforms/vmap.js";
import { definePrimitive, UndefinedPrimal, Zero, type BDim, type Primitive, type Tangent } from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis } from "../rules.js";
import { matchWeakDtype } from "./custom-jvp.js";

/** fwd on primal leaves: [...outs, ...residuals] with the residual count. */
export type FlatFwd = (primals: JaxArray[]) => { outs: JaxArray[]; residuals: JaxArray[] };
/** bwd on residual and output-cotangent leaves: one cotangent per primal input leaf. */
export type FlatBwd = (residuals: JaxArray[], cts: JaxArray[]) => JaxArray[];

export interface CustomVjpParams {
  callJaxpr: Jaxpr;
  fwd: FlatFwd;
  bwd: FlatBwd;
  numConsts: number;
  name: string;
}

export interface CustomLinParams {
  bwd: FlatBwd;
  numRes: number;
  outAvals: readonly ShapedArray[];
  name: string;
}

function forwardModeError(name: string): UnsupportedError {
  return new UnsupportedError(
    `customVjp(${name}): forward-mode differentiation (jvp, jacfwd, linearize, hessian) of a customVjp function is not ` +
      `supported; use reverse mode (grad, vjp, jacrev, jacrev of jacrev), or define the rule with customJvp`,
  );
}

export const customLinP: Primitive<CustomLinParams> = definePrimitive<CustomLinParams>({
  name: "custom_lin",
  abstractEval: (_avals, { outAvals }) => [...outAvals],
  printParams: ({ name, numRes }) => [
    ["name", name],
    ["num_res", numRes],
  ],
  evalRule(_args, { name }) {
    throw forwardModeError(name);
  },
  // Reached by forward mode over reverse mode (hessian = jacfwd(jacrev)): bwd has no JVP.
  jvp(_primals, _tangents, { name }) {
    throw forwardModeError(name);
  },
  transpose(cts, args, { bwd, numRes, name }) {
    const residuals = args.slice(0, numRes) as JaxArray[];
    const primalAvals = args.slice(numRes).map((a) => (a as UndefinedPrimal).aval);
    const raw = bwd(residuals, cts.map(instantiate));
    if (raw.length !== primalAvals.length) {
      throw new ValueError(`customVjp(${name}): bwd returned ${raw.length} cotangents for ${primalAvals.length} inputs; return one per argument`);
    }
    const ctsIn = raw.map((c, i) => matchWeakDtype(c, primalAvals[i])!);
    ctsIn.forEach((c, i) => {
      const a = primalAvals[i]!;
      if (c.shape.join() !== a.shape.join() || (isFloat(a.dtype) && c.dtype !== a.dtype)) {
        throw new ValueError(`customVjp(${name}): bwd returned a cotangent ${c.aval.str()} for an input ${a.str()}; shapes and dtypes must match`);
      }
    });
    return [...residuals.map(() => null), ...(ctsIn as Tangent[])];
  },
  batch(args, dims, params) {
    const size = batchSize(args, dims);
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i]!, 0, size)));
    const inDims: BDim[] = dims.map((d) => (d === null ? null : 0));
    const resDims = inDims.slice(0, params.numRes);
    const bwd: FlatBwd = (res, cts) =>
      vmapFlat((...xs) => params.bwd(xs.slice(0, res.length), xs.slice(res.length)), size, [...res, ...cts], [...resDims, ...cts.map(() => 0)], (b) =>
        b.map(() => 0),
      );
    const outs = bind(customLinP, moved.map((m, i) => (i >= params.numRes && inDims[i] === null ? moveBatchAxis(m, null, 0, size) : m)), {
      ...params,
      bwd,
      outAvals: params.outAvals.map((a) => batchedAval(a, 0, size)),
    });
    return [outs, outs.map(() => 0)];
  },
});

export const customVjpCallP: Primitive<CustomVjpParams> = definePrimitive<CustomVjpParams>({
  name: "custom_vjp_call",
  abstractEval: (_avals, { callJaxpr }) => callJaxpr.outAvals,
  evalRule: (args, { callJaxpr }) => runJaxpr(callJaxpr, args),
  printParams: ({ callJaxpr, name, numConsts }) => [
    ["name", name],
    ["call_jaxpr", callJaxpr],
    ["num_consts", numConsts],
  ],
  jvp(primals, tangents, { fwd, bwd, numConsts, name, callJaxpr }) {
    if (tangents.slice(0, numConsts).some((t) => !(t instanceof Zero))) {
      throw new UnsupportedError(
        `customVjp(${name}): the function closes over a value that is being differentiated; pass it as an explicit argument`,
      );
    }
    const { outs, residuals } = fwd(primals.slice(numConsts));
    const ts = tangents.slice(numConsts).map(instantiate);
    const touts = bind(customLinP, [...residuals, ...ts], {
      bwd,
      numRes: residuals.length,
      outAvals: callJaxpr.outAvals.map((a) => a.withWeak(false)),
      name,
    });
    return [outs, touts];
  },
  batch(args, dims, params) {
    const size = batchSize(args, dims);
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i]!, 0, size)));
    const inDims: BDim[] = dims.map((d) => (d === null ? null : 0));
    const { jaxpr: vj } = vmapJaxpr(params.callJaxpr, size, inDims, (b) => b.map(() => 0));
    const userDims = inDims.slice(params.numConsts);
    let numRes = 0;
    const fwd: FlatFwd = (ps) => {
      const flat = vmapFlat(
        (...xs) => {
          const r = params.fwd(xs);
          numRes = r.residuals.length;
          return [...r.outs, ...r.residuals];
        },
        size,
        ps,
        userDims,
        (b) => b.map(() => 0),
      );
      const nOut = flat.length - numRes;
      return { outs: flat.slice(0, nOut), residuals: flat.slice(nOut) };
    };
    const bwd: FlatBwd = (res, cts) =>
      vmapFlat((...xs) => params.bwd(xs.slice(0, res.length), xs.slice(res.length)), size, [...res, ...cts], [...res.map(() => 0), ...cts.map(() => 0)], (b) =>
        b.map(() => 0),
      );
    const outs = bind(customVjpCallP, [...vj.consts, ...moved], {
      callJaxpr: vj.jaxpr,
      fwd,
      bwd,
      numConsts: vj.consts.length + params.numConsts,
      name: params.name,
    });
    return [outs, outs.map(() => 0)];
  },
});
