// stop_gradient: the identity whose derivative is zero.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, Zero, type Primitive } from "../primitive.js";
import { unaryBatch } from "../rules.js";

export const stopGradientP: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "stop_gradient",
  abstractEval: ([x]) => [x!],
  impl: ([x]) => [x!.data.slice()],
  jvp: ([x]) => {
    const out = bind1(stopGradientP, [x!], {});
    return [[out], [new Zero(out.aval.withWeak(false))]];
  },
  batch: (args, dims, params) => unaryBatch(stopGradientP)(args, dims, params),
});

/** `lax.stopGradient(x)`: x, with no gradient flowing through it. */
export function stopGradient(x: JaxArray): JaxArray {
  return bind1(stopGradientP, [x], {});
}
