// reduce_prod. Its JVP is sum_j t_j * prod_{k != j} x_k, where the product of the others is the
// product of the elements before j times that of the elements after j (exclusive cumulative
// products), so zeros need no division and higher derivatives stay exact (JAX multiplies
// pairwise in a tree for the same reason).
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { mul } from "../elementwise/binary.js";
import { definePrimitive, Zero, type Primitive } from "../primitive.js";
import { checkDTypeClass } from "../rules.js";
import { pad } from "../shape/pad.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";
import { cumprod } from "./cumulative.js";
import { integerProductFold, productFold } from "./fold-loops.js";
import { batchReduction, foldKernel, keptAxes, reductionOutAval, sortedAxes, type AxesParams } from "./reduce-common.js";
import { reduceSum } from "./reduce-sum.js";

export const reduceProdP: Primitive<AxesParams> = definePrimitive<AxesParams>({
  name: "reduce_prod",
  abstractEval([x], { axes }) {
    checkDTypeClass("reduce_prod", x!, "numeric");
    return [reductionOutAval("reduce_prod", x!, axes)];
  },
  impl([x], { axes }, [out]) {
    const integral = out!.dtype === "int32" || out!.dtype === "uint32";
    return [foldKernel(x!, axes, out!, 1, integral ? integerProductFold : productFold)];
  },
  jvp([x], [t], params) {
    const out = bind1(reduceProdP, [x!], params);
    if (t instanceof Zero) return [[out], [new Zero(out.aval)]];
    return [[out], [reduceSum(mul(t!, productOfOthers(x!, params.axes)), params.axes)]];
  },
  batch: (args, dims, params) => batchReduction(reduceProdP, args, dims, params),
});

/** Same shape as x: at each element, the product of the other elements of its reduction. */
function productOfOthers(x: JaxArray, axes: readonly number[]): JaxArray {
  const kept = keptAxes(x.ndim, axes);
  const perm = [...kept, ...axes];
  const moved = transpose(x, perm);
  const line = kept.length;
  const n = axes.reduce((acc, a) => acc * x.shape[a]!, 1);
  const flat = reshape(moved, [...kept.map((a) => x.shape[a]!), n]);
  // Shift in a 1 so that position j multiplies only the elements strictly before (or after) it.
  const shifted = (reverse: boolean) => pad(flat, 1, flat.shape.map((_, d) => (d !== line ? [0, 0, 0] : reverse ? [-1, 1, 0] : [1, -1, 0])));
  const before = cumprod(shifted(false), line, false);
  const after = cumprod(shifted(true), line, true);
  const others = reshape(mul(before, after), moved.shape);
  return transpose(others, perm.map((_, i) => perm.indexOf(i)));
}

export function reduceProd(x: JaxArray, axes: readonly number[]): JaxArray {
  return bind1(reduceProdP, [x], { axes: sortedAxes(axes) });
}
