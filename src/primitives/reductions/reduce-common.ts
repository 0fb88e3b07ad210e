// Shared shape rule, CPU loop, identities and batching rule of the axis reductions.
import { allocTyped, iinfo, isFloat, roundToFloat16, type AnyTypedArray, type DType } from "../../dtypes.js";
import { AxisError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import type { BDim, HostTensor, Primitive } from "../primitive.js";
import type { Fold, FoldInput } from "./fold-loops.js";

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

/**
 * Reduces `x` over `axes` with `fold`, starting from `init` in every output element, and stores
 * the float64 results into the output dtype. Each output element combines its operands in
 * row-major order, as a loop over the flat input would.
 */
export function foldKernel(x: HostTensor, axes: readonly number[], out: ShapedArray, init: number, fold: Fold): AnyTypedArray {
  const acc = new Float64Array(out.size).fill(init);
  const data = foldInput(x.data);
  if (data.length === 0) return storeAs(out.dtype, acc);
  const { shape, reduced } = reductionLayout(x.shape, axes);
  const nd = shape.length;
  if (nd === 0) {
    acc[0] = fold.run(data, 0, 1, init);
    return storeAs(out.dtype, acc);
  }
  // Output strides of the kept axes (0 on reduced ones), to follow the output position per row.
  const outStrides = new Array<number>(nd).fill(0);
  for (let d = nd - 1, s = 1; d >= 0; d--) {
    if (reduced[d]) continue;
    outStrides[d] = s;
    s *= shape[d]!;
  }
  const run = shape[nd - 1]!;
  const lastReduced = reduced[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let o = 0;
  for (let from = 0; from < data.length; from += run) {
    if (lastReduced) acc[o] = fold.run(data, from, run, acc[o]!);
    else fold.lanes(data, from, run, acc, o);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      o += outStrides[d]!;
      if (idx[d]! < shape[d]!) break;
      o -= outStrides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return storeAs(out.dtype, acc);
}

/** Float operands as they are; integers and bools widened (exactly) to float64. */
export function foldInput(data: AnyTypedArray): FoldInput {
  return data instanceof Float32Array || data instanceof Float64Array ? data : new Float64Array(data);
}

/**
 * The operand's axes with size-1 axes dropped and neighbours of the same kind (both reduced or
 * both kept) merged, which row-major layout allows: a sum over the last axes becomes one long run.
 */
function reductionLayout(inShape: readonly number[], axes: readonly number[]): { shape: number[]; reduced: boolean[] } {
  const shape: number[] = [];
  const reduced: boolean[] = [];
  inShape.forEach((size, d) => {
    if (size === 1) return;
    const r = axes.includes(d);
    const last = shape.length - 1;
    if (last >= 0 && reduced[last] === r) shape[last] = shape[last]! * size;
    else {
      shape.push(size);
      reduced.push(r);
    }
  });
  return { shape, reduced };
}

/**
 * Writes float64 results into `dtype`'s storage (rounding float16, wrapping integers). `values`
 * is the caller's scratch: float64 results are returned as they are, without a copy.
 */
export function storeAs(dtype: DType, values: Float64Array): AnyTypedArray {
  if (dtype === "float64") return values;
  const res = allocTyped(dtype, values.length);
  if (dtype === "float16") for (let i = 0; i < values.length; i++) res[i] = roundToFloat16(values[i]!);
  else res.set(values);
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
