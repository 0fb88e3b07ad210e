// jax.customJvp and jax.customVjp: functions with user-defined derivative rules.
import { ValueError } from "../errors.js";
import { customJvpCallP, type FlatJvpRule } from "../primitives/control/custom-jvp.js";
import { customVjpCallP, type FlatBwd, type FlatFwd } from "../primitives/control/custom-vjp.js";
import { zerosLikeAval } from "../primitives/rules.js";
import { JaxArray } from "../tracing/array.js";
import { bind } from "../tracing/trace.js";
import { flatten, treedefEqual, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, normalizeArgnums, toArrayLeaf, type AnyFn } from "./api-util.js";
import { traceClosed } from "./jaxpr-transforms.js";

function flattenOut(value: unknown, expected: TreeDef, op: string, what: string): JaxArray[] {
  const [leaves, tree] = flatten(value);
  if (!treedefEqual(tree, expected)) {
    throw new ValueError(`${op}: ${what} has structure ${treedefString(tree)} but the function's output has ${treedefString(expected)}`);
  }
  return leaves.map((l) => toArrayLeaf(l, op));
}

/** Traces `f` for these arguments: the call jaxpr, its constants, and the output structure. */
function traceCall(f: AnyFn, args: unknown[], op: string) {
  const [leaves, inTree] = flattenArgs(args, op);
  const arrays = leaves as JaxArray[];
  const flat = flattenFun(f, inTree, op);
  const closed = traceClosed(flat.fn, arrays.map(avalOf));
  return { arrays, inTree, outTree: flat.outTree(), ...closed };
}

/** Splits the arguments into the nondiff ones (JAX's nondiff_argnums, passed to the rules as they are) and the rest. */
function splitNondiff(args: readonly unknown[], nondiffArgnums: readonly number[] | undefined, op: string) {
  const nd = nondiffArgnums === undefined ? [] : normalizeArgnums(nondiffArgnums, args.length, op);
  const nondiff = nd.map((i) => args[i]);
  const dynamic = args.filter((_, i) => !nd.includes(i));
  /** The full argument list from the dynamic ones, nondiff values back in their positions. */
  const merge = (dyn: readonly unknown[]): unknown[] => {
    let k = 0;
    return args.map((a, i) => (nd.includes(i) ? a : dyn[k++]));
  };
  return { nondiff, dynamic, merge };
}

export interface CustomOptions {
  /** Arguments passed to the function and its rules as they are (callables, shapes, flags), never differentiated. */
  nondiffArgnums?: readonly number[];
}

/** `(primals, tangents) => [out, tangentOut]`; with nondiffArgnums the nondiff arguments come first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JvpRule = (...args: any[]) => [unknown, unknown];

export interface CustomJvpFunction extends AnyFn {
  defjvp(rule: JvpRule): CustomJvpFunction;
}

/** `jax.customJvp(f, { nondiffArgnums })`; give the rule with `.defjvp((primals, tangents) => [out, tangentOut])`. */
export function customJvp(f: AnyFn, options: CustomOptions = {}): CustomJvpFunction {
  let rule: JvpRule | undefined;
  const name = f.name || "fn";
  const op = `customJvp(${name})`;
  const call = (...args: unknown[]) => {
    if (!rule) throw new ValueError(`${op}: no rule defined; call .defjvp((primals, tangents) => [out, tangentOut]) first`);
    const { nondiff, dynamic, merge } = splitNondiff(args, options.nondiffArgnums, op);
    const { arrays, inTree, outTree, jaxpr, consts } = traceCall((...dyn: unknown[]) => f(...merge(dyn)) as unknown, dynamic, op);
    const r = rule;
    const flatRule: FlatJvpRule = (ps, ts) => {
      const result = r(...nondiff, unflatten<unknown[]>(inTree, ps), unflatten<unknown[]>(inTree, ts));
      if (!Array.isArray(result) || result.length !== 2) throw new ValueError(`${op}: the JVP rule must return [primalOut, tangentOut]`);
      const [out, tout] = result;
      return [...flattenOut(out, outTree, op, "the rule's primal output"), ...flattenOut(tout, outTree, op, "the rule's tangent output")];
    };
    const outs = bind(customJvpCallP, [...consts, ...arrays], { callJaxpr: jaxpr, jvp: flatRule, numConsts: consts.length, name });
    return unflatten(outTree, outs);
  };
  return Object.assign(call, {
    defjvp(r: JvpRule) {
      rule = r;
      return call as CustomJvpFunction;
    },
  }) as CustomJvpFunction;
}

