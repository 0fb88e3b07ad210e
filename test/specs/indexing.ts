// Specs for gather and the scatters. References are plain loops over the output (gathers) or
// over the updates (scatters) written for each case, without the dimension-number machinery.
import * as lax from "../../src/lax/index.js";
import type { ArgSpec, PrimitiveSpec, RefValue } from "./spec.js";

// ---- Reference helpers ------------------------------------------------------------------------

function flatIndex(shape: readonly number[], idx: readonly number[]): number {
  return idx.reduce((acc, i, d) => acc * shape[d]! + i, 0);
}

/** x[i, j, ...] of a reference value. */
function at(x: RefValue, ...idx: number[]): number {
  return x.data[flatIndex(x.shape, idx)]!;
}

/** A reference value whose element at each multi-index is `f(index)`. */
function build(shape: number[], f: (idx: number[]) => number): RefValue {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    let r = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d]!;
      r = Math.floor(r / shape[d]!);
    }
    data[flat] = f(idx);
  }
  return { shape, data };
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** Applies `combine` at `idx` of a copy-in-progress of the operand. */
function update(out: RefValue, idx: number[], u: number, combine: (old: number, u: number) => number): void {
  const k = flatIndex(out.shape, idx);
  out.data[k] = combine(out.data[k]!, u);
}

const copy = (x: RefValue): RefValue => ({ shape: [...x.shape], data: [...x.data] });
const addTo = (a: number, b: number): number => a + b;

const ints = (shape: number[], values: number[]): ArgSpec => ({ shape, dtype: "int32", values });

// ---- gather -----------------------------------------------------------------------------------

const rowsDnums = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
const pointDnums = { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [0, 1] };

