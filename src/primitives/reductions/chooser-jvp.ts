// JVP of reduce_max/reduce_min (JAX's _reduce_chooser_jvp_rule): the tangent is the mean of the
// input tangents at the positions that equal the result, so ties split the derivative evenly.
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { div, mul } from "../elementwise/binary.js";
import { eq } from "../elementwise/compare.js";
import { Zero, type Primitive, type Tangent } from "../primitive.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { convertElementType } from "../shape/convert-element-type.js";
import { keptAxes, type AxesParams } from "./reduce-common.js";
import { reduceSum } from "./reduce-sum.js";

export function chooserJvp(
  prim: Primitive<AxesParams>,
  [x]: readonly JaxArray[],
  [t]: readonly Tangent[],
  params: AxesParams,
): [JaxArray[], Tangent[]] {
  const out = bind1(prim, [x!], params);
  if (t instanceof Zero) return [[out], [new Zero(out.aval)]];
  const { axes } = params;
  const spread = broadcastInDim(out, x!.shape, keptAxes(x!.ndim, axes));
  const hits = convertElementType(eq(x!, spread), t!.dtype);
  return [[out], [div(reduceSum(mul(t!, hits), axes), reduceSum(hits, axes))]];
}
