// transpose: permute axes (output axis i is operand axis permutation[i]).
import { AxisError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { isPermutation, normalizeAxis, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import { definePrimitive, type Primitive, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";

export interface TransposeParams {
  permutation: readonly number[];
}

export const transposeP: Primitive<TransposeParams> = definePrimitive<TransposeParams>({
  name: "transpose",
  abstractEval([x], { permutation }) {
    if (!isPermutation(permutation, x!.ndim)) {
      throw new AxisError(
        `transpose: permutation (${permutation.join(", ")}) is not a permutation of the ${x!.ndim} axes of ${x!.str()}`,
      );
    }
    return [new ShapedArray(permutation.map((p) => x!.shape[p]!), x!.dtype, x!.weakType)];
  },
  impl([x], { permutation }) {
    const strides = stridesOf(x!.shape);
    return [stridedCopy(x!.data, x!.dtype, permutation.map((p) => x!.shape[p]!), permutation.map((p) => strides[p]!))];
  },
  jvp: (primals, tangents, params) => linearJvp(transposeP)(primals, tangents, params),
  transpose([ct], [x], { permutation }) {
    if (ct instanceof Zero) return [new Zero((x as { aval: ShapedArray }).aval)];
    const inverse = permutation.map((_, i) => permutation.indexOf(i));
    return [transpose(ct!, inverse)];
  },
  batch([x], [bdim], { permutation }) {
    const b = bdim!;
    // Keep the batch axis where it is and permute the others around it.
    const perm = [b, ...permutation.map((p) => (p >= b ? p + 1 : p))];
    return [[transpose(x!, perm)], [0]];
  },
});

export function transpose(x: JaxArray, permutation: readonly number[]): JaxArray {
  if (permutation.every((p, i) => p === i) && permutation.length === x.ndim) return x;
  return bind1(transposeP, [x], { permutation: [...permutation] });
}

/** Moves axis `from` to position `to`, keeping the order of the others. */
export function moveaxis(x: JaxArray, from: number, to: number): JaxArray {
  const f = normalizeAxis(from, x.ndim, "moveaxis");
  const t = normalizeAxis(to, x.ndim, "moveaxis");
  if (f === t) return x;
  const perm = x.shape.map((_, i) => i).filter((i) => i !== f);
  perm.splice(t, 0, f);
  return transpose(x, perm);
}
