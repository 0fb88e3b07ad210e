// jit: stage a function to a jaxpr once per (input structure, avals incl. weak types, static
// arguments, devices), then apply it through the `jit` call primitive. The same traces back
// JAX's ahead-of-time stages: `trace(...)`, `lower(...)` and `lower(...).compile()`
// (src/runtime/stages.ts).
import { ArrayImpl } from "../array.js";
import type { Device } from "../backend/device.js";
import { defaultDevice } from "../backend/devices.js";
import { config } from "../config.js";
import { jitCall } from "../primitives/control/jit-call.js";
import { avalText, explainCacheMiss, leafPaths, signatureOf, type Signature } from "../runtime/cache-miss.js";
import { kernelLogEnabled, logKernels } from "../runtime/inspect.js";
import { Lowered, Traced, type StagedCall } from "../runtime/stages.js";
import type { Jaxpr } from "../tracing/jaxpr.js";
import { isTracer, type JaxArray } from "../tracing/array.js";
import { flatten, unflatten, treedefString, type TreeDef } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, normalizeArgnums, type AnyFn } from "./api-util.js";
import { traceClosed } from "./jaxpr-transforms.js";
import { staticKey } from "./static-key.js";

export interface JitOptions {
  staticArgnums?: number | readonly number[];
  donateArgnums?: number | readonly number[];
}

interface CacheEntry {
  jaxpr: Jaxpr;
  consts: JaxArray[];
  outTree: TreeDef;
  signature: Signature;
  /** The number of arguments traced, static ones included (their values are in `signature`). */
  nargs: number;
}

export interface Jitted extends AnyFn {
  /** Stages the function for these arguments (traces if needed): JAX's `jit(f).trace(...)`. */
  trace(...args: unknown[]): Traced;
  /** `trace(...args).lower()`: the executable's plan on the arguments' device, with `asText()` and `compile()`. */
  lower(...args: unknown[]): Lowered;
  /** Number of distinct traces so far (for tests of the cache). */
  readonly cacheSize: number;
}

/** Traces kept for explaining cache misses (the closest is searched among them). */
const SEEN_LIMIT = 64;

