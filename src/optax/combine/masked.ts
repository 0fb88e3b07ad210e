// Applying a transformation to part of the parameters; the rest pass through untouched.
import { JaxArray } from "../../tracing/array.js";
import { registerPytreeNode, structure, treedefString } from "../../tree/pytree.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { mapPrefix } from "../prefix-tree.js";

/**
 * Stands in for a masked-out subtree: a pytree node without children, so tree maps skip it
 * and a jitted step carries nothing for it.
 */
export class MaskedNode {}
registerPytreeNode(
  MaskedNode,
  () => [[], null],
  () => new MaskedNode(),
);

export interface MaskedState<S = unknown> {
  innerState: S;
}

/** A tree of booleans matching (a prefix of) the params, or a function building it from them. */
export type MaskOrFn = unknown;

export interface MaskedOptions {
  /** Also mask the extra arguments that have the structure of the updates. */
  maskCompatibleExtraArgs?: boolean;
}

/** A mask leaf must be known while tracing: a JS boolean, or a concrete scalar array. */
function isSelected(m: unknown): boolean {
  // A traced mask leaf throws a ConcretizationError from item(): masks must be static.
  if (m instanceof JaxArray) return Boolean((m as unknown as { itemSync(): unknown }).itemSync());
  return Boolean(m);
}

export function maskTree(mask: MaskOrFn, tree: unknown): unknown {
  return typeof mask === "function" ? (mask as (t: unknown) => unknown)(tree) : mask;
}

/** The tree with the subtrees where the mask is false replaced by MaskedNode. */
export function applyMask(tree: unknown, mask: unknown): unknown {
  return mapPrefix((m, sub) => (isSelected(m) ? sub : new MaskedNode()), mask, tree);
}

/** Transforms the updates where `mask` is true with `inner`; state is kept only for those. */
export function masked<S>(
  inner: GradientTransformation<S>,
  mask: MaskOrFn,
  options: MaskedOptions = {},
): GradientTransformation<MaskedState<S>> {
  const maskExtra = (extra: ExtraArgs | undefined, updates: unknown, m: unknown): ExtraArgs | undefined => {
    if (!options.maskCompatibleExtraArgs || extra === undefined) return extra;
    const base = treedefString(structure(updates));
    return Object.fromEntries(
      Object.entries(extra).map(([k, v]) => [k, treedefString(structure(v)) === base ? applyMask(v, m) : v]),
    );
  };
  return {
    init: (params) => ({ innerState: inner.init(applyMask(params, maskTree(mask, params))) }),
    update: <U>(updates: U, state: MaskedState<S>, params?: unknown, extra?: ExtraArgs): [U, MaskedState<S>] => {
      const m = maskTree(mask, updates);
      const maskedParams = params === undefined || params === null ? params : applyMask(params, m);
      const [newMasked, innerState] = inner.update(
        applyMask(updates, m),
        state.innerState,
        maskedParams,
        maskExtra(extra, updates, m),
      );
      const out = mapPrefix((sel, fresh, old) => (isSelected(sel) ? fresh : old), m, newMasked, updates) as U;
      return [out, { innerState }];
    },
  };
}
