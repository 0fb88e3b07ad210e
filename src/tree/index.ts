// jax.tree
export {
  flatten,
  unflatten,
  leaves,
  structure,
  map,
  registerPytreeNode,
  treedefString,
  type TreeDef,
  type PyTree,
} from "./pytree.js";
