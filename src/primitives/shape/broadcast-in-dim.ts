// broadcast_in_dim: place operand axis i at output axis broadcastDimensions[i]; size-1 axes expand.
import { ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { checkShape, shapesEqual, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { reduceSum } from "../reductions/reduce-sum.js";
import { reshape } from "./reshape.js";
import { moveaxis } from "./transpose.js";

export interface BroadcastInDimParams {
  shape: readonly number[];
  broadcastDimensions: readonly number[];
}

export const broadcastInDimP: Primitive<BroadcastInDimParams> = definePrimitive<BroadcastInDimParams>({
  name: "broadcast_in_dim",
  abstractEval([x], { shape, broadcastDimensions: dims }) {
    const op = "broadcast_in_dim";
    checkShape(op, shape);
    const bad = (why: string) =>
      new ShapeError(`${op}: cannot broadcast ${x!.str()} to shape [${shape.join(",")}] with broadcast_dimensions (${dims.join(", ")}): ${why}`);
    if (dims.length !== x!.ndim) throw bad(`needs one dimension per operand axis (${x!.ndim})`);
    dims.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 0 || d >= shape.length) throw bad(`dimension ${d} is out of range`);
      if (i > 0 && d <= dims[i - 1]!) throw bad("dimensions must be strictly increasing");
      const s = x!.shape[i]!;
      if (s !== 1 && s !== shape[d]) throw bad(`operand axis ${i} has size ${s}, target axis ${d} has ${shape[d]}`);
    });
    return [new ShapedArray(shape, x!.dtype, x!.weakType)];
  },
  impl([x], { shape, broadcastDimensions: dims }) {
    const inStrides = stridesOf(x!.shape);
    const strides = shape.map(() => 0);
    dims.forEach((d, i) => {
      if (x!.shape[i] !== 1) strides[d] = inStrides[i]!;
    });
    return [stridedCopy(x!.data, x!.dtype, shape, strides)];
  },
  jvp: (primals, tangents, params) => linearJvp(broadcastInDimP)(primals, tangents, params),
  transpose([ct], [x], { shape, broadcastDimensions: dims }) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    // Sum over the new axes and over the size-1 axes that were expanded.
    const summed = shape.map((_, i) => i).filter((i) => !dims.includes(i) || (aval.shape[dims.indexOf(i)] === 1 && shape[i] !== 1));
    const reduced = summed.length ? reduceSum(ct!, summed) : ct!;
    return [shapesEqual(reduced.shape, aval.shape) ? reduced : reshape(reduced, aval.shape)];
  },
  batch([x], [bdim], { shape, broadcastDimensions: dims }) {
    const moved = moveaxis(x!, bdim!, 0);
    return [[broadcastInDim(moved, [moved.shape[0]!, ...shape], [0, ...dims.map((d) => d + 1)])], [0]];
  },
});

export function broadcastInDim(x: JaxArray, shape: readonly number[], broadcastDimensions: readonly number[]): JaxArray {
  if (shapesEqual(x.shape, shape) && broadcastDimensions.every((d, i) => d === i)) return x;
  return bind1(broadcastInDimP, [x], { shape: [...shape], broadcastDimensions: [...broadcastDimensions] });
}
