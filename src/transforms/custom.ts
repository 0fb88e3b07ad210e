// jax.customJvp and jax.customVjp: functions with user-defined derivative rules.
import { ValueError } from "../errors.js";
import { customJvpCallP, type FlatJvpRule } from "../primitives/control/custom-jvp.js";
import { customVjpCallP, type FlatBwd, type FlatFwd } from "../primitives/control/custom-vjp.js";
import { zerosLikeAval } from "../primitives/rules.js";
import { JaxArray } from "../tracing/array.js";
import { bind } from "../tracing/trace.js";
import { flatten, treedefEqual, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, toArrayLeaf, type AnyFn } from "./api-util.js";
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

export type JvpRule = (primals: unknown[], tangents: unknown[]) => [unknown, unknown];

export interface CustomJvpFunction extends AnyFn {
  defjvp(rule: JvpRule): CustomJvpFunction;
}

/** `jax.customJvp(f)`; give the rule with `.defjvp((primals, tangents) => [out, tangentOut])`. */
export function customJvp(f: AnyFn): CustomJvpFunction {
  let rule: JvpRule | undefined;
  const name = f.name || "fn";
  const call = (...args: unknown[]) => {
    if (!rule) throw new ValueError(`customJvp(${name}): no rule defined; call .defjvp((primals, tangents) => [out, tangentOut]) first`);
    const { arrays, inTree, outTree, jaxpr, consts } = traceCall(f, args, `customJvp(${name})`);
    const r = rule;
    const flatRule: FlatJvpRule = (ps, ts) => {
      const [out, tout] = r(unflatten<unknown[]>(inTree, ps), unflatten<unknown[]>(inTree, ts));
      return [...flattenOut(out, outTree, `customJvp(${name})`, "the rule's primal output"), ...flattenOut(tout, outTree, `customJvp(${name})`, "the rule's tangent output")];
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
export type BwdRule = (residuals: unknown, ct: unknown) => unknown[];

export interface CustomVjpFunction extends AnyFn {
  defvjp(fwd: FwdRule, bwd: BwdRule): CustomVjpFunction;
}

/** `jax.customVjp(f)`; give the rules with `.defvjp(fwd, bwd)`. */
export function customVjp(f: AnyFn): CustomVjpFunction {
  let rules: [FwdRule, BwdRule] | undefined;
  const name = f.name || "fn";
  const op = `customVjp(${name})`;
  const call = (...args: unknown[]) => {
    if (!rules) throw new ValueError(`${op}: no rules defined; call .defvjp(fwd, bwd) first`);
    const { arrays, inTree, outTree, jaxpr, consts } = traceCall(f, args, op);
    const [fwdRule, bwdRule] = rules;
    let resTree: TreeDef | undefined;
    const fwd: FlatFwd = (ps) => {
      const result = fwdRule(...unflatten<unknown[]>(inTree, ps));
      if (!Array.isArray(result) || result.length !== 2) throw new ValueError(`${op}: fwd must return [output, residuals]`);
      const [resLeaves, rt] = flatten(result[1]);
      resTree = rt;
      return { outs: flattenOut(result[0], outTree, op, "fwd's output"), residuals: resLeaves.map((l) => toArrayLeaf(l, op)) };
    };
    const bwd: FlatBwd = (res, cts) => {
      const ctIn = bwdRule(unflatten(resTree!, res), unflatten(outTree, cts));
      if (!Array.isArray(ctIn) || ctIn.length !== args.length) {
        throw new ValueError(`${op}: bwd must return an array with one cotangent per argument (${args.length}), got ${Array.isArray(ctIn) ? ctIn.length : typeof ctIn}`);
      }
      // null entries mean zero cotangents, as None does in JAX.
      const [ctLeaves, ctTree] = flatten(ctIn.map((c, i) => c ?? zerosLike(args[i])));
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
    leaves.map((l) => zerosLikeAval(toArrayLeaf(l, "customVjp").aval.withWeak(false))),
  );
}
