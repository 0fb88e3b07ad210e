// Specs of the shape primitives and the lax wrappers built on them. References index the input
// with plain multi-index loops (no kernel code), written from the JAX/XLA definitions.
import * as lax from "../../src/lax/index.js";
import type { PrimitiveSpec, RefValue } from "./spec.js";

/** Row-major flat position of `idx` in `shape`. */
function flat(shape: readonly number[], idx: readonly number[]): number {
  return idx.reduce((acc, i, d) => acc * shape[d]! + i, 0);
}

function get(x: RefValue, idx: readonly number[]): number {
  return x.data[flat(x.shape, idx)]!;
}

/** Builds an array of `shape` from a function of the output multi-index. */
function build(shape: number[], f: (idx: number[]) => number): RefValue {
  const n = shape.reduce((a, b) => a * b, 1);
  const data: number[] = [];
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let r = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d]!;
      r = Math.floor(r / shape[d]!);
    }
    data.push(f(idx));
  }
  return { shape, data };
}

/** Reference pad: every output position is either an operand element or the padding value. */
function padRef(x: RefValue, v: number, config: [number, number, number][]): RefValue {
  const shape = config.map(([lo, hi, int], d) => {
    const n = x.shape[d]!;
    return lo + hi + (n === 0 ? 0 : n + (n - 1) * int);
  });
  return build(shape, (idx) => {
    const src: number[] = [];
    for (let d = 0; d < idx.length; d++) {
      const [lo, , int] = config[d]!;
      const off = idx[d]! - lo;
      if (off < 0 || off % (int + 1) !== 0 || off / (int + 1) >= x.shape[d]!) return v;
      src.push(off / (int + 1));
    }
    return get(x, src);
  });
}

/** JAX's dynamic index: wrap a negative index once, then clamp so the window fits. */
function start(i: number, size: number, window: number): number {
  const wrapped = i < 0 ? i + size : i;
  return Math.min(Math.max(wrapped, 0), size - window);
}

function bitsRef(values: number[], from: "int32" | "uint32" | "float32" | "float64", to: typeof from): number[] {
  const width = { int32: 4, uint32: 4, float32: 4, float64: 8 };
  const view = new DataView(new ArrayBuffer(values.length * width[from]));
  values.forEach((v, i) => {
    const at = i * width[from];
    if (from === "int32") view.setInt32(at, v, true);
    else if (from === "uint32") view.setUint32(at, v, true);
    else if (from === "float32") view.setFloat32(at, v, true);
    else view.setFloat64(at, v, true);
  });
  const n = view.byteLength / width[to];
  return Array.from({ length: n }, (_, i) => {
    const at = i * width[to];
    if (to === "int32") return view.getInt32(at, true);
    if (to === "uint32") return view.getUint32(at, true);
    if (to === "float32") return view.getFloat32(at, true);
    return view.getFloat64(at, true);
  });
}

const idx = (domain: [number, number]) => ({ shape: [], dtype: "int32" as const, domain });