const gatherSpecs: PrimitiveSpec[] = [
  {
    name: "gather take along axis 1",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] }, [3, 1]),
    args: [{ shape: [3, 5] }, ints([4, 1], [4, 0, 2, 0])],
    reference: (x, i) => build([3, 4], ([r, j]) => at(x, r!, at(i, j!, 0))),
    linear: true,
  },
  {
    name: "gather rows x[idx] with repeats",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, rowsDnums, [1, 3]),
    args: [{ shape: [4, 3] }, ints([5, 1], [3, 1, 1, 0, 3])],
    reference: (x, i) => build([5, 3], ([k, c]) => at(x, at(i, k!, 0), c!)),
    linear: true,
  },
  {
    name: "gather 2-D points",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, pointDnums, [1, 1]),
    args: [{ shape: [3, 4] }, ints([5, 2], [0, 1, 2, 3, 1, 0, 2, 3, 0, 0])],
    reference: (x, i) => build([5], ([k]) => at(x, at(i, k!, 0), at(i, k!, 1))),
    linear: true,
  },
  {
    name: "gather 2-D points with start_index_map (1, 0)",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [1, 0] }, [1, 1]),
    args: [{ shape: [3, 4] }, ints([2, 2, 2], [3, 0, 1, 2, 0, 1, 2, 2])],
    reference: (x, i) => build([2, 2], ([a, b]) => at(x, at(i, a!, b!, 1), at(i, a!, b!, 0))),
    linear: true,
  },
  {
    name: "gather overlapping row windows",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0] }, [2, 4]),
    args: [{ shape: [5, 4] }, ints([3, 1], [0, 3, 1])],
    reference: (x, i) => build([3, 2, 4], ([k, r, c]) => at(x, at(i, k!, 0) + r!, c!)),
    linear: true,
  },
  {
    name: "gather 2-D windows, offset axes first",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, { offsetDims: [0, 1], collapsedSliceDims: [], startIndexMap: [0, 1] }, [2, 3]),
    args: [{ shape: [4, 5] }, ints([3, 2], [0, 0, 2, 2, 1, 1])],
    reference: (x, i) => build([2, 3, 3], ([r, c, k]) => at(x, at(i, k!, 0) + r!, at(i, k!, 1) + c!)),
    linear: true,
  },
  {
    name: "gather clip mode clamps windows into bounds",
    prim: "gather",
    fn: (x, i) =>
      lax.gather(x, i, { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1] }, [2, 2], { mode: "clip" }),
    args: [{ shape: [4, 5] }, ints([4, 2], [-2, 1, 3, 4, 1, 9, 2, -1])],
    reference: (x, i) =>
      build([4, 2, 2], ([k, r, c]) => at(x, clamp(at(i, k!, 0), 0, 2) + r!, clamp(at(i, k!, 1), 0, 3) + c!)),
    linear: true,
  },
  {
    name: "gather fill mode (fill 0) fills whole out-of-bounds windows",
    prim: "gather",
    fn: (x, i) =>
      lax.gather(x, i, { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0] }, [2, 3], {
        mode: "fill",
        fillValue: 0,
      }),
    args: [{ shape: [4, 3] }, ints([5, 1], [-1, 0, 2, 3, 7])],
    reference: (x, i) =>
      build([5, 2, 3], ([k, r, c]) => {
        const s = at(i, k!, 0);
        return s < 0 || s > 2 ? 0 : at(x, s + r!, c!);
      }),
    linear: true,
  },
  {
    name: "gather fill mode with fill value -3",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, rowsDnums, [1, 3], { mode: "fill", fillValue: -3 }),
    args: [{ shape: [4, 3] }, ints([4, 1], [-1, 2, 4, 0])],
    reference: (x, i) =>
      build([4, 3], ([k, c]) => {
        const s = at(i, k!, 0);
        return s < 0 || s > 3 ? -3 : at(x, s, c!);
      }),
  },
  {
    name: "gather operand batching dims",
    prim: "gather",
    fn: (x, i) =>
      lax.gather(
        x,
        i,
        {
          offsetDims: [2],
          collapsedSliceDims: [1],
          startIndexMap: [1],
          operandBatchingDims: [0],
          startIndicesBatchingDims: [0],
        },
        [1, 1, 3],
      ),
    args: [{ shape: [2, 4, 3] }, ints([2, 5, 1], [3, 0, 0, 2, 1, 1, 1, 3, 2, 0])],
    reference: (x, i) => build([2, 5, 3], ([b, k, c]) => at(x, b!, at(i, b!, k!, 0), c!)),
    linear: true,
  },
  {
    name: "gather batching dim on indices axis 1",
    prim: "gather",
    fn: (x, i) =>
      lax.gather(
        x,
        i,
        {
          offsetDims: [2],
          collapsedSliceDims: [1],
          startIndexMap: [1],
          operandBatchingDims: [0],
          startIndicesBatchingDims: [1],
        },
        [1, 1, 3],
      ),
    args: [{ shape: [2, 4, 3] }, ints([3, 2, 1], [3, 0, 1, 1, 2, 3])],
    reference: (x, i) => build([3, 2, 3], ([k, b, c]) => at(x, b!, at(i, k!, b!, 0), c!)),
    linear: true,
  },
  {
    name: "gather int32 rows",
    prim: "gather",
    fn: (x, i) => lax.gather(x, i, rowsDnums, [1, 2]),
    args: [{ shape: [3, 2], dtype: "int32", domain: [-50, 50] }, ints([2, 1], [2, 0])],
    reference: (x, i) => build([2, 2], ([k, c]) => at(x, at(i, k!, 0), c!)),
    nondiff: true,
  },
];

// ---- scatter-add ------------------------------------------------------------------------------

const scatterRows = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const scatterElements = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const scatterPoints = { updateWindowDims: [], insertedWindowDims: [0, 1], scatterDimsToOperandDims: [0, 1] };

