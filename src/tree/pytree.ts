// Pytrees: nested JS arrays, plain objects and null/undefined (as JAX's lists, dicts and None),
// plus user classes registered with `registerPytreeNode`. Everything else is a leaf.
import { ValueError } from "../errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClass = abstract new (...args: any[]) => unknown;

interface CustomNode {
  flatten(obj: unknown): [unknown[], unknown];
  unflatten(aux: unknown, children: unknown[]): unknown;
}
const customNodes = new Map<AnyClass, CustomNode>();

export type PyTree<T> = T | null | undefined | readonly PyTree<T>[] | { readonly [key: string]: PyTree<T> };

/** Registers a class as an internal pytree node (`flatten(obj) => [children, aux]`). */
export function registerPytreeNode<C extends AnyClass>(
  cls: C,
  flatten: (obj: InstanceType<C>) => [unknown[], unknown],
  unflatten: (aux: unknown, children: unknown[]) => InstanceType<C>,
): void {
  const op = "tree.registerPytreeNode";
  if (typeof cls !== "function") throw new ValueError(`${op}: expected a class, got ${typeof cls}`);
  if (typeof flatten !== "function" || typeof unflatten !== "function") {
    throw new ValueError(
      `${op}(${cls.name}): flatten and unflatten must be functions: ` +
        `flatten(obj) => [children, aux], unflatten(aux, children) => obj`,
    );
  }
  // Plain objects and lists are the built-in dict and list nodes; redefining them would change every tree.
  if ((cls as unknown) === Object || (cls as unknown) === Array) {
    throw new ValueError(`${op}: ${cls.name} is a built-in pytree node and cannot be registered; register your own class`);
  }
  if (customNodes.has(cls)) {
    throw new ValueError(`${op}: duplicate registration of ${cls.name}; register each class once (as JAX requires)`);
  }
  customNodes.set(cls, {
    flatten: flatten,
    unflatten: unflatten,
  });
}

export type TreeDef =
  | { readonly kind: "leaf" }
  | { readonly kind: "none"; readonly value: null | undefined }
  | { readonly kind: "list"; readonly children: readonly TreeDef[] }
  | { readonly kind: "dict"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] }
  | { readonly kind: "custom"; readonly cls: AnyClass; readonly aux: unknown; readonly children: readonly TreeDef[] };

const LEAF: TreeDef = { kind: "leaf" };

function isPlainObject(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function customNodeOf(x: object): CustomNode | undefined {
  for (let proto: unknown = Object.getPrototypeOf(x); proto !== null && proto !== undefined; proto = Object.getPrototypeOf(proto)) {
    const node = customNodes.get((proto as { constructor: AnyClass }).constructor);
    if (node) return node;
  }
  return undefined;
}

/** `isLeaf` lets callers stop descending early (JAX's `is_leaf`). */
export function flatten<T = unknown>(tree: unknown, isLeaf?: (x: unknown) => boolean): [T[], TreeDef] {
  const leaves: T[] = [];
  // Containers on the path from the root: a tree that contains itself would recurse forever.
  const ancestors = new Set<object>();
  const inside = (x: object, build: () => TreeDef): TreeDef => {
    if (ancestors.has(x)) {
      throw new ValueError(
        `tree.flatten: the tree contains itself (a reference cycle through ${describeNode(x)}); pytrees must be acyclic`,
      );
    }
    ancestors.add(x);
    try {
      return build();
    } finally {
      ancestors.delete(x);
    }
  };
  const walk = (x: unknown): TreeDef => {
    if (isLeaf?.(x)) {
      leaves.push(x as T);
      return LEAF;
    }
    if (x === null || x === undefined) return { kind: "none", value: x };
    if (Array.isArray(x)) return inside(x, () => ({ kind: "list", children: x.map(walk) }));
    if (typeof x === "object") {
      const custom = customNodeOf(x);
      if (custom) {
        return inside(x, () => {
          const [children, aux] = checkFlattened(custom.flatten(x), x);
          return { kind: "custom", cls: (x as { constructor: AnyClass }).constructor, aux, children: children.map(walk) };
        });
      }
      if (isPlainObject(x)) {
        const keys = Object.keys(x).sort();
        return inside(x, () => ({ kind: "dict", keys, children: keys.map((k) => walk((x as Record<string, unknown>)[k])) }));
      }
    }
    leaves.push(x as T);
    return LEAF;
  };
  const def = walk(tree);
  return [leaves, def];
}

/** What a registered flatten returned, checked: a user's bug should not surface as a TypeError deep in a transform. */
function checkFlattened(out: unknown, x: object): [unknown[], unknown] {
  if (!Array.isArray(out) || out.length !== 2 || !Array.isArray(out[0])) {
    throw new ValueError(
      `tree.flatten: the flatten function registered for ${describeNode(x)} must return [children, aux] with children a list`,
    );
  }
  return out as [unknown[], unknown];
}

function describeNode(x: object): string {
  if (Array.isArray(x)) return "a list";
  const name = (x as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}

export function numLeaves(def: TreeDef): number {
  switch (def.kind) {
    case "leaf":
      return 1;
    case "none":
      return 0;
    default:
      return def.children.reduce((n, c) => n + numLeaves(c), 0);
  }
}

export function unflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  const expected = numLeaves(def);
  if (leaves.length !== expected) {
    throw new ValueError(`tree.unflatten: structure ${treedefString(def)} has ${expected} leaves but ${leaves.length} were given`);
  }
  let i = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        return leaves[i++];
      case "none":
        return d.value;
      case "list":
        return d.children.map(build);
      case "dict": {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, j) => (out[k] = build(d.children[j]!)));
        return out;
      }
      case "custom":
        return customNodes.get(d.cls)!.unflatten(d.aux, d.children.map(build));
    }
  };
  return build(def) as T;
}

