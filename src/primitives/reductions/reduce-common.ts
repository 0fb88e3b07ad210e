// Shared shape rule, CPU loop, identities and batching rule of the axis reductions.
import { allocTyped, iinfo, isFloat, roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { AxisError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import { stridesOf } from "../../shape.js";
import type { BDim, HostTensor, Primitive } from "../primitive.js";

export interface AxesParams {
  axes: readonly number[];
}

/** Throws unless `axes` are distinct in-range axes of `x` (lax takes no negative axes). */
export function checkAxes(op: string, x: ShapedArray, axes: readonly number[]): void {
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= x.ndim) {
      throw new AxisError(`${op}: axis ${a} is out of bounds for operand ${x.str()}; lax axes are in [0, ${x.ndim - 1}] (jnp accepts negative axes)`);
    }
  }
  if (new Set(axes).size !== axes.length) throw new AxisError(`${op}: repeated axes (${axes.join(", ")}) for operand ${x.str()}`);
}

export function reductionOutAval(op: string, x: ShapedArray, axes: readonly number[], dtype = x.dtype, weakType = x.weakType): ShapedArray {
  checkAxes(op, x, axes);
  return new ShapedArray(
    x.shape.filter((_, i) => !axes.includes(i)),
    dtype,
    weakType,
  );
}

/** The operand axes that survive a reduction over `axes`, in order. */
export function keptAxes(ndim: number, axes: readonly number[]): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !axes.includes(i));
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

/**
 * Reduces with a binary `combine` starting from `init` in every output element. Values are
 * combined as JS numbers (float64); integer combines must wrap themselves.
 */
export function foldKernel(
  x: HostTensor,
  axes: readonly number[],
  out: ShapedArray,
  init: number,
  combine: (acc: number, v: number) => number,
): AnyTypedArray {
  const acc = new Float64Array(out.size).fill(init);
  reduceKernel(x, axes, (o, v) => (acc[o] = combine(acc[o]!, v)));
  return storeAs(out.dtype, acc);
}

/** Writes float64 results into `dtype`'s storage (rounding float16, wrapping integers). */
export function storeAs(dtype: DType, values: Float64Array): AnyTypedArray {
  const res = allocTyped(dtype, values.length);
  if (dtype === "float16") for (let i = 0; i < values.length; i++) res[i] = roundToFloat16(values[i]!);
  else res.set(values as never);
  return res;
}

/** The largest value of a dtype (the identity of min), as reductions and padding need it. */
export function maxValue(dtype: DType): number {
  return isFloat(dtype) ? Infinity : iinfo(dtype).max;
}

/** The smallest value of a dtype (the identity of max): -inf for floats, as in JAX. */
export function minValue(dtype: DType): number {
  return isFloat(dtype) ? -Infinity : iinfo(dtype).min;
}

/** The all-ones bit pattern of a dtype (the identity of and). */
export function allOnes(dtype: DType): number {
  return dtype === "bool" ? 1 : dtype === "uint32" ? 0xffffffff : -1;
}

/** max and min as XLA computes them: a NaN operand wins. */
export function nanMax(a: number, b: number): number {
  return a !== a || a > b ? a : b;
}
export function nanMin(a: number, b: number): number {
  return a !== a || a < b ? a : b;
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

/** lax wrappers keep axes sorted, so equal reductions print and cache alike. */
export function sortedAxes(axes: readonly number[]): number[] {
  return [...axes].sort((a, b) => a - b);
}
