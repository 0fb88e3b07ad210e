// Specs of the reductions, cumulative reductions, reduce_window and sort. References walk the
// input with plain multi-index loops written from the JAX/XLA definitions (window references
// build the padded, dilated operand explicitly and slide over it), not from the kernels.
import * as lax from "../../src/lax/index.js";
import type { PrimitiveSpec, RefValue } from "./spec.js";

// ---- Reference helpers ------------------------------------------------------------------------

function unflat(shape: readonly number[], k: number): number[] {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d]!;
    k = Math.floor(k / shape[d]!);
  }
  return idx;
}

function flatOf(shape: readonly number[], idx: readonly number[]): number {
  return idx.reduce((acc, i, d) => acc * shape[d]! + i, 0);
}

function at(x: RefValue, idx: readonly number[]): number {
  return x.data[flatOf(x.shape, idx)]!;
}

function build(shape: number[], f: (idx: number[]) => number): RefValue {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Array.from({ length: n }, (_, k) => f(unflat(shape, k))) };
}

/** Plain-loop reference: sum of a 2-D array over axis 0, 1, or both. */
function sum2d(x: RefValue, axes: number[]): RefValue {
  const [r, c] = x.shape as [number, number];
  if (axes.length === 2) return { shape: [], data: [x.data.reduce((a, b) => a + b, 0)] };
  if (axes[0] === 0) return { shape: [c], data: Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => x.data[i * c + j]!).reduce((a, b) => a + b, 0)) };
  return { shape: [r], data: Array.from({ length: r }, (_, i) => x.data.slice(i * c, i * c + c).reduce((a, b) => a + b, 0)) };
}

/** The elements of x that reduce into output index `out` (reduced axes removed), in index order. */
function group(x: RefValue, axes: number[], out: number[]): number[] {
  const vals: number[] = [];
  x.data.forEach((v, k) => {
    const idx = unflat(x.shape, k);
    const kept = idx.filter((_, d) => !axes.includes(d));
    if (kept.every((i, j) => i === out[j])) vals.push(v);
  });
  return vals;
}

function reduceRef(axes: number[], f: (vals: number[]) => number) {
  return (x: RefValue): RefValue =>
    build(
      x.shape.filter((_, d) => !axes.includes(d)),
      (out) => f(group(x, axes, out)),
    );
}

const maxOf = (vals: number[]) => (vals.some(Number.isNaN) ? NaN : Math.max(-Infinity, ...vals));
const minOf = (vals: number[]) => (vals.some(Number.isNaN) ? NaN : Math.min(Infinity, ...vals));
const prodOf = (vals: number[]) => vals.reduce((a, b) => a * b, 1);

/** Cumulative reference: out[i] folds elements 0..i (i..n-1 in reverse) along `axis`. */
function cumRef(axis: number, reverse: boolean, f: (vals: number[]) => number) {
  return (x: RefValue): RefValue =>
    build([...x.shape], (idx) => {
      const n = x.shape[axis]!;
      const vals: number[] = [];
      const from = reverse ? idx[axis]! : 0;
      const to = reverse ? n - 1 : idx[axis]!;
      for (let i = from; i <= to; i++) vals.push(at(x, idx.map((v, d) => (d === axis ? i : v))));
      return f(vals);
    });
}

const logSumExp = (vals: number[]) => {
  const m = Math.max(...vals);
  return m + Math.log(vals.reduce((a, v) => a + Math.exp(v - m), 0));
};

interface WindowRef {
  window: number[];
  strides: number[];
  padding: [number, number][];
  baseDilation?: number[];
  windowDilation?: number[];
}

