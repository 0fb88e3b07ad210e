// Lowerings of the axis reductions and argmax/argmin. Sums and products fold in parallel over
// chunks of long lines (tree-fold.ts), sums as trees so that float32 rounding error grows like
// log(n); the others loop, one invocation per output element, over its reduced elements in row-major order
// (the CPU kernel's order, so max/min, argmax/argmin and the bitwise ones agree bit for bit).
import { iinfo, isFloat, type DType } from "../../dtypes.js";
import { stridesOf } from "../../shape.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { AxesParams } from "../../primitives/reductions/reduce-common.js";
import type { ArgMinMaxParams } from "../../primitives/reductions/argminmax.js";
import { collapseAxes, linearIndex, unravel } from "../indexing.js";
import {
  assign,
  binary,
  constant,
  convert,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  ref,
  scalarType,
  select,
  storageType,
  store,
  u32,
  unary,
  varS,
  type Expr,
  type ScalarType,
  type Stmt,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { chunkedFoldProgram, type LineView, type Monoid } from "./tree-fold.js";

export type Combine = (acc: Expr, v: Expr) => Expr;

/** XLA's float max/min as the CPU folds them: a NaN accumulator or operand wins. */
export function nanChooser(op: "gt" | "lt"): Combine {
  return (acc, v) => {
    if (acc.type !== "f32") return binary(op === "gt" ? "max" : "min", acc, v);
    const keep = binary("or", unary("is_nan", acc), binary(op, acc, v));
    return select(keep, acc, v);
  };
}

/** The reduced view of an operand: kept and reduced extents and strides after merging axes. */
function reducedView(x: ShapedArray, axes: readonly number[]): LineView {
  const { shape, reduced } = collapseAxes(x.shape, axes);
  const strides = stridesOf(shape);
  const pick = (keep: boolean) => shape.map((_, d) => d).filter((d) => reduced.includes(d) !== keep);
  const kept = pick(true);
  const red = pick(false);
  return {
    keptShape: kept.map((d) => shape[d]!),
    keptStrides: kept.map((d) => strides[d]!),
    reducedShape: red.map((d) => shape[d]!),
    reducedStrides: red.map((d) => strides[d]!),
  };
}

/**
 * One invocation per output element: `visit(value, position)` runs for each reduced element in
 * row-major order (position counts from 0), and `result` is stored.
 */
function reductionProgram(
  label: string,
  x: ShapedArray,
  out: ShapedArray,
  axes: readonly number[],
  setup: readonly Stmt[],
  visit: (value: Expr, position: Expr) => readonly Stmt[],
  result: Expr,
): ReturnType<Lowering> {
  const view = reducedView(x, axes);
  const count = view.reducedShape.reduce((a, b) => a * b, 1);
  const base = linearIndex(unravel(invocation, view.keptShape), view.keptStrides);
  const r = ref("r", "u32");
  const offset = linearIndex(unravel(r, view.reducedShape), view.reducedStrides);
  const value = load(0, binary("add", ref("base", "u32"), offset), scalarType(x.dtype));
  return kernelProgram({
    label,
    inputs: [storageType(x.dtype)],
    outputs: [storageType(out.dtype)],
    invocations: out.size,
    body: [
      letS("base", base),
      ...setup,
      loop("r", u32(count), [letS("v", value), ...visit(ref("v", value.type), r)]),
      store(0, invocation, result),
    ],
  });
}

function foldLowering(name: string, identity: (d: DType) => number, combine: Combine): Lowering {
  return ({ inAvals: [x], outAvals: [out], params }) => {
    const type = scalarType(out!.dtype);
    const acc = ref("acc", type);
    return reductionProgram(
      name,
      x!,
      out!,
      (params as AxesParams).axes,
      [varS("acc", constant(identity(out!.dtype), type))],
      (v) => [assign("acc", combine(acc, v))],
      acc,
    );
  };
}

/** Sums and products: chunked and folded in passes (XLA leaves the order free; integers wrap either way). */
function chunkedLowering(name: string, monoid: Monoid): Lowering {
  return ({ inAvals: [x], outAvals: [out], params }) =>
    chunkedFoldProgram(
      name,
      reducedView(x!, (params as AxesParams).axes),
      storageType(x!.dtype),
      storageType(out!.dtype),
      monoid,
    );
}

const lowest = (d: DType): number => (isFloat(d) ? -Infinity : iinfo(d).min);
const highest = (d: DType): number => (isFloat(d) ? Infinity : iinfo(d).max);
const allOnes = (d: DType): number => (d === "bool" ? 1 : d === "uint32" ? 0xffffffff : -1);

/** argmax/argmin: ties keep the first index, and the first NaN wins (numpy's and JAX's rule). */
function argLowering(name: string, better: "gt" | "lt"): Lowering {
  return ({ inAvals: [x], outAvals: [out], params }) => {
    const type: ScalarType = scalarType(x!.dtype);
    const best = ref("best", type);
    const beats = (v: Expr): Expr => {
      const improves = binary(better, v, best);
      if (type !== "f32") return improves;
      return binary("and", unary("not", unary("is_nan", best)), binary("or", unary("is_nan", v), improves));
    };
    return reductionProgram(
      name,
      x!,
      out!,
      (params as ArgMinMaxParams).axes,
      [varS("best", constant(0, type)), varS("index", u32(0))],
      (v, position) => [
        ifS(binary("or", binary("eq", position, u32(0)), beats(v)), [assign("best", v), assign("index", position)]),
      ],
      convert(ref("index", "u32"), scalarType(out!.dtype)),
    );
  };
}

export const reductionLowerings: Record<string, Lowering> = {
  reduce_sum: chunkedLowering("reduce_sum", { identity: 0, combine: (a, v) => binary("add", a, v), tree: true }),
  reduce_prod: chunkedLowering("reduce_prod", { identity: 1, combine: (a, v) => binary("mul", a, v), tree: false }),
  reduce_max: foldLowering("reduce_max", lowest, nanChooser("gt")),
  reduce_min: foldLowering("reduce_min", highest, nanChooser("lt")),
  reduce_and: foldLowering("reduce_and", allOnes, (a, v) => binary("and", a, v)),
  reduce_or: foldLowering(
    "reduce_or",
    () => 0,
    (a, v) => binary("or", a, v),
  ),
  reduce_xor: foldLowering(
    "reduce_xor",
    () => 0,
    (a, v) => binary("xor", a, v),
  ),
  argmax: argLowering("argmax", "gt"),
  argmin: argLowering("argmin", "lt"),
};
