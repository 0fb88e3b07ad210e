// reduce_and, reduce_or, reduce_xor: bitwise on integers, logical on bool; not differentiable.
import { allocTyped, isBool, isInteger, type DType } from "../../dtypes.js";
import { DTypeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import { allOnes, batchReduction, reduceKernel, reductionOutAval, sortedAxes, type AxesParams } from "./reduce-common.js";

type BitOp = (a: number, b: number) => number;

function defineLogical(name: string, identity: (d: DType) => number, op: BitOp): Primitive<AxesParams> {
  const prim: Primitive<AxesParams> = definePrimitive<AxesParams>({
    name,
    abstractEval([x], { axes }) {
      if (!isBool(x!.dtype) && !isInteger(x!.dtype)) {
        throw new DTypeError(`${name}: requires bool or integer operands, got ${x!.str()}; compare floats first (e.g. x != 0)`);
      }
      return [reductionOutAval(name, x!, axes)];
    },
    impl([x], { axes }, [out]) {
      // Typed-array stores wrap the 32-bit results back into each dtype's range.
      const res = allocTyped(out!.dtype, out!.size).fill(identity(out!.dtype));
      reduceKernel(x!, axes, (o, v) => (res[o] = op(res[o]!, v)));
      return [res];
    },
    jvp: (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => batchReduction(prim, args, dims, params),
  });
  return prim;
}

export const reduceAndP = defineLogical("reduce_and", allOnes, (a, b) => a & b);
export const reduceOrP = defineLogical("reduce_or", () => 0, (a, b) => a | b);
export const reduceXorP = defineLogical("reduce_xor", () => 0, (a, b) => a ^ b);

export function reduceAnd(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceAndP, [x], { axes: sortedAxes(axes) });
}
export function reduceOr(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceOrP, [x], { axes: sortedAxes(axes) });
}
export function reduceXor(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceXorP, [x], { axes: sortedAxes(axes) });
}