/** `jax.jit(f, { staticArgnums })`. */
export function jit(f: AnyFn, options: JitOptions = {}): Jitted {
  const cache = new Map<string, CacheEntry>();
  const seen: Signature[] = [];
  const name = f.name || "fn";
  const label = `jit(${name})`;

  const staticsOf = (nargs: number): number[] =>
    options.staticArgnums === undefined ? [] : normalizeArgnums(options.staticArgnums, nargs, "jit");

  const analyze = (args: readonly unknown[]) => {
    const statics = staticsOf(args.length);
    const dynamicArgs = args.map((a, i) => (statics.includes(i) ? null : a));
    const [leaves, inTree] = flattenArgs(dynamicArgs, "jit");
    const arrays = leaves as JaxArray[];
    // Constants are created on the default device while tracing, so a trace belongs to the
    // devices it ran with (JAX keys its cache by device too).
    const devices = [defaultDevice(), ...arrays.map((a) => (a instanceof ArrayImpl ? a.device : null))].map((d) => (d ? `${d.platform}${d.id}` : "-")).join(",");
    const staticSig = statics.map((i) => ({ index: i, key: staticKey(args[i], "jit"), value: args[i] }));
    return { statics, arrays, signature: signatureOf(inTree, arrays.map(avalOf), staticSig, devices) };
  };

  const prepare = (args: unknown[]): [CacheEntry, JaxArray[]] => {
    const { statics, arrays, signature } = analyze(args);
    let entry = cache.get(signature.key);
    if (!entry) {
      if (seen.length > 0 && config.read("jaxExplainCacheMisses")) console.warn(explainCacheMiss(label, signature, seen));
      const fWithStatics = (...dyn: unknown[]): unknown => f(...dyn.map((d, i) => (statics.includes(i) ? args[i] : d))) as unknown;
      const flat = flattenFun(fWithStatics, signature.inTree, "jit");
      const { jaxpr, consts } = traceClosed(flat.fn, signature.avals);
      entry = { jaxpr, consts, outTree: flat.outTree(), signature, nargs: args.length };
      seen.push(signature);
      if (seen.length > SEEN_LIMIT) seen.shift();
      // A trace that closed over another transform's tracers is only valid inside that transform.
      if (!consts.some(isTracer)) cache.set(signature.key, entry);
    }
    return [entry, arrays];
  };

  const run = (entry: CacheEntry, args: readonly unknown[], arrays: JaxArray[]): unknown => {
    if (kernelLogEnabled()) {
      const device = runDevice([...entry.consts, ...arrays]);
      if (device) logKernels(entry.jaxpr, device, label);
    }
    const donatedLeaves = donatedArrays(args, arrays, options, name);
    const flags = donatedLeaves && [...entry.consts.map(() => false), ...arrays.map((a) => donatedLeaves.has(a))];
    const outs = jitCall(entry.jaxpr, [...entry.consts, ...arrays], name, flags ?? undefined);
    // Donated arrays are invalid after the call, whether or not their buffers could be reused.
    for (const a of donatedLeaves ?? []) if (a instanceof ArrayImpl) a.invalidateDonated(label);
    return unflatten(entry.outTree, outs);
  };

  /** A compiled trace's call: the non-static arguments, checked against the traced types. */
  const runCompiled = (entry: CacheEntry, device: Device, dynamicArgs: unknown[]): unknown => {
    // As in JAX, static arguments were fixed when lowering and are not passed again.
    const statics = entry.signature.statics;
    const ndynamic = entry.nargs - statics.length;
    if (dynamicArgs.length !== ndynamic) {
      throw new TypeError(
        `${label} compiled: called with ${dynamicArgs.length} arguments but compiled for ${ndynamic}` +
          (statics.length ? ` (static arguments were fixed when lowering; pass only the others)` : ""),
      );
    }
    const rest = [...dynamicArgs];
    const args = Array.from({ length: entry.nargs }, (_, i) => {
      const s = statics.find((st) => st.index === i);
      return s ? s.value : rest.shift();
    });
    const { arrays, signature } = analyze(args);
    checkCompiledArgs(label, entry.signature, signature, arrays, device);
    return run(entry, args, arrays);
  };

  const staged = (args: unknown[]): StagedCall => {
    const [entry, arrays] = prepare(args);
    const device = runDevice(arrays) ?? defaultDevice();
    return {
      label,
      jaxpr: entry.jaxpr,
      consts: entry.consts,
      outTree: entry.outTree,
      device,
      run: (dyn) => runCompiled(entry, device, dyn),
    };
  };

  const jitted = (...args: unknown[]) => {
    const [entry, arrays] = prepare(args);
    return run(entry, args, arrays);
  };
  // defineProperty, not Object.assign: assign would copy the getter's current value once.
  Object.defineProperty(jitted, "cacheSize", { get: () => cache.size });
  return Object.assign(jitted, {
    trace: (...args: unknown[]) => new Traced(staged(args)),
    lower: (...args: unknown[]) => new Lowered(staged(args)),
  }) as Jitted;
}

/** The device all of `arrays` live on (what the executable runs on), or null if none or several. */
function runDevice(arrays: readonly JaxArray[]): Device | null {
  const devices = new Set(arrays.map((a) => (a instanceof ArrayImpl ? a.device : null)));
  const [only] = devices;
  return devices.size === 1 && only ? only : null;
}

/** A compiled executable runs only on the types and the device it was compiled for (as in JAX). */
function checkCompiledArgs(label: string, traced: Signature, given: Signature, arrays: readonly JaxArray[], device: Device): void {
  if (traced.treeKey !== given.treeKey) {
    throw new TypeError(
      `${label} compiled: the arguments' structure differs from the one it was compiled for: ` +
        `compiled for ${treedefString(traced.inTree)}, called with ${treedefString(given.inTree)}`,
    );
  }
  // The executable does not depend on weak types (the jit primitive ignores them too).
  const paths = leafPaths(given.inTree, "args");
  const diffs = given.avals.flatMap((a, i) =>
    a.equals(traced.avals[i]!) ? [] : [`at ${paths[i]}, compiled for ${avalText(traced.avals[i]!)} and called with ${avalText(a)}`],
  );
  if (diffs.length > 0) {
    throw new TypeError(
      `${label} compiled: argument types differ from the types it was compiled for: ${diffs.join("; ")}. ` +
        `Lower and compile again for these types, or call the jitted function (it traces again as needed)`,
    );
  }
  const elsewhere = arrays.find((a) => a instanceof ArrayImpl && a.device !== device);
  if (elsewhere instanceof ArrayImpl) {
    throw new TypeError(
      `${label} compiled: compiled for ${device.platform}:${device.id}, called with an array on ` +
        `${elsewhere.device.platform}:${elsewhere.device.id}; move it with jax.devicePut, or lower again for that device`,
    );
  }
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
