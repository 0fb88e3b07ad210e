// stop_gradient: the identity whose derivative is zero.
import { isFloat } from "../../dtypes.js";
import { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { map as treeMap } from "../../tree/pytree.js";
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

function stopLeaf(x: unknown): unknown {
  // Only float arrays carry gradients; JS numbers, integer arrays and other leaves pass unchanged.
  return x instanceof JaxArray && isFloat(x.dtype) ? bind1(stopGradientP, [x], {}) : x;
}

/** `lax.stopGradient(x)`: x (an array or a pytree of them), with no gradient flowing through it. */
export function stopGradient<T>(x: T): T {
  return treeMap((leaf: never) => stopLeaf(leaf), x) as T;
}
