// argmax and argmin along one axis. As in numpy and JAX, ties go to the first index and a NaN
// beats every number, so the index of the first NaN is returned. Integer outputs: zero JVP.
import { allocTyped, isInteger, type AnyTypedArray, type DType } from "../../dtypes.js";
import { DTypeError, ValueError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { sizeOf } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import type { FoldInput } from "./fold-loops.js";
import { batchReduction, foldInput, reductionOutAval, type AxesParams } from "./reduce-common.js";

export interface ArgMinMaxParams extends AxesParams {
  indexDtype: DType;
}

function defineArgChooser(name: string, chooseAlongAxis: Chooser): Primitive<ArgMinMaxParams> {
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
      const shape = x!.shape;
      const index = allocTyped(out!.dtype, out!.size);
      const lines: Lines = {
        outer: sizeOf(shape.slice(0, axis)),
        size: shape[axis]!,
        inner: sizeOf(shape.slice(axis + 1)),
      };
      chooseAlongAxis(foldInput(x!.data), lines, index);
      return [index];
    },
    jvp: (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => batchReduction(prim, args, dims, params),
  });
  return prim;
}

/** The operand as [outer, size, inner] around the reduced axis. */
interface Lines {
  outer: number;
  size: number;
  inner: number;
}

/**
 * Writes, for each line along the axis, the index of its largest element (argmax) or smallest
 * (argmin). Lines are walked together, one step of the axis at a time, so reads stay contiguous.
 * Elements arrive in increasing index order, so only strict improvements move the index (ties
 * keep the first), and a NaN best is never replaced (the first NaN wins).
 */
type Chooser = (x: FoldInput, lines: Lines, index: AnyTypedArray) => void;

const argmaxLines: Chooser = (x, { outer, size, inner }, index) => {
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    const at = o * inner;
    for (let i = 0; i < inner; i++) best[i] = x[base + i]!;
    for (let s = 1; s < size; s++) {
      const row = base + s * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[row + i]!;
        const b = best[i]!;
        if (b === b && (v !== v || v > b)) {
          best[i] = v;
          index[at + i] = s;
        }
      }
    }
  }
};

const argminLines: Chooser = (x, { outer, size, inner }, index) => {
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * size * inner;
    const at = o * inner;
    for (let i = 0; i < inner; i++) best[i] = x[base + i]!;
    for (let s = 1; s < size; s++) {
      const row = base + s * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[row + i]!;
        const b = best[i]!;
        if (b === b && (v !== v || v < b)) {
          best[i] = v;
          index[at + i] = s;
        }
      }
    }
  }
};

export const argmaxP = defineArgChooser("argmax", argmaxLines);
export const argminP = defineArgChooser("argmin", argminLines);

export function argmax(x: JaxArray, axis: number, indexDtype: DType = "int32"): JaxArray {
  return bind1(argmaxP, [x], { axes: [axis], indexDtype });
}
export function argmin(x: JaxArray, axis: number, indexDtype: DType = "int32"): JaxArray {
  return bind1(argminP, [x], { axes: [axis], indexDtype });
}
