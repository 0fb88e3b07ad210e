// squeeze: remove size-1 axes.
import { ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { normalizeAxis } from "../../shape.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { expandDims } from "./expand-dims.js";
import { checkAxes, tupleStr } from "./params-check.js";

export interface SqueezeParams {
  /** Sorted, non-negative. */
  dimensions: readonly number[];
}

export const squeezeP: Primitive<SqueezeParams> = definePrimitive<SqueezeParams>({
  name: "squeeze",
  abstractEval([x], { dimensions }) {
    checkAxes("squeeze", "dimensions", dimensions, x!);
    const notOne = dimensions.filter((d) => x!.shape[d] !== 1);
    if (notOne.length > 0) {
      throw new ShapeError(
        `squeeze: cannot remove axes ${tupleStr(notOne)} of operand ${x!.str()} with dimensions ${tupleStr(dimensions)}: ` +
          `only axes of size 1 can be squeezed; use reshape, or index/slice the axis first`,
      );
    }
    return [
      new ShapedArray(
        x!.shape.filter((_, i) => !dimensions.includes(i)),
        x!.dtype,
        x!.weakType,
      ),
    ];
  },
  impl([x]) {
    return [x!.data];
  },
  jvp: (primals, tangents, params) => linearJvp(squeezeP)(primals, tangents, params),
  transpose([ct], [x], { dimensions }) {
    const aval = (x as UndefinedPrimal).aval;
    return [ct instanceof Zero ? new Zero(aval) : expandDims(ct!, dimensions)];
  },
  batch([x], [bdim], { dimensions }) {
    const b = bdim!;
    // Squeeze around the batch axis instead of moving it.
    const dims = dimensions.map((d) => (d >= b ? d + 1 : d));
    const outDim = b - dimensions.filter((d) => d < b).length;
    return [[squeeze(x!, dims)], [outDim]];
  },
});

/** Removes the size-1 axes `dimensions` (negative counts from the end). */
export function squeeze(x: JaxArray, dimensions: readonly number[]): JaxArray {
  const dims = dimensions.map((d) => normalizeAxis(d, x.ndim, "squeeze")).sort((a, b) => a - b);
  if (dims.length === 0) return x;
  return bind1(squeezeP, [x], { dimensions: dims });
}
