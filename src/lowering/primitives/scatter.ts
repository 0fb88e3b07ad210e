// The scatters: one invocation per operand element, which walks every index vector in the CPU
// kernel's order (row-major over the indices' batch axes) and combines each update that lands
// on it. No two invocations write the same element, so repeated indices combine exactly as on
// the CPU (a plain scatter keeps the last update) without atomics. The cost is a pass over all
// index vectors per element: correct for any indices, fast only for modest index counts.
import type { DType } from "../../dtypes.js";
import { stridesOf } from "../../shape.js";
import { scatterWindowSizes } from "../../primitives/indexing/dimension-numbers.js";
import type { ScatterCombine } from "../../primitives/indexing/scatter-kernel.js";
import type { ScatterParams } from "../../primitives/indexing/scatter-shape.js";
import { linearIndex, unravel } from "../indexing.js";
import {
  and,
  assign,
  binary,
  constant,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  lt,
  ref,
  scalarType,
  storageType,
  store,
  sub,
  u32,
  unary,
  varS,
  type Expr,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { windowStart } from "./window-start.js";

/** The CPU's combiner (combinerFor) as kernel IR: bools or/and, float16 rounds every step. */
function combineExpr(kind: ScatterCombine, dtype: DType, old: Expr, update: Expr): Expr {
  if (kind === "replace") return update;
  if (dtype === "bool") return binary(kind === "add" || kind === "max" ? "or" : "and", old, update);
  const combined = binary(kind, old, update);
  return dtype === "float16" ? unary("round_f16", combined) : combined;
}

function scatterLowering(name: string, kind: ScatterCombine): Lowering {
  return ({ inAvals: [operand, indices, updates], outAvals: [out], params }) => {
    const p = params as ScatterParams;
    const dn = p.dimensionNumbers;
    const windowSizes = scatterWindowSizes(operand!.ndim, updates!.shape, dn);
    const updStrides = stridesOf(updates!.shape);
    // Operand window axis d advances the updates along their matching window axis.
    let windowAxis = 0;
    const windowUpdStrides = operand!.shape.map((_, d) =>
      dn.insertedWindowDims.includes(d) || dn.operandBatchingDims.includes(d)
        ? 0
        : updStrides[dn.updateWindowDims[windowAxis++]!]!,
    );
    const scatterUpdStrides = updates!.shape
      .map((_, i) => i)
      .filter((i) => !dn.updateWindowDims.includes(i))
      .map((i) => updStrides[i]!);
    const batchShape = indices!.shape.slice(0, -1);
    const count = batchShape.reduce((a, b) => a * b, 1);
    const type = scalarType(operand!.dtype);

    const position = operand!.shape.map((_, d) => ref(`p${d}`, "u32"));
    const b = ref("b", "u32");
    const batchIndex = batchShape.map((_, j) => ref(`bi${j}`, "u32"));
    const start = windowStart(
      1,
      indices!,
      b,
      batchIndex,
      {
        operandShape: operand!.shape,
        windowSizes,
        startMap: dn.scatterDimsToOperandDims,
        operandBatchingDims: dn.operandBatchingDims,
        indicesBatchingDims: dn.scatterIndicesBatchingDims,
      },
      "start",
    );
    // Unsigned: a position before the window's start wraps to a large offset and fails the check.
    const local = position.map((q, d) => sub(q, start.starts[d]!));
    const inside = local.reduce<Expr>((acc, l, d) => and(acc, lt(l, u32(windowSizes[d]!))), constant(1, "bool"));
    // Only "clip" moves a window into bounds; the other modes drop it, as XLA does.
    const applies = p.mode === "clip" ? inside : and(inside, start.inBounds);
    const updateAt = linearIndex([...batchIndex, ...local], [...scatterUpdStrides, ...windowUpdStrides]);
    const acc = ref("acc", type);

    return kernelProgram({
      label: name,
      inputs: [operand!, indices!, updates!].map((a) => storageType(a.dtype)),
      outputs: [storageType(out!.dtype)],
      invocations: out!.size,
      body: [
        ...unravel(invocation, operand!.shape).map((e, d) => letS(`p${d}`, e)),
        varS("acc", load(0, invocation, type)),
        loop("b", u32(count), [
          ...unravel(b, batchShape).map((e, j) => letS(`bi${j}`, e)),
          ...start.stmts,
          ifS(applies, [assign("acc", combineExpr(kind, operand!.dtype, acc, load(2, updateAt, type)))]),
        ]),
        store(0, invocation, acc),
      ],
    });
  };
}

export const scatterLowerings: Record<string, Lowering> = {
  scatter: scatterLowering("scatter", "replace"),
  "scatter-add": scatterLowering("scatter-add", "add"),
  "scatter-mul": scatterLowering("scatter-mul", "mul"),
  "scatter-min": scatterLowering("scatter-min", "min"),
  "scatter-max": scatterLowering("scatter-max", "max"),
};
