// cumprod, cummax, cummin and cumlogsumexp. Their JVPs differentiate a parallel prefix scan of
// (value, tangent) pairs, as JAX's do (see prefix-scan-jvp.ts): exact with zeros (cumprod) and
// with ties split between equal candidates (cummax/cummin).
import type { DType } from "../../dtypes.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, Zero, type Primitive } from "../primitive.js";
import type { DTypeClass } from "../rules.js";
import { batchCumulative, cumulativeKernel, cumulativeOutAval, wrapFor, type CumulativeParams } from "./cumulative-common.js";
import { logAddExp } from "./log-add-exp.js";
import { logAddExpPair, maxPair, minPair, mulPair, prefixScanTangent, type ScanCombine } from "./prefix-scan-jvp.js";
import { nanMax, nanMin } from "./reduce-common.js";

interface CumulativeDef {
  name: string;
  accepts: DTypeClass;
  /** Kernel step for an output dtype. */
  step: (dtype: DType) => (acc: number, v: number) => number;
  combine: ScanCombine;
}

function defineCumulative(def: CumulativeDef): Primitive<CumulativeParams> {
  const prim: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>({
    name: def.name,
    abstractEval: ([x], params) => [cumulativeOutAval(def.name, x!, params, def.accepts)],
    impl: ([x], params, [out]) => [cumulativeKernel(x!, params, out!.dtype, def.step(out!.dtype))],
    jvp([x], [t], params) {
      const out = bind1(prim, [x!], params);
      if (t instanceof Zero) return [[out], [new Zero(out.aval)]];
      return [[out], [prefixScanTangent(x!, t!, params.axis, params.reverse, def.combine)]];
    },
    batch: (args, dims, params) => batchCumulative(prim, args, dims, params),
  });
  return prim;
}

export const cumprodP = defineCumulative({
  name: "cumprod",
  accepts: "numeric",
  step: (dtype) => {
    if (dtype === "int32" || dtype === "uint32") {
      const wrap = wrapFor(dtype);
      return (acc, v) => wrap(Math.imul(acc, v));
    }
    return (acc, v) => acc * v;
  },
  combine: mulPair,
});

export const cummaxP = defineCumulative({ name: "cummax", accepts: "numeric", step: () => nanMax, combine: maxPair });
export const cumminP = defineCumulative({ name: "cummin", accepts: "numeric", step: () => nanMin, combine: minPair });
export const cumlogsumexpP = defineCumulative({ name: "cumlogsumexp", accepts: "float", step: () => logAddExp, combine: logAddExpPair });

export function cumprod(x: JaxArray, axis = 0, reverse = false): JaxArray {
  return bind1(cumprodP, [x], { axis, reverse });
}
export function cummax(x: JaxArray, axis = 0, reverse = false): JaxArray {
  return bind1(cummaxP, [x], { axis, reverse });
}
export function cummin(x: JaxArray, axis = 0, reverse = false): JaxArray {
  return bind1(cumminP, [x], { axis, reverse });
}
export function cumlogsumexp(x: JaxArray, axis = 0, reverse = false): JaxArray {
  return bind1(cumlogsumexpP, [x], { axis, reverse });
}
