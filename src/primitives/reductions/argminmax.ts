// argmax and argmin along one axis. As in numpy and JAX, ties go to the first index and a NaN
// beats every number, so the index of the first NaN is returned. Integer outputs: zero JVP.
import { allocTyped, isInteger, type DType } from "../../dtypes.js";
import { DTypeError, ValueError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { stridesOf } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import { batchReduction, reduceKernel, reductionOutAval, type AxesParams } from "./reduce-common.js";

export interface ArgMinMaxParams extends AxesParams {
  indexDtype: DType;
}

function defineArgChooser(name: string, better: (v: number, best: number) => boolean): Primitive<ArgMinMaxParams> {
  const prim: Primitive<ArgMinMaxParams> = definePrimitive<ArgMinMaxParams>({
    name,
    abstractEval([x], { axes, indexDtype }) {
      if (axes.length !== 1) throw new ValueError(`${name}: takes exactly one axis, got axes (${axes.join(", ")}) for operand ${x!.str()}`);
      if (!isInteger(indexDtype)) {
        throw new DTypeError(`${name}: index_dtype must be an integer type (int32 or uint32), got ${String(indexDtype)} for operand ${x!.str()}`);
      }
      const out = reductionOutAval(name, x!, axes, indexDtype, false);
      const axis = axes[0]!;
      if (x!.shape[axis] === 0) {
        throw new ValueError(`${name}: the reduced axis ${axis} of operand ${x!.str()} is empty; argmin and argmax need at least one element`);
      }
      return [out];
    },
    impl([x], { axes }, [out]) {
      const axis = axes[0]!;
      const stride = stridesOf(x!.shape)[axis]!;
      const size = x!.shape[axis]!;
      const best = new Float64Array(out!.size);
      const index = allocTyped(out!.dtype, out!.size);
      const seen = new Uint8Array(out!.size);
      reduceKernel(x!, axes, (o, v, flat) => {
        // Elements of one output arrive in increasing index order, so only strict improvements move.
        if (!seen[o] || better(v, best[o]!)) {
          seen[o] = 1;
          best[o] = v;
          index[o] = Math.floor(flat / stride) % size;
        }
      });
      return [index];
    },
    jvp: (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => batchReduction(prim, args, dims, params),
  });
  return prim;
}

const beatsForMax = (v: number, best: number) => best === best && (v !== v || v > best);
const beatsForMin = (v: number, best: number) => best === best && (v !== v || v < best);

export const argmaxP = defineArgChooser("argmax", beatsForMax);
export const argminP = defineArgChooser("argmin", beatsForMin);

export function argmax(x: JaxArray, axis: number, indexDtype: DType = "int32"): JaxArray {
  return bind1(argmaxP, [x], { axes: [axis], indexDtype });
}
export function argmin(x: JaxArray, axis: number, indexDtype: DType = "int32"): JaxArray {
  return bind1(argminP, [x], { axes: [axis], indexDtype });
}
