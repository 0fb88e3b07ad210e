// The parameters that gather and scatter share: JAX's dimension-number records, the out-of-bounds
// mode, and the correspondence between a scatter and the gather that reads its windows back
// (the two are each other's transposes).
import { ValueError } from "../../errors.js";
import type { DType } from "../../dtypes.js";
import { iinfo, isFloat } from "../../dtypes.js";

/** JAX's `GatherDimensionNumbers`; the index vector is always the last axis of the indices. */
export interface GatherDimensionNumbers {
  /** Output axes that index into a gathered window (ascending). */
  offsetDims: readonly number[];
  /** Operand axes with slice size 1 that have no output axis (ascending). */
  collapsedSliceDims: readonly number[];
  /** For each entry of an index vector, the operand axis it starts. */
  startIndexMap: readonly number[];
  /** Operand axes matched one-to-one with `startIndicesBatchingDims` (ascending). */
  operandBatchingDims: readonly number[];
  /** Index axes matched one-to-one with `operandBatchingDims`. */
  startIndicesBatchingDims: readonly number[];
}

/** JAX's `ScatterDimensionNumbers`, the mirror image of the gather's. */
export interface ScatterDimensionNumbers {
  /** Update axes that index into a scattered window (ascending). */
  updateWindowDims: readonly number[];
  /** Operand axes of size-1 windows that have no update axis (ascending). */
  insertedWindowDims: readonly number[];
  /** For each entry of an index vector, the operand axis it starts. */
  scatterDimsToOperandDims: readonly number[];
  /** Operand axes matched one-to-one with `scatterIndicesBatchingDims` (ascending). */
  operandBatchingDims: readonly number[];
  /** Index axes matched one-to-one with `operandBatchingDims`. */
  scatterIndicesBatchingDims: readonly number[];
}

/** As users write them: the batching dims default to none, as in JAX. */
export type GatherDimensionNumbersLike = Omit<
  GatherDimensionNumbers,
  "operandBatchingDims" | "startIndicesBatchingDims"
> &
  Partial<Pick<GatherDimensionNumbers, "operandBatchingDims" | "startIndicesBatchingDims">>;
export type ScatterDimensionNumbersLike = Omit<
  ScatterDimensionNumbers,
  "operandBatchingDims" | "scatterIndicesBatchingDims"
> &
  Partial<Pick<ScatterDimensionNumbers, "operandBatchingDims" | "scatterIndicesBatchingDims">>;

/**
 * JAX's `GatherScatterMode`, held by its lower-case name: "clip" clamps each window into bounds;
 * "fill" returns `fillValue` for a gathered window that leaves the operand and drops such a
 * scattered window; "promise_in_bounds" does what XLA does (gathers clamp, scatters drop).
 */
export type GatherScatterMode = "clip" | "fill" | "promise_in_bounds";
/** The spellings JAX accepts: "drop" is the scatter name of "fill". */
export type GatherScatterModeLike = GatherScatterMode | "drop";

export const GatherScatterMode = {
  CLIP: "clip",
  FILL_OR_DROP: "fill",
  PROMISE_IN_BOUNDS: "promise_in_bounds",
} as const;

export function parseMode(
  op: string,
  mode: GatherScatterModeLike | undefined | null,
  fallback: GatherScatterMode,
): GatherScatterMode {
  if (mode === undefined || mode === null) return fallback;
  if (mode === "clip" || mode === "fill" || mode === "promise_in_bounds") return mode;
  if (mode === "drop") return "fill";
  throw new ValueError(
    `${op}: unknown mode ${JSON.stringify(mode)}; use "clip", "fill" (or "drop") or "promise_in_bounds"`,
  );
}

/** JAX's default fill for out-of-bounds gathers: NaN, the most negative int, the largest uint, True. */
export function defaultFillValue(dtype: DType): number {
  if (isFloat(dtype)) return NaN;
  if (dtype === "bool") return 1;
  return dtype === "uint32" ? iinfo(dtype).max : iinfo(dtype).min;
}

