// The kernel shape of the data-movement primitives: one invocation per output element, whose
// multi-index picks what to read. Most of them read a strided view of their operand.
import type { ShapedArray } from "../../tracing/aval.js";
import { unravel, linearIndex } from "../indexing.js";
import {
  invocation,
  kernelProgram,
  letS,
  load,
  ref,
  scalarType,
  storageType,
  store,
  type Expr,
  type Program,
  type Stmt,
} from "../kernel-ir.js";

export interface GatherBody {
  /** Statements computing the value, then the value itself. */
  readonly stmts: readonly Stmt[];
  readonly value: Expr;
}

/**
 * A kernel over the output positions: `body` gets the output multi-index (u32 refs) and returns
 * the value to store there.
 */
export function perOutputProgram(
  label: string,
  inAvals: readonly ShapedArray[],
  out: ShapedArray,
  body: (idx: Expr[]) => GatherBody,
): Program {
  const flat = ref("flat", "u32");
  const idx = out.shape.map((_, d) => ref(`i${d}`, "u32"));
  const unravelled = unravel(flat, out.shape).map((e, d) => letS(`i${d}`, e));
  const { stmts, value } = body(idx);
  return kernelProgram({
    label,
    inputs: inAvals.map((a) => storageType(a.dtype)),
    outputs: [storageType(out.dtype)],
    invocations: out.size,
    body: [letS("flat", invocation), ...unravelled, ...stmts, store(0, flat, value)],
  });
}

/** Output position idx reads operand element offset + sum_d idx[d] * strides[d]. */
export function stridedViewProgram(
  label: string,
  x: ShapedArray,
  out: ShapedArray,
  strides: readonly number[],
  offset = 0,
  extraInputs: readonly ShapedArray[] = [],
): Program {
  return perOutputProgram(label, [x, ...extraInputs], out, (idx) => ({
    stmts: [],
    value: load(0, linearIndex(idx, strides, offset), scalarType(x.dtype)),
  }));
}