export function leaves<T = unknown>(tree: unknown, isLeaf?: (x: unknown) => boolean): T[] {
  return flatten<T>(tree, isLeaf)[0];
}

export function structure(tree: unknown, isLeaf?: (x: unknown) => boolean): TreeDef {
  return flatten(tree, isLeaf)[1];
}

/** `PyTreeDef([*, {'a': *, 'b': None}])`, as JAX prints tree structures. */
export function treedefString(def: TreeDef): string {
  const s = (d: TreeDef): string => {
    switch (d.kind) {
      case "leaf":
        return "*";
      case "none":
        return "None";
      case "list":
        return `[${d.children.map(s).join(", ")}]`;
      case "dict":
        return `{${d.keys.map((k, j) => `'${k}': ${s(d.children[j]!)}`).join(", ")}}`;
      case "custom":
        return `CustomNode(${d.cls.name}[${JSON.stringify(d.aux) ?? ""}], [${d.children.map(s).join(", ")}])`;
    }
  };
  return `PyTreeDef(${s(def)})`;
}

export function treedefEqual(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "leaf":
      return true;
    case "none":
      return true;
    case "list":
    case "dict":
    case "custom": {
      const bc = b as typeof a;
      if (a.kind === "dict" && (a.keys.length !== (bc as typeof a).keys.length || a.keys.some((k, i) => k !== (bc as typeof a).keys[i]))) return false;
      if (a.kind === "custom" && (a.cls !== (bc as typeof a).cls || JSON.stringify(a.aux) !== JSON.stringify((bc as typeof a).aux))) return false;
      return a.children.length === bc.children.length && a.children.every((c, i) => treedefEqual(c, bc.children[i]!));
    }
  }
}

/** Maps `f` over the leaves of the first tree and the corresponding leaves of the others. */
export function map<R = unknown>(f: (...xs: never[]) => R, tree: unknown, ...rest: unknown[]): unknown {
  const [ls, def] = flatten(tree);
  const others = rest.map((r) => {
    const [rl, rdef] = flatten(r);
    if (!treedefEqual(def, rdef)) {
      throw new ValueError(`tree.map: structures differ: ${treedefString(def)} vs ${treedefString(rdef)}`);
    }
    return rl;
  });
  return unflatten(
    def,
    ls.map((l, i) => (f as (...xs: unknown[]) => R)(l, ...others.map((o) => o[i]))),
  );
}

/** The children of a treedef node, for prefix matching (vmap's inAxes). */
export function treedefChildren(def: TreeDef): readonly TreeDef[] {
  return def.kind === "leaf" || def.kind === "none" ? [] : def.children;
}
