// jit: stage a function to a jaxpr once per (input structure, avals incl. weak types, static
// arguments, devices), then apply it through the `jit` call primitive.
import { ArrayImpl } from "../array.js";
import { defaultDevice } from "../backend/devices.js";
import { jitCall } from "../primitives/control/jit-call.js";
import type { Jaxpr } from "../tracing/jaxpr.js";
import { isTracer, type JaxArray } from "../tracing/array.js";
import { flatten, unflatten, type TreeDef } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, normalizeArgnums, type AnyFn } from "./api-util.js";
import { traceClosed } from "./jaxpr-transforms.js";
import { staticKey, treedefKey } from "./static-key.js";

export interface JitOptions {
  staticArgnums?: number | readonly number[];
  donateArgnums?: number | readonly number[];
}

interface CacheEntry {
  jaxpr: Jaxpr;
  consts: JaxArray[];
  outTree: TreeDef;
}

export interface Jitted extends AnyFn {
  /** The staged jaxpr for these arguments (traces if needed), for inspection. */
  lower(...args: unknown[]): Jaxpr;
  /** Number of distinct traces so far (for tests of the cache). */
  readonly cacheSize: number;
}

/** `jax.jit(f, { staticArgnums })`. */
export function jit(f: AnyFn, options: JitOptions = {}): Jitted {
  const cache = new Map<string, CacheEntry>();
  const name = f.name || "fn";

  const prepare = (args: unknown[]): [CacheEntry, JaxArray[]] => {
    const statics = options.staticArgnums === undefined ? [] : normalizeArgnums(options.staticArgnums, args.length, "jit");
    const dynamicArgs = args.map((a, i) => (statics.includes(i) ? null : a));
    const [leaves, inTree] = flattenArgs(dynamicArgs, "jit");
    const arrays = leaves as JaxArray[];
    const avals = arrays.map(avalOf);
    // Constants are created on the default device while tracing, so a trace belongs to the
    // devices it ran with (JAX keys its cache by device too).
    const devices = [defaultDevice(), ...arrays.map((a) => (a instanceof ArrayImpl ? a.device : null))].map((d) => (d ? `${d.platform}${d.id}` : "-")).join(",");
    const key = [treedefKey(inTree, "jit"), avals.map((a) => a.key()).join(","), statics.map((i) => staticKey(args[i], "jit")).join("|"), devices].join(";");
    let entry = cache.get(key);
    if (!entry) {
      const fWithStatics = (...dyn: unknown[]): unknown => f(...dyn.map((d, i) => (statics.includes(i) ? args[i] : d))) as unknown;
      const flat = flattenFun(fWithStatics, inTree, "jit");
      const { jaxpr, consts } = traceClosed(flat.fn, avals);
      entry = { jaxpr, consts, outTree: flat.outTree() };
      // A trace that closed over another transform's tracers is only valid inside that transform.
      if (!consts.some(isTracer)) cache.set(key, entry);
    }
    return [entry, arrays];
  };

  const jitted = (...args: unknown[]) => {
    const [entry, arrays] = prepare(args);
    const donatedLeaves = donatedArrays(args, arrays, options, name);
    const flags = donatedLeaves && [...entry.consts.map(() => false), ...arrays.map((a) => donatedLeaves.has(a))];
    const outs = jitCall(entry.jaxpr, [...entry.consts, ...arrays], name, flags ?? undefined);
    // Donated arrays are invalid after the call, whether or not their buffers could be reused.
    for (const a of donatedLeaves ?? []) if (a instanceof ArrayImpl) a.invalidateDonated(`jit(${name})`);
    return unflatten(entry.outTree, outs);
  };
  // defineProperty, not Object.assign: assign would copy the getter's current value once.
  Object.defineProperty(jitted, "cacheSize", { get: () => cache.size });
  return Object.assign(jitted, { lower: (...args: unknown[]) => prepare(args)[0].jaxpr }) as Jitted;
}

/** The concrete arrays among the leaves of the donated arguments (null when nothing is donated). */
function donatedArrays(args: readonly unknown[], leaves: readonly JaxArray[], options: JitOptions, name: string): Set<JaxArray> | null {
  // Under a transform nothing runs now, so nothing is donated (JAX ignores donation there too).
  if (options.donateArgnums === undefined || leaves.some(isTracer)) return null;
  const donate = normalizeArgnums(options.donateArgnums, args.length, `jit(${name})`);
  const statics = options.staticArgnums === undefined ? [] : normalizeArgnums(options.staticArgnums, args.length, "jit");
  const out = new Set<JaxArray>();
  for (const i of donate) {
    if (statics.includes(i)) continue;
    for (const leaf of flatten(args[i])[0]) if (leaf instanceof ArrayImpl && leaves.includes(leaf)) out.add(leaf);
  }
  return out.size > 0 ? out : null;
}

export { flatten };
