// The shape of every elementwise kernel: one invocation per output element, each operand read at
// the same position (rank-0 operands, which clamp and select_n allow, at position 0).
import type { ShapedArray } from "../../tracing/aval.js";
import {
  invocation,
  kernelProgram,
  letS,
  load,
  ref,
  scalarType,
  storageType,
  store,
  u32,
  type Expr,
  type Program,
  type Stmt,
} from "../kernel-ir.js";

export function elementwiseProgram(
  label: string,
  inAvals: readonly ShapedArray[],
  outAval: ShapedArray,
  f: (xs: Expr[]) => Expr,
): Program {
  const n = outAval.size;
  const body: Stmt[] = [];
  const xs = inAvals.map((a, i) => {
    const type = scalarType(a.dtype);
    body.push(letS(`x${i}`, load(i, a.ndim === 0 ? u32(0) : invocation, type)));
    return ref(`x${i}`, type);
  });
  body.push(store(0, invocation, f(xs)));
  return kernelProgram({
    label,
    inputs: inAvals.map((a) => storageType(a.dtype)),
    outputs: [storageType(outAval.dtype)],
    invocations: n,
    body,
    // Rank-0 operands read position 0 whatever the size, so the body does not depend on it.
    sizeFree: true,
  });
}
