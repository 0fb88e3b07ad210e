// Folding one axis into another and splitting it back out: how the convolution rules express
// groups and vmap axes as plain batch or feature sizes (JAX's _reshape_axis_into/_out_of).
import type { JaxArray } from "../../tracing/array.js";
import { reshape } from "../shape/reshape.js";
import { transpose } from "../shape/transpose.js";

/**
 * Merges axis `src` into axis `dst` as its major part. `dst` numbers the axes with `src`
 * removed, so a vmap axis can name its target in the unbatched numbering.
 */
export function reshapeAxisInto(src: number, dst: number, x: JaxArray): JaxArray {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const shape = x.shape.filter((_, i) => i !== src);
  shape[dst] = shape[dst]! * x.shape[src]!;
  return reshape(transpose(x, perm), shape);
}

/** Splits axis `src` into (size1, rest), size1 major. */
export function reshapeAxisOutOf(src: number, size1: number, x: JaxArray): JaxArray {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src]! / size1);
  return reshape(x, shape);
}
