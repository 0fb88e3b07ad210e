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
import { linearIndex, unravel } from "../indexing.js";
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
  type Kernel,
  type ProgramStep,
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

/** A concatenate operand and where it starts along the joined axis. */
interface Placed {
  readonly aval: ShapedArray;
  readonly start: number;
}

/**
 * One kernel writing the slab of the output that `group` covers along `dimension` (the whole output
 * when the group is every operand): one invocation per slab element, reading the last operand
 * whose start is at or before its position. The kernel's inputs are the group's operands.
 */
function concatenateKernel(group: readonly Placed[], out: ShapedArray, dimension: number): Kernel {
  const type = scalarType(out.dtype);
  const first = group[0]!.start;
  const last = group[group.length - 1]!;
  const slab = out.shape.map((n, d) => (d === dimension ? last.start + last.aval.shape[d]! - first : n));
  const idx = slab.map((_, d) => ref(`i${d}`, "u32"));
  const along = add(idx[dimension]!, u32(first));
  const reads = group.map(({ aval, start }, k) => {
    const local = idx.map((i, d) => (d === dimension ? sub(along, u32(start)) : i));
    return load(k, linearIndex(local, stridesOf(aval.shape)), type);
  });
  const choose = (k: number): Stmt[] =>
    k === 0
      ? [assign("value", reads[0]!)]
      : [ifS(ge(along, u32(group[k]!.start)), [assign("value", reads[k]!)], choose(k - 1))];
  const target = linearIndex(
    idx.map((i, d) => (d === dimension ? along : i)),
    stridesOf(out.shape),
  );
  return {
    label: "concatenate",
    inputs: group.map(({ aval }) => storageType(aval.dtype)),
    outputs: [storageType(out.dtype)],
    invocations: slab.reduce((a, b) => a * b, 1),
    body: [
      ...unravel(invocation, slab).map((e, d) => letS(`i${d}`, e)),
      varS("value", constant(0, type)),
      ...choose(group.length - 1),
      store(0, target, ref("value", type)),
    ],
  };
}

/**
 * One kernel over all operands when they and the output fit the adapter's buffers per kernel;
 * otherwise one kernel per group of operands, each writing its own slab of the output.
 */
const concatenate: Lowering = ({ inAvals, outAvals: [out], params, tuning }) => {
  const { dimension } = params as ConcatenateParams;
  const placed: Placed[] = [];
  let start = 0;
  for (const aval of inAvals) {
    placed.push({ aval, start });
    start += aval.shape[dimension]!;
  }
  if (inAvals.length + 1 <= tuning.maxKernelBuffers) return kernelProgram(concatenateKernel(placed, out!, dimension));
  // Empty operands add nothing to the output: they take no place in a group.
  const used = placed.map((p, index) => ({ ...p, index })).filter((p) => p.aval.shape[dimension]! > 0);
  const perGroup = Math.max(1, tuning.maxKernelBuffers - 1);
  const steps: ProgramStep[] = [];
  for (let g = 0; g < used.length; g += perGroup) {
    const group = used.slice(g, g + perGroup);
    steps.push({
      kernel: concatenateKernel(group, out!, dimension),
      buffers: [
        ...group.map(({ index }) => ({ kind: "input" as const, index })),
        { kind: "output" as const, index: 0 },
      ],
    });
  }
  return { kind: "multi", temps: [], steps };
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
