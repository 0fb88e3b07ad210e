// Shared parts of the cumulative reductions (cumsum, cumprod, cummax, cummin, cumlogsumexp):
// the shape rule, a CPU loop over the lines along the axis, and the batching rule.
import { isUnsigned, type AnyTypedArray, type DType } from "../../dtypes.js";
import { AxisError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import type { BDim, HostTensor, Primitive } from "../primitive.js";
import { checkDTypeClass, type DTypeClass } from "../rules.js";
import { storeAs } from "./reduce-common.js";

export interface CumulativeParams {
  axis: number;
  reverse: boolean;
}

export function cumulativeOutAval(op: string, x: ShapedArray, { axis }: CumulativeParams, accepts: DTypeClass): ShapedArray {
  checkDTypeClass(op, x, accepts);
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
    throw new AxisError(`${op}: axis ${axis} is out of bounds for operand ${x.str()}; lax axes are in [0, ${x.ndim - 1}] (jnp accepts negative axes)`);
  }
  return x;
}

/** Runs `combine(accumulated, next)` along every line of `axis`, in reverse when asked. */
export function cumulativeKernel(
  x: HostTensor,
  { axis, reverse }: CumulativeParams,
  outDtype: DType,
  combine: (acc: number, v: number) => number,
): AnyTypedArray {
  const shape = x.shape;
  const n = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.data.length);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      let acc = 0;
      for (let step = 0; step < n; step++) {
        const i = base + (reverse ? n - 1 - step : step) * inner;
        const v = x.data[i]!;
        acc = step === 0 ? v : combine(acc, v);
        out[i] = acc;
      }
    }
  }
  return storeAs(outDtype, out);
}

/** Integer arithmetic wraps at every step, as the dtype's own adds and multiplies would. */
export function wrapFor(dtype: DType): (v: number) => number {
  if (dtype === "int32") return (v) => v | 0;
  if (isUnsigned(dtype)) return (v) => v >>> 0;
  return (v) => v;
}

/** vmap: the batch axis stays put; the scanned axis moves past it. */
export function batchCumulative<P extends CumulativeParams>(
  prim: Primitive<P>,
  [x]: readonly JaxArray[],
  [bdim]: readonly BDim[],
  params: P,
): [JaxArray[], BDim[]] {
  const b = bdim!;
  const axis = params.axis < b ? params.axis : params.axis + 1;
  return [bind(prim, [x!], { ...params, axis }), [b]];
}