export function gatherDnums(d: GatherDimensionNumbersLike): GatherDimensionNumbers {
  return {
    offsetDims: [...d.offsetDims],
    collapsedSliceDims: [...d.collapsedSliceDims],
    startIndexMap: [...d.startIndexMap],
    operandBatchingDims: [...(d.operandBatchingDims ?? [])],
    startIndicesBatchingDims: [...(d.startIndicesBatchingDims ?? [])],
  };
}

export function scatterDnums(d: ScatterDimensionNumbersLike): ScatterDimensionNumbers {
  return {
    updateWindowDims: [...d.updateWindowDims],
    insertedWindowDims: [...d.insertedWindowDims],
    scatterDimsToOperandDims: [...d.scatterDimsToOperandDims],
    operandBatchingDims: [...(d.operandBatchingDims ?? [])],
    scatterIndicesBatchingDims: [...(d.scatterIndicesBatchingDims ?? [])],
  };
}

/** The scatter that writes back the windows a gather read (the gather's transpose). */
export function scatterOfGather(d: GatherDimensionNumbers): ScatterDimensionNumbers {
  return {
    updateWindowDims: d.offsetDims,
    insertedWindowDims: d.collapsedSliceDims,
    scatterDimsToOperandDims: d.startIndexMap,
    operandBatchingDims: d.operandBatchingDims,
    scatterIndicesBatchingDims: d.startIndicesBatchingDims,
  };
}

/** The gather that reads back the windows a scatter wrote (the scatter's transpose). */
export function gatherOfScatter(d: ScatterDimensionNumbers): GatherDimensionNumbers {
  return {
    offsetDims: d.updateWindowDims,
    collapsedSliceDims: d.insertedWindowDims,
    startIndexMap: d.scatterDimsToOperandDims,
    operandBatchingDims: d.operandBatchingDims,
    startIndicesBatchingDims: d.scatterIndicesBatchingDims,
  };
}

/**
 * The extent of a scattered window along each operand axis: 1 on inserted and batching axes, the
 * size of the matching update window axis elsewhere. It is also the slice size of the inverse gather.
 */
export function scatterWindowSizes(
  operandRank: number,
  updatesShape: readonly number[],
  d: ScatterDimensionNumbers,
): number[] {
  const sizes: number[] = [];
  let k = 0;
  for (let i = 0; i < operandRank; i++) {
    if (d.insertedWindowDims.includes(i) || d.operandBatchingDims.includes(i)) sizes.push(1);
    else sizes.push(updatesShape[d.updateWindowDims[k++]!] ?? 1);
  }
  return sizes;
}

// ---- Printing, as JAX prints these params --------------------------------------------------

export function tupleStr(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}

export function gatherDnumsStr(d: GatherDimensionNumbers): string {
  return (
    `GatherDimensionNumbers(offset_dims=${tupleStr(d.offsetDims)}, collapsed_slice_dims=${tupleStr(d.collapsedSliceDims)}, ` +
    `start_index_map=${tupleStr(d.startIndexMap)}, operand_batching_dims=${tupleStr(d.operandBatchingDims)}, ` +
    `start_indices_batching_dims=${tupleStr(d.startIndicesBatchingDims)})`
  );
}

export function scatterDnumsStr(d: ScatterDimensionNumbers): string {
  return (
    `ScatterDimensionNumbers(update_window_dims=${tupleStr(d.updateWindowDims)}, inserted_window_dims=${tupleStr(d.insertedWindowDims)}, ` +
    `scatter_dims_to_operand_dims=${tupleStr(d.scatterDimsToOperandDims)}, operand_batching_dims=${tupleStr(d.operandBatchingDims)}, ` +
    `scatter_indices_batching_dims=${tupleStr(d.scatterIndicesBatchingDims)})`
  );
}

export function modeStr(mode: GatherScatterMode): string {
  return mode === "clip"
    ? "GatherScatterMode.CLIP"
    : mode === "fill"
      ? "GatherScatterMode.FILL_OR_DROP"
      : "GatherScatterMode.PROMISE_IN_BOUNDS";
}

export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}
