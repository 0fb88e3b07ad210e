// numpy indexing as one XLA gather (and, transposed, one scatter): the gather's dimension numbers,
// its index array, and the reversals and new axes applied around it. Follows numpy's rules for
// advanced indices: int arrays (and ints next to them) broadcast together; their axes replace the
// indexed axes when those are adjacent, and go first when they are not.
import { arrayFromHost, scalar } from "../array.js";
import { isUnsigned } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { GatherDimensionNumbers } from "../primitives/indexing/dimension-numbers.js";
import { broadcastShapes } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { canonicalizeSlice, checkedInt, expandEllipsis, type CanonItem } from "./index-spec.js";

export interface Indexer {
  /** Shape of the indexing result (with new axes). */
  sliceShape: number[];
  /** The gather's slice sizes, one per operand axis. */
  gatherSliceShape: number[];
  /** The gather's start indices (index vectors along the last axis); null when no axis needs one. */
  gatherIndices: JaxArray | null;
  dnums: GatherDimensionNumbers;
  /** True without advanced indices: then no two windows overlap and indices ascend. */
  uniqueIndices: boolean;
  /** Result axes of negative-step slices, reversed after the gather. */
  reversedYDims: number[];
  /** Result axes created by null (newaxis), inserted after the gather. */
  newaxisDims: number[];
}

/** `i + n` where `i < 0`: numpy's negative indices, for indices known only at run time. */
export function normalizeIndexArray(i: JaxArray, n: number): JaxArray {
  if (isUnsigned(i.dtype)) return i;
  const zero = lax.broadcastInDim(scalar(0, i.dtype, false), i.shape, []);
  const size = lax.broadcastInDim(scalar(n, i.dtype, false), i.shape, []);
  return lax.select(lax.lt(i, zero), lax.add(i, size), i);
}

function asInt32(i: JaxArray): JaxArray {
  return i.dtype === "int32" ? i : lax.convertElementType(i, "int32");
}

const isAdvancedItem = (c: CanonItem): boolean => c.kind === "array" || c.kind === "int" || c.kind === "dynint";

