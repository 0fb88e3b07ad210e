// Shared parts of reduce_window_sum/max/min: params, the shape rule (XLA's window arithmetic),
// a CPU loop over every window, and the batching rule (a size-1 window over the batch axis).
import { ShapeError, ValueError } from "../../errors.js";
import { dilateDim } from "../linalg/conv-padding.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import { sizeOf, stridesOf } from "../../shape.js";
import type { BDim, HostTensor, Primitive } from "../primitive.js";

export type PaddingPairs = readonly (readonly [number, number])[];

export interface ReduceWindowParams {
  windowDimensions: readonly number[];
  windowStrides: readonly number[];
  /** [low, high] per axis; negative values crop. */
  padding: PaddingPairs;
  baseDilation: readonly number[];
  windowDilation: readonly number[];
}

/** Size of `n` elements spread `dilation` apart (dilation - 1 holes between neighbours). */
export const dilatedSize = dilateDim;

function paramsStr(p: ReduceWindowParams): string {
  const t = (xs: readonly number[]) => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;
  const pads = `(${p.padding.map((q) => `(${q[0]}, ${q[1]})`).join(", ")}${p.padding.length === 1 ? "," : ""})`;
  return (
    `window_dimensions=${t(p.windowDimensions)} window_strides=${t(p.windowStrides)} padding=${pads} ` +
    `base_dilation=${t(p.baseDilation)} window_dilation=${t(p.windowDilation)}`
  );
}

/** Output shape of a window reduction; throws the user-facing errors. */
export function windowOutShape(op: string, x: ShapedArray, p: ReduceWindowParams): number[] {
  const head = () => `${op}: operand ${x.str()} with ${paramsStr(p)}`;
  const perAxis: [string, readonly unknown[]][] = [
    ["window_dimensions", p.windowDimensions],
    ["window_strides", p.windowStrides],
    ["padding", p.padding],
    ["base_dilation", p.baseDilation],
    ["window_dilation", p.windowDilation],
  ];
  for (const [what, xs] of perAxis) {
    if (!Array.isArray(xs) || xs.length !== x.ndim) {
      throw new ShapeError(`${head()}: ${what} needs one entry per operand axis (${x.ndim})`);
    }
  }
  const positive = (what: string, xs: readonly number[]) => {
    if (xs.some((v) => !Number.isInteger(v) || v < 1)) throw new ValueError(`${head()}: ${what} must be positive integers`);
  };
  positive("window_dimensions", p.windowDimensions);
  positive("window_strides", p.windowStrides);
  positive("base_dilation", p.baseDilation);
  positive("window_dilation", p.windowDilation);
  if (p.padding.some((q) => !Array.isArray(q) || q.length !== 2 || !q.every((v) => Number.isInteger(v)))) {
    throw new ValueError(`${head()}: padding must be an integer pair [low, high] per axis`);
  }
  return x.shape.map((n, d) => {
    const padded = dilatedSize(n, p.baseDilation[d]!) + p.padding[d]![0] + p.padding[d]![1];
    if (padded < 0) throw new ShapeError(`${head()}: axis ${d} crops below zero size (${padded}); crop less`);
    const window = dilatedSize(p.windowDimensions[d]!, p.windowDilation[d]!);
    // As XLA: a window larger than the padded axis fits nowhere, giving an empty axis.
    return padded < window ? 0 : Math.floor((padded - window) / p.windowStrides[d]!) + 1;
  });
}

/**
 * For each axis, the operand index read by (output position, window position), or -1 where the
 * window lies on padding or on a base-dilation hole. Row index: out * windowSize + window.
 */
function axisTables(x: HostTensor, outShape: readonly number[], p: ReduceWindowParams): Int32Array[] {
  return x.shape.map((n, d) => {
    const w = p.windowDimensions[d]!;
    const table = new Int32Array(outShape[d]! * w);
    const span = dilatedSize(n, p.baseDilation[d]!);
    for (let o = 0; o < outShape[d]!; o++) {
      for (let k = 0; k < w; k++) {
        const pos = o * p.windowStrides[d]! + k * p.windowDilation[d]! - p.padding[d]![0];
        const onElement = pos >= 0 && pos < span && pos % p.baseDilation[d]! === 0;
        table[o * w + k] = onElement ? pos / p.baseDilation[d]! : -1;
      }
    }
    return table;
  });
}

/** Folds every window: `combine(acc, value)` over the operand elements the window covers. */
export function windowKernel(
  x: HostTensor,
  p: ReduceWindowParams,
  outShape: readonly number[],
  init: number,
  combine: (acc: number, v: number) => number,
): Float64Array {
  const nd = x.shape.length;
  const out = new Float64Array(sizeOf(outShape)).fill(init);
  const tables = axisTables(x, outShape, p);
  const strides = stridesOf(x.shape);
  const windowSize = sizeOf(p.windowDimensions);
  const o = new Array<number>(nd).fill(0);
  const k = new Array<number>(nd).fill(0);
  for (let flat = 0; flat < out.length; flat++) {
    let acc = init;
    k.fill(0);
    for (let w = 0; w < windowSize; w++) {
      let src = 0;
      for (let d = 0; d < nd && src >= 0; d++) {
        const i = tables[d]![o[d]! * p.windowDimensions[d]! + k[d]!]!;
        src = i < 0 ? -1 : src + i * strides[d]!;
      }
      if (src >= 0) acc = combine(acc, x.data[src]!);
      for (let d = nd - 1; d >= 0; d--) {
        if (++k[d]! < p.windowDimensions[d]!) break;
        k[d] = 0;
      }
    }
    out[flat] = acc;
    for (let d = nd - 1; d >= 0; d--) {
      if (++o[d]! < outShape[d]!) break;
      o[d] = 0;
    }
  }
  return out;
}

/** vmap: a window of size 1 (no padding or dilation) runs along the batch axis. */
export function batchWindow<P extends ReduceWindowParams>(
  prim: Primitive<P>,
  [x]: readonly JaxArray[],
  [bdim]: readonly BDim[],
  p: P,
): [JaxArray[], BDim[]] {
  const b = bdim!;
  const insert = <T>(xs: readonly T[], v: T): T[] => [...xs.slice(0, b), v, ...xs.slice(b)];
  const params = {
    ...p,
    windowDimensions: insert(p.windowDimensions, 1),
    windowStrides: insert(p.windowStrides, 1),
    padding: insert(p.padding, [0, 0] as const),
    baseDilation: insert(p.baseDilation, 1),
    windowDilation: insert(p.windowDilation, 1),
  };
  return [bind(prim, [x!], params), [b]];
}
