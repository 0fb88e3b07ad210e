// Freezing parameters: zero updates where the mask is true.
import { map as treeMap } from "../../tree/pytree.js";
import { setToZero, type EmptyState, type GradientTransformation } from "../base.js";
import { masked, type MaskedState } from "./masked.js";
import { partition, type PartitionState } from "./partition.js";

/** Zeroes the updates where `mask` (a boolean, or a tree of them prefixing the params) is true. */
export function freeze(mask: unknown): GradientTransformation<MaskedState<EmptyState>> {
  return masked(setToZero(), mask);
}

export interface SelectiveTransformOptions {
  /** True for the parameters to freeze (a boolean or a tree of them). */
  freezeMask: unknown;
}

/** Runs `optimizer` only on the parameters not frozen by `freezeMask`, keeping no state for the others. */
export function selectiveTransform(
  optimizer: GradientTransformation<unknown>,
  options: SelectiveTransformOptions,
): GradientTransformation<PartitionState> {
  const labels = () => treeMap((m: unknown) => (m ? "freeze" : "train"), options.freezeMask);
  return partition({ train: optimizer, freeze: setToZero() }, labels);
}
