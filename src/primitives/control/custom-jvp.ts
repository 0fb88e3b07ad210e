// custom_jvp_call: applies a jaxpr whose derivative is a user rule, not the jaxpr's own.
import { UnsupportedError, ValueError } from "../../errors.js";
import { isFloat } from "../../dtypes.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import { runJaxpr, vmapJaxpr } from "../../transforms/jaxpr-transforms.js";
import { vmapFlat } from "../../transforms/vmap.js";
import { definePrimitive, Zero, type BDim, type Primitive } from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis } from "../rules.js";
import { convertElementType } from "../shape/convert-element-type.js";

/** A weakly typed result (from a JS number) takes the dtype it stands for, as in JAX. */
export function matchWeakDtype(x: JaxArray | undefined, want: ShapedArray | undefined): JaxArray | undefined {
  if (x === undefined || want === undefined || !x.weakType || x.dtype === want.dtype) return x;
  return convertElementType(x, want.dtype);
}

/** A flat JVP rule: (primal leaves, tangent leaves) -> [...primal outs, ...tangent outs]. */
export type FlatJvpRule = (primals: JaxArray[], tangents: JaxArray[]) => JaxArray[];

export interface CustomJvpParams {
  callJaxpr: Jaxpr;
  jvp: FlatJvpRule;
  numConsts: number;
  name: string;
}

export const customJvpCallP: Primitive<CustomJvpParams> = definePrimitive<CustomJvpParams>({
  name: "custom_jvp_call",
  abstractEval: (_avals, { callJaxpr }) => callJaxpr.outAvals,
  evalRule: (args, { callJaxpr }) => runJaxpr(callJaxpr, args),
  printParams: ({ callJaxpr, name, numConsts }) => [
    ["name", name],
    ["call_jaxpr", callJaxpr],
    ["num_consts", numConsts],
    ["symbolic_zeros", false],
  ],
  jvp(primals, tangents, { callJaxpr, jvp, numConsts, name }) {
    if (tangents.slice(0, numConsts).some((t) => !(t instanceof Zero))) {
      throw new UnsupportedError(
        `customJvp(${name}): the function closes over a value that is being differentiated; ` +
          `pass that value as an explicit argument so the custom rule sees its tangent`,
      );
    }
    const ps = primals.slice(numConsts);
    const ts = tangents.slice(numConsts).map(instantiate);
    const res = jvp(ps, ts);
    const n = callJaxpr.outs.length;
    const outs = res.slice(0, n);
    const touts = res.slice(n).map((t, i) => matchWeakDtype(t, callJaxpr.outAvals[i]));
    callJaxpr.outAvals.forEach((a, i) => {
      const o = outs[i];
      const t = touts[i];
      const tangentDtypeOk = t !== undefined && (!isFloat(a.dtype) || t.dtype === a.dtype);
      if (!o || !t || o.dtype !== a.dtype || o.shape.join() !== a.shape.join() || t.shape.join() !== a.shape.join() || !tangentDtypeOk) {
        throw new ValueError(
          `customJvp(${name}): the JVP rule must return [primalOut, tangentOut] matching the function's output ${a.str()} ` +
            `(the tangent with the same shape and dtype); got primal ${o?.aval.str() ?? "nothing"} and tangent ${t?.aval.str() ?? "nothing"}`,
        );
      }
    });
    return [outs, touts as JaxArray[]];
  },
  batch(args, dims, params) {
    const size = batchSize(args, dims);
    const moved = args.map((a, i) => (dims[i] === null ? a : moveBatchAxis(a, dims[i]!, 0, size)));
    const inDims: BDim[] = dims.map((d) => (d === null ? null : 0));
    const { jaxpr: vj } = vmapJaxpr(params.callJaxpr, size, inDims, (b) => b.map(() => 0));
    const userDims = inDims.slice(params.numConsts);
    const batchedRule: FlatJvpRule = (ps, ts) =>
      vmapFlat((...xs) => params.jvp(xs.slice(0, ps.length), xs.slice(ps.length)), size, [...ps, ...ts], [...userDims, ...userDims], (b) =>
        b.map(() => 0),
      );
    const consts = vj.consts;
    // The batched call jaxpr takes its own constants first; they have no tangents.
    const outs = bind(customJvpCallP, [...consts, ...moved], {
      callJaxpr: vj.jaxpr,
      jvp: batchedRule,
      numConsts: consts.length + params.numConsts,
      name: params.name,
    });
    return [outs, outs.map(() => 0)];
  },
});
