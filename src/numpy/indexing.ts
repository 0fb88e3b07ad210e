// numpy index functions: take, takeAlongAxis, nonzero/argwhere/flatnonzero (with a static size),
// unravelIndex. Slicing itself (`x.slice(...)`, `x.at(...)`) lives in index-get.ts / index-update.ts.
import { ArrayImpl, arrayFromHost, scalar } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { isBool, isInteger } from "../dtypes.js";
import { ConcretizationError, DTypeError, ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { GatherDimensionNumbers, GatherScatterModeLike } from "../primitives/indexing/dimension-numbers.js";
import { broadcastShapes, normalizeAxis, range, sizeOf } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { normalizeIndexArray } from "./index-gather.js";

export { slice, Slice, newaxis, type IndexItem } from "./index-spec.js";
export { IndexUpdateRef, type UpdateOptions } from "./index-update.js";
export type { GetOptions } from "./index-get.js";

/** Index arrays as users give them: arrays, JS numbers, or nested JS lists of integers. */
export type IndicesLike = ArrayLike | readonly (number | readonly unknown[])[];

function toIndexArray(op: string, indices: IndicesLike): JaxArray {
  if (indices instanceof JaxArray) {
    if (!isInteger(indices.dtype)) {
      throw new DTypeError(
        `${op}: indices must be integers, got ${indices.aval.str()}; convert them with idx.astype('int32')`,
      );
    }
    return indices;
  }
  if (typeof indices === "number") {
    if (!Number.isInteger(indices)) throw new DTypeError(`${op}: indices must be integers, got ${indices}`);
    return scalar(indices, "int32", false);
  }
  if (Array.isArray(indices)) {
    const shape: number[] = [];
    const values: number[] = [];
    const walk = (v: unknown, depth: number): void => {
      if (Array.isArray(v)) {
        if (shape.length === depth) shape.push(v.length);
        else if (shape[depth] !== v.length)
          throw new ValueError(`${op}: ragged nested list of indices ${JSON.stringify(indices)}`);
        for (const e of v) walk(e, depth + 1);
        return;
      }
      if (typeof v !== "number" || !Number.isInteger(v) || depth !== shape.length) {
        throw new DTypeError(`${op}: indices must be integers, got ${JSON.stringify(indices)}`);
      }
      values.push(v);
    };
    walk(indices, 0);
    return arrayFromHost(values, shape, "int32");
  }
  throw new DTypeError(`${op}: indices must be integers, got ${String(indices)}`);
}

export interface TakeOptions {
  axis?: number | null;
  /** "fill" (default: out-of-bounds reads give fillValue), "clip", "wrap", or "promise_in_bounds". */
  mode?: GatherScatterModeLike | "wrap";
  /** Out-of-bounds value in mode "fill": NaN for floats, the most negative int32, the largest uint32, true. */
  fillValue?: number | boolean;
  uniqueIndices?: boolean;
  indicesAreSorted?: boolean;
}

function takeMode(op: string, mode: TakeOptions["mode"]): GatherScatterModeLike | "wrap" {
  const m = mode ?? "fill";
  if (!["fill", "drop", "clip", "wrap", "promise_in_bounds"].includes(m)) {
    throw new ValueError(`${op}: invalid mode ${JSON.stringify(m)}; use "fill", "clip", "wrap" or "promise_in_bounds"`);
  }
  return m;
}

/**
 * `jnp.take(a, indices, axis?, { mode, fillValue })`: elements at `indices` along `axis` (of the
 * flattened array when no axis is given). Out-of-bounds indices read NaN (mode "fill"), as in JAX.
 */
export function take(
  a: ArrayLike,
  indices: IndicesLike,
  axis?: number | null | TakeOptions,
  options: TakeOptions = {},
): JaxArray {
  const opts: TakeOptions =
    axis !== null && typeof axis === "object" ? axis : { ...options, axis: axis === undefined ? options.axis : axis };
  let x = asArray(a, "take");
  let idx = toIndexArray("take", indices);
  if (opts.axis === undefined || opts.axis === null) x = lax.reshape(x, [x.size]);
  const d = normalizeAxis(opts.axis ?? 0, x.ndim, "take");
  const n = x.shape[d]!;
  const mode = takeMode("take", opts.mode);
  let gatherMode: GatherScatterModeLike;
  if (mode === "wrap") {
    // Python's modulo (a non-negative result) for every index.
    const size = lax.fullLike(idx, n);
    const r = lax.rem(idx, size);
    idx = lax.select(lax.lt(r, lax.fullLike(r, 0)), lax.add(r, size), r);
    gatherMode = "promise_in_bounds";
  } else if (mode === "fill" || mode === "drop") {
    idx = normalizeIndexArray(idx, n);
    gatherMode = "fill";
  } else gatherMode = mode;
  if (n === 0) {
    if (idx.size !== 0)
      throw new ValueError(`take: cannot take ${idx.aval.str()} indices from the empty axis ${d} of ${x.aval.str()}`);
    return x;
  }
  const outShape = [...x.shape.slice(0, d), ...idx.shape, ...x.shape.slice(d + 1)];
  if (idx.size === 0) return lax.fullLike(x, 0, undefined, outShape);
  const k = idx.ndim;
  const sliceSizes = [...x.shape];
  sliceSizes[d] = 1;
  const dnums: GatherDimensionNumbers = {
    offsetDims: [...range(d), ...range(x.ndim - 1 - d).map((i) => d + k + i)],
    collapsedSliceDims: [d],
    startIndexMap: [d],
    operandBatchingDims: [],
    startIndicesBatchingDims: [],
  };
  return lax.gather(x, lax.reshape(idx, [...idx.shape, 1]), dnums, sliceSizes, {
    mode: gatherMode,
    fillValue: opts.fillValue ?? null,
    uniqueIndices: opts.uniqueIndices ?? false,
    indicesAreSorted: opts.indicesAreSorted ?? false,
  });
}

export interface TakeAlongAxisOptions {
  /** "fill" (default), "clip" or "promise_in_bounds". */
  mode?: GatherScatterModeLike;
  fillValue?: number | boolean;
}

/**
 * `jnp.take_along_axis(arr, indices, axis = -1, { mode, fillValue })`: `indices` (same rank as
 * `arr`, broadcast against it off the axis) pick elements along `axis`, as argsort's output does.
 */
export function takeAlongAxis(
  arr: ArrayLike,
  indices: IndicesLike,
  axis: number | null = -1,
  options: TakeAlongAxisOptions = {},
): JaxArray {
  let x = asArray(arr, "takeAlongAxis");
  let idx = toIndexArray("takeAlongAxis", indices);
  let ax: number;
  if (axis === null) {
    if (idx.ndim !== 1)
      throw new ShapeError(`takeAlongAxis: indices must be 1-D when axis is null, got ${idx.aval.str()}`);
    x = lax.reshape(x, [x.size]);
    ax = 0;
  } else ax = axis;
  if (x.ndim !== idx.ndim) {
    throw new ShapeError(
      `takeAlongAxis: indices and arr must have the same number of dimensions, got ${idx.aval.str()} and ${x.aval.str()}; ` +
        `expand the indices (for example with keepdims)`,
    );
  }
  const d = normalizeAxis(ax, x.ndim, "takeAlongAxis");
  const axisSize = x.shape[d]!;
  const arrShape = x.shape.map((s, i) => (i === d ? 1 : s));
  const outShape = broadcastShapes("takeAlongAxis", [idx.shape, arrShape], [idx.aval.str(), x.aval.str()]);
  if (axisSize === 0) return lax.full(outShape, 0, x.dtype);
  const mode = options.mode ?? "fill";
  if (mode !== "promise_in_bounds") idx = normalizeIndexArray(idx, axisSize);
  // Index axes that matter: the take axis, and every axis where the indices are not size 1.
  const indexDims = range(x.ndim).filter((i) => i === d || idx.shape[i] !== 1);
  const gatherIndexShape = [...indexDims.map((i) => outShape[i]!), 1];
  const sliceSizes: number[] = [];
  const offsetDims: number[] = [];
  const startIndexMap: number[] = [];
  const collapsedSliceDims: number[] = [];
  const operandBatchingDims: number[] = [];
  const startIndicesBatchingDims: number[] = [];
  const squeezed: number[] = [];
  let newI = 0;
  let j = 0;
  for (let i = 0; i < x.ndim; i++) {
    if (i === d) {
      sliceSizes.push(1);
      startIndexMap.push(newI);
      collapsedSliceDims.push(newI);
      newI++;
      j++;
    } else if (idx.shape[i] === 1) {
      // The whole axis of arr is read: an offset (window) axis, no index needed.
      offsetDims.push(i);
      sliceSizes.push(arrShape[i]!);
      newI++;
    } else if (arrShape[i] === 1) {
      // arr broadcasts along this index axis: drop the size-1 axis from the operand.
      squeezed.push(i);
      j++;
    } else {
      sliceSizes.push(arrShape[i] === 0 ? 0 : 1);
      operandBatchingDims.push(newI);
      startIndicesBatchingDims.push(j);
      newI++;
      j++;
    }
  }
  const operand = squeezed.length > 0 ? lax.squeeze(x, squeezed) : x;
  const gatherIdx = lax.reshape(lax.convertElementType(idx, "int32"), gatherIndexShape);
  return lax.gather(
    operand,
    gatherIdx,
    { offsetDims, collapsedSliceDims, startIndexMap, operandBatchingDims, startIndicesBatchingDims },
    sliceSizes,
    { mode, fillValue: options.fillValue ?? null },
  );
}

export interface NonzeroOptions {
  /** The number of indices to return (required under jit/vmap/grad, where the count is unknown). */
  size?: number;
  /** Value of the padding entries when fewer than `size` elements are nonzero (default 0); one per axis or one for all. */
  fillValue?: number | readonly number[];
}

function staticCount(op: string, x: JaxArray, mask: JaxArray): number {
  const count = lax.reduceSum(lax.convertElementType(mask, "int32"), range(mask.ndim));
  if (count instanceof ArrayImpl) return Number(count.itemSync());
  throw new ConcretizationError(
    `${op}: the number of nonzero elements of a traced array ${x.aval.str()} is unknown while tracing, ` +
      `so the result's shape is too; pass a static size, e.g. jnp.${op}(x, { size: n, fillValue: 0 })`,
  );
}

/**
 * `jnp.nonzero(a, { size, fillValue })`: one int32 array of positions per axis of `a`. With
 * `size`, exactly that many (truncated, or padded with fillValue), so it works under transforms.
 */
export function nonzero(a: ArrayLike, options: NonzeroOptions = {}): JaxArray[] {
  const x = asArray(a, "nonzero");
  if (x.ndim === 0) {
    throw new ValueError(
      `nonzero: calling nonzero on a 0-d array ${x.aval.str()} is not allowed; use jnp.atleast1d(x) first`,
    );
  }
  const mask = isBool(x.dtype) ? x : lax.ne(x, lax.fullLike(x, 0));
  const size = options.size ?? staticCount("nonzero", x, mask);
  if (!Number.isInteger(size) || size < 0)
    throw new ValueError(`nonzero: size must be a non-negative integer, got ${size}`);
  const fills =
    options.fillValue === undefined
      ? null
      : typeof options.fillValue === "number"
        ? x.shape.map(() => options.fillValue as number)
        : [...options.fillValue];
  if (fills && fills.length !== x.ndim) {
    throw new ValueError(
      `nonzero: fillValue needs one value per axis of ${x.aval.str()} (${x.ndim}), got ${fills.length}`,
    );
  }
  if (x.size === 0 || size === 0) return x.shape.map((_, i) => lax.full([size], fills?.[i] ?? 0, "int32"));
  // Position p holds the (k+1)-th nonzero element when the running count first reaches k+1:
  // counting how often each running count occurs, then summing, gives those positions in order.
  const flat = lax.convertElementType(lax.reshape(mask, [x.size]), "int32");
  const running = lax.cumsum(flat, 0);
  const counts = lax.scatterAdd(
    lax.full([size], 0, "int32"),
    lax.reshape(running, [x.size, 1]),
    lax.full([x.size], 1, "int32"),
    { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] },
    { mode: "fill" },
  );
  const flatIndices = lax.cumsum(counts, 0);
  const strides = x.shape.map((_, i) => sizeOf(x.shape.slice(i + 1)));
  const out = x.shape.map((n, i) =>
    lax.rem(lax.div(flatIndices, lax.full([size], strides[i]!, "int32")), lax.full([size], n, "int32")),
  );
  if (!fills) return out;
  const total = lax.reduceSum(flat, [0]);
  const padding = lax.ge(lax.iota("int32", size), lax.broadcastInDim(total, [size], []));
  return out.map((o, i) => lax.select(padding, lax.full([size], fills[i]!, "int32"), o));
}