/** Window reference: materialize the dilated, padded operand (null marks padding/holes), slide the window. */
function windowRef({ window, strides, padding, baseDilation, windowDilation }: WindowRef, fill: number, f: (vals: number[]) => number) {
  return (x: RefValue): RefValue => {
    const bd = baseDilation ?? x.shape.map(() => 1);
    const wd = windowDilation ?? x.shape.map(() => 1);
    const paddedShape = x.shape.map((n, d) => (n === 0 ? 0 : (n - 1) * bd[d]! + 1) + padding[d]![0] + padding[d]![1]);
    const padded = build(paddedShape, (idx) => {
      const src = idx.map((i, d) => i - padding[d]![0]);
      const ok = src.every((s, d) => s >= 0 && s % bd[d]! === 0 && s / bd[d]! < x.shape[d]!);
      return ok ? at(x, src.map((s, d) => s / bd[d]!)) : NaN;
    });
    const isPad = build(paddedShape, (idx) => {
      const src = idx.map((i, d) => i - padding[d]![0]);
      return src.every((s, d) => s >= 0 && s % bd[d]! === 0 && s / bd[d]! < x.shape[d]!) ? 0 : 1;
    });
    const span = window.map((w, d) => (w - 1) * wd[d]! + 1);
    const outShape = paddedShape.map((p, d) => (p < span[d]! ? 0 : Math.floor((p - span[d]!) / strides[d]!) + 1));
    return build(outShape, (o) => {
      const vals: number[] = [];
      const count = window.reduce((a, b) => a * b, 1);
      for (let k = 0; k < count; k++) {
        const e = unflat(window, k);
        const pos = o.map((oi, d) => oi * strides[d]! + e[d]! * wd[d]!);
        vals.push(at(isPad, pos) ? fill : at(padded, pos));
      }
      return f(vals);
    });
  };
}

/** Total order of lax.sort: NaN last, -0 == 0. */
function cmp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort reference along `axis` by the first `numKeys` operands, ties kept in input order. */
function sortRef(axis: number, numKeys: number) {
  return (...xs: RefValue[]): RefValue[] => {
    const shape = xs[0]!.shape;
    const n = shape[axis]!;
    const outs = xs.map((x) => ({ shape: [...shape], data: [...x.data] }));
    const lineShape = shape.map((s, d) => (d === axis ? 1 : s));
    const lines = lineShape.reduce((a, b) => a * b, 1);
    for (let l = 0; l < lines; l++) {
      const base = unflat(lineShape, l);
      const pos = (i: number) => flatOf(shape, base.map((v, d) => (d === axis ? i : v)));
      const order = Array.from({ length: n }, (_, i) => i);
      // Insertion sort: stable by construction.
      for (let i = 1; i < n; i++) {
        for (let j = i; j > 0; j--) {
          const a = order[j - 1]!;
          const b = order[j]!;
          let c = 0;
          for (let k = 0; k < numKeys && c === 0; k++) c = cmp(xs[k]!.data[pos(a)]!, xs[k]!.data[pos(b)]!);
          if (c <= 0) break;
          order[j - 1] = b;
          order[j] = a;
        }
      }
      xs.forEach((x, k) => order.forEach((src, i) => (outs[k]!.data[pos(i)] = x.data[pos(src)]!)));
    }
    return outs;
  };
}

function argRef(axis: number, better: (v: number, best: number) => boolean) {
  return (x: RefValue): RefValue =>
    build(
      x.shape.filter((_, d) => d !== axis),
      (out) => {
        const vals = group(x, [axis], out);
        const firstNaN = vals.findIndex(Number.isNaN);
        if (firstNaN >= 0) return firstNaN;
        let best = 0;
        vals.forEach((v, i) => {
          if (better(v, vals[best]!)) best = i;
        });
        return best;
      },
    );
}

// ---- Specs ------------------------------------------------------------------------------------

const X34 = [{ shape: [3, 4] }];
const X234 = [{ shape: [2, 3, 4] }];

