// reduce_max and reduce_min: NaN propagates (as XLA's max/min do); an empty reduction gives the
// identity (-inf/+inf for floats, the integer range's ends, false/true for bool).
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { maxFold, minFold, type Fold } from "./fold-loops.js";
import { batchReduction, foldKernel, maxValue, minValue, reductionOutAval, sortedAxes, type AxesParams } from "./reduce-common.js";
import { chooserJvp } from "./chooser-jvp.js";

function defineChooser(name: string, identity: typeof minValue, fold: Fold): Primitive<AxesParams> {
  const prim: Primitive<AxesParams> = definePrimitive<AxesParams>({
    name,
    abstractEval([x], { axes }) {
      return [reductionOutAval(name, x!, axes)];
    },
    impl([x], { axes }, [out]) {
      return [foldKernel(x!, axes, out!, identity(x!.dtype), fold)];
    },
    jvp: (primals, tangents, params) => chooserJvp(prim, primals, tangents, params),
    batch: (args, dims, params) => batchReduction(prim, args, dims, params),
  });
  return prim;
}

export const reduceMaxP = defineChooser("reduce_max", minValue, maxFold);
export const reduceMinP = defineChooser("reduce_min", maxValue, minFold);

export function reduceMax(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceMaxP, [x], { axes: sortedAxes(axes) });
}
export function reduceMin(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceMinP, [x], { axes: sortedAxes(axes) });
}
