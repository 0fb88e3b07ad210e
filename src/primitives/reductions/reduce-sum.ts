// reduce_sum over a set of axes (removed from the shape).
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { checkDTypeClass, linearJvp } from "../rules.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { sumFold } from "./fold-loops.js";
import { batchReduction, foldKernel, keptAxes, reductionOutAval, sortedAxes, type AxesParams } from "./reduce-common.js";

export const reduceSumP: Primitive<AxesParams> = definePrimitive<AxesParams>({
  name: "reduce_sum",
  abstractEval([x], params) {
    checkDTypeClass("reduce_sum", x!, "numeric");
    return [reductionOutAval("reduce_sum", x!, params.axes)];
  },
  impl([x], { axes }, [out]) {
    // Accumulates in float64; the store wraps integers and rounds floats to the output dtype.
    return [foldKernel(x!, axes, out!, 0, sumFold)];
  },
  jvp: (primals, tangents, params) => linearJvp(reduceSumP)(primals, tangents, params),
  transpose([ct], [x], { axes }) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [broadcastInDim(ct!, aval.shape, keptAxes(aval.ndim, axes))];
  },
  batch: (args, dims, params) => batchReduction(reduceSumP, args, dims, params),
});

export function reduceSum(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceSumP, [x], { axes: sortedAxes(axes) });
}
