// Vectorization: a batch tracer holds a value with one extra axis (or none); each primitive's
// batching rule says where the batch axis of its outputs ends up.
import { ValueError, UnsupportedError } from "../errors.js";
import { moveaxis } from "../primitives/shape/transpose.js";
import { moveBatchAxis } from "../primitives/rules.js";
import type { BDim, Params, Primitive } from "../primitives/primitive.js";
import { ShapedArray } from "../tracing/aval.js";
import { JaxArray, Tracer } from "../tracing/array.js";
import { bind, fullLower, fullRaise, Trace, withMainTrace } from "../tracing/trace.js";
import { flatten, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";
import { describe } from "../coerce.js";
import { toArrayLeaf, type AnyFn } from "./api-util.js";

export class BatchTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly val: JaxArray,
    readonly bdim: BDim,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    const a = this.val.aval;
    if (this.bdim === null) return a;
    const shape = a.shape.filter((_, i) => i !== this.bdim);
    return new ShapedArray(shape, a.dtype, a.weakType);
  }
  override fullLower(): JaxArray {
    return this.bdim === null ? fullLower(this.val) : this;
  }
}

export class BatchTrace extends Trace {
  get axisSize(): number {
    return this.main.globalData as number;
  }

  pure(x: JaxArray): Tracer {
    return new BatchTracer(this, x, null);
  }

  processPrimitive<P extends Params>(prim: Primitive<P>, tracers: Tracer[], params: P): JaxArray[] {
    const bts = tracers as BatchTracer[];
    const vals = bts.map((t) => t.val);
    const dims = bts.map((t) => t.bdim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params).map((o) => new BatchTracer(this, o, null));
    // Check the per-example types first, so vmap reports the same errors as unbatched code.
    prim.abstractEval(
      bts.map((t) => t.aval),
      params,
    );
    if (!prim.batch) throw new UnsupportedError(`${prim.name}: vmap is not supported (no batching rule)`);
    const [outs, outDims] = prim.batch(vals, dims, params);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]!));
  }
}

/** Moves (or creates, by broadcasting) the batch axis of a batched result to `to`. */
export function matchAxis(x: JaxArray, from: BDim, to: BDim, size: number): JaxArray {
  if (to === null) {
    if (from !== null) throw new ValueError("vmap: outAxes is null for an output that depends on the mapped axis; give it an axis");
    return x;
  }
  const rank = x.ndim + (from === null ? 1 : 0);
  if (!Number.isInteger(to) || to < -rank || to >= rank) {
    throw new ValueError(`vmap: outAxes ${to} is out of range for an output of rank ${rank} (with the mapped axis); use an axis in [${-rank}, ${rank - 1}]`);
  }
  return moveBatchAxis(x, from, to < 0 ? to + rank : to, size);
}

/** vmap of a flat function; `inDims` per input (null = not mapped), outputs moved to `outDims`. */
export function vmapFlat(
  f: (...xs: JaxArray[]) => JaxArray[],
  axisSize: number,
  args: readonly JaxArray[],
  inDims: readonly BDim[],
  outDims: (outBatched: boolean[]) => readonly BDim[],
): JaxArray[] {
  return withMainTrace(BatchTrace, axisSize, (main) => {
    const trace = main.makeTrace();
    const tracers = args.map((a, i) => new BatchTracer(trace, a, inDims[i]!));
    const outs = f(...tracers).map((o) => fullRaise(trace, o) as BatchTracer);
    const wanted = outDims(outs.map((o) => o.bdim !== null));
    return outs.map((o, i) => matchAxis(o.val, o.bdim, wanted[i]!, axisSize));
  });
}

export interface VmapOptions {
  inAxes?: unknown;
  outAxes?: unknown;
  axisSize?: number;
  axisName?: string;
}

