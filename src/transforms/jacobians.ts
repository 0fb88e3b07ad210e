// jacfwd (vmap of jvp over a basis of input tangents), jacrev (vmap of the pullback over a basis
// of output cotangents) and hessian, with JAX's output layout: out.shape + in.shape per leaf pair.
import { arrayFromHost } from "../array.js";
import { isFloat, type DType } from "../dtypes.js";
import { DTypeError, ValueError } from "../errors.js";
import { Zero, type Tangent } from "../primitives/primitive.js";
import { instantiate } from "../primitives/rules.js";
import { reshape } from "../primitives/shape/reshape.js";
import { slice } from "../primitives/shape/slice.js";
import { JaxArray } from "../tracing/array.js";
import { flatten, unflatten, type TreeDef } from "../tree/pytree.js";
import { flattenDiffArgs, normalizeArgnums, toArrayLeaf, type AnyFn } from "./api-util.js";
import { jvpFlat } from "./jvp.js";
import { vjpFlat } from "./vjp.js";
import { vmapFlat } from "./vmap.js";

export interface JacOptions {
  argnums?: number | readonly number[];
  hasAux?: boolean;
}

/** The identity basis for a leaf: shape [n, ...shape] with basis[k] the k-th unit array. */
function basis(shape: readonly number[], dtype: DType): JaxArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n * n);
  for (let k = 0; k < n; k++) data[k * n + k] = 1;
  return arrayFromHost(data, [n, ...shape], dtype);
}

/** `x[0]` along the leading axis. */
function firstAlong0(x: JaxArray): JaxArray {
  const rest = x.shape.slice(1);
  return reshape(slice(x, x.shape.map(() => 0), [1, ...rest]), rest);
}

interface Prepared {
  /** The function of the differentiated leaves: its output leaves, then the array leaves of aux. */
  flatFn: (...diffLeaves: JaxArray[]) => JaxArray[];
  diffLeaves: JaxArray[];
  diffTree: TreeDef;
  numOuts: () => number;
  outTree: () => TreeDef;
  /** The aux pytree with its array leaves replaced by `arrays` (its other leaves are kept). */
  aux: (arrays: readonly JaxArray[]) => unknown;
}

function prepare(f: AnyFn, args: unknown[], options: JacOptions, op: string): Prepared {
  const argnums = normalizeArgnums(options.argnums ?? 0, args.length, op);
  const diffArgs = typeof options.argnums === "number" || options.argnums === undefined ? args[argnums[0]!] : argnums.map((i) => args[i]);
  const [diffLeaves, diffTree] = flattenDiffArgs([diffArgs], op);
  for (const x of diffLeaves) {
    if (!isFloat(x.dtype)) {
      throw new DTypeError(`${op} requires floating-point inputs, got ${x.aval.str()}; convert with x.astype("float32")`);
    }
  }
  let outTree: TreeDef | undefined;
  let numOuts = 0;
  let auxValue: unknown;
  const flatFn = (...xs: JaxArray[]): JaxArray[] => {
    const [diff] = unflatten<unknown[]>(diffTree, xs);
    const full = [...args];
    if (typeof options.argnums === "number" || options.argnums === undefined) full[argnums[0]!] = diff;
    else argnums.forEach((a, k) => (full[a] = (diff as unknown[])[k]));
    let out: unknown = f(...full);
    if (options.hasAux) {
      if (!Array.isArray(out) || out.length !== 2) throw new ValueError(`${op} with hasAux: the function must return [output, aux]`);
      [out, auxValue] = out as [unknown, unknown];
    }
    const [outLeaves, tree] = flatten(out);
    outTree = tree;
    numOuts = outLeaves.length;
    // Aux leaves ride along as extra outputs, so they leave the transforms as plain values.
    const auxArrays = flatten(auxValue)[0].filter((l): l is JaxArray => l instanceof JaxArray);
    return [...outLeaves.map((l) => toArrayLeaf(l, op)), ...auxArrays];
  };
  const aux = (arrays: readonly JaxArray[]) => {
    const [leaves, tree] = flatten(auxValue);
    let k = 0;
    return unflatten(
      tree,
      leaves.map((l) => (l instanceof JaxArray ? arrays[k++]! : l)),
    );
  };
  return { flatFn, diffLeaves, diffTree, numOuts: () => numOuts, outTree: () => outTree!, aux };
}