export const reductionSpecs: PrimitiveSpec[] = [
  { name: "reduce_sum axes=(0,)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [0]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [0]), linear: true },
  { name: "reduce_sum axes=(1,)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [1]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [1]), linear: true },
  { name: "reduce_sum axes=(0,1)", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [0, 1]), args: [{ shape: [3, 4] }], reference: (x) => sum2d(x, [0, 1]), linear: true },
  { name: "reduce_sum axes=(0,2) 3-d", prim: "reduce_sum", fn: (x) => lax.reduceSum(x, [2, 0]), args: X234, reference: reduceRef([0, 2], (v) => v.reduce((a, b) => a + b, 0)), linear: true },

  { name: "reduce_max axes=(1,)", prim: "reduce_max", fn: (x) => lax.reduceMax(x, [1]), args: X34, reference: reduceRef([1], maxOf) },
  { name: "reduce_max axes=(0,2)", prim: "reduce_max", fn: (x) => lax.reduceMax(x, [0, 2]), args: X234, reference: reduceRef([0, 2], maxOf) },
  { name: "reduce_max axes=() is identity", prim: "reduce_max", fn: (x) => lax.reduceMax(x, []), args: X34, reference: (x) => x },
  { name: "reduce_max int32", prim: "reduce_max", fn: (x) => lax.reduceMax(x, [0]), args: [{ shape: [4, 3], dtype: "int32", domain: [-50, 50] }], reference: reduceRef([0], maxOf) },
  { name: "reduce_min axes=(0,)", prim: "reduce_min", fn: (x) => lax.reduceMin(x, [0]), args: X34, reference: reduceRef([0], minOf) },
  { name: "reduce_min axes=(0,1,2)", prim: "reduce_min", fn: (x) => lax.reduceMin(x, [0, 1, 2]), args: X234, reference: reduceRef([0, 1, 2], minOf) },
  { name: "reduce_min uint32", prim: "reduce_min", fn: (x) => lax.reduceMin(x, [1]), args: [{ shape: [3, 4], dtype: "uint32" }], reference: reduceRef([1], minOf) },

  { name: "reduce_prod axes=(1,)", prim: "reduce_prod", fn: (x) => lax.reduceProd(x, [1]), args: X34, reference: reduceRef([1], prodOf) },
  { name: "reduce_prod axes=(0,2)", prim: "reduce_prod", fn: (x) => lax.reduceProd(x, [0, 2]), args: [{ shape: [2, 3, 2] }], reference: reduceRef([0, 2], prodOf) },
  {
    // The derivative at a zero is the product of the others; with two zeros in a group it is 0.
    name: "reduce_prod with zeros",
    prim: "reduce_prod",
    fn: (x) => lax.reduceProd(x, [1]),
    args: [{ shape: [3, 4], values: [0, 1.5, -2, 0.5, 0, 0, 3, 1.25, 1, 2, -0.5, 0.75] }],
    reference: reduceRef([1], prodOf),
  },
  { name: "reduce_prod int32 wraps", prim: "reduce_prod", fn: (x) => lax.reduceProd(x, [0]), args: [{ shape: [3], dtype: "int32", values: [65536, 65536, 3] }], reference: () => ({ shape: [], data: [0] }) },

  { name: "reduce_and bool", prim: "reduce_and", fn: (x) => lax.reduceAnd(x, [1]), args: [{ shape: [4, 3], dtype: "bool" }], reference: reduceRef([1], (v) => Number(v.every((b) => b !== 0))) },
  { name: "reduce_or bool", prim: "reduce_or", fn: (x) => lax.reduceOr(x, [0]), args: [{ shape: [3, 4], dtype: "bool" }], reference: reduceRef([0], (v) => Number(v.some((b) => b !== 0))) },
  { name: "reduce_xor bool", prim: "reduce_xor", fn: (x) => lax.reduceXor(x, [0, 1]), args: [{ shape: [3, 4], dtype: "bool" }], reference: reduceRef([0, 1], (v) => v.filter((b) => b !== 0).length % 2) },
  { name: "reduce_and int32", prim: "reduce_and", fn: (x) => lax.reduceAnd(x, [1]), args: [{ shape: [2, 3], dtype: "int32", domain: [-100, 100] }], reference: reduceRef([1], (v) => v.reduce((a, b) => a & b, -1)) },
  { name: "reduce_or uint32", prim: "reduce_or", fn: (x) => lax.reduceOr(x, [1]), args: [{ shape: [2, 3], dtype: "uint32", domain: [0, 1000] }], reference: reduceRef([1], (v) => v.reduce((a, b) => (a | b) >>> 0, 0)) },
  { name: "reduce_xor int32", prim: "reduce_xor", fn: (x) => lax.reduceXor(x, [0]), args: [{ shape: [3, 2], dtype: "int32", domain: [-100, 100] }], reference: reduceRef([0], (v) => v.reduce((a, b) => a ^ b, 0)) },

  { name: "argmax axis=1", prim: "argmax", fn: (x) => lax.argmax(x, 1, "int32"), args: X34, reference: argRef(1, (v, b) => v > b), nondiff: true },
  { name: "argmax axis=0 3-d", prim: "argmax", fn: (x) => lax.argmax(x, 0, "int32"), args: X234, reference: argRef(0, (v, b) => v > b), nondiff: true },
  { name: "argmin axis=2 uint32 index", prim: "argmin", fn: (x) => lax.argmin(x, 2, "uint32"), args: X234, reference: argRef(2, (v, b) => v < b), nondiff: true },
  {
    name: "argmax ties and NaN",
    prim: "argmax",
    fn: (x) => lax.argmax(x, 1, "int32"),
    args: [{ shape: [3, 4], values: [1, 3, 3, 2, 0, NaN, 5, NaN, -1, -1, -1, -1] }],
    reference: () => ({ shape: [3], data: [1, 1, 0] }),
    nondiff: true,
  },
  {
    name: "argmin ties and NaN",
    prim: "argmin",
    fn: (x) => lax.argmin(x, 0, "int32"),
    args: [{ shape: [3, 2], values: [2, NaN, 1, 0, 1, NaN] }],
    reference: () => ({ shape: [2], data: [1, 0] }),
    nondiff: true,
  },

  { name: "cumsum axis=1", prim: "cumsum", fn: (x) => lax.cumsum(x, 1), args: X34, reference: cumRef(1, false, (v) => v.reduce((a, b) => a + b, 0)), linear: true },
  { name: "cumsum axis=0 reverse", prim: "cumsum", fn: (x) => lax.cumsum(x, 0, true), args: X234, reference: cumRef(0, true, (v) => v.reduce((a, b) => a + b, 0)), linear: true },
  { name: "cumsum int32", prim: "cumsum", fn: (x) => lax.cumsum(x, 0), args: [{ shape: [5], dtype: "int32", domain: [-9, 9] }], reference: cumRef(0, false, (v) => v.reduce((a, b) => a + b, 0)) },
  { name: "cumprod axis=1", prim: "cumprod", fn: (x) => lax.cumprod(x, 1), args: [{ shape: [2, 7] }], reference: cumRef(1, false, prodOf) },
  { name: "cumprod axis=0 reverse", prim: "cumprod", fn: (x) => lax.cumprod(x, 0, true), args: [{ shape: [5, 2] }], reference: cumRef(0, true, prodOf) },
  {
    name: "cumprod with zeros",
    prim: "cumprod",
    fn: (x) => lax.cumprod(x, 0),
    args: [{ shape: [6], values: [1.5, 0, -2, 0, 0.5, 3] }],
    reference: cumRef(0, false, prodOf),
  },
  { name: "cummax axis=1", prim: "cummax", fn: (x) => lax.cummax(x, 1), args: [{ shape: [3, 9] }], reference: cumRef(1, false, maxOf) },
  { name: "cummax reverse", prim: "cummax", fn: (x) => lax.cummax(x, 0, true), args: [{ shape: [6, 2] }], reference: cumRef(0, true, maxOf) },
  { name: "cummin axis=2", prim: "cummin", fn: (x) => lax.cummin(x, 2), args: [{ shape: [2, 2, 5] }], reference: cumRef(2, false, minOf) },
  { name: "cummin int32 reverse", prim: "cummin", fn: (x) => lax.cummin(x, 0, true), args: [{ shape: [6], dtype: "int32", domain: [-20, 20] }], reference: cumRef(0, true, minOf) },
  { name: "cumlogsumexp axis=1", prim: "cumlogsumexp", fn: (x) => lax.cumlogsumexp(x, 1), args: [{ shape: [2, 6] }], reference: cumRef(1, false, logSumExp) },
  { name: "cumlogsumexp reverse", prim: "cumlogsumexp", fn: (x) => lax.cumlogsumexp(x, 0, true), args: [{ shape: [5, 3], domain: [-30, 30] }], reference: cumRef(0, true, logSumExp) },

  ...windowSpecs(),

  { name: "sort 1-d", prim: "sort", fn: (x) => lax.sort(x), args: [{ shape: [7] }], reference: (x) => sortRef(0, 1)(x)[0]! },
  { name: "sort dimension=0", prim: "sort", fn: (x) => lax.sort([x], { dimension: 0 }), args: [{ shape: [5, 3] }], reference: sortRef(0, 1) },
  {
    name: "sort NaN last, -0 == 0 stable",
    prim: "sort",
    fn: (x, y) => lax.sort([x, y], { numKeys: 1 }),
    args: [
      { shape: [7], values: [NaN, 1, -0, -Infinity, 0, NaN, -1] },
      { shape: [7], values: [0, 1, 2, 3, 4, 5, 6] },
    ],
    reference: () => [
      { shape: [7], data: [-Infinity, -1, -0, 0, 1, NaN, NaN] },
      { shape: [7], data: [3, 6, 2, 4, 1, 0, 5] },
    ],
    nondiff: true,
  },
  {
    name: "sort two keys and a payload",
    prim: "sort",
    fn: (k, x, y) => lax.sort([k, x, y], { dimension: 1, numKeys: 2 }),
    args: [{ shape: [2, 6], dtype: "int32", domain: [0, 2] }, { shape: [2, 6] }, { shape: [2, 6] }],
    reference: sortRef(1, 2),
  },
  { name: "sort_key_val", prim: "sort", fn: (k, v) => lax.sortKeyVal(k, v), args: [{ shape: [3, 5] }, { shape: [3, 5] }], reference: sortRef(1, 1) },
];

function windowSpecs(): PrimitiveSpec[] {
  const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const cases: [string, number[], WindowRef][] = [
    ["2x2 stride 2", [4, 6], { window: [2, 2], strides: [2, 2], padding: [[0, 0], [0, 0]] }],
    ["3 stride 1 padded", [2, 7], { window: [1, 3], strides: [1, 1], padding: [[0, 0], [1, 1]] }],
    ["uneven stride, odd size", [5, 5], { window: [2, 3], strides: [2, 2], padding: [[1, 0], [0, 2]] }],
    ["dilations", [3, 5], { window: [2, 2], strides: [1, 2], padding: [[0, 1], [1, 0]], baseDilation: [2, 1], windowDilation: [1, 2] }],
    ["cropping padding", [6], { window: [2], strides: [1], padding: [[-1, -2]] }],
  ];
  return cases.flatMap(([label, shape, w]) => {
    const opts = { baseDilation: w.baseDilation ?? null, windowDilation: w.windowDilation ?? null };
    const sum: PrimitiveSpec = {
      name: `reduce_window_sum ${label}`,
      prim: "reduce_window_sum",
      fn: (x) => lax.reduceWindowSum(x, w.window, w.strides, w.padding, opts),
      args: [{ shape }],
      reference: windowRef(w, 0, sumOf),
      linear: true,
    };
    const max: PrimitiveSpec = {
      name: `reduce_window_max ${label}`,
      prim: "reduce_window_max",
      fn: (x) => lax.reduceWindowMax(x, w.window, w.strides, w.padding, opts),
      args: [{ shape }],
      reference: windowRef(w, -Infinity, maxOf),
    };
    const min: PrimitiveSpec = {
      name: `reduce_window_min ${label}`,
      prim: "reduce_window_min",
      fn: (x) => lax.reduceWindowMin(x, w.window, w.strides, w.padding, opts),
      args: [{ shape }],
      reference: windowRef(w, Infinity, minOf),
    };
    return [sum, max, min];
  }).concat([
    {
      name: "reduce_window_sum SAME int32",
      prim: "reduce_window_sum",
      fn: (x) => lax.reduceWindowSum(x, [3, 3], [2, 2], "SAME"),
      args: [{ shape: [5, 4], dtype: "int32", domain: [-9, 9] }],
      // SAME: ceil(5/2)=3 outputs need 2 padding (1, 1); ceil(4/2)=2 need 1 (0, 1).
      reference: windowRef({ window: [3, 3], strides: [2, 2], padding: [[1, 1], [0, 1]] }, 0, sumOf),
    },
    {
      name: "reduce_window_max SAME_LOWER",
      prim: "reduce_window_max",
      fn: (x) => lax.reduceWindowMax(x, [2], [1], "SAME_LOWER"),
      args: [{ shape: [5] }],
      reference: windowRef({ window: [2], strides: [1], padding: [[1, 0]] }, -Infinity, maxOf),
    },
  ]);
}