/** Expands a pytree prefix of axes (JAX's in_axes) to one entry per leaf of `def`. */
export function broadcastPrefix(prefix: unknown, tree: unknown, op: string, what: string): BDim[] {
  const out: BDim[] = [];
  const walk = (p: unknown, t: unknown): void => {
    if (p === null || p === undefined || typeof p === "number") {
      const n = flatten(t)[0].length;
      for (let i = 0; i < n; i++) out.push((p ?? null));
      return;
    }
    if (Array.isArray(p)) {
      if (!Array.isArray(t) || t.length !== p.length) {
        throw new ValueError(`${op}: ${what} ${JSON.stringify(p)} does not match the structure of the arguments (${treedefString(flatten(t)[1])})`);
      }
      p.forEach((pi, i) => walk(pi, t[i]));
      return;
    }
    if (typeof p === "object") {
      if (t === null || typeof t !== "object" || Array.isArray(t)) {
        throw new ValueError(`${op}: ${what} ${JSON.stringify(p)} does not match the structure of the arguments (${treedefString(flatten(t)[1])})`);
      }
      const keys = Object.keys(t).sort();
      for (const k of keys) {
        if (!(k in (p))) throw new ValueError(`${op}: ${what} is missing the key "${k}" of the arguments`);
        walk((p as Record<string, unknown>)[k], (t as Record<string, unknown>)[k]);
      }
      return;
    }
    throw new ValueError(`${op}: ${what} entries must be integers, null, or pytrees of them; got ${typeof p}`);
  };
  walk(prefix, tree);
  return out;
}

/**
 * `jax.vmap(f, { inAxes, outAxes, axisSize })`. As in JAX, arguments with a null axis are passed
 * to `f` as they are: JS numbers stay numbers and concrete arrays stay concrete, so `f` may use
 * them as loop bounds or static arguments of a jit.
 */
export function vmap(f: AnyFn, options: VmapOptions = {}): AnyFn {
  const inAxes = options.inAxes ?? 0;
  const outAxes = options.outAxes ?? 0;
  return (...args: unknown[]) => {
    const [leaves, inTree] = flatten(args);
    const prefix = typeof inAxes === "number" || inAxes === null ? args.map(() => inAxes) : inAxes;
    if (Array.isArray(prefix) && prefix.length !== args.length) {
      throw new ValueError(`vmap: inAxes has ${prefix.length} entries but the function was called with ${args.length} arguments`);
    }
    const allDims = broadcastPrefix(prefix, args, "vmap", "inAxes");
    const mappedAt = allDims.flatMap((d, i) => (d === null ? [] : [i]));
    const arrays = mappedAt.map((i) => {
      const leaf = leaves[i];
      if (leaf instanceof JaxArray || typeof leaf === "number" || typeof leaf === "boolean") return toArrayLeaf(leaf, "vmap", "input");
      throw new ValueError(`vmap: an argument leaf ${describe(leaf)} is mapped (inAxes ${allDims[i]}) but is not an array; give it inAxes null to pass it through unmapped`);
    });
    const dims = mappedAt.map((i, k) => {
      const d = allDims[i]!;
      const nd = arrays[k]!.ndim;
      if (!Number.isInteger(d) || d < -nd || d >= nd) {
        throw new ValueError(`vmap: inAxes ${d} is out of range for an argument of type ${arrays[k]!.aval.str()}`);
      }
      return d < 0 ? d + nd : d;
    });
    const sizes = new Set<number>();
    dims.forEach((d, k) => sizes.add(arrays[k]!.shape[d]!));
    if (options.axisSize !== undefined) sizes.add(options.axisSize);
    if (sizes.size === 0) throw new ValueError("vmap: no argument is mapped (all inAxes are null) and axisSize is not given");
    if (sizes.size > 1) {
      const detail = dims.map((d, k) => `${arrays[k]!.aval.str()} axis ${d}`);
      throw new ValueError(`vmap: inconsistent sizes for the mapped axes: ${[...sizes].join(" vs ")} (${detail.join(", ")}); all mapped axes must have the same size`);
    }
    const size = [...sizes][0]!;
    let outTree: TreeDef | undefined;
    const fn = (...mapped: JaxArray[]): JaxArray[] => {
      const full = [...leaves];
      mappedAt.forEach((i, k) => (full[i] = mapped[k]));
      const [outLeaves, tree] = flatten(f(...unflatten<unknown[]>(inTree, full)));
      outTree = tree;
      return outLeaves.map((l) => toArrayLeaf(l, "vmap"));
    };
    const outs = vmapFlat(fn, size, arrays, dims, (batched) => {
      const n = batched.length;
      if (typeof outAxes === "number" || outAxes === null) return Array<BDim>(n).fill(outAxes);
      const fake = unflatten(outTree!, Array(n).fill(0));
      return broadcastPrefix(outAxes, fake, "vmap", "outAxes");
    });
    return unflatten<unknown>(outTree!, outs);
  };
}

export { moveaxis };
