// JVP of reduce_window_max/min. JAX uses select_and_gather_add (the tangent of the element each
// window picks); we get the same away from ties from lax ops: for every position inside the
// window, a strided slice of the padded operand lines up that element with each output, and the
// tangent is the mean of the tangents of the covered elements equal to the result (so ties split
// evenly, as in reduce_max, where JAX would pick one of them).
import { scalar } from "../../array.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { add, div, mul } from "../elementwise/binary.js";
import { eq } from "../elementwise/compare.js";
import { Zero, type Primitive, type Tangent } from "../primitive.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { convertElementType } from "../shape/convert-element-type.js";
import { pad } from "../shape/pad.js";
import { slice } from "../shape/slice.js";
import { sizeOf, unravel } from "../../shape.js";
import { dilatedSize, type ReduceWindowParams } from "./reduce-window-common.js";

export function windowChooserJvp(
  prim: Primitive<ReduceWindowParams>,
  [x]: readonly JaxArray[],
  [t]: readonly Tangent[],
  p: ReduceWindowParams,
): [JaxArray[], Tangent[]] {
  const out = bind1(prim, [x!], p);
  if (t instanceof Zero) return [[out], [new Zero(out.aval)]];
  const dtype = t!.dtype;
  const config = x!.shape.map((_, d) => [p.padding[d]![0], p.padding[d]![1], p.baseDilation[d]! - 1]);
  const padded = pad(x!, 0, config);
  const paddedT = pad(t!, 0, config);
  // 1 where the padded operand holds an element, 0 on padding and dilation holes.
  const present = pad(broadcastInDim(scalar(1, dtype, false), x!.shape, []), 0, config);
  const eqAsFloat = (a: JaxArray, b: JaxArray) => convertElementType(eq(a, b), dtype);

  let num: JaxArray | null = null;
  let count: JaxArray | null = null;
  const offset = new Array<number>(x!.ndim).fill(0);
  for (let w = 0; w < sizeOf(p.windowDimensions); w++) {
    unravel(w, p.windowDimensions, offset);
    const start = offset.map((k, d) => k * p.windowDilation[d]!);
    const limit = start.map((s, d) => s + dilatedSize(out.shape[d]!, p.windowStrides[d]!));
    const at = (a: JaxArray) => slice(a, start, limit, p.windowStrides);
    const hit = mul(at(present), eqAsFloat(at(padded), out));
    const contribution = mul(hit, at(paddedT));
    num = num ? add(num, contribution) : contribution;
    count = count ? add(count, hit) : hit;
  }
  // Windows that cover no element (all padding) get a zero tangent.
  const zero = broadcastInDim(scalar(0, dtype, false), out.shape, []);
  const safeCount = add(count!, eqAsFloat(count!, zero));
  return [[out], [div(num!, safeCount)]];
}
