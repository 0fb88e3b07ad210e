// Shared shape rule, CPU loop and batching rule of the axis reductions.
import { AxisError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import { stridesOf } from "../../shape.js";
import type { BDim, HostTensor, Primitive } from "../primitive.js";

export interface AxesParams {
  axes: readonly number[];
}

export function reductionOutAval(op: string, x: ShapedArray, axes: readonly number[], dtype = x.dtype): ShapedArray {
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= x.ndim) {
      throw new AxisError(`${op}: axis ${a} is out of bounds for operand ${x.str()}; lax axes are in [0, ${x.ndim - 1}] (jnp accepts negative axes)`);
    }
  }
  if (new Set(axes).size !== axes.length) throw new AxisError(`${op}: repeated axes (${axes.join(", ")}) for operand ${x.str()}`);
  return new ShapedArray(
    x.shape.filter((_, i) => !axes.includes(i)),
    dtype,
    x.weakType,
  );
}

/** Calls `visit(outIndex, value, reducedIndex)` for every element of x, in row-major order. */
export function reduceKernel(
  x: HostTensor,
  axes: readonly number[],
  visit: (outIndex: number, value: number, inIndex: number) => void,
): void {
  const shape = x.shape;
  const nd = shape.length;
  const keptStrides = new Array<number>(nd).fill(0);
  const outShape = shape.filter((_, i) => !axes.includes(i));
  const outStrides = stridesOf(outShape);
  let k = 0;
  for (let i = 0; i < nd; i++) if (!axes.includes(i)) keptStrides[i] = outStrides[k++]!;
  const n = x.data.length;
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let flat = 0; flat < n; flat++) {
    visit(o, x.data[flat]!, flat);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      o += keptStrides[d]!;
      if (idx[d]! < shape[d]!) break;
      o -= keptStrides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** vmap of a reduction: shift the axes past the batch axis, which survives the reduction. */
export function batchReduction<P extends AxesParams>(
  prim: Primitive<P>,
  args: readonly JaxArray[],
  dims: readonly BDim[],
  params: P,
): [JaxArray[], BDim[]] {
  const b = dims[0]!;
  const axes = params.axes.map((a) => (a >= b ? a + 1 : a));
  const outDim = b - params.axes.filter((a) => a < b).length;
  const outs = bind(prim, args, { ...params, axes });
  return [outs, outs.map(() => outDim)];
}
