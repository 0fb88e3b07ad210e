// Parameter groups: a different transformation for each label of the params.
import { ValueError } from "../../errors.js";
import { leaves, map as treeMap } from "../../tree/pytree.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { masked, type MaskedOptions } from "./masked.js";

export interface PartitionState {
  /** Each group's (masked) state under its label. */
  innerStates: Record<string, unknown>;
}

/** A tree of string labels matching (a prefix of) the params, or a function building it from them. */
export type ParamLabels = unknown;

function labelsOf(paramLabels: ParamLabels, tree: unknown): unknown {
  return typeof paramLabels === "function" ? (paramLabels as (t: unknown) => unknown)(tree) : paramLabels;
}

function groupMask(labels: unknown, group: string): unknown {
  return treeMap((label: string) => label === group, labels);
}

/**
 * Applies `transforms[label]` to the parameters labelled `label` (each label must have a
 * transformation); wrap in `masked` to leave some parameters out entirely.
 */
export function partition(
  transforms: Readonly<Record<string, GradientTransformation<unknown>>>,
  paramLabels: ParamLabels,
  options: MaskedOptions = {},
): GradientTransformation<PartitionState> {
  const groups = Object.keys(transforms);
  const maskedFor = (labels: unknown, group: string) => masked(transforms[group]!, groupMask(labels, group), options);
  return {
    init: (params) => {
      const labels = labelsOf(paramLabels, params);
      const missing = [...new Set(leaves<string>(labels))].filter((l) => !groups.includes(l)).sort();
      if (missing.length > 0) {
        throw new ValueError(
          `partition: some parameters have no corresponding transformation: labels [${missing.join(", ")}] are not among the transforms' keys [${[...groups].sort().join(", ")}]`,
        );
      }
      return { innerStates: Object.fromEntries(groups.map((g) => [g, maskedFor(labels, g).init(params)])) };
    },
    update: <U>(updates: U, state: PartitionState, params?: unknown, extra?: ExtraArgs): [U, PartitionState] => {
      const labels = labelsOf(paramLabels, updates);
      let u = updates;
      const innerStates: Record<string, unknown> = {};
      for (const g of groups) {
        const [nu, ns] = maskedFor(labels, g).update(u, state.innerStates[g] as { innerState: unknown }, params, extra);
        u = nu;
        innerStates[g] = ns;
      }
      return [u, { innerStates }];
    },
  };
}

/** optax's former name for partition. */
export const multiTransform = partition;