/** Builds the jacobian pytree: output structure, each leaf holding the input structure. */
function assemble(blocks: JaxArray[][], outTree: TreeDef, diffTree: TreeDef): unknown {
  const perOut = blocks.map((row) => unflatten<unknown[]>(diffTree, row)[0]);
  return unflatten(outTree, perOut);
}

/** `jax.jacfwd(f, { argnums, hasAux })`. */
export function jacfwd(f: AnyFn, options: JacOptions = {}): AnyFn {
  return (...args: unknown[]) => {
    const p = prepare(f, args, options, "jacfwd");
    // One vmapped JVP per input leaf; primal outputs (and aux) don't depend on the basis.
    let primals: JaxArray[] | undefined;
    let primalBatched: boolean[] = [];
    const outsPerInput: JaxArray[][] = p.diffLeaves.map((x, j) => {
      const b = basis(x.shape, x.dtype);
      const res = vmapFlat(
        (bj) => {
          const tangents: Tangent[] = p.diffLeaves.map((y, k) => (k === j ? bj : new Zero(y.aval.withWeak(false))));
          const [outs, touts] = jvpFlat(p.flatFn, p.diffLeaves, tangents);
          return [...outs, ...touts.slice(0, p.numOuts()).map(instantiate)];
        },
        x.size,
        [b],
        [0],
        (batched) => {
          primalBatched = batched.slice(0, batched.length - p.numOuts());
          return batched.map((isBatched, i) => (i < primalBatched.length ? (isBatched ? 0 : null) : -1));
        },
      );
      const numPrimals = res.length - p.numOuts();
      // Primal outputs don't depend on the basis, but a batching rule may still broadcast them.
      primals ??= res.slice(0, numPrimals).map((o, i) => (primalBatched[i] ? firstAlong0(o) : o));
      return res.slice(numPrimals);
    });
    primals ??= p.flatFn(...p.diffLeaves);
    // Each pushed-forward output has shape out.shape + [size of input j].
    const outShapes = primals.slice(0, p.numOuts()).map((o) => o.shape);
    const blocks = outShapes.map((oShape, i) =>
      p.diffLeaves.map((x, j) => reshape(outsPerInput[j]![i]!, [...oShape, ...x.shape])),
    );
    const jac = assemble(blocks, p.outTree(), p.diffTree);
    return options.hasAux ? [jac, p.aux(primals.slice(p.numOuts()))] : jac;
  };
}

/** `jax.jacrev(f, { argnums, hasAux })`. */
export function jacrev(f: AnyFn, options: JacOptions = {}): AnyFn {
  return (...args: unknown[]) => {
    const p = prepare(f, args, options, "jacrev");
    const [allOuts, pullback] = vjpFlat(p.flatFn, p.diffLeaves);
    const outs = allOuts.slice(0, p.numOuts());
    const auxZeros = allOuts.slice(p.numOuts()).map((a) => new Zero(a.aval.withWeak(false)));
    const blocks = outs.map((o, i) => {
      const b = basis(o.shape, o.dtype);
      const cts = vmapFlat(
        (bi) => pullback([...outs.map((q, k) => (k === i ? bi : new Zero(q.aval.withWeak(false)))), ...auxZeros]).map(instantiate),
        o.size,
        [b],
        [0],
        (batched) => batched.map(() => 0),
      );
      return p.diffLeaves.map((x, j) => reshape(cts[j]!, [...o.shape, ...x.shape]));
    });
    const jac = assemble(blocks, p.outTree(), p.diffTree);
    return options.hasAux ? [jac, p.aux(allOuts.slice(p.numOuts()))] : jac;
  };
}

/** `jax.hessian(f, { argnums })`: jacfwd of jacrev. */
export function hessian(f: AnyFn, options: JacOptions = {}): AnyFn {
  return jacfwd(jacrev(f, options), options);
}