/** `jnp.flatnonzero(a, { size, fillValue })`: nonzero positions of the flattened array. */
export function flatnonzero(a: ArrayLike, options: NonzeroOptions = {}): JaxArray {
  const x = asArray(a, "flatnonzero");
  return nonzero(lax.reshape(x, [x.size]), options)[0]!;
}

/** `jnp.argwhere(a, { size, fillValue })`: one row of coordinates per nonzero element, shape [count, ndim]. */
export function argwhere(a: ArrayLike, options: NonzeroOptions = {}): JaxArray {
  const x = asArray(a, "argwhere");
  const base = x.ndim === 0 ? lax.reshape(x, [1]) : x;
  const coords = nonzero(base, options);
  const count = coords[0]!.shape[0]!;
  if (x.ndim === 0) return lax.full([count, 0], 0, "int32");
  return lax.concatenate(
    coords.map((c) => lax.reshape(c, [count, 1])),
    1,
  );
}

/**
 * `jnp.unravel_index(indices, shape)`: the coordinates of flat indices in an array of `shape`,
 * one int32 array per axis. As in JAX, indices outside [-size, size) are clipped into range.
 */
export function unravelIndex(indices: IndicesLike, shape: readonly number[]): JaxArray[] {
  const idx = lax.convertElementType(toIndexArray("unravelIndex", indices), "int32");
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new ValueError(`unravelIndex: shape [${shape.join(",")}] must hold non-negative integers`);
  const total = sizeOf(shape);
  const full = (v: number) => lax.fullLike(idx, v);
  const clipped = lax.clamp(full(-total), idx, full(Math.max(total - 1, 0)));
  let rest = lax.select(lax.lt(clipped, full(0)), lax.add(clipped, full(total)), clipped);
  const out: JaxArray[] = new Array<JaxArray>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = Math.max(shape[i]!, 1);
    out[i] = lax.rem(rest, full(d));
    rest = lax.div(rest, full(d));
  }
  return out;
}
