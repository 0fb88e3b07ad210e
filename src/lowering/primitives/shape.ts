// Lowerings of the shape primitives. Reshape and squeeze keep the row-major order, so they are a
// byte copy; broadcast_in_dim, transpose, rev and slice read a strided view; pad, concatenate
// and the dynamic slices choose per output position; iota computes its values.
import { stridesOf } from "../../shape.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { BroadcastInDimParams } from "../../primitives/shape/broadcast-in-dim.js";
import type { ConcatenateParams } from "../../primitives/shape/concatenate.js";
import type { IotaParams } from "../../primitives/shape/iota.js";
import type { PadParams } from "../../primitives/shape/pad.js";
import type { RevParams } from "../../primitives/shape/rev.js";
import type { SliceParams } from "../../primitives/shape/slice.js";
import type { TransposeParams } from "../../primitives/shape/transpose.js";
import { linearIndex } from "../indexing.js";
import {
  add,
  and,
  binary,
  constant,
  convert,
  ge,
  i32,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  lt,
  ref,
  rem,
  div,
  scalarType,
  select,
  storageType,
  store,
  sub,
  u32,
  varS,
  assign,
  type Expr,
  type Stmt,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { perOutputProgram, stridedViewProgram } from "./gather-kernel.js";

const copy: Lowering = () => ({ kind: "copy" });

const broadcastInDim: Lowering = ({ inAvals: [x], outAvals: [out], params }) => {
  const { broadcastDimensions: dims } = params as BroadcastInDimParams;
  const inStrides = stridesOf(x!.shape);
  const strides = out!.shape.map(() => 0);
  dims.forEach((d, i) => {
    if (x!.shape[i] !== 1) strides[d] = inStrides[i]!;
  });
  return stridedViewProgram("broadcast_in_dim", x!, out!, strides);
};

const transpose: Lowering = ({ inAvals: [x], outAvals: [out], params }) => {
  const inStrides = stridesOf(x!.shape);
  return stridedViewProgram(
    "transpose",
    x!,
    out!,
    (params as TransposeParams).permutation.map((p) => inStrides[p]!),
  );
};

const rev: Lowering = ({ inAvals: [x], outAvals: [out], params }) => {
  const strides = stridesOf(x!.shape);
  let offset = 0;
  for (const d of (params as RevParams).dimensions) {
    offset += Math.max(0, x!.shape[d]! - 1) * strides[d]!;
    strides[d] = -strides[d]!;
  }
  return stridedViewProgram("rev", x!, out!, strides, offset);
};

const slice: Lowering = ({ inAvals: [x], outAvals: [out], params }) => {
  const { startIndices, strides } = params as SliceParams;
  const inStrides = stridesOf(x!.shape);
  const offset = startIndices.reduce((acc, s, d) => acc + s * inStrides[d]!, 0);
  return stridedViewProgram(
    "slice",
    x!,
    out!,
    inStrides.map((st, d) => st * (strides?.[d] ?? 1)),
    offset,
  );
};

/** Position p along an axis of `n` elements padded by [lo, interior]: the source index, if any. */
function padSource(p: Expr, n: number, lo: number, interior: number): { inside: Expr; source: Expr } {
  const offset = binary("sub", convert(p, "i32"), i32(lo));
  const step = interior + 1;
  const k = div(offset, i32(step));
  const inside = and(and(ge(offset, i32(0)), binary("eq", rem(offset, i32(step)), i32(0))), lt(k, i32(n)));
  return { inside, source: convert(select(inside, k, i32(0)), "u32") };
}

const pad: Lowering = ({ inAvals, outAvals: [out], params }) => {
  const x = inAvals[0]!;
  const config = (params as PadParams).paddingConfig;
  const type = scalarType(x.dtype);
  return perOutputProgram("pad", inAvals, out!, (idx) => {
    const parts = idx.map((p, d) => padSource(p, x.shape[d]!, config[d]![0], config[d]![2]));
    const inside = parts.reduce<Expr>((acc, p) => and(acc, p.inside), constant(1, "bool"));
    const source = linearIndex(
      parts.map((p) => p.source),
      stridesOf(x.shape),
    );
    return { stmts: [], value: select(inside, load(0, source, type), load(1, u32(0), type)) };
  });
};

const concatenate: Lowering = ({ inAvals, outAvals: [out], params }) => {
  const { dimension } = params as ConcatenateParams;
  const type = scalarType(out!.dtype);
  return perOutputProgram("concatenate", inAvals, out!, (idx) => {
    const along = idx[dimension]!;
    const reads: { start: number; read: Expr }[] = [];
    let start = 0;
    inAvals.forEach((a, k) => {
      const local = idx.map((i, d) => (d === dimension ? sub(i, u32(start)) : i));
      reads.push({ start, read: load(k, linearIndex(local, stridesOf(a.shape)), type) });
      start += a.shape[dimension]!;
    });
    // The last operand whose start is at or before the position holds it.
    const choose = (k: number): Stmt[] =>
      k === 0
        ? [assign("value", reads[0]!.read)]
        : [ifS(ge(along, u32(reads[k]!.start)), [assign("value", reads[k]!.read)], choose(k - 1))];
    return {
      stmts: [varS("value", constant(0, type)), ...choose(reads.length - 1)],
      value: ref("value", type),
    };
  });
};

const iota: Lowering = ({ outAvals: [out], params }) => {
  const { shape, dimension } = params as IotaParams;
  const index = rem(div(invocation, u32(stridesOf(shape)[dimension]!)), u32(shape[dimension]!));
  return kernelProgram({
    label: "iota",
    inputs: [],
    outputs: [storageType(out!.dtype)],
    invocations: out!.size,
    body: [store(0, invocation, convert(index, scalarType(out!.dtype)))],
  });
};

/** The window start along each axis, clamped to [0, size - window] as JAX's dynamic slices do. */
function clampedStarts(
  indexAvals: readonly ShapedArray[],
  firstIndexInput: number,
  shape: readonly number[],
  window: readonly number[],
): Expr[] {
  return shape.map((n, d) => {
    const type = scalarType(indexAvals[d]!.dtype);
    const raw = load(firstIndexInput + d, u32(0), type);
    const hi = constant(n - window[d]!, type);
    const clamped = binary("min", type === "i32" ? binary("max", raw, i32(0)) : raw, hi);
    return convert(clamped, "u32");
  });
}

const dynamicSlice: Lowering = ({ inAvals, outAvals: [out] }) => {
  const [x, ...indices] = inAvals;
  const starts = clampedStarts(indices, 1, x!.shape, out!.shape);
  return perOutputProgram("dynamic_slice", inAvals, out!, (idx) => ({
    stmts: [],
    value: load(
      0,
      linearIndex(
        idx.map((i, d) => add(i, starts[d]!)),
        stridesOf(x!.shape),
      ),
      scalarType(x!.dtype),
    ),
  }));
};

const dynamicUpdateSlice: Lowering = ({ inAvals, outAvals: [out] }) => {
  const [x, update, ...indices] = inAvals;
  const type = scalarType(x!.dtype);
  const starts = clampedStarts(indices, 2, x!.shape, update!.shape);
  return perOutputProgram("dynamic_update_slice", inAvals, out!, (idx) => {
    const startRefs = starts.map((_, d) => ref(`start${d}`, "u32"));
    // Unsigned: a position before the start wraps to a large offset and fails the bound check.
    const local = idx.map((i, d) => sub(i, startRefs[d]!));
    const inside = local.reduce<Expr>((acc, l, d) => and(acc, lt(l, u32(update!.shape[d]!))), constant(1, "bool"));
    const fromUpdate = load(1, select(inside, linearIndex(local, stridesOf(update!.shape)), u32(0)), type);
    return {
      stmts: starts.map((s, d) => letS(`start${d}`, s)),
      value: select(inside, fromUpdate, load(0, invocation, type)),
    };
  });
};

export const shapeLowerings: Record<string, Lowering> = {
  reshape: copy,
  squeeze: copy,
  broadcast_in_dim: broadcastInDim,
  transpose,
  rev,
  slice,
  pad,
  concatenate,
  iota,
  dynamic_slice: dynamicSlice,
  dynamic_update_slice: dynamicUpdateSlice,
};
