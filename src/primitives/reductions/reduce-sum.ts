// reduce_sum over a set of axes (removed from the shape).
import { allocTyped } from "../../dtypes.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { checkDTypeClass, linearJvp } from "../rules.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { reductionOutAval, reduceKernel, batchReduction, type AxesParams } from "./reduce-common.js";

export const reduceSumP: Primitive<AxesParams> = definePrimitive<AxesParams>({
  name: "reduce_sum",
  abstractEval([x], params) {
    checkDTypeClass("reduce_sum", x!, "numeric");
    return [reductionOutAval("reduce_sum", x!, params.axes)];
  },
  impl([x], { axes }, [out]) {
    const acc = new Float64Array(out!.size);
    reduceKernel(x!, axes, (o, v) => (acc[o] = acc[o]! + v));
    const res = allocTyped(out!.dtype, out!.size);
    res.set(acc as never);
    return [res];
  },
  jvp: (primals, tangents, params) => linearJvp(reduceSumP)(primals, tangents, params),
  transpose([ct], [x], { axes }) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    const kept = aval.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    return [broadcastInDim(ct!, aval.shape, kept)];
  },
  batch: (args, dims, params) => batchReduction(reduceSumP, args, dims, params),
});

export function reduceSum(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceSumP, [x], { axes: [...axes].sort((a, b) => a - b) });
}

export { ShapedArray };
