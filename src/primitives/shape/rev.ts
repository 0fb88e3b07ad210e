// rev: reverse the order of elements along some axes.
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { checkAxes } from "./params-check.js";

export interface RevParams {
  dimensions: readonly number[];
}

export const revP: Primitive<RevParams> = definePrimitive<RevParams>({
  name: "rev",
  abstractEval([x], { dimensions }) {
    checkAxes("rev", "dimensions", dimensions, x!);
    return [new ShapedArray(x!.shape, x!.dtype, x!.weakType)];
  },
  impl([x], { dimensions }) {
    const shape = x!.shape;
    const strides = stridesOf(shape);
    // Read reversed axes from their last element backwards.
    let offset = 0;
    for (const d of dimensions) {
      if (shape[d]! > 0) offset += (shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    return [stridedCopy(x!.data, x!.dtype, shape, strides, offset)];
  },
  jvp: (primals, tangents, params) => linearJvp(revP)(primals, tangents, params),
  transpose([ct], [x], params) {
    const aval = (x as UndefinedPrimal).aval;
    return [ct instanceof Zero ? new Zero(aval) : bind1(revP, [ct!], params)];
  },
  batch([x], [bdim], { dimensions }) {
    const b = bdim!;
    return [
      [
        rev(
          x!,
          dimensions.map((d) => (d >= b ? d + 1 : d)),
        ),
      ],
      [b],
    ];
  },
});

/** Reverses `x` along `dimensions` (non-negative axes, as in JAX). */
export function rev(x: JaxArray, dimensions: readonly number[]): JaxArray {
  return bind1(revP, [x], { dimensions: [...dimensions] });
}
