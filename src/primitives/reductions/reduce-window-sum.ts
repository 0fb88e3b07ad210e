// reduce_window_sum: linear. Its transpose spreads each cotangent back over its window, which is
// again a windowed sum, of the cotangent padded and dilated by the strides (JAX's rule).
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { checkDTypeClass, linearJvp } from "../rules.js";
import { pad } from "../shape/pad.js";
import { storeAs } from "./reduce-common.js";
import { convVjpLhsPadding } from "../linalg/conv-padding.js";
import { batchWindow, windowKernel, windowOutShape, type ReduceWindowParams } from "./reduce-window-common.js";
import { windowParams, type ReduceWindowOptions, type WindowPadding } from "./reduce-window-api.js";
import { wrapFor } from "./cumulative-common.js";

export const reduceWindowSumP: Primitive<ReduceWindowParams> = definePrimitive<ReduceWindowParams>({
  name: "reduce_window_sum",
  abstractEval([x], params) {
    checkDTypeClass("reduce_window_sum", x!, "numeric");
    return [new ShapedArray(windowOutShape("reduce_window_sum", x!, params), x!.dtype, x!.weakType)];
  },
  impl([x], params, [out]) {
    const wrap = wrapFor(out!.dtype);
    return [storeAs(out!.dtype, windowKernel(x!, params, out!.shape, 0, (acc, v) => wrap(acc + v)))];
  },
  jvp: (primals, tangents, params) => linearJvp(reduceWindowSumP)(primals, tangents, params),
  transpose([ct], [x], params) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [windowSumTranspose(ct!, aval.shape, params)];
  },
  batch: (args, dims, params) => batchWindow(reduceWindowSumP, args, dims, params),
});

/**
 * Cotangent of the operand: output j's window starts at j * stride - low in the (base-dilated,
 * padded) operand, so placing the cotangents at those positions and summing a window that ends
 * at each operand element (read at the base-dilation stride) adds up every window that covers it.
 */
function windowSumTranspose(ct: JaxArray, inShape: readonly number[], p: ReduceWindowParams): JaxArray {
  const pads = convVjpLhsPadding({
    lhsShape: inShape,
    rhsShape: p.windowDimensions,
    outShape: ct.shape,
    windowStrides: p.windowStrides,
    padding: p.padding,
    lhsDilation: p.baseDilation,
    rhsDilation: p.windowDilation,
  });
  const config = pads.map(([lo, hi], d) => [lo, hi, p.windowStrides[d]! - 1]);
  const padded = pad(ct, 0, config);
  return bind1(reduceWindowSumP, [padded], {
    windowDimensions: p.windowDimensions,
    windowStrides: p.baseDilation,
    padding: inShape.map(() => [0, 0] as const),
    baseDilation: inShape.map(() => 1),
    windowDilation: p.windowDilation,
  });
}

/** `lax.reduce_window` with `lax.add` and init 0, as its own primitive (JAX's _reduce_window_sum). */
export function reduceWindowSum(
  x: JaxArray,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  options?: ReduceWindowOptions,
): JaxArray {
  return bind1(reduceWindowSumP, [x], windowParams(x.shape, windowDimensions, windowStrides, padding, options));
}
