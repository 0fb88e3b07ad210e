// Reverse mode = linearize (JVP + partial evaluation) + transpose: one JVP rule per primitive
// gives both modes. grad and valueAndGrad are vjp with a unit cotangent.
import { arrayFromHost } from "../array.js";
import { isFloat } from "../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { UndefinedPrimal, Zero, type Tangent } from "../primitives/primitive.js";
import { instantiate } from "../primitives/rules.js";
import { shapesEqual } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { evalJaxpr } from "../tracing/eval-jaxpr.js";
import type { Jaxpr } from "../tracing/jaxpr.js";
import { flatten, treedefEqual, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";
import { flattenDiffArgs, flattenFun, flattenLike, normalizeArgnums, type AnyFn } from "./api-util.js";
import { jvpFlat } from "./jvp.js";
import { partialEvalFlat, PartialVal } from "./partial-eval.js";
import { backwardPass } from "./transpose.js";

export interface Linearized {
  primalsOut: JaxArray[];
  /** Linear jaxpr from input tangents to output tangents; consts are the residuals. */
  jaxpr: Jaxpr;
  consts: JaxArray[];
}

export function linearizeFlat(f: (...xs: JaxArray[]) => JaxArray[], primals: readonly JaxArray[]): Linearized {
  const n = primals.length;
  const pvals = [
    ...primals.map((p) => PartialVal.known(p)),
    ...primals.map((p) => PartialVal.unknown(p.aval.withWeak(false))),
  ];
  const fJvp = (...xs: JaxArray[]): JaxArray[] => {
    const [outs, tangents] = jvpFlat(f, xs.slice(0, n), xs.slice(n));
    return [...outs, ...tangents.map(instantiate)];
  };
  const { pvalsOut, jaxpr, consts } = partialEvalFlat(fJvp, pvals, (i, total) => i >= total / 2);
  const primalsOut = pvalsOut.slice(0, pvalsOut.length / 2).map((p) => {
    if (!p.isKnown) throw new Error("internal: a primal output of linearize is unknown");
    return p.known!;
  });
  return { primalsOut, jaxpr, consts };
}

function checkCotangents(op: string, cts: readonly JaxArray[], outs: readonly JaxArray[]): void {
  cts.forEach((ct, i) => {
    const o = outs[i]!;
    if (!shapesEqual(ct.shape, o.shape) || ct.dtype !== o.dtype) {
      throw new ShapeError(`${op}: cotangent ${ct.aval.str()} does not match the output ${o.aval.str()} it pairs with; give it the output's shape and dtype`);
    }
  });
}

/** `jax.linearize(f, ...primals)` returns `[out, fJvp]`. */
export function linearize(f: AnyFn, ...primals: unknown[]): [unknown, (...tangents: unknown[]) => unknown] {
  const [leaves, inTree] = flattenDiffArgs(primals, "linearize");
  const flat = flattenFun(f, inTree, "linearize");
  const { primalsOut, jaxpr, consts } = linearizeFlat(flat.fn, leaves);
  const outTree = flat.outTree();
  const fJvp = (...tangents: unknown[]) => {
    const [tLeaves, tTree] = flattenLike(tangents, leaves, "linearize");
    if (!treedefEqual(tTree, inTree)) {
      throw new ValueError(`linearize: tangents have structure ${treedefString(tTree)} but the primals had ${treedefString(inTree)}`);
    }
    return unflatten(outTree, evalJaxpr(jaxpr, consts, tLeaves));
  };
  return [unflatten(outTree, primalsOut), fJvp];
}

/** vjp of a flat function: outputs and a function from output cotangents to input cotangents. */
export function vjpFlat(
  f: (...xs: JaxArray[]) => JaxArray[],
  primals: readonly JaxArray[],
): [JaxArray[], (cts: readonly Tangent[]) => Tangent[]] {
  const { primalsOut, jaxpr, consts } = linearizeFlat(f, primals);
  const undefinedArgs = jaxpr.invars.map((v) => new UndefinedPrimal(v.aval));
  const pullback = (cts: readonly Tangent[]) => backwardPass(jaxpr, consts, undefinedArgs, cts).map((c, i) => c ?? new Zero(undefinedArgs[i]!.aval));
  return [primalsOut, pullback];
}

/** `jax.vjp(f, ...primals)` returns `[out, vjpFn]`; vjpFn(ct) returns one cotangent per argument. */
export function vjp(f: AnyFn, ...primals: unknown[]): [unknown, (ct: unknown) => unknown[]] {
  const [leaves, inTree] = flattenDiffArgs(primals, "vjp");
  const flat = flattenFun(f, inTree, "vjp");
  const [outs, pullback] = vjpFlat(flat.fn, leaves);
  const outTree = flat.outTree();
  const vjpFn = (ct: unknown): unknown[] => {
    const [cts, ctTree] = flattenLike(ct, outs, "vjp");
    if (!treedefEqual(ctTree, outTree)) {
      throw new ValueError(`vjp: cotangent has structure ${treedefString(ctTree)} but the output has ${treedefString(outTree)}`);
    }
    checkCotangents("vjp", cts, outs);
    return unflatten<unknown[]>(inTree, pullback(cts).map(instantiate));
  };
  return [unflatten(outTree, outs), vjpFn];
}

export interface GradOptions {
  argnums?: number | readonly number[];
  hasAux?: boolean;
}

function checkDiffArgs(op: string, leaves: readonly JaxArray[]): void {
  for (const x of leaves) {
    if (!isFloat(x.dtype)) {
      throw new DTypeError(
        `${op} requires floating-point inputs, but got ${x.aval.str()}. Integer and bool inputs have no gradient: ` +
          `convert with x.astype("float32"), or exclude the argument with argnums`,
      );
    }
  }
}

/** Shared core of grad and valueAndGrad: returns [value, aux, grads] in the user's structures. */
function valueAndGradImpl(f: AnyFn, options: GradOptions, op: string, args: unknown[]): [unknown, unknown, unknown] {
  const argnums = normalizeArgnums(options.argnums ?? 0, args.length, op);
  const diffArgs = argnums.map((i) => args[i]);
  const [diffLeaves, diffTree] = flattenDiffArgs(diffArgs, op);
  checkDiffArgs(op, diffLeaves);
  let aux: unknown = undefined;
  let outTree: TreeDef | undefined;
  const flatFn = (...leaves: JaxArray[]): JaxArray[] => {
    const full = [...args];
    const diff = unflatten<unknown[]>(diffTree, leaves);
    argnums.forEach((a, k) => (full[a] = diff[k]));
    const result: unknown = f(...full);
    let out: unknown = result;
    if (options.hasAux) {
      if (!Array.isArray(result) || result.length !== 2) {
        throw new ValueError(`${op} with hasAux: the function must return [output, aux]`);
      }
      out = result[0];
      aux = result[1];
    }
    const [outLeaves, tree] = flatten(out);
    outTree = tree;
    if (outLeaves.length !== 1 || !(outLeaves[0] instanceof JaxArray || typeof outLeaves[0] === "number")) {
      throw new ShapeError(`${op}: the function must return a scalar array, got ${treedefString(tree)}; use jax.vjp or jax.jacrev for other outputs`);
    }
    const y = outLeaves[0] instanceof JaxArray ? outLeaves[0] : arrayFromHost([outLeaves[0]], [], "float32");
    if (y.ndim !== 0 || !isFloat(y.dtype)) {
      throw new ShapeError(`${op}: the function must return a real scalar (shape []), got ${y.aval.str()}; reduce it (e.g. .sum()) or use jax.vjp / jax.jacrev`);
    }
    // Aux leaves ride along as extra primal outputs so they leave the traces as plain values.
    const [auxLeaves] = flatten(aux);
    return [y, ...auxLeaves.filter((l): l is JaxArray => l instanceof JaxArray)];
  };
  const [outs, pullback] = vjpFlat(flatFn, diffLeaves);
  void outTree;
  const y = outs[0]!;
  const cts: Tangent[] = [arrayFromHost([1], [], y.dtype), ...outs.slice(1).map((o) => new Zero(o.aval))];
  const grads = unflatten<unknown[]>(diffTree, pullback(cts).map(instantiate));
  if (options.hasAux) {
    const [auxLeaves, auxTree] = flatten(aux);
    let k = 1;
    aux = unflatten(
      auxTree,
      auxLeaves.map((l) => (l instanceof JaxArray ? outs[k++]! : l)),
    );
  }
  const g = typeof options.argnums === "number" || options.argnums === undefined ? grads[0] : grads;
  return [y, aux, g];
}

/** `jax.grad(f, { argnums, hasAux })`. */
export function grad(f: AnyFn, options: GradOptions = {}): AnyFn {
  return (...args: unknown[]) => {
    const [, aux, g] = valueAndGradImpl(f, options, "grad", args);
    return options.hasAux ? [g, aux] : g;
  };
}

/** `jax.valueAndGrad(f, { argnums, hasAux })` returns `[value, grad]` or `[[value, aux], grad]`. */
export function valueAndGrad(f: AnyFn, options: GradOptions = {}): AnyFn {
  return (...args: unknown[]) => {
    const [y, aux, g] = valueAndGradImpl(f, options, "valueAndGrad", args);
    return options.hasAux ? [[y, aux], g] : [y, g];
  };
}
