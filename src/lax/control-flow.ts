// lax.cond, lax.switch, lax.whileLoop, lax.foriLoop, lax.scan: trace the user's functions to
// jaxprs and bind the control-flow primitives, so loops and branches stay in the program.
import { scalar } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { isBool, promoteTypes } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import { add } from "../primitives/elementwise/binary.js";
import { lt, ne } from "../primitives/elementwise/compare.js";
import { clamp } from "../primitives/elementwise/select.js";
import { checkSameOutputs } from "../primitives/control/branches.js";
import { bindCond } from "../primitives/control/cond.js";
import { scanP } from "../primitives/control/scan.js";
import { whileP } from "../primitives/control/while.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";
import { bind } from "../tracing/trace.js";
import { flatten, treedefEqual, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";
import { toArrayLeaf, type AnyFn } from "../transforms/api-util.js";
import { traceClosed, type ClosedOver } from "../transforms/jaxpr-transforms.js";

function leavesOf(tree: unknown, op: string, role: "input" | "output" = "output"): [JaxArray[], TreeDef] {
  const [leaves, def] = flatten(tree);
  return [leaves.map((l) => toArrayLeaf(l, op, role)), def];
}

/** Traces `f` on avals; `fix` may cast outputs (to agree on weak types) before they are recorded. */
function traceTree(
  f: (...xs: JaxArray[]) => unknown,
  avals: readonly ShapedArray[],
  op: string,
  fix: (outs: JaxArray[]) => JaxArray[] = (o) => o,
): { closed: ClosedOver; outTree: TreeDef } {
  let outTree: TreeDef | undefined;
  const closed = traceClosed((...xs) => {
    const [outs, def] = leavesOf(f(...xs), op);
    outTree = def;
    return fix(outs);
  }, avals);
  return { closed, outTree: outTree! };
}

/** Casts weakly typed outputs to the types they promote to (JAX promotes them); strong ones stay. */
function castToAvals(outs: JaxArray[], avals: readonly ShapedArray[]): JaxArray[] {
  return outs.map((o, i) => {
    const a = avals[i]!;
    return o.weakType && (o.dtype !== a.dtype || !a.weakType) ? convertElementType(o, a.dtype, a.weakType) : o;
  });
}

/** `lax.switch(index, branches, ...operands)`: index is clamped into range, as in JAX. */
function switch_(index: ArrayLike, branches: readonly AnyFn[], ...operands: unknown[]): unknown {
  if (branches.length === 0) throw new ValueError("switch: needs at least one branch");
  const idx = asArray(index, "switch");
  if (idx.ndim !== 0) throw new ShapeError(`switch: the index must be a scalar, got ${idx.aval.str()}`);
  const i32 = clamp(scalar(0, "int32"), convertElementType(idx, "int32"), scalar(branches.length - 1, "int32"));
  return condImpl(i32, branches, operands, "switch", branches.map((_, k) => `branch ${k}`));
}

/** `names` say which user function each branch is, for error messages. */
function condImpl(index: JaxArray, branches: readonly AnyFn[], operands: unknown[], op: string, names: readonly string[]): unknown {
  const [ops, inTree] = leavesOf(operands, op, "input");
  const avals = ops.map((o) => o.aval);
  const run = (b: AnyFn) => (...xs: JaxArray[]): unknown => b(...unflatten<unknown[]>(inTree, xs)) as unknown;
  let traced = branches.map((b) => traceTree(run(b), avals, op));
  const outTree = traced[0]!.outTree;
  traced.forEach((t, k) => {
    if (!treedefEqual(t.outTree, outTree)) {
      throw new ShapeError(`${op}: ${names[k]} returns ${treedefString(t.outTree)} but ${names[0]} returns ${treedefString(outTree)}; branches must return the same structure`);
    }
  });
  // Branches that return JS numbers (weak types) take the type the others promote them to.
  const outAvals = traced[0]!.closed.jaxpr.outAvals.map((a, i) => {
    const promoted = promoteTypes(...traced.map((t) => t.closed.jaxpr.outAvals[i]!));
    return new ShapedArray(a.shape, promoted.dtype, promoted.weakType);
  });
  const needsCast = traced.some((t) => t.closed.jaxpr.outAvals.some((a, i) => a.weakType && !a.equals(outAvals[i]!, true)));
  if (needsCast) traced = branches.map((b) => traceTree(run(b), avals, op, (outs) => castToAvals(outs, outAvals)));
  checkSameOutputs(op, traced.map((t) => t.closed.jaxpr), names);
  return unflatten(outTree, bindCond(index, traced.map((t) => t.closed), ops));
}

/** `lax.cond(pred, trueFn, falseFn, ...operands)`. */
export function cond(pred: ArrayLike, trueFn: AnyFn, falseFn: AnyFn, ...operands: unknown[]): unknown {
  const p = asArray(pred, "cond");
  if (p.ndim !== 0) {
    throw new ShapeError(`cond: the predicate must be a scalar, got ${p.aval.str()}; reduce it (e.g. jnp.any) or use jnp.where for elementwise selection`);
  }
  const b = isBool(p.dtype) ? p : ne(p, convertElementType(scalar(0), p.dtype));
  return condImpl(convertElementType(b, "int32"), [falseFn, trueFn], operands, "cond", ["falseFn", "trueFn"]);
}

/**
 * The initial carry a loop should start from, given what one body step returned for it. A weakly
 * typed carry (from a JS number, which can't say `0.0`) takes the wider dtype the body promotes
 * it to, as `0.` would in JAX; a weak carry the body makes strong becomes strong. Anything else
 * is left for the primitive's type check to report.
 */
function adaptCarry(c: JaxArray, out: ShapedArray | undefined): JaxArray {
  if (out === undefined || !c.weakType) return c;
  if (out.dtype !== c.dtype) {
    const widened = promoteTypes({ dtype: c.dtype, weakType: true }, { dtype: out.dtype, weakType: out.weakType });
    return widened.dtype === out.dtype ? convertElementType(c, out.dtype, out.weakType) : c;
  }
  return out.weakType ? c : convertElementType(c, c.dtype, false);
}

/** Traces a loop body on the carry, retrying with adapted types if the body changes them. */
function traceCarry(
  f: (carry: unknown, ...extra: JaxArray[]) => unknown,
  init: JaxArray[],
  carryTree: TreeDef,
  op: string,
  extraAvals: readonly ShapedArray[] = [],
  extraFirst = false,
): { closed: ClosedOver; init: JaxArray[] } {
  const attempt = (carry: JaxArray[]) => {
    const avals = carry.map((c) => c.aval);
    const all = extraFirst ? [...extraAvals, ...avals] : [...avals, ...extraAvals];
    return traceTree(
      (...xs) => {
        const cs = extraFirst ? xs.slice(extraAvals.length) : xs.slice(0, avals.length);
        const ex = extraFirst ? xs.slice(0, extraAvals.length) : xs.slice(avals.length);
        return f(unflatten(carryTree, cs), ...ex);
      },
      all,
      op,
    );
  };
  let carry = init;
  let t = attempt(carry);
  // Each retrace can only widen a weak carry's dtype once and then make it strong, so this ends.
  for (let round = 0; round < 3; round++) {
    const outAvals = t.closed.jaxpr.outAvals;
    const next = carry.map((c, i) => adaptCarry(c, outAvals[i]));
    if (next.every((c, i) => c === carry[i])) break;
    carry = next;
    t = attempt(carry);
  }
  return { closed: t.closed, init: carry };
}

/** `lax.whileLoop(condFun, bodyFun, initVal)`. */
export function whileLoop<C = unknown>(condFun: (val: C) => unknown, bodyFun: (val: C) => unknown, initVal: unknown): C {
  const [init0, carryTree] = leavesOf(initVal, "whileLoop", "input");
  const checkBody = (out: unknown) => {
    const [, def] = flatten(out);
    if (!treedefEqual(def, carryTree)) {
      throw new ShapeError(`whileLoop: bodyFun must return the carry's structure ${treedefString(carryTree)}, got ${treedefString(def)}`);
    }
    return out;
  };
  const body = traceCarry((c) => checkBody(bodyFun(c as C)), init0, carryTree, "whileLoop");
  const init = body.init;
  const condT = traceTree((...xs) => condFun(unflatten<C>(carryTree, xs)), init.map((c) => c.aval), "whileLoop");
  const outs = bind(whileP, [...condT.closed.consts, ...body.closed.consts, ...init], {
    condJaxpr: condT.closed.jaxpr,
    bodyJaxpr: body.closed.jaxpr,
    condNconsts: condT.closed.consts.length,
    bodyNconsts: body.closed.consts.length,
  });
  return unflatten<C>(carryTree, outs);
}

export interface ScanOptions {
  length?: number;
  reverse?: boolean;
  unroll?: number;
}

/**
 * `lax.scan(f, init, xs, { length, reverse })` with `f(carry, x) => [carry, y]`; returns `[carry, ys]`.
 * The types are those of `f`'s parameters and results (stacking doesn't change a pytree's TS type).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function scan<C = unknown, X = any, Y = unknown>(f: (carry: C, x: X) => [C, Y], init: unknown, xs: unknown = null, options: ScanOptions = {}): [C, Y] {
  const [init0, carryTree] = leavesOf(init, "scan", "input");
  const [xsLeaves, xsTree] = leavesOf(xs, "scan", "input");
  const lengths = new Set(xsLeaves.map((x) => x.shape[0]));
  if (xsLeaves.some((x) => x.ndim === 0)) throw new ShapeError("scan: every xs leaf needs a leading axis to scan over; got a scalar");
  if (options.length !== undefined) lengths.add(options.length);
  if (lengths.size === 0) throw new ValueError("scan: give xs, or the number of steps with { length }");
  if (lengths.size > 1) {
    throw new ShapeError(`scan: xs leaves have different leading sizes (${xsLeaves.map((x) => x.aval.str()).join(", ")}${options.length !== undefined ? `; length ${options.length}` : ""}); they must all equal the scan length`);
  }
  const length = [...lengths][0]!;
  const xAvals = xsLeaves.map((x) => new ShapedArray(x.shape.slice(1), x.dtype, x.weakType));
  let yTree: TreeDef | undefined;
  const step = (carry: unknown, ...xSlices: JaxArray[]) => {
    const out = f(carry as C, unflatten<X>(xsTree, xSlices));
    if (!Array.isArray(out) || out.length !== 2) throw new ValueError("scan: f must return [newCarry, y]");
    const [carryLeaves, def] = leavesOf(out[0], "scan");
    if (!treedefEqual(def, carryTree)) {
      throw new ShapeError(`scan: f must return a carry with the structure of init ${treedefString(carryTree)}, got ${treedefString(def)}`);
    }
    const [yLeaves, yDef] = leavesOf(out[1], "scan");
    yTree = yDef;
    return [...carryLeaves, ...yLeaves];
  };
  const body = traceCarry(step, init0, carryTree, "scan", xAvals);
  const outs = bind(scanP, [...body.closed.consts, ...body.init, ...xsLeaves], {
    jaxpr: body.closed.jaxpr,
    numConsts: body.closed.consts.length,
    numCarry: body.init.length,
    length,
    reverse: options.reverse ?? false,
    unroll: options.unroll ?? 1,
  });
  const n = body.init.length;
  return [unflatten<C>(carryTree, outs.slice(0, n)), unflatten<Y>(yTree!, outs.slice(n))];
}

/**
 * `lax.foriLoop(lower, upper, body, init)`: a scan when both bounds are JS numbers (so reverse
 * mode works), otherwise a whileLoop.
 */
export function foriLoop<V = unknown>(lower: ArrayLike, upper: ArrayLike, body: (i: JaxArray, val: V) => V, initVal: unknown): V {
  if (typeof lower === "number" && typeof upper === "number") {
    const [[, val]] = scan<[JaxArray, V], null, null>(
      (carry) => {
        const [i, v] = carry;
        return [[add(i, scalar(1, "int32")), body(i, v)], null];
      },
      [scalar(lower, "int32"), initVal],
      null,
      { length: Math.max(0, upper - lower) },
    );
    return val;
  }
  const lo = asArray(lower, "foriLoop");
  const hi = asArray(upper, "foriLoop");
  const [, , val] = whileLoop<[JaxArray, JaxArray, V]>(
    ([i, u]) => lt(i, u),
    ([i, u, v]) => [add(i, convertElementType(scalar(1), i.dtype)), u, body(i, v)],
    [convertElementType(lo, "int32"), convertElementType(hi, "int32"), initVal],
  );
  return val;
}

export { switch_ as switch };
