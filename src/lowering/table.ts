// The table of primitive lowerings, keyed by primitive name. A primitive without an entry has no
// WebGPU kernel yet: the WebGPU device reports that with an error naming it.
import type { Lowering } from "./lowering.js";
import { convLowering } from "./primitives/conv.js";
import { cumulativeLowerings } from "./primitives/cumulative.js";
import { dotGeneralLowering } from "./primitives/dot.js";
import { elementwiseLowerings } from "./primitives/elementwise.js";
import { gatherLowering } from "./primitives/gather.js";
import { reduceWindowLowerings } from "./primitives/reduce-window.js";
import { reductionLowerings } from "./primitives/reductions.js";
import { scatterLowerings } from "./primitives/scatter.js";
import { shapeLowerings } from "./primitives/shape.js";
import { sortLowering } from "./primitives/sort.js";
import { threefryLowering } from "./primitives/threefry.js";

const table = new Map<string, Lowering>(
  Object.entries({
    ...elementwiseLowerings,
    ...shapeLowerings,
    ...reductionLowerings,
    ...cumulativeLowerings,
    ...reduceWindowLowerings,
    ...scatterLowerings,
    gather: gatherLowering,
    sort: sortLowering,
    dot_general: dotGeneralLowering,
    conv_general_dilated: convLowering,
    threefry2x32: threefryLowering,
    // The identity on values; only its derivative differs.
    stop_gradient: () => ({ kind: "copy" }),
  }),
);

export function loweringOf(primitive: string): Lowering | undefined {
  return table.get(primitive);
}

/** Names of the primitives that lower, sorted. */
export function loweredPrimitives(): string[] {
  return [...table.keys()].sort();
}
