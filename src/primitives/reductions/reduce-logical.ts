// reduce_and, reduce_or, reduce_xor: bitwise on integers, logical on bool; not differentiable.
import { isBool, isInteger, type DType } from "../../dtypes.js";
import { DTypeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import { andFold, orFold, xorFold, type Fold } from "./fold-loops.js";
import { allOnes, batchReduction, foldKernel, reductionOutAval, sortedAxes, type AxesParams } from "./reduce-common.js";

function defineLogical(name: string, identity: (d: DType) => number, fold: Fold): Primitive<AxesParams> {
  const prim: Primitive<AxesParams> = definePrimitive<AxesParams>({
    name,
    abstractEval([x], { axes }) {
      if (!isBool(x!.dtype) && !isInteger(x!.dtype)) {
        throw new DTypeError(`${name}: requires bool or integer operands, got ${x!.str()}; compare floats first (e.g. x != 0)`);
      }
      return [reductionOutAval(name, x!, axes)];
    },
    impl([x], { axes }, [out]) {
      // The final typed-array store wraps the 32-bit results back into the dtype's range.
      return [foldKernel(x!, axes, out!, identity(out!.dtype), fold)];
    },
    jvp: (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => batchReduction(prim, args, dims, params),
  });
  return prim;
}

export const reduceAndP = defineLogical("reduce_and", allOnes, andFold);
export const reduceOrP = defineLogical("reduce_or", () => 0, orFold);
export const reduceXorP = defineLogical("reduce_xor", () => 0, xorFold);

export function reduceAnd(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceAndP, [x], { axes: sortedAxes(axes) });
}
export function reduceOr(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceOrP, [x], { axes: sortedAxes(axes) });
}
export function reduceXor(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceXorP, [x], { axes: sortedAxes(axes) });
}
