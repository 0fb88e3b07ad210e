// Where the window an index vector selects starts in the operand, for the gather and scatter
// lowerings: each start is clamped into [0, operand - window] as XLA does (and the CPU's
// forEachWindowStart), and whether every start was in bounds before clamping is kept for the
// fill and drop modes.
import type { ShapedArray } from "../../tracing/aval.js";
import {
  add,
  and,
  binary,
  constant,
  convert,
  letS,
  load,
  mul,
  ref,
  scalarType,
  u32,
  type Expr,
  type Stmt,
} from "../kernel-ir.js";

export interface WindowWalk {
  readonly operandShape: readonly number[];
  /** Extent of the window along every operand axis. */
  readonly windowSizes: readonly number[];
  /** Operand axis started by each index vector component. */
  readonly startMap: readonly number[];
  readonly operandBatchingDims: readonly number[];
  readonly indicesBatchingDims: readonly number[];
}

export interface WindowStart {
  /** Statements naming the index vector's components (emit them before using the rest). */
  readonly stmts: readonly Stmt[];
  /** The clamped start along every operand axis (u32). */
  readonly starts: readonly Expr[];
  /** Whether the unclamped window lay inside the operand (bool). */
  readonly inBounds: Expr;
}

/**
 * The window of the index vector at flat position `batchFlat` among the indices' batch axes,
 * whose multi-index is `batchIndex`. `name` prefixes the lets, so callers can nest it in loops.
 */
export function windowStart(
  indicesInput: number,
  indices: ShapedArray,
  batchFlat: Expr,
  batchIndex: readonly Expr[],
  walk: WindowWalk,
  name: string,
): WindowStart {
  const vector = indices.shape[indices.ndim - 1]!;
  const type = scalarType(indices.dtype);
  const stmts: Stmt[] = [];
  const starts: Expr[] = walk.operandShape.map(() => u32(0));
  let inBounds: Expr = constant(1, "bool");
  const first = mul(batchFlat, u32(vector));
  for (let k = 0; k < vector; k++) {
    const d = walk.startMap[k]!;
    stmts.push(letS(`${name}${k}`, load(indicesInput, add(first, u32(k)), type)));
    const v = ref(`${name}${k}`, type);
    const hi = constant(walk.operandShape[d]! - walk.windowSizes[d]!, type);
    if (type === "i32") {
      inBounds = and(inBounds, and(binary("ge", v, constant(0, type)), binary("le", v, hi)));
      starts[d] = convert(binary("min", binary("max", v, constant(0, type)), hi), "u32");
    } else {
      inBounds = and(inBounds, binary("le", v, hi));
      starts[d] = binary("min", v, hi);
    }
  }
  walk.operandBatchingDims.forEach((d, j) => {
    starts[d] = batchIndex[walk.indicesBatchingDims[j]!]!;
  });
  return { stmts, starts, inBounds };
}
