// Reading `x[items]` (`x.slice(...)`, `x.at(...).get()`). Ints, slices and new axes lower to
// slice / dynamic_slice / rev / squeeze / expand_dims; index arrays lower to one gather.
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { GatherScatterModeLike } from "../primitives/indexing/dimension-numbers.js";
import { sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { indexToGather } from "./index-gather.js";
import {
  canonicalizeSlice,
  checkedInt,
  expandEllipsis,
  parseIndex,
  type CanonItem,
  type IndexItem,
} from "./index-spec.js";

export interface GetOptions {
  /** Out-of-bounds handling for index arrays: "promise_in_bounds" (default: clamps), "clip", or "fill". */
  mode?: GatherScatterModeLike;
  /** The value of out-of-bounds reads in mode "fill" (NaN for floats by default). */
  fillValue?: number | boolean;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

/**
 * Static basic indexing: one slice (with strides), a rev for negative steps, a squeeze for the
 * integer axes and new axes for null. Dynamic 0-d indices first cut their axis to one element
 * with dynamic_slice.
 */
function basicIndex(op: string, x: JaxArray, shapeText: string, parsed: readonly CanonItem[]): JaxArray {
  const items = expandEllipsis(op, parsed, x.ndim, shapeText);
  const dynamic = items.filter((c) => c.kind !== "newaxis").map((c) => (c.kind === "dynint" ? c.index : null));
  let y = x;
  if (dynamic.some((d) => d !== null)) {
    y = lax.dynamicSlice(
      x,
      dynamic.map((d) => d ?? 0),
      x.shape.map((n, i) => (dynamic[i] ? 1 : n)),
    );
  }
  const starts: number[] = [];
  const limits: number[] = [];
  const strides: number[] = [];
  const reversed: number[] = [];
  const squeezed: number[] = [];
  const outDims: ("kept" | "new")[] = [];
  let axis = 0;
  for (const c of items) {
    if (c.kind === "newaxis") {
      outDims.push("new");
      continue;
    }
    const n = y.shape[axis]!;
    if (c.kind === "int" || c.kind === "dynint") {
      const i = c.kind === "int" ? checkedInt(op, c.index, axis, n, shapeText) : 0;
      starts.push(i);
      limits.push(i + 1);
      strides.push(1);
      squeezed.push(axis);
    } else if (c.kind === "slice") {
      const { start, step, count } = canonicalizeSlice(c, n);
      if (count === 0) {
        starts.push(0);
        limits.push(0);
        strides.push(1);
      } else if (step > 0) {
        starts.push(start);
        limits.push(start + (count - 1) * step + 1);
        strides.push(step);
      } else {
        const low = start + (count - 1) * step;
        starts.push(low);
        limits.push(start + 1);
        strides.push(-step);
        reversed.push(axis);
      }
      outDims.push("kept");
    }
    axis++;
  }
  const identity = starts.every((s, i) => s === 0 && limits[i] === y.shape[i] && strides[i] === 1);
  if (!identity) y = lax.slice(y, starts, limits, strides.every((s) => s === 1) ? null : strides);
  if (reversed.length > 0) y = lax.rev(y, reversed);
  if (squeezed.length > 0) y = lax.squeeze(y, squeezed);
  const newAxes = outDims.flatMap((d, i) => (d === "new" ? [i] : []));
  return newAxes.length > 0 ? lax.expandDims(y, newAxes) : y;
}

/** `x[items]` with numpy semantics. */
export function getItem(op: string, x: JaxArray, items: readonly IndexItem[], options: GetOptions = {}): JaxArray {
  const shapeText = x.aval.str();
  const parsed = parseIndex(op, items, x.shape, shapeText);
  const mode = options.mode;
  const defaultMode = mode === undefined || mode === "promise_in_bounds";
  const hasArrays = parsed.some((c) => c.kind === "array");
  const hasDynamic = parsed.some((c) => c.kind === "dynint");
  if (!hasArrays && (!hasDynamic || defaultMode)) return basicIndex(op, x, shapeText, parsed);
  const indexer = indexToGather(op, x.shape, shapeText, parsed);
  if (
    options.fillValue !== undefined &&
    typeof options.fillValue !== "number" &&
    typeof options.fillValue !== "boolean"
  ) {
    throw new ValueError(`${op}: fillValue must be a JS number or boolean, got ${String(options.fillValue)}`);
  }
  if (sizeOf(indexer.sliceShape) === 0) {
    return lax.fullLike(x, 0, undefined, indexer.sliceShape);
  }
  let y = x;
  if (indexer.gatherIndices) {
    y = lax.gather(x, indexer.gatherIndices, indexer.dnums, indexer.gatherSliceShape, {
      mode,
      fillValue: options.fillValue ?? null,
      uniqueIndices: options.uniqueIndices || indexer.uniqueIndices,
      indicesAreSorted: options.indicesAreSorted || indexer.uniqueIndices,
    });
  }
  if (indexer.reversedYDims.length > 0) y = lax.rev(y, indexer.reversedYDims);
  return indexer.newaxisDims.length > 0 ? lax.expandDims(y, indexer.newaxisDims) : y;
}
