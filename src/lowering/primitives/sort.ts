// sort as a rank computation: one invocation per element counts the elements of its line that
// precede it in the sorted order (smaller keys, or equal keys earlier in the line, which makes it
// stable) and writes every operand's element at that rank. The ranks of a line are a
// permutation, so no two invocations write the same place. O(n) work per element: meant for the
// modest line lengths of sorting along an axis, not for one huge array.
import type { SortParams } from "../../primitives/reductions/sort.js";
import {
  add,
  assign,
  binary,
  convert,
  div,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  lt,
  mul,
  ref,
  rem,
  scalarType,
  select,
  storageType,
  store,
  u32,
  unary,
  varS,
  type Expr,
  type Stmt,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";

/** A key as compared: bools as 0/1, everything else as loaded. */
function keyValue(x: Expr): Expr {
  return x.type === "bool" ? convert(x, "u32") : x;
}

/** The CPU's compareTotal order: ascending, -0 equal to 0, NaN after everything and equal to NaN. */
function lessTotal(a: Expr, b: Expr): Expr {
  if (a.type !== "f32") return lt(a, b);
  const nanOnlyInB = binary("and", unary("not", unary("is_nan", a)), unary("is_nan", b));
  return binary("or", lt(a, b), nanOnlyInB);
}

function equalTotal(a: Expr, b: Expr): Expr {
  if (a.type !== "f32") return binary("eq", a, b);
  return binary("or", binary("eq", a, b), binary("and", unary("is_nan", a), unary("is_nan", b)));
}

/** Lexicographic order over the keys. */
function lessLex(a: readonly Expr[], b: readonly Expr[]): Expr {
  let result = lessTotal(a[a.length - 1]!, b[b.length - 1]!);
  for (let k = a.length - 2; k >= 0; k--) {
    result = binary("or", lessTotal(a[k]!, b[k]!), binary("and", equalTotal(a[k]!, b[k]!), result));
  }
  return result;
}

export const sortLowering: Lowering = ({ inAvals, outAvals, params }) => {
  const { dimension, numKeys } = params as SortParams;
  const shape = inAvals[0]!.shape;
  const n = shape[dimension]!;
  const inner = shape.slice(dimension + 1).reduce((a, b) => a * b, 1);
  const keyTypes = inAvals.slice(0, numKeys).map((a) => scalarType(a.dtype));

  const i = ref("i", "u32");
  const j = ref("j", "u32");
  const base = ref("base", "u32");
  const mine = keyTypes.map((t, k) => keyValue(ref(`key${k}`, t)));
  const theirs = keyTypes.map((t, k) => keyValue(ref(`other${k}`, t)));
  // Element j precedes element i when its keys are smaller, or equal and j comes first.
  const precedes = select(lt(j, i), unary("not", lessLex(mine, theirs)), lessLex(theirs, mine));
  const body: Stmt[] = [
    letS("i", rem(div(invocation, u32(inner)), u32(n))),
    letS("base", add(mul(div(invocation, u32(n * inner)), u32(n * inner)), rem(invocation, u32(inner)))),
    ...keyTypes.map((t, k) => letS(`key${k}`, load(k, invocation, t))),
    varS("rank", u32(0)),
    loop("j", u32(n), [
      letS("at", add(base, mul(j, u32(inner)))),
      ...keyTypes.map((t, k) => letS(`other${k}`, load(k, ref("at", "u32"), t))),
      assign("rank", add(ref("rank", "u32"), select(precedes, u32(1), u32(0)))),
    ]),
    letS("dest", add(base, mul(ref("rank", "u32"), u32(inner)))),
    ...inAvals.map((a, k) => store(k, ref("dest", "u32"), load(k, invocation, scalarType(a.dtype)))),
  ];
  return kernelProgram({
    label: "sort",
    inputs: inAvals.map((a) => storageType(a.dtype)),
    outputs: outAvals.map((a) => storageType(a.dtype)),
    invocations: inAvals[0]!.size,
    body,
  });
};
