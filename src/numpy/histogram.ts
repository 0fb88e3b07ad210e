// Counting into bins: bincount, histogram (with histogramBinEdges) and digitize, as JAX builds
// them from searchsorted and scatter-add. Output lengths must be static: bincount needs `length`
// under transforms, and histogram takes its number of bins from `bins`, never from the data.
import { ArrayImpl } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { isInteger, toInexact } from "../dtypes.js";
import { ConcretizationError, DTypeError, ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { shapesEqual } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { linspace } from "./creation-ranges.js";
import { filled } from "./math-util.js";
import { promoteDtypes, promoteToInexact } from "./promote.js";
import { searchsorted } from "./sorting.js";

/** Adds `updates` (1-D) into a zero vector of `length` at `indices` (1-D int32); out-of-range indices are dropped. */
function scatterAddInto(length: number, indices: JaxArray, updates: JaxArray): JaxArray {
  return lax.scatterAdd(
    filled([length], 0, updates.dtype),
    lax.reshape(indices, [indices.size, 1]),
    lax.reshape(updates, [updates.size]),
    { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] },
    { mode: "fill" },
  );
}

export interface BincountOptions {
  /** Per-element weights, the shape of x (default: each element counts 1, as int32). */
  weights?: ArrayLike;
  /** The smallest output length when it comes from the data (default 0). */
  minlength?: number;
  /** The output length (required under transforms); values at or beyond it are dropped. */
  length?: number;
}

/**
 * `jnp.bincount(x, { weights, minlength, length })`: for non-negative integers x, counts[i] is the
 * number of occurrences of i (or the sum of their weights). Negative values count toward bin 0,
 * as in JAX.
 */
export function bincount(x: ArrayLike, options: BincountOptions = {}): JaxArray {
  const op = "bincount";
  const arr = asArray(x, op);
  if (!isInteger(arr.dtype)) {
    throw new DTypeError(
      `${op}: x must have an integer dtype, got ${arr.aval.str()}; convert it with x.astype('int32')`,
    );
  }
  if (arr.ndim !== 1) throw new ValueError(`${op}: x must be 1-dimensional, got ${arr.aval.str()}`);
  const minlength = options.minlength ?? 0;
  if (!Number.isInteger(minlength) || minlength < 0) {
    throw new ValueError(`${op}: minlength must be a non-negative integer, got ${String(minlength)}`);
  }
  let length = options.length;
  if (length === undefined) {
    if (!(arr instanceof ArrayImpl)) {
      throw new ConcretizationError(
        `${op}: the output length comes from max(x) + 1, unknown for a traced ${arr.aval.str()}; pass a static length, e.g. jnp.bincount(x, { length: n })`,
      );
    }
    const top = arr.size === 0 ? -1 : Number(lax.reduceMax(arr, [0]).itemSync());
    length = Math.max(minlength, top + 1);
  } else if (!Number.isInteger(length) || length < 0) {
    throw new ValueError(`${op}: length must be a non-negative integer, got ${String(length)}`);
  }
  const weights = options.weights === undefined ? filled(arr.shape, 1, "int32") : asArray(options.weights, op);
  if (!shapesEqual(weights.shape, arr.shape)) {
    throw new ShapeError(`${op}: weights ${weights.aval.str()} must have the shape of x ${arr.aval.str()}`);
  }
  const idx = lax.convertElementType(lax.max(arr, filled(arr.shape, 0, arr.dtype)), "int32");
  return scatterAddInto(length, idx, weights);
}

export interface HistogramBinOptions {
  /** The number of equal-width bins (default 10), or the bin edges as a 1-D array. */
  bins?: number | ArrayLike;
  /** [lower, upper] of the bins (default: the data's minimum and maximum). */
  range?: readonly [ArrayLike, ArrayLike];
}

