// What jit's trace cache is keyed by, per call, and why a call missed it: with
// `jax.config.update("jaxExplainCacheMisses", true)` jit says which argument changed since the
// closest earlier trace (its path in the pytree, the old and new aval or static value), as JAX's
// `jax_explain_cache_misses` does. Retracing is silent and slow, so naming the cause saves a hunt.
import type { ShapedArray } from "../tracing/aval.js";
import { treedefString, type TreeDef } from "../tree/pytree.js";
import { treedefKey } from "../transforms/static-key.js";

/** The cache key of one call, with enough detail kept to explain a difference. */
export interface Signature {
  readonly key: string;
  /** The dynamic arguments' structure (a list, with null at static positions). */
  readonly inTree: TreeDef;
  readonly treeKey: string;
  readonly avals: readonly ShapedArray[];
  readonly statics: readonly { readonly index: number; readonly key: string; readonly value: unknown }[];
  /** The default device and each leaf's device (constants are made on the default one). */
  readonly devices: string;
}

export function signatureOf(
  inTree: TreeDef,
  avals: readonly ShapedArray[],
  statics: Signature["statics"],
  devices: string,
): Signature {
  const treeKey = treedefKey(inTree, "jit");
  const key = [treeKey, avals.map((a) => a.key()).join(","), statics.map((s) => s.key).join("|"), devices].join(";");
  return { key, inTree, treeKey, avals, statics, devices };
}

/** The paths of a tree's leaves in flattening order (`args[0]['w'][1]`); only computed to explain a miss. */
export function leafPaths(def: TreeDef, prefix: string, out: string[] = []): string[] {
  switch (def.kind) {
    case "leaf":
      out.push(prefix);
      break;
    case "none":
      break;
    case "dict":
      def.children.forEach((c, i) => leafPaths(c, `${prefix}['${def.keys[i]}']`, out));
      break;
    case "list":
    case "custom":
      def.children.forEach((c, i) => leafPaths(c, `${prefix}[${i}]`, out));
      break;
  }
  return out;
}

/** `f32[3]`, with JAX's `{weak_type=True}` for values that came from JS numbers. */
export function avalText(a: ShapedArray): string {
  return a.weakType ? `${a.str()}{weak_type=True}` : a.str();
}

/** The differences between an earlier signature and this call's (same structure). */
function mismatches(seen: Signature, now: Signature): string[] {
  const out: string[] = [];
  const paths = leafPaths(now.inTree, "args");
  now.avals.forEach((a, i) => {
    const before = seen.avals[i]!;
    if (before.key() !== a.key()) out.push(`at ${paths[i]}, seen ${avalText(before)}, but now given ${avalText(a)}`);
  });
  now.statics.forEach((s, i) => {
    const before = seen.statics[i];
    if (before && before.key !== s.key) {
      const [was, is] = [showStatic(before.value), showStatic(s.value)];
      // Functions and class instances compare by identity, so equal-looking ones can differ.
      const why = was === is ? " (another object: such static arguments compare by identity)" : "";
      out.push(`static argument args[${s.index}] was ${was}, but now is ${is}${why}`);
    }
  });
  if (seen.devices !== now.devices) out.push(`devices (default, then each argument) were ${seen.devices}, but now are ${now.devices}`);
  return out;
}

/** Why `now` missed the cache, given the signatures traced before (most recent last). */
export function explainCacheMiss(label: string, now: Signature, seen: readonly Signature[]): string {
  const head = `TRACING CACHE MISS for ${label} because:`;
  const sameTree = seen.filter((s) => s.treeKey === now.treeKey);
  if (sameTree.length === 0) return [head, ...structureChange(seen[seen.length - 1]!.inTree, now.inTree)].join("\n");
  const ranked = sameTree.map((s) => ({ s, diffs: mismatches(s, now) })).sort((a, b) => a.diffs.length - b.diffs.length);
  const closest = ranked[0]!;
  if (closest.diffs.length === 0) {
    // Only traces whose constants were another transform's tracers are not kept.
    return `${head}\n  the earlier trace for these types ran inside another transform (grad, vmap, ...) and closed over its values, so it could not be kept`;
  }
  const n = closest.diffs.length;
  return [
    head,
    `  closest seen input type signature has ${n} mismatch${n === 1 ? "" : "es"}:`,
    ...closest.diffs.map((d) => `    * ${d}`),
  ].join("\n");
}

/** Which arguments' structure changed (the top level is the list of arguments). */
function structureChange(before: TreeDef, now: TreeDef): string[] {
  if (before.kind !== "list" || now.kind !== "list" || before.children.length !== now.children.length) {
    return [`  the arguments' structure changed: seen ${treedefString(before)}, but now given ${treedefString(now)}`];
  }
  const lines: string[] = [];
  now.children.forEach((c, i) => {
    const b = before.children[i]!;
    if (treedefKey(b, "jit") !== treedefKey(c, "jit")) {
      lines.push(`  at args[${i}], the tree structure was ${treedefString(b)}, but now is ${treedefString(c)}`);
    }
  });
  return lines;
}

function showStatic(v: unknown): string {
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  const proto: unknown = Object.getPrototypeOf(v);
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return `a ${(v as object).constructor.name} instance`;
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Array.isArray(v) ? "an array" : "an object";
  }
}