/** Builds the gather that computes `x[items]` for an operand of `shape`. */
export function indexToGather(
  op: string,
  shape: readonly number[],
  shapeText: string,
  parsed: readonly CanonItem[],
): Indexer {
  const advancedMode = parsed.some((c) => c.kind === "array");
  // numpy decides where the broadcast axes go before the ellipsis expands (JAX issue #25109).
  const advancedPositions = parsed.flatMap((c, i) => (isAdvancedItem(c) ? [i] : []));
  const contiguous = advancedPositions.every((p, k) => k === 0 || p === advancedPositions[k - 1]! + 1);
  const items = expandEllipsis(op, parsed, shape.length, shapeText);

  // Advanced indices, normalized, with their positions in `items` and the operand axes they index.
  const advanced: { index: JaxArray; pos: number; axis: number }[] = [];
  if (advancedMode) {
    let axis = 0;
    items.forEach((c, pos) => {
      if (c.kind === "newaxis") return;
      if (c.kind === "array") advanced.push({ index: normalizeIndexArray(c.index, shape[axis]!), pos, axis });
      else if (c.kind === "dynint") advanced.push({ index: normalizeIndexArray(c.index, shape[axis]!), pos, axis });
      else if (c.kind === "int")
        advanced.push({
          index: scalar(checkedInt(op, c.index, axis, shape[axis]!, shapeText), "int32", false),
          pos,
          axis,
        });
      axis++;
    });
  }
  const advancedAt = new Set(advanced.map((a) => a.pos));
  const firstAdvanced = contiguous ? (advanced[0]?.pos ?? -1) : 0;

  let xAxis = 0;
  let yAxis = 0;
  let collapsedYAxis = 0;
  const offsetDims: number[] = [];
  const collapsedSliceDims: number[] = [];
  const startIndexMap: number[] = [];
  const gatherIndices: { index: JaxArray; startDim: number }[] = [];
  const gatherIndicesShape: number[] = [];
  const sliceShape: number[] = [];
  const newaxisDims: number[] = [];
  const reversedYDims: number[] = [];
  const gatherSliceShape: number[] = [];

  items.forEach((c, pos) => {
    if (advanced.length > 0 && pos === firstAdvanced) {
      const bshape = broadcastShapes(
        op,
        advanced.map((a) => a.index.shape),
        advanced.map((a) => a.index.aval.str()),
      );
      const startDim = gatherIndicesShape.length;
      for (const a of advanced) {
        const lead = bshape.length - a.index.ndim;
        const b = lax.broadcastInDim(
          asInt32(a.index),
          bshape,
          a.index.shape.map((_, i) => i + lead),
        );
        gatherIndices.push({ index: b, startDim });
      }
      gatherIndicesShape.push(...bshape);
      for (const a of advanced) {
        startIndexMap.push(a.axis);
        collapsedSliceDims.push(a.axis);
      }
      sliceShape.push(...bshape);
      yAxis += bshape.length;
      collapsedYAxis += bshape.length;
    }
    if (advancedAt.has(pos)) {
      xAxis++;
      gatherSliceShape.push(1);
      return;
    }
    const n = shape[xAxis]!;
    switch (c.kind) {
      case "int":
      case "dynint": {
        const index =
          c.kind === "int"
            ? scalar(checkedInt(op, c.index, xAxis, n, shapeText), "int32", false)
            : asInt32(normalizeIndexArray(c.index, n));
        if (n === 0)
          throw new ValueError(`${op}: index is out of bounds for axis ${xAxis} with size 0 of ${shapeText}`);
        gatherIndices.push({ index, startDim: gatherIndicesShape.length });
        collapsedSliceDims.push(xAxis);
        gatherSliceShape.push(1);
        startIndexMap.push(xAxis);
        xAxis++;
        return;
      }
      case "newaxis":
        sliceShape.push(1);
        newaxisDims.push(yAxis);
        yAxis++;
        return;
      case "slice": {
        const { start, step, count } = canonicalizeSlice(c, n);
        sliceShape.push(count);
        if (step === 1) {
          if (count !== n) {
            gatherIndices.push({ index: scalar(start, "int32", false), startDim: gatherIndicesShape.length });
            startIndexMap.push(xAxis);
          }
          gatherSliceShape.push(count);
          offsetDims.push(collapsedYAxis);
        } else {
          // A strided slice gathers one element per position; negative steps read ascending, then reverse.
          const positions = Array.from({ length: count }, (_, k) => start + k * step);
          if (step < 0) {
            reversedYDims.push(collapsedYAxis);
            positions.reverse();
          }
          gatherSliceShape.push(1);
          gatherIndices.push({
            index: arrayFromHost(positions, [count], "int32"),
            startDim: gatherIndicesShape.length,
          });
          startIndexMap.push(xAxis);
          gatherIndicesShape.push(count);
          collapsedSliceDims.push(xAxis);
        }
        collapsedYAxis++;
        yAxis++;
        xAxis++;
        return;
      }
      case "ellipsis":
      case "array":
        throw new Error(`${op}: internal error: unexpected ${c.kind} index after canonicalization`);
    }
  });

  let indices: JaxArray | null;
  if (gatherIndices.length === 0) indices = null;
  else if (gatherIndices.length === 1) {
    const g = gatherIndices[0]!.index;
    indices = lax.reshape(g, [...g.shape, 1]);
  } else {
    const full = [...gatherIndicesShape, 1];
    indices = lax.concatenate(
      gatherIndices.map(({ index, startDim }) =>
        lax.broadcastInDim(
          index,
          full,
          index.shape.map((_, i) => startDim + i),
        ),
      ),
      gatherIndicesShape.length,
    );
  }
  return {
    sliceShape,
    gatherSliceShape,
    gatherIndices: indices,
    dnums: {
      offsetDims,
      collapsedSliceDims: [...collapsedSliceDims].sort((a, b) => a - b),
      startIndexMap,
      operandBatchingDims: [],
      startIndicesBatchingDims: [],
    },
    uniqueIndices: !advancedMode,
    reversedYDims,
    newaxisDims,
  };
}