export const shapeSpecs: PrimitiveSpec[] = [
  {
    name: "squeeze dimensions=(0,2)",
    prim: "squeeze",
    fn: (x) => lax.squeeze(x, [0, 2]),
    args: [{ shape: [1, 3, 1, 2] }],
    reference: (x) => ({ shape: [3, 2], data: [...x.data] }),
    linear: true,
  },
  {
    name: "squeeze negative dimension",
    prim: "squeeze",
    fn: (x) => lax.squeeze(x, [-1]),
    args: [{ shape: [2, 1] }],
    reference: (x) => ({ shape: [2], data: [...x.data] }),
    linear: true,
  },
  {
    name: "expandDims (broadcast_in_dim) dimensions=(0,-1)",
    prim: "broadcast_in_dim",
    fn: (x) => lax.expandDims(x, [0, -1]),
    args: [{ shape: [2, 3] }],
    reference: (x) => ({ shape: [1, 2, 3, 1], data: [...x.data] }),
    linear: true,
  },
  {
    name: "rev dimensions=(0,)",
    prim: "rev",
    fn: (x) => lax.rev(x, [0]),
    args: [{ shape: [3, 4] }],
    reference: (x) => build([3, 4], ([i, j]) => get(x, [2 - i!, j!])),
    linear: true,
  },
  {
    name: "rev dimensions=(0,2) of rank 3",
    prim: "rev",
    fn: (x) => lax.rev(x, [0, 2]),
    args: [{ shape: [2, 3, 4] }],
    reference: (x) => build([2, 3, 4], ([i, j, k]) => get(x, [1 - i!, j!, 3 - k!])),
    linear: true,
  },
  {
    name: "concatenate dimension=1 of three",
    prim: "concatenate",
    fn: (a, b, c) => lax.concatenate([a, b, c], 1),
    args: [{ shape: [2, 1] }, { shape: [2, 3] }, { shape: [2, 2] }],
    reference: (a, b, c) =>
      build([2, 6], ([i, j]) => (j! < 1 ? get(a, [i!, j!]) : j! < 4 ? get(b, [i!, j! - 1]) : get(c, [i!, j! - 4]))),
    linear: true,
  },
  {
    name: "concatenate dimension=0",
    prim: "concatenate",
    fn: (a, b) => lax.concatenate([a, b], 0),
    args: [{ shape: [1, 3] }, { shape: [2, 3] }],
    reference: (a, b) => ({ shape: [3, 3], data: [...a.data, ...b.data] }),
    linear: true,
  },
  {
    name: "pad low/high/interior",
    prim: "pad",
    fn: (x, v) =>
      lax.pad(x, v, [
        [1, 2, 1],
        [0, 1, 0],
      ]),
    args: [{ shape: [3, 2] }, { shape: [] }],
    reference: (x, v) =>
      padRef(x, v.data[0]!, [
        [1, 2, 1],
        [0, 1, 0],
      ]),
    linear: true,
  },
  {
    name: "pad negative low/high crops",
    prim: "pad",
    fn: (x, v) =>
      lax.pad(x, v, [
        [-1, 1, 0],
        [2, -2, 1],
      ]),
    args: [{ shape: [3, 4] }, { shape: [] }],
    reference: (x, v) =>
      padRef(x, v.data[0]!, [
        [-1, 1, 0],
        [2, -2, 1],
      ]),
    linear: true,
  },
  {
    name: "pad int32 with a JS number",
    prim: "pad",
    fn: (x) => lax.pad(x, -7, [[1, 1, 2]]),
    args: [{ shape: [3], dtype: "int32" }],
    reference: (x) => padRef(x, -7, [[1, 1, 2]]),
    nondiff: true,
  },
  {
    name: "slice",
    prim: "slice",
    fn: (x) => lax.slice(x, [1, 0], [3, 2]),
    args: [{ shape: [4, 3] }],
    reference: (x) => build([2, 2], ([i, j]) => get(x, [i! + 1, j!])),
    linear: true,
  },
  {
    name: "slice strides=(2,3)",
    prim: "slice",
    fn: (x) => lax.slice(x, [1, 0], [6, 5], [2, 3]),
    args: [{ shape: [6, 5] }],
    reference: (x) => build([3, 2], ([i, j]) => get(x, [1 + 2 * i!, 3 * j!])),
    linear: true,
  },
  {
    name: "sliceInDim negative start, stride 2",
    prim: "slice",
    fn: (x) => lax.sliceInDim(x, -4, null, 2, 1),
    args: [{ shape: [2, 5] }],
    reference: (x) => build([2, 2], ([i, j]) => get(x, [i!, 1 + 2 * j!])),
    linear: true,
  },
  {
    name: "dynamic_slice clamped and negative starts",
    prim: "dynamic_slice",
    fn: (x, i, j) => lax.dynamicSlice(x, [i, j], [2, 3]),
    args: [{ shape: [4, 5] }, idx([-6, 6]), idx([-6, 6])],
    reference: (x, i, j) => {
      const [r, c] = [start(i.data[0]!, 4, 2), start(j.data[0]!, 5, 3)];
      return build([2, 3], ([a, b]) => get(x, [r + a!, c + b!]));
    },
    linear: true,
  },
  {
    name: "dynamicIndexInDim keepdims=false",
    prim: "dynamic_slice",
    fn: (x, i) => lax.dynamicIndexInDim(x, i, 1, false),
    args: [{ shape: [3, 4] }, idx([-5, 5])],
    reference: (x, i) => {
      const c = start(i.data[0]!, 4, 1);
      return build([3], ([a]) => get(x, [a!, c]));
    },
    linear: true,
  },
  {
    name: "dynamic_update_slice clamped and negative starts",
    prim: "dynamic_update_slice",
    fn: (x, u, i, j) => lax.dynamicUpdateSlice(x, u, [i, j]),
    args: [{ shape: [4, 5] }, { shape: [2, 3] }, idx([-6, 6]), idx([-6, 6])],
    reference: (x, u, i, j) => {
      const [r, c] = [start(i.data[0]!, 4, 2), start(j.data[0]!, 5, 3)];
      return build([4, 5], ([a, b]) => {
        const inside = a! >= r && a! < r + 2 && b! >= c && b! < c + 3;
        return inside ? get(u, [a! - r, b! - c]) : get(x, [a!, b!]);
      });
    },
    linear: true,
  },
  {
    name: "dynamicUpdateIndexInDim rank-reduced update",
    prim: "dynamic_update_slice",
    fn: (x, u, i) => lax.dynamicUpdateIndexInDim(x, u, i, 0),
    args: [{ shape: [3, 2] }, { shape: [2] }, idx([-4, 4])],
    reference: (x, u, i) => {
      const r = start(i.data[0]!, 3, 1);
      return build([3, 2], ([a, b]) => (a === r ? get(u, [b!]) : get(x, [a!, b!])));
    },
    linear: true,
  },
  {
    name: "iota int32",
    prim: "iota",
    fn: () => lax.iota("int32", 5),
    args: [],
    reference: () => ({ shape: [5], data: [0, 1, 2, 3, 4] }),
    nondiff: true,
  },
  {
    name: "broadcastedIota float32 dimension=1",
    prim: "iota",
    fn: () => lax.broadcastedIota("float32", [2, 3], 1),
    args: [],
    reference: () => build([2, 3], ([, j]) => j!),
    nondiff: true,
  },
  {
    name: "bitcast_convert_type float32 -> int32",
    prim: "bitcast_convert_type",
    fn: (x) => lax.bitcastConvertType(x, "int32"),
    args: [{ shape: [2, 3] }],
    reference: (x) => ({ shape: [2, 3], data: bitsRef(x.data, "float32", "int32") }),
    nondiff: true,
  },
  {
    name: "bitcast_convert_type uint32 -> float32",
    prim: "bitcast_convert_type",
    fn: (x) => lax.bitcastConvertType(x, "float32"),
    args: [{ shape: [4], dtype: "uint32", values: [0x3f800000, 0xc0490fdb, 0x00000001, 0x7f800000] }],
    reference: (x) => ({ shape: [4], data: bitsRef(x.data, "uint32", "float32") }),
    nondiff: true,
  },
  {
    name: "bitcast_convert_type float64 -> uint32 pairs",
    prim: "bitcast_convert_type",
    fn: (x) => lax.bitcastConvertType(x, "uint32"),
    args: [{ shape: [3], dtype: "float64" }],
    reference: (x) => ({ shape: [3, 2], data: bitsRef(x.data, "float64", "uint32") }),
    nondiff: true,
  },
  {
    name: "bitcast_convert_type int32 pairs -> float64",
    prim: "bitcast_convert_type",
    fn: (x) => lax.bitcastConvertType(x, "float64"),
    args: [{ shape: [2, 2], dtype: "int32", values: [0, 1072693248, 1413754136, -1073143301] }],
    reference: (x) => ({ shape: [2], data: bitsRef(x.data, "int32", "float64") }),
    nondiff: true,
  },
  {
    name: "broadcast prepends axes",
    prim: "broadcast_in_dim",
    fn: (x) => lax.broadcast(x, [2, 1]),
    args: [{ shape: [3] }],
    reference: (x) => build([2, 1, 3], ([, , k]) => get(x, [k!])),
    linear: true,
  },
  {
    name: "full from a scalar operand",
    prim: "broadcast_in_dim",
    fn: (v) => lax.full([2, 3], v),
    args: [{ shape: [] }],
    reference: (v) => build([2, 3], () => v.data[0]!),
    linear: true,
  },
  {
    name: "collapse axes [1, 3)",
    prim: "reshape",
    fn: (x) => lax.collapse(x, 1, 3),
    args: [{ shape: [2, 3, 2, 2] }],
    reference: (x) => ({ shape: [2, 6, 2], data: [...x.data] }),
    linear: true,
  },
];
