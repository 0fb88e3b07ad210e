// Glue between user functions on pytrees and the flat functions that traces work with.
import { scalar } from "../array.js";
import { asArray, describe } from "../coerce.js";
import { ValueError } from "../errors.js";
import { ShapeDtypeStruct, ShapedArray } from "../tracing/aval.js";
import { JaxArray } from "../tracing/array.js";
import { flatten, unflatten, type TreeDef } from "../tree/pytree.js";

/** A flat version of `f` plus the output structure, known once the flat function has run. */
export interface FlatFun {
  fn: (...leaves: JaxArray[]) => JaxArray[];
  outTree: () => TreeDef;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => any;

export function flattenFun(f: AnyFn, inTree: TreeDef, op = "transform"): FlatFun {
  let outTree: TreeDef | undefined;
  return {
    fn: (...leaves: JaxArray[]) => {
      const args = unflatten<unknown[]>(inTree, leaves);
      const out: unknown = f(...args);
      const [outLeaves, tree] = flatten(out);
      outTree = tree;
      return outLeaves.map((l) => toArrayLeaf(l, op));
    },
    outTree: () => {
      if (!outTree) throw new Error("internal: output structure read before the function ran");
      return outTree;
    },
  };
}

/** Leaves may be JS numbers; anything else that isn't an array is a user error, said for inputs or outputs. */
export function toArrayLeaf(leaf: unknown, op: string, role: "input" | "output" = "output"): JaxArray {
  if (leaf instanceof JaxArray) return leaf;
  if (typeof leaf === "number" || typeof leaf === "boolean") return asArray(leaf);
  if (role === "input") {
    throw new ValueError(
      `${op}: an argument leaf ${describe(leaf)} is not an array; pass arrays, numbers, or pytrees of them ` +
        `(other values can be closed over${op === "jit" ? " or marked static with staticArgnums" : ""})`,
    );
  }
  throw new ValueError(`${op}: the function returned a ${typeof leaf} leaf (${String(leaf)}); return arrays, numbers, or pytrees of them`);
}

/** Flattens the arguments, turning number leaves into arrays (ShapeDtypeStructs stay as avals). */
export function flattenArgs(args: readonly unknown[], op: string): [(JaxArray | ShapeDtypeStruct)[], TreeDef] {
  const [leaves, tree] = flatten(args);
  return [
    leaves.map((l) => (l instanceof ShapeDtypeStruct ? l : toArrayLeaf(l, op, "input"))),
    tree,
  ];
}

/**
 * Flattens arguments that will be differentiated. JS can't tell `3` from `3.0`, and a JAX user
 * differentiating at a Python scalar writes `3.0`, so JS numbers here become weak float32 scalars
 * (elsewhere integral numbers are weak int32).
 */
export function flattenDiffArgs(args: readonly unknown[], op: string): [JaxArray[], TreeDef] {
  const [leaves, tree] = flatten(args);
  return [leaves.map((l) => (typeof l === "number" ? scalar(l, "float32", true) : toArrayLeaf(l, op, "input"))), tree];
}

/**
 * Flattens tangents (or cotangents) that pair with `like` leaf by leaf: JS numbers take the dtype
 * of the value they pair with, so `jvp(f, [x], [1])` works for a float `x`.
 */
export function flattenLike(values: unknown, like: readonly JaxArray[], op: string): [JaxArray[], TreeDef] {
  const [leaves, tree] = flatten(values);
  return [
    leaves.map((l, i) => {
      const p = like[i];
      return typeof l === "number" && p !== undefined ? scalar(l, p.dtype, false) : toArrayLeaf(l, op, "input");
    }),
    tree,
  ];
}

export function avalOf(x: JaxArray | ShapeDtypeStruct): ShapedArray {
  return x instanceof ShapeDtypeStruct ? new ShapedArray(x.shape, x.dtype, x.weakType) : x.aval;
}

/** Normalizes `argnums` (number or list) against the argument count. */
export function normalizeArgnums(argnums: number | readonly number[], nargs: number, op: string): number[] {
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  return list.map((a) => {
    if (!Number.isInteger(a) || a < -nargs || a >= nargs) {
      throw new ValueError(`${op}: argnums ${a} is out of range for a function called with ${nargs} positional arguments`);
    }
    return a < 0 ? a + nargs : a;
  });
}
