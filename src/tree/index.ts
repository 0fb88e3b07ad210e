// jax.tree
export {
  flatten,
  unflatten,
  leaves,
  structure,
  map,
  registerPytreeNode,
  treedefString,
  treedefEqual,
  type TreeDef,
  type PyTree,
} from "./pytree.js";
export * as fp from "./fp.js";
