// Cache keys for jit's static arguments. JAX compares static arguments with __hash__/__eq__:
// values compare by content (numbers, strings, lists, dicts), everything else by identity.
import { ValueError } from "../errors.js";
import { JaxArray } from "../tracing/array.js";
import type { TreeDef } from "../tree/pytree.js";

let nextId = 0;
const identities = new WeakMap<object, number>();

function identityOf(x: object): number {
  let id = identities.get(x);
  if (id === undefined) {
    id = nextId++;
    identities.set(x, id);
  }
  return id;
}

function isPlainObject(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * A string that is equal for equal static values. Numbers keep NaN, ±Infinity and -0 apart from
 * null; plain objects compare by content whatever their key order; functions and class instances
 * by identity. Arrays are refused, as JAX refuses non-hashable static arguments.
 */
export function staticKey(x: unknown, op: string): string {
  const seen = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === null) return "null";
    switch (typeof v) {
      case "undefined":
        return "undefined";
      case "number":
        return Object.is(v, -0) ? "n:-0" : `n:${String(v)}`;
      case "string":
        return `s:${JSON.stringify(v)}`;
      case "boolean":
        return v ? "true" : "false";
      case "bigint":
        return `b:${v.toString()}`;
      case "symbol":
      case "function":
        return `id:${identityOf(v as object)}`;
    }
    const obj = v;
    if (obj instanceof JaxArray) {
      throw new ValueError(
        `${op}: a static argument is an array ${obj.aval.str()}; arrays can't be static (they aren't hashable in JAX either). ` +
          `Pass it as a regular argument, or pass a JS number/array of numbers instead`,
      );
    }
    if (seen.has(obj)) throw new ValueError(`${op}: a static argument contains a cycle, so it can't be used as a cache key`);
    seen.add(obj);
    try {
      if (Array.isArray(obj)) return `[${obj.map(walk).join(",")}]`;
      if (isPlainObject(obj)) {
        const record = obj as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${walk(record[k])}`).join(",")}}`;
      }
      return `id:${identityOf(obj)}`;
    } finally {
      seen.delete(obj);
    }
  };
  return walk(x);
}

/**
 * A cache key for a pytree structure. Unlike its printed form, it tells null from undefined,
 * registered classes by identity (two classes may share a name) and compares their aux data as
 * static values.
 */
export function treedefKey(def: TreeDef, op: string): string {
  switch (def.kind) {
    case "leaf":
      return "*";
    case "none":
      return def.value === null ? "null" : "undefined";
    case "list":
      return `[${def.children.map((c) => treedefKey(c, op)).join(",")}]`;
    case "dict":
      return `{${def.keys.map((k, i) => `${JSON.stringify(k)}:${treedefKey(def.children[i]!, op)}`).join(",")}}`;
    case "custom":
      return `C${identityOf(def.cls)}(${staticKey(def.aux, op)})[${def.children.map((c) => treedefKey(c, op)).join(",")}]`;
  }
}
