// cumsum: linear; its transpose is the cumulative sum in the opposite direction.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { batchCumulative, cumulativeKernel, cumulativeOutAval, wrapFor, type CumulativeParams } from "./cumulative-common.js";

export const cumsumP: Primitive<CumulativeParams> = definePrimitive<CumulativeParams>({
  name: "cumsum",
  abstractEval: ([x], params) => [cumulativeOutAval("cumsum", x!, params, "numeric")],
  impl([x], params, [out]) {
    const wrap = wrapFor(out!.dtype);
    return [cumulativeKernel(x!, params, out!.dtype, (acc, v) => wrap(acc + v))];
  },
  jvp: (primals, tangents, params) => linearJvp(cumsumP)(primals, tangents, params),
  transpose([ct], [x], { axis, reverse }) {
    if (ct instanceof Zero) return [new Zero((x as UndefinedPrimal).aval)];
    return [cumsum(ct!, axis, !reverse)];
  },
  batch: (args, dims, params) => batchCumulative(cumsumP, args, dims, params),
});

export function cumsum(x: JaxArray, axis = 0, reverse = false): JaxArray {
  return bind1(cumsumP, [x], { axis, reverse });
}