/** Reference for row scatters: operand [R, C], indices [N, 1], updates [N, C]. */
function scatterRowsRef(
  x: RefValue,
  i: RefValue,
  u: RefValue,
  combine: (a: number, b: number) => number,
  oob: "drop" | "clip",
): RefValue {
  const out = copy(x);
  const [rows, cols] = x.shape as [number, number];
  for (let k = 0; k < i.shape[0]!; k++) {
    let r = at(i, k, 0);
    if (oob === "clip") r = clamp(r, 0, rows - 1);
    else if (r < 0 || r >= rows) continue;
    for (let c = 0; c < cols; c++) update(out, [r, c], at(u, k, c), combine);
  }
  return out;
}

const scatterAddSpecs: PrimitiveSpec[] = [
  {
    name: "scatter-add rows with duplicate indices",
    prim: "scatter-add",
    fn: (x, i, u) => lax.scatterAdd(x, i, u, scatterRows),
    args: [{ shape: [5, 3] }, ints([6, 1], [0, 2, 0, 4, 2, 0]), { shape: [6, 3] }],
    reference: (x, i, u) => scatterRowsRef(x, i, u, addTo, "drop"),
    linear: true,
  },
  {
    name: "scatter-add 2-D points",
    prim: "scatter-add",
    fn: (x, i, u) => lax.scatterAdd(x, i, u, scatterPoints),
    args: [{ shape: [3, 4] }, ints([5, 2], [0, 1, 2, 3, 0, 1, 1, 0, 2, 3]), { shape: [5] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let k = 0; k < 5; k++) update(out, [at(i, k, 0), at(i, k, 1)], at(u, k), addTo);
      return out;
    },
    linear: true,
  },
  {
    name: "scatter-add drop mode drops out-of-bounds rows",
    prim: "scatter-add",
    fn: (x, i, u) => lax.scatterAdd(x, i, u, scatterRows, { mode: "drop" }),
    args: [{ shape: [4, 3] }, ints([4, 1], [-1, 2, 9, 2]), { shape: [4, 3] }],
    reference: (x, i, u) => scatterRowsRef(x, i, u, addTo, "drop"),
    linear: true,
  },
  {
    name: "scatter-add clip mode clamps rows",
    prim: "scatter-add",
    fn: (x, i, u) => lax.scatterAdd(x, i, u, scatterRows, { mode: "clip" }),
    args: [{ shape: [4, 3] }, ints([4, 1], [-1, 2, 9, 2]), { shape: [4, 3] }],
    reference: (x, i, u) => scatterRowsRef(x, i, u, addTo, "clip"),
    linear: true,
  },
  {
    name: "scatter-add overlapping row windows",
    prim: "scatter-add",
    fn: (x, i, u) =>
      lax.scatterAdd(x, i, u, { updateWindowDims: [1, 2], insertedWindowDims: [], scatterDimsToOperandDims: [0] }),
    args: [{ shape: [5, 4] }, ints([3, 1], [0, 3, 1]), { shape: [3, 2, 4] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let k = 0; k < 3; k++)
        for (let r = 0; r < 2; r++)
          for (let c = 0; c < 4; c++) update(out, [at(i, k, 0) + r, c], at(u, k, r, c), addTo);
      return out;
    },
    linear: true,
  },
  {
    name: "scatter-add drop mode drops partially out-of-bounds windows",
    prim: "scatter-add",
    fn: (x, i, u) =>
      lax.scatterAdd(x, i, u, { updateWindowDims: [1, 2], insertedWindowDims: [], scatterDimsToOperandDims: [0] }),
    args: [{ shape: [4, 3] }, ints([3, 1], [3, 1, 2]), { shape: [3, 2, 3] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let k = 0; k < 3; k++) {
        const s = at(i, k, 0);
        if (s > 2) continue;
        for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) update(out, [s + r, c], at(u, k, r, c), addTo);
      }
      return out;
    },
    linear: true,
  },
  {
    name: "scatter-add operand batching dims",
    prim: "scatter-add",
    fn: (x, i, u) =>
      lax.scatterAdd(x, i, u, {
        updateWindowDims: [2],
        insertedWindowDims: [1],
        scatterDimsToOperandDims: [1],
        operandBatchingDims: [0],
        scatterIndicesBatchingDims: [0],
      }),
    args: [{ shape: [2, 4, 3] }, ints([2, 5, 1], [3, 0, 3, 2, 1, 1, 1, 3, 2, 1]), { shape: [2, 5, 3] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let b = 0; b < 2; b++)
        for (let k = 0; k < 5; k++)
          for (let c = 0; c < 3; c++) update(out, [b, at(i, b, k, 0), c], at(u, b, k, c), addTo);
      return out;
    },
    linear: true,
  },
  {
    name: "scatter-add int32 wraps",
    prim: "scatter-add",
    fn: (x, i, u) => lax.scatterAdd(x, i, u, scatterElements),
    args: [ints([2], [2147483647, 5]), ints([3, 1], [0, 1, 0]), ints([3], [1, -7, 2])],
    reference: () => ({ shape: [2], data: [-2147483646, -2] }),
    nondiff: true,
  },
];

