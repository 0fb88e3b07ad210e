// reshape: same elements in row-major order, new shape.
import { ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { checkShape, shapesEqual, sizeOf } from "../../shape.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { moveaxis } from "./transpose.js";

export interface ReshapeParams {
  newSizes: readonly number[];
  dimensions: null;
}

export const reshapeP: Primitive<ReshapeParams> = definePrimitive<ReshapeParams>({
  name: "reshape",
  abstractEval([x], { newSizes }) {
    checkShape("reshape", newSizes);
    if (sizeOf(newSizes) !== x!.size) {
      throw new ShapeError(
        `reshape: cannot reshape ${x!.str()} (${x!.size} elements) to [${newSizes.join(",")}] (${sizeOf(newSizes)} elements); ` +
          `the sizes must have the same product`,
      );
    }
    return [new ShapedArray(newSizes, x!.dtype, x!.weakType)];
  },
  impl([x]) {
    return [x!.data.slice()];
  },
  jvp: (primals, tangents, params) => linearJvp(reshapeP)(primals, tangents, params),
  transpose([ct], [x]) {
    const aval = (x as UndefinedPrimal).aval;
    return [ct instanceof Zero ? new Zero(aval) : reshape(ct!, aval.shape)];
  },
  batch([x], [bdim], { newSizes }) {
    const moved = moveaxis(x!, bdim!, 0);
    return [[reshape(moved, [moved.shape[0]!, ...newSizes])], [0]];
  },
});

export function reshape(x: JaxArray, newSizes: readonly number[]): JaxArray {
  if (shapesEqual(x.shape, newSizes)) return x;
  return bind1(reshapeP, [x], { newSizes: [...newSizes], dimensions: null });
}
