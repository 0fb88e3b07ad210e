// Mapping over a tree that is a prefix of another (JAX's tree.map with a prefix first argument):
// masks, labels and per-parameter state lists cover whole subtrees of the params.
import { ValueError } from "../errors.js";
import { flatten, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";

/** The direct children of `node` and its one-level structure. */
function children(node: unknown): [unknown[], TreeDef] {
  return flatten(node, (x) => x !== node);
}

function sameNode(a: TreeDef, b: TreeDef): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "dict" && b.kind === "dict")
    return a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]);
  if (a.kind === "list" && b.kind === "list") return a.children.length === b.children.length;
  if (a.kind === "custom" && b.kind === "custom") return a.cls === b.cls && a.children.length === b.children.length;
  return true;
}

/** The subtrees of `full` found at the leaves of the prefix structure `def`, in leaf order. */
export function subtreesAt(def: TreeDef, full: unknown, op: string): unknown[] {
  const out: unknown[] = [];
  const walk = (d: TreeDef, node: unknown): void => {
    if (d.kind === "leaf") {
      out.push(node);
      return;
    }
    if (d.kind === "none") return;
    const [kids, kidDef] = children(node);
    if (!sameNode(d, kidDef)) {
      throw new ValueError(`${op}: the tree ${treedefString(d)} is not a prefix of ${treedefString(flatten(full)[1])}`);
    }
    d.children.forEach((c, i) => walk(c, kids[i]));
  };
  walk(def, full);
  return out;
}

/**
 * `f(prefixLeaf, subtree)` for each leaf of `prefix` and the matching subtree of each of
 * `fulls`; the result has the prefix's structure with f's results at its leaves.
 */
export function mapPrefix<R>(
  f: (prefixLeaf: unknown, ...subtrees: unknown[]) => R,
  prefix: unknown,
  ...fulls: unknown[]
): unknown {
  const [leaves, def] = flatten(prefix);
  const subs = fulls.map((t) => subtreesAt(def, t, "mapPrefix"));
  return unflatten(
    def,
    leaves.map((l, i) => f(l, ...subs.map((s) => s[i]))),
  );
}

/** Each leaf of `prefix` broadcast over the leaves of the matching subtree of `full`. */
export function broadcastPrefix(prefix: unknown, full: unknown): unknown[] {
  const [leaves, def] = flatten(prefix);
  const subs = subtreesAt(def, full, "broadcastPrefix");
  return leaves.flatMap((l, i) => flatten(subs[i])[0].map(() => l));
}