export type FwdRule = (...args: unknown[]) => [unknown, unknown];
/** `(residuals, ct) => [ctArg0, ...]`; with nondiffArgnums the nondiff arguments come first and get no cotangent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BwdRule = (...args: any[]) => unknown[];

export interface CustomVjpFunction extends AnyFn {
  defvjp(fwd: FwdRule, bwd: BwdRule): CustomVjpFunction;
}

/** `jax.customVjp(f, { nondiffArgnums })`; give the rules with `.defvjp(fwd, bwd)`. */
export function customVjp(f: AnyFn, options: CustomOptions = {}): CustomVjpFunction {
  let rules: [FwdRule, BwdRule] | undefined;
  const name = f.name || "fn";
  const op = `customVjp(${name})`;
  const call = (...args: unknown[]) => {
    if (!rules) throw new ValueError(`${op}: no rules defined; call .defvjp(fwd, bwd) first`);
    const { nondiff, dynamic, merge } = splitNondiff(args, options.nondiffArgnums, op);
    const { arrays, inTree, outTree, jaxpr, consts } = traceCall((...dyn: unknown[]) => f(...merge(dyn)) as unknown, dynamic, op);
    const [fwdRule, bwdRule] = rules;
    let resTree: TreeDef | undefined;
    const fwd: FlatFwd = (ps) => {
      const result = fwdRule(...merge(unflatten<unknown[]>(inTree, ps)));
      if (!Array.isArray(result) || result.length !== 2) throw new ValueError(`${op}: fwd must return [output, residuals]`);
      const [resLeaves, rt] = flatten(result[1]);
      resTree = rt;
      return { outs: flattenOut(result[0], outTree, op, "fwd's output"), residuals: resLeaves.map((l) => toArrayLeaf(l, op)) };
    };
    const bwd: FlatBwd = (res, cts) => {
      const ctIn = bwdRule(...nondiff, unflatten(resTree!, res), unflatten(outTree, cts));
      if (!Array.isArray(ctIn) || ctIn.length !== dynamic.length) {
        const what = nondiff.length > 0 ? "differentiable argument (nondiffArgnums get none)" : "argument";
        throw new ValueError(`${op}: bwd must return an array with one cotangent per ${what} (${dynamic.length}), got ${Array.isArray(ctIn) ? ctIn.length : typeof ctIn}`);
      }
      // null entries mean zero cotangents, as None does in JAX.
      const [ctLeaves, ctTree] = flatten(ctIn.map((c, i) => c ?? zerosLike(dynamic[i])));
      if (!treedefEqual(ctTree, inTree)) {
        throw new ValueError(`${op}: bwd's cotangents have structure ${treedefString(ctTree)} but the arguments have ${treedefString(inTree)}`);
      }
      return ctLeaves.map((l) => toArrayLeaf(l, op));
    };
    const outs = bind(customVjpCallP, [...consts, ...arrays], { callJaxpr: jaxpr, fwd, bwd, numConsts: consts.length, name });
    return unflatten(outTree, outs);
  };
  return Object.assign(call, {
    defvjp(fwd: FwdRule, bwd: BwdRule) {
      rules = [fwd, bwd];
      return call as CustomVjpFunction;
    },
  }) as CustomVjpFunction;
}

function zerosLike(tree: unknown): unknown {
  const [leaves, def] = flatten(tree);
  return unflatten(
    def,
    leaves.map((l) => zerosLikeAval(toArrayLeaf(l, "customVjp", "input").aval.withWeak(false))),
  );
}