/** `jnp.histogramBinEdges(a, { bins, range })`: the bins + 1 edges histogram uses. */
export function histogramBinEdges(a: ArrayLike, options: HistogramBinOptions = {}): JaxArray {
  const op = "histogramBinEdges";
  const arr = asArray(a, op);
  const dtype = toInexact(arr.dtype);
  const bins = options.bins ?? 10;
  if (bins instanceof JaxArray) {
    if (bins.ndim !== 1) throw new ValueError(`${op}: bin edges must be 1-dimensional, got ${bins.aval.str()}`);
    return lax.convertElementType(bins, dtype);
  }
  if (typeof bins !== "number" || !Number.isInteger(bins) || bins < 1) {
    throw new ValueError(`${op}: bins must be a positive integer or an array of edges, got ${String(bins)}`);
  }
  if (options.range !== undefined && (!Array.isArray(options.range) || options.range.length !== 2)) {
    throw new ValueError(`${op}: range must be [lower, upper], got ${JSON.stringify(options.range)}`);
  }
  const flat = lax.reshape(lax.convertElementType(arr, dtype), [arr.size]);
  const [lo0, hi0] = options.range ?? [lax.reduceMin(flat, [0]), lax.reduceMax(flat, [0])];
  if (typeof lo0 === "number" && typeof hi0 === "number") {
    const [lo, hi] = lo0 === hi0 ? [lo0 - 0.5, hi0 + 0.5] : [lo0, hi0];
    return linspace(lo, hi, bins + 1, { dtype });
  }
  const lo = lax.convertElementType(asArray(lo0, op), dtype);
  const hi = lax.convertElementType(asArray(hi0, op), dtype);
  // An empty range widens to one unit around its value, as numpy does.
  const flatRange = lax.eq(lo, hi);
  const half = filled([], 0.5, dtype);
  const start = lax.select(flatRange, lax.sub(lo, half), lo);
  const stop = lax.select(flatRange, lax.add(hi, half), hi);
  return linspace(start, stop, bins + 1, { dtype });
}

export interface HistogramOptions extends HistogramBinOptions {
  /** Per-element weights, the shape of a (default 1 each). */
  weights?: ArrayLike;
  /** Normalize so the histogram integrates to 1 over the range (counts / bin width / total). */
  density?: boolean;
}

/**
 * `jnp.histogram(a, { bins, range, weights, density })`: `[counts, edges]`. Each bin is
 * half-open [edge_i, edge_{i+1}) except the last, which includes its upper edge; values outside
 * the edges are not counted.
 */
export function histogram(a: ArrayLike, options: HistogramOptions = {}): [JaxArray, JaxArray] {
  const op = "histogram";
  let values: JaxArray;
  let weights: JaxArray;
  if (options.weights === undefined) {
    [values] = promoteToInexact(op, [a]) as [JaxArray];
    weights = filled(values.shape, 1, values.dtype);
  } else {
    [values, weights] = promoteToInexact(op, [a, options.weights]) as [JaxArray, JaxArray];
    if (!shapesEqual(values.shape, weights.shape)) {
      throw new ShapeError(`${op}: weights ${weights.aval.str()} must have the shape of a ${values.aval.str()}`);
    }
  }
  const edges = histogramBinEdges(values, options);
  const n = edges.shape[0]!;
  const flat = lax.reshape(values, [values.size]);
  let idx = searchsorted(edges, flat, { side: "right" });
  const last = lax.broadcastInDim(lax.reshape(lax.sliceInDim(edges, n - 1, n, 1, 0), []), flat.shape, []);
  idx = lax.select(lax.eq(flat, last), filled(idx.shape, n - 1, "int32"), idx);
  let counts = lax.sliceInDim(scatterAddInto(n, idx, weights), 1, n, 1, 0);
  if (options.density) {
    const widths = lax.sub(lax.sliceInDim(edges, 1, n, 1, 0), lax.sliceInDim(edges, 0, n - 1, 1, 0));
    const total = lax.broadcastInDim(lax.reduceSum(counts, [0]), counts.shape, []);
    counts = lax.div(lax.div(counts, lax.convertElementType(widths, counts.dtype)), total);
  }
  return [counts, edges];
}

export interface DigitizeOptions {
  /** Bins include their right edge instead of their left (default false). */
  right?: boolean;
}

/**
 * `jnp.digitize(x, bins, { right })`: for each x, the index i of the bin it falls in:
 * bins[i-1] <= x < bins[i] for increasing bins (bins[i-1] > x >= bins[i] for decreasing ones);
 * `right` moves the equality to the other edge. int32, shaped like x.
 */
export function digitize(x: ArrayLike, bins: ArrayLike, options: DigitizeOptions = {}): JaxArray {
  const op = "digitize";
  const [xs, b] = promoteDtypes(op, [x, bins]) as [JaxArray, JaxArray];
  if (b.ndim !== 1) throw new ValueError(`${op}: bins must be 1-dimensional, got ${b.aval.str()}`);
  const n = b.shape[0]!;
  if (n === 0) return filled(xs.shape, 0, "int32");
  const side = options.right ? "left" : "right";
  const increasing = lax.ge(
    lax.reshape(lax.sliceInDim(b, n - 1, n, 1, 0), []),
    lax.reshape(lax.sliceInDim(b, 0, 1, 1, 0), []),
  );
  const forward = searchsorted(b, xs, { side });
  const backward = lax.sub(filled(xs.shape, n, "int32"), searchsorted(lax.rev(b, [0]), xs, { side }));
  return lax.select(lax.broadcastInDim(increasing, xs.shape, []), forward, backward);
}
