// reduce_window_max and reduce_window_min: padding takes the identity (-inf for max, +inf for
// min, as JAX pads), NaN propagates as in reduce_max.
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { maxValue, minValue, nanMax, nanMin, storeAs } from "./reduce-common.js";
import { batchWindow, windowKernel, windowOutShape, type ReduceWindowParams } from "./reduce-window-common.js";
import { windowParams, type ReduceWindowOptions, type WindowPadding } from "./reduce-window-api.js";
import { windowChooserJvp } from "./window-chooser-jvp.js";

function defineWindowChooser(name: string, identity: typeof minValue, combine: typeof nanMax): Primitive<ReduceWindowParams> {
  const prim: Primitive<ReduceWindowParams> = definePrimitive<ReduceWindowParams>({
    name,
    abstractEval: ([x], params) => [new ShapedArray(windowOutShape(name, x!, params), x!.dtype, x!.weakType)],
    impl([x], params, [out]) {
      return [storeAs(out!.dtype, windowKernel(x!, params, out!.shape, identity(x!.dtype), combine))];
    },
    jvp: (primals, tangents, params) => windowChooserJvp(prim, primals, tangents, params),
    batch: (args, dims, params) => batchWindow(prim, args, dims, params),
  });
  return prim;
}

export const reduceWindowMaxP = defineWindowChooser("reduce_window_max", minValue, nanMax);
export const reduceWindowMinP = defineWindowChooser("reduce_window_min", maxValue, nanMin);

/** `lax.reduce_window` with `lax.max` and init -inf, as its own primitive (JAX's _reduce_window_max). */
export function reduceWindowMax(
  x: JaxArray,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  options?: ReduceWindowOptions,
): JaxArray {
  return bind1(reduceWindowMaxP, [x], windowParams(x.shape, windowDimensions, windowStrides, padding, options));
}

/** `lax.reduce_window` with `lax.min` and init +inf (JAX's _reduce_window_min). */
export function reduceWindowMin(
  x: JaxArray,
  windowDimensions: readonly number[],
  windowStrides: readonly number[],
  padding: WindowPadding,
  options?: ReduceWindowOptions,
): JaxArray {
  return bind1(reduceWindowMinP, [x], windowParams(x.shape, windowDimensions, windowStrides, padding, options));
}