// ---- scatter, scatter-mul, scatter-min, scatter-max ---------------------------------------------

const replace = (_old: number, u: number): number => u;
const times = (a: number, b: number): number => a * b;
const rows53: ArgSpec[] = [{ shape: [5, 3] }, ints([6, 1], [0, 2, 0, 4, 2, 0]), { shape: [6, 3] }];
const rowsOob: ArgSpec[] = [{ shape: [4, 3] }, ints([5, 1], [-1, 2, 9, 2, 0]), { shape: [5, 3] }];

const scatterSpecs: PrimitiveSpec[] = [
  {
    name: "scatter rows with unique indices",
    prim: "scatter",
    fn: (x, i, u) => lax.scatter(x, i, u, scatterRows, { uniqueIndices: true }),
    args: [{ shape: [5, 3] }, ints([3, 1], [4, 0, 2]), { shape: [3, 3] }],
    reference: (x, i, u) => scatterRowsRef(x, i, u, replace, "drop"),
    linear: true,
  },
  {
    name: "scatter rows with repeated indices keeps the last update",
    prim: "scatter",
    fn: (x, i, u) => lax.scatter(x, i, u, scatterRows),
    args: rows53,
    reference: (x, i, u) => scatterRowsRef(x, i, u, replace, "drop"),
  },
  {
    name: "scatter drop mode with repeated indices",
    prim: "scatter",
    fn: (x, i, u) => lax.scatter(x, i, u, scatterRows, { mode: "drop" }),
    args: rowsOob,
    reference: (x, i, u) => scatterRowsRef(x, i, u, replace, "drop"),
  },
  {
    name: "scatter clip mode with repeated indices",
    prim: "scatter",
    fn: (x, i, u) => lax.scatter(x, i, u, scatterRows, { mode: "clip" }),
    args: rowsOob,
    reference: (x, i, u) => scatterRowsRef(x, i, u, replace, "clip"),
  },
  {
    name: "scatter operand batching dims with repeated indices",
    prim: "scatter",
    fn: (x, i, u) =>
      lax.scatter(x, i, u, {
        updateWindowDims: [],
        insertedWindowDims: [1],
        scatterDimsToOperandDims: [1],
        operandBatchingDims: [0],
        scatterIndicesBatchingDims: [0],
      }),
    args: [{ shape: [2, 4] }, ints([2, 3, 1], [1, 3, 1, 0, 0, 2]), { shape: [2, 3] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let b = 0; b < 2; b++) for (let k = 0; k < 3; k++) update(out, [b, at(i, b, k, 0)], at(u, b, k), replace);
      return out;
    },
  },
  {
    name: "scatter-mul rows with repeated indices",
    prim: "scatter-mul",
    fn: (x, i, u) => lax.scatterMul(x, i, u, scatterRows),
    args: rows53,
    reference: (x, i, u) => scatterRowsRef(x, i, u, times, "drop"),
  },
  {
    name: "scatter-mul rows with unique indices",
    prim: "scatter-mul",
    fn: (x, i, u) => lax.scatterMul(x, i, u, scatterRows, { uniqueIndices: true }),
    args: [{ shape: [5, 3] }, ints([3, 1], [4, 0, 2]), { shape: [3, 3] }],
    reference: (x, i, u) => scatterRowsRef(x, i, u, times, "drop"),
  },
  {
    name: "scatter-mul with zero updates among repeats",
    prim: "scatter-mul",
    fn: (x, i, u) => lax.scatterMul(x, i, u, scatterElements),
    args: [{ shape: [4] }, ints([7, 1], [0, 0, 1, 1, 1, 2, 3]), { shape: [7], values: [0, 1.5, 0, 0, -2, 0, 0.5] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let k = 0; k < 7; k++) update(out, [at(i, k, 0)], at(u, k), times);
      return out;
    },
  },
  {
    name: "scatter-mul clip mode",
    prim: "scatter-mul",
    fn: (x, i, u) => lax.scatterMul(x, i, u, scatterRows, { mode: "clip" }),
    args: rowsOob,
    reference: (x, i, u) => scatterRowsRef(x, i, u, times, "clip"),
  },
  {
    name: "scatter-min rows with repeated indices",
    prim: "scatter-min",
    fn: (x, i, u) => lax.scatterMin(x, i, u, scatterRows),
    args: rows53,
    reference: (x, i, u) => scatterRowsRef(x, i, u, Math.min, "drop"),
  },
  {
    name: "scatter-max rows with repeated indices",
    prim: "scatter-max",
    fn: (x, i, u) => lax.scatterMax(x, i, u, scatterRows),
    args: rows53,
    reference: (x, i, u) => scatterRowsRef(x, i, u, Math.max, "drop"),
  },
  {
    name: "scatter-max drop mode",
    prim: "scatter-max",
    fn: (x, i, u) => lax.scatterMax(x, i, u, scatterRows, { mode: "drop" }),
    args: rowsOob,
    reference: (x, i, u) => scatterRowsRef(x, i, u, Math.max, "drop"),
  },
  {
    name: "scatter-min clip mode",
    prim: "scatter-min",
    fn: (x, i, u) => lax.scatterMin(x, i, u, scatterRows, { mode: "clip" }),
    args: rowsOob,
    reference: (x, i, u) => scatterRowsRef(x, i, u, Math.min, "clip"),
  },
  {
    // At a two-way tie, central differences give the average of the two tangents, as the rule does.
    name: "scatter-max tie between the operand and an update",
    prim: "scatter-max",
    fn: (x, i, u) => lax.scatterMax(x, i, u, scatterElements),
    args: [{ shape: [3], values: [1, 2, 3] }, ints([3, 1], [0, 2, 1]), { shape: [3], values: [1, 0.5, 2.5] }],
    reference: () => ({ shape: [3], data: [1, 2.5, 3] }),
  },
  {
    name: "scatter-min operand batching dims",
    prim: "scatter-min",
    fn: (x, i, u) =>
      lax.scatterMin(x, i, u, {
        updateWindowDims: [2],
        insertedWindowDims: [1],
        scatterDimsToOperandDims: [1],
        operandBatchingDims: [0],
        scatterIndicesBatchingDims: [0],
      }),
    args: [{ shape: [2, 4, 3] }, ints([2, 5, 1], [3, 0, 3, 2, 1, 1, 1, 3, 2, 1]), { shape: [2, 5, 3] }],
    reference: (x, i, u) => {
      const out = copy(x);
      for (let b = 0; b < 2; b++)
        for (let k = 0; k < 5; k++)
          for (let c = 0; c < 3; c++) update(out, [b, at(i, b, k, 0), c], at(u, b, k, c), Math.min);
      return out;
    },
  },
];

export const indexingSpecs: PrimitiveSpec[] = [...gatherSpecs, ...scatterAddSpecs, ...scatterSpecs];
