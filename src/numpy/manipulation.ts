// numpy shape manipulation: reshape, transpose, axes, joining, splitting, tiling, padding, flips.
// Every function names itself in its errors with the operands' shapes (`f32[2,3]`).
import { ArrayImpl } from "../array.js";
import { asArray, describe, type ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { AxisError, ShapeError, ValueError } from "../errors.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { concatenate as laxConcatenate } from "../primitives/shape/concatenate.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { expandDims as laxExpandDims } from "../primitives/shape/expand-dims.js";
import { pad as laxPad } from "../primitives/shape/pad.js";
import { reshape as laxReshape } from "../primitives/shape/reshape.js";
import { rev } from "../primitives/shape/rev.js";
import { sliceInDim } from "../primitives/shape/slice.js";
import { squeeze as laxSqueeze } from "../primitives/shape/squeeze.js";
import { transpose as laxTranspose } from "../primitives/shape/transpose.js";
import {
  broadcastShapes as broadcastShapeList,
  normalizeAxes,
  normalizeAxis,
  range,
  shapeStr,
  sizeOf,
} from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { canonicalizeSlice, checkedInt, parseIndex, Slice } from "./index-spec.js";
import { takeStatic } from "./index-static.js";
import { promoteDtypes } from "./promote.js";

export type AxisOrAxes = number | readonly number[];

const str = (x: JaxArray): string => x.aval.str();

// ---- Shape queries ----------------------------------------------------------------------------

export function shape(a: ArrayLike): number[] {
  return asArray(a, "shape").shape;
}

export function ndim(a: ArrayLike): number {
  return asArray(a, "ndim").ndim;
}

/** `jnp.size(a, axis?)`: the number of elements, or the length of one axis. */
export function size(a: ArrayLike, axis?: number): number {
  const x = asArray(a, "size");
  return axis === undefined ? x.size : x.shape[normalizeAxis(axis, x.ndim, "size")]!;
}

// ---- Reshaping --------------------------------------------------------------------------------

export interface ReshapeOptions {
  /** "C" (row-major, the default) or "F" (column-major) element order. */
  order?: "C" | "F";
}

/** Resolves one -1 entry of a numpy shape against the operand's size. */
export function resolveShape(op: string, x: JaxArray, newShape: number | readonly number[]): number[] {
  const dims = typeof newShape === "number" ? [newShape] : [...newShape];
  const fail = (why: string) =>
    new ShapeError(`${op}: cannot reshape ${str(x)} (${x.size} elements) into shape ${shapeStr(dims)}: ${why}`);
  if (dims.some((d) => !Number.isInteger(d) || d < -1))
    throw fail("sizes must be non-negative integers or a single -1");
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1) throw fail("only one size can be -1; give the others explicitly");
  const known = sizeOf(dims.filter((d) => d !== -1));
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) throw fail(`no size for -1 makes ${x.size} elements`);
    dims[dims.indexOf(-1)] = x.size / known;
  } else if (known !== x.size) {
    throw fail(`that shape holds ${known} elements; the sizes must have the same product`);
  }
  return dims;
}

/** `jnp.reshape(a, shape, { order })`: one size may be -1 and is inferred. */
export function reshape(a: ArrayLike, newShape: number | readonly number[], options: ReshapeOptions = {}): JaxArray {
  const x = asArray(a, "reshape");
  const dims = resolveShape("reshape", x, newShape);
  const order = options.order ?? "C";
  if (order === "C") return laxReshape(x, dims);
  if (order !== "F") throw new ValueError(`reshape: unknown order ${JSON.stringify(order)}; use "C" or "F"`);
  // Column-major order is row-major order of the reversed axes.
  const reversed = laxReshape(laxTranspose(x, range(x.ndim).reverse()), [...dims].reverse());
  return laxTranspose(reversed, range(dims.length).reverse());
}

/** `jnp.ravel(a, { order })`: the elements as a 1-D array. */
export function ravel(a: ArrayLike, options: ReshapeOptions = {}): JaxArray {
  const x = asArray(a, "ravel");
  return reshape(x, [x.size], options);
}

// ---- Axes -------------------------------------------------------------------------------------

/** `jnp.transpose(a, axes?)`: reverses the axes, or permutes them as `axes` says. */
export function transpose(a: ArrayLike, axes?: readonly number[] | null): JaxArray {
  const x = asArray(a, "transpose");
  if (axes === undefined || axes === null) return laxTranspose(x, range(x.ndim).reverse());
  if (axes.length !== x.ndim) {
    throw new AxisError(
      `transpose: axes (${axes.join(", ")}) don't match ${str(x)}; give one entry per axis (${x.ndim})`,
    );
  }
  return laxTranspose(x, normalizeAxes(axes, x.ndim, "transpose"));
}

/** `jnp.permute_dims(a, axes)` (the array-API name of transpose). */
export function permuteDims(a: ArrayLike, axes: readonly number[]): JaxArray {
  return transpose(a, axes);
}

/** `jnp.moveaxis(a, source, destination)`: axes move, the others keep their order. */
export function moveaxis(a: ArrayLike, source: AxisOrAxes, destination: AxisOrAxes): JaxArray {
  const x = asArray(a, "moveaxis");
  const src = normalizeAxes(source, x.ndim, "moveaxis");
  const dst = normalizeAxes(destination, x.ndim, "moveaxis");
  if (src.length !== dst.length) {
    throw new ValueError(
      `moveaxis: source (${src.join(", ")}) and destination (${dst.join(", ")}) need the same number of axes`,
    );
  }
  const rest = range(x.ndim).filter((i) => !src.includes(i));
  const perm = new Array<number>(x.ndim).fill(-1);
  dst.forEach((d, k) => (perm[d] = src[k]!));
  let r = 0;
  for (let i = 0; i < x.ndim; i++) if (perm[i] === -1) perm[i] = rest[r++]!;
  return laxTranspose(x, perm);
}

export function swapaxes(a: ArrayLike, axis1: number, axis2: number): JaxArray {
  const x = asArray(a, "swapaxes");
  const i = normalizeAxis(axis1, x.ndim, "swapaxes");
  const j = normalizeAxis(axis2, x.ndim, "swapaxes");
  const perm = range(x.ndim);
  perm[i] = j;
  perm[j] = i;
  return laxTranspose(x, perm);
}

/** `jnp.expand_dims(a, axis)`: inserts size-1 axes at the given positions of the result. */
export function expandDims(a: ArrayLike, axis: AxisOrAxes): JaxArray {
  const x = asArray(a, "expandDims");
  const list = typeof axis === "number" ? [axis] : [...axis];
  normalizeAxes(list, x.ndim + list.length, "expandDims");
  return laxExpandDims(x, list);
}

/** `jnp.squeeze(a, axis?)`: removes the given size-1 axes, or every size-1 axis. */
export function squeeze(a: ArrayLike, axis?: AxisOrAxes | null): JaxArray {
  const x = asArray(a, "squeeze");
  const axes =
    axis === undefined || axis === null
      ? range(x.ndim).filter((i) => x.shape[i] === 1)
      : normalizeAxes(axis, x.ndim, "squeeze");
  const bad = axes.filter((i) => x.shape[i] !== 1);
  if (bad.length > 0) {
    throw new ValueError(
      `squeeze: cannot squeeze axis ${bad[0]} of ${str(x)}: its size is ${x.shape[bad[0]!]}, not 1; ` +
        `squeeze only size-1 axes (index or slice the axis to drop it)`,
    );
  }
  return laxSqueeze(x, axes);
}

// ---- Broadcasting -----------------------------------------------------------------------------

/** `jnp.broadcast_shapes(...shapes)`: the numpy broadcast of several shapes. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  return broadcastShapeList("broadcastShapes", shapes);
}

/** `jnp.broadcast_to(a, shape)`: size-1 and missing leading axes expand; nothing else may change. */
export function broadcastTo(a: ArrayLike, newShape: number | readonly number[]): JaxArray {
  const x = asArray(a, "broadcastTo");
  const target = typeof newShape === "number" ? [newShape] : [...newShape];
  const lead = target.length - x.ndim;
  const ok = lead >= 0 && x.shape.every((d, i) => d === 1 || d === target[lead + i]);
  if (!ok || target.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(
      `broadcastTo: cannot broadcast ${str(x)} to shape ${shapeStr(target)}; each axis of the array must be 1 or ` +
        `equal to the target's trailing axis, and the target needs at least as many axes`,
    );
  }
  return broadcastInDim(
    x,
    target,
    x.shape.map((_, i) => lead + i),
  );
}

/** `jnp.broadcast_arrays(...arrays)`: every operand broadcast to their common shape. */
export function broadcastArrays(...arrays: ArrayLike[]): JaxArray[] {
  const xs = arrays.map((a) => asArray(a, "broadcastArrays"));
  const common = broadcastShapeList(
    "broadcastArrays",
    xs.map((x) => x.shape),
    xs.map(str),
  );
  return xs.map((x) => broadcastTo(x, common));
}

function atleast(op: string, rank: number, arrays: ArrayLike[]): JaxArray | JaxArray[] {
  const out = arrays.map((a) => {
    const x = asArray(a, op);
    if (x.ndim >= rank) return x;
    if (x.ndim === 0) return laxReshape(x, new Array<number>(rank).fill(1));
    // numpy's layouts: 1-D (N) -> (1, N) and (1, N, 1); 2-D (M, N) -> (M, N, 1).
    if (x.ndim === 1) return laxReshape(x, rank === 2 ? [1, x.shape[0]!] : [1, x.shape[0]!, 1]);
    return laxReshape(x, [...x.shape, 1]);
  });
  return out.length === 1 ? out[0]! : out;
}

/** `jnp.atleast_1d(...arrays)`: one array for one argument, a list for several. */
export function atleast1d(x: ArrayLike): JaxArray;
export function atleast1d(...arrays: ArrayLike[]): JaxArray | JaxArray[];
export function atleast1d(...arrays: ArrayLike[]): JaxArray | JaxArray[] {
  return atleast("atleast1d", 1, arrays);
}
export function atleast2d(x: ArrayLike): JaxArray;
export function atleast2d(...arrays: ArrayLike[]): JaxArray | JaxArray[];
export function atleast2d(...arrays: ArrayLike[]): JaxArray | JaxArray[] {
  return atleast("atleast2d", 2, arrays);
}
export function atleast3d(x: ArrayLike): JaxArray;
export function atleast3d(...arrays: ArrayLike[]): JaxArray | JaxArray[];
export function atleast3d(...arrays: ArrayLike[]): JaxArray | JaxArray[] {
  return atleast("atleast3d", 3, arrays);
}

// ---- Joining ----------------------------------------------------------------------------------

export interface JoinOptions {
  axis?: number | null;
  dtype?: DType;
}

function joinArgs(axisOrOptions: number | null | JoinOptions | undefined, options: JoinOptions): JoinOptions {
  if (axisOrOptions !== null && typeof axisOrOptions === "object") return axisOrOptions;
  return { ...options, axis: axisOrOptions === undefined ? options.axis : axisOrOptions };
}

function promoteAll(op: string, arrays: readonly ArrayLike[], dtype: DType | undefined): JaxArray[] {
  if (!Array.isArray(arrays)) throw new ValueError(`${op}: expected a list of arrays, got ${describe(arrays)}`);
  if (arrays.length === 0) throw new ValueError(`${op}: need at least one array to join`);
  const xs = promoteDtypes(op, arrays);
  return dtype ? xs.map((x) => convertElementType(x, dtype)) : xs;
}

/** `jnp.concatenate(arrays, axis = 0, { dtype })`; `axis: null` joins the flattened arrays. */
export function concatenate(
  arrays: readonly ArrayLike[],
  axis?: number | null | JoinOptions,
  options: JoinOptions = {},
): JaxArray {
  const opts = joinArgs(axis, options);
  let xs = promoteAll("concatenate", arrays, opts.dtype);
  let ax = opts.axis === undefined ? 0 : opts.axis;
  if (ax === null) {
    xs = xs.map((x) => laxReshape(x, [x.size]));
    ax = 0;
  }
  const first = xs[0]!;
  if (xs.some((x) => x.ndim === 0)) {
    throw new ValueError(
      `concatenate: zero-dimensional arrays cannot be concatenated, got ${xs.map(str).join(", ")}; use jnp.stack`,
    );
  }
  const d = normalizeAxis(ax, first.ndim, "concatenate");
  if (xs.some((x) => x.ndim !== first.ndim || x.shape.some((s, i) => i !== d && s !== first.shape[i]))) {
    throw new ShapeError(
      `concatenate: arrays must have the same rank and equal sizes on every axis but ${d}, got ${xs.map(str).join(", ")}`,
    );
  }
  return laxConcatenate(xs, d);
}

/** `jnp.stack(arrays, axis = 0, { dtype })`: joins equal-shape arrays along a new axis. */
export function stack(arrays: readonly ArrayLike[], axis?: number | JoinOptions, options: JoinOptions = {}): JaxArray {
  const opts = joinArgs(axis, options);
  const xs = promoteAll("stack", arrays, opts.dtype);
  const first = xs[0]!;
  if (xs.some((x) => x.ndim !== first.ndim || x.shape.some((s, i) => s !== first.shape[i]))) {
    throw new ShapeError(`stack: all input arrays must have the same shape, got ${xs.map(str).join(", ")}`);
  }
  const d = normalizeAxis(opts.axis ?? 0, first.ndim + 1, "stack");
  return laxConcatenate(
    xs.map((x) => laxExpandDims(x, [d])),
    d,
  );
}

/** `jnp.hstack`: joins along axis 1 (axis 0 for 1-D arrays). */
export function hstack(arrays: readonly ArrayLike[], options: { dtype?: DType } = {}): JaxArray {
  const xs = arrays.map((a) => atleast("hstack", 1, [a]) as JaxArray);
  return concatenate(xs, xs[0]?.ndim === 1 ? 0 : 1, options);
}

/** `jnp.vstack`: joins along axis 0, 1-D arrays as rows. */
export function vstack(arrays: readonly ArrayLike[], options: { dtype?: DType } = {}): JaxArray {
  return concatenate(
    arrays.map((a) => atleast("vstack", 2, [a]) as JaxArray),
    0,
    options,
  );
}

export const rowStack = vstack;

/** `jnp.dstack`: joins along axis 2 (depth). */
export function dstack(arrays: readonly ArrayLike[], options: { dtype?: DType } = {}): JaxArray {
  return concatenate(
    arrays.map((a) => atleast("dstack", 3, [a]) as JaxArray),
    2,
    options,
  );
}

/** `jnp.column_stack`: 1-D arrays become columns; joins along axis 1. */
export function columnStack(arrays: readonly ArrayLike[]): JaxArray {
  const xs = arrays.map((a) => {
    const x = asArray(a, "columnStack");
    return x.ndim < 2 ? laxReshape(x, [x.size, 1]) : x;
  });
  return concatenate(xs, 1);
}

/** `jnp.append(arr, values, axis?)`: without an axis both are flattened first. */
export function append(arr: ArrayLike, values: ArrayLike, axis?: number | null): JaxArray {
  return concatenate([arr, values], axis ?? null);
}

// ---- Splitting --------------------------------------------------------------------------------

function splitAt(x: JaxArray, bounds: readonly number[], axis: number): JaxArray[] {
  const n = x.shape[axis]!;
  const edges = [0, ...bounds.map((b) => Math.min(Math.max(b < 0 ? b + n : b, 0), n)), n];
  const out: JaxArray[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!;
    const hi = Math.max(lo, edges[i + 1]!);
    out.push(sliceInDim(x, lo, hi, 1, axis));
  }
  return out;
}

function splitImpl(
  op: string,
  a: ArrayLike,
  sections: number | readonly number[],
  axis: number,
  equal: boolean,
): JaxArray[] {
  const x = asArray(a, op);
  if (x.ndim === 0) throw new ValueError(`${op}: cannot split a 0-d array ${str(x)}; it has no axis`);
  const d = normalizeAxis(axis, x.ndim, op);
  const n = x.shape[d]!;
  if (typeof sections !== "number") {
    if (sections.some((b) => !Number.isInteger(b)))
      throw new ValueError(`${op}: split indices must be integers, got [${sections.join(", ")}]`);
    return splitAt(x, sections, d);
  }
  if (!Number.isInteger(sections) || sections <= 0) {
    throw new ValueError(`${op}: the number of sections must be a positive integer, got ${sections}`);
  }
  if (equal && n % sections !== 0) {
    throw new ValueError(
      `${op}: an axis of size ${n} (axis ${d} of ${str(x)}) does not split into ${sections} equal sections; ` +
        `use jnp.arraySplit for unequal sections`,
    );
  }
  // numpy's array_split: the first n % sections parts get one extra element.
  const base = Math.floor(n / sections);
  const extra = n % sections;
  const bounds: number[] = [];
  let at = 0;
  for (let i = 0; i < sections - 1; i++) bounds.push((at += base + (i < extra ? 1 : 0)));
  return splitAt(x, bounds, d);
}

/** `jnp.split(a, sections | indices, axis = 0)`: equal sections, or cuts at the given indices. */
export function split(a: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): JaxArray[] {
  return splitImpl("split", a, indicesOrSections, axis, true);
}

/** `jnp.array_split`: like split, but sections may differ in size by one. */
export function arraySplit(a: ArrayLike, indicesOrSections: number | readonly number[], axis = 0): JaxArray[] {
  return splitImpl("arraySplit", a, indicesOrSections, axis, false);
}

export function hsplit(a: ArrayLike, indicesOrSections: number | readonly number[]): JaxArray[] {
  const x = asArray(a, "hsplit");
  return splitImpl("hsplit", x, indicesOrSections, x.ndim === 1 ? 0 : 1, true);
}

export function vsplit(a: ArrayLike, indicesOrSections: number | readonly number[]): JaxArray[] {
  const x = asArray(a, "vsplit");
  if (x.ndim < 2) throw new ValueError(`vsplit: needs an array of rank >= 2, got ${str(x)}`);
  return splitImpl("vsplit", x, indicesOrSections, 0, true);
}

export function dsplit(a: ArrayLike, indicesOrSections: number | readonly number[]): JaxArray[] {
  const x = asArray(a, "dsplit");
  if (x.ndim < 3) throw new ValueError(`dsplit: needs an array of rank >= 3, got ${str(x)}`);
  return splitImpl("dsplit", x, indicesOrSections, 2, true);
}

/**
 * `jnp.delete(arr, obj, axis?)`: the array without the positions `obj` (an index, a list of
 * indices, a slice, or a boolean mask) along `axis`, or of the flattened array without an axis.
 */
function deleteFn(
  arr: ArrayLike,
  obj: number | readonly (number | boolean)[] | Slice | string,
  axis?: number | null,
): JaxArray {
  let x = asArray(arr, "delete");
  if (axis === undefined || axis === null) x = laxReshape(x, [x.size]);
  const d = normalizeAxis(axis ?? 0, x.ndim, "delete");
  const n = x.shape[d]!;
  const drop = new Set<number>();
  if (typeof obj === "number" || Array.isArray(obj)) {
    const list = typeof obj === "number" ? [obj] : (obj as readonly (number | boolean)[]);
    if (list.length > 0 && list.every((v) => typeof v === "boolean")) {
      if (list.length !== n)
        throw new ShapeError(
          `delete: a boolean mask of length ${list.length} does not match axis ${d} of ${str(x)} (size ${n})`,
        );
      list.forEach((v, i) => v && drop.add(i));
    } else {
      for (const v of list) {
        if (typeof v !== "number" || !Number.isInteger(v))
          throw new ValueError(`delete: indices must be integers, got ${JSON.stringify(obj)}`);
        drop.add(checkedInt("delete", v, d, n, str(x)));
      }
    }
  } else {
    const [item] = parseIndex("delete", [obj], [n], str(x));
    if (item?.kind !== "slice")
      throw new ValueError(
        `delete: obj must be an index, a list of indices, a slice or a boolean mask, got ${String(obj)}`,
      );
    const { start, step, count } = canonicalizeSlice(item, n);
    for (let k = 0; k < count; k++) drop.add(start + k * step);
  }
  return takeStatic(
    x,
    d,
    range(n).filter((i) => !drop.has(i)),
  );
}
export { deleteFn as delete };

// ---- Tiling and repeating ---------------------------------------------------------------------

/** `jnp.tile(a, reps)`: the array repeated `reps[i]` times along each axis. */
export function tile(a: ArrayLike, reps: number | readonly number[]): JaxArray {
  const x = asArray(a, "tile");
  const r = typeof reps === "number" ? [reps] : [...reps];
  if (r.some((k) => !Number.isInteger(k) || k < 0))
    throw new ValueError(`tile: reps must be non-negative integers, got [${r.join(", ")}]`);
  const d = Math.max(r.length, x.ndim);
  const xs = [...new Array<number>(d - x.ndim).fill(1), ...x.shape];
  const rs = [...new Array<number>(d - r.length).fill(1), ...r];
  // Interleave a size-k axis before each operand axis, broadcast, then merge each pair.
  const interleaved = xs.flatMap((s, i) => [rs[i]!, s]);
  const spread = broadcastInDim(
    laxReshape(x, xs),
    interleaved,
    xs.map((_, i) => 2 * i + 1),
  );
  return laxReshape(
    spread,
    xs.map((s, i) => s * rs[i]!),
  );
}

export interface RepeatOptions {
  axis?: number | null;
  /** The length of the result along the axis (JAX's `total_repeat_length`): truncates or repeats the last element. */
  totalRepeatLength?: number;
}

/** Host values of a static repeats argument (JS numbers or a concrete array). */
function staticRepeats(repeats: number | readonly number[] | JaxArray): number[] | null {
  if (typeof repeats === "number") return [repeats];
  if (Array.isArray(repeats)) return [...(repeats as readonly number[])];
  if (repeats instanceof ArrayImpl) return Array.from(repeats.dataSync(), Number);
  return null;
}

/**
 * `jnp.repeat(a, repeats, axis?, { totalRepeatLength })`: each element repeated; `repeats` is one
 * count or one per element along the axis. Without an axis the array is flattened first.
 */
export function repeat(
  a: ArrayLike,
  repeats: number | readonly number[] | JaxArray,
  axis?: number | null | RepeatOptions,
  options: RepeatOptions = {},
): JaxArray {
  const opts: RepeatOptions =
    axis !== null && typeof axis === "object" ? axis : { ...options, axis: axis ?? options.axis };
  let x = asArray(a, "repeat");
  if (opts.axis === undefined || opts.axis === null) x = laxReshape(x, [x.size]);
  const d = normalizeAxis(opts.axis ?? 0, x.ndim, "repeat");
  const n = x.shape[d]!;
  const counts = staticRepeats(repeats);
  if (counts === null) {
    throw new ValueError(
      `repeat: repeats is a traced array ${str(repeats as JaxArray)}, so the output size is unknown; ` +
        `pass repeats as JS numbers (or a concrete array), or mark it static with jit(f, { staticArgnums })`,
    );
  }
  if (counts.some((c) => !Number.isInteger(c) || c < 0))
    throw new ValueError(`repeat: repeats must be non-negative integers, got [${counts.join(", ")}]`);
  const total = opts.totalRepeatLength;
  if (total !== undefined && (!Number.isInteger(total) || total < 0)) {
    throw new ValueError(`repeat: totalRepeatLength must be a non-negative integer, got ${total}`);
  }
  if (counts.length === 1 && total === undefined) {
    const k = counts[0]!;
    const expanded = [...x.shape.slice(0, d + 1), k, ...x.shape.slice(d + 1)];
    const spread = broadcastInDim(
      x,
      expanded,
      x.shape.map((_, i) => (i <= d ? i : i + 1)),
    );
    const merged = [...x.shape];
    merged[d] = n * k;
    return laxReshape(spread, merged);
  }
  const per = counts.length === 1 ? new Array<number>(n).fill(counts[0]!) : counts;
  if (per.length !== n) {
    throw new ShapeError(
      `repeat: got ${per.length} repeats for an axis of size ${n} (axis ${d} of ${str(x)}); give one count or one per element`,
    );
  }
  return takeStatic(x, d, repeatSources(per, total));
}

/**
 * The source element of each output position. With a total length, positions past the repeated
 * elements read the element whose block starts last at or before them, as JAX's scatter-and-cumsum
 * construction does.
 */
function repeatSources(counts: readonly number[], total: number | undefined): number[] {
  const starts: number[] = [];
  let acc = 0;
  for (const c of counts) {
    starts.push(acc);
    acc += c;
  }
  const length = total ?? acc;
  const out: number[] = [];
  let block = 0;
  for (let p = 0; p < length; p++) {
    while (block < starts.length && starts[block]! <= p) block++;
    out.push(block - 1);
  }
  return out;
}

// ---- Padding ----------------------------------------------------------------------------------

export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap" | "empty";

/** numpy's pad widths: n, [n], [before, after], [[before, after]] or one pair per axis. */
export type PadWidth = number | readonly number[] | readonly (readonly number[])[];

export interface PadOptions {
  mode?: PadMode;
  /** For mode "constant": one value, or (before, after) values, per axis or for all. */
  constantValues?: number | readonly number[] | readonly (readonly number[])[] | JaxArray;
}

/** Broadcasts numpy's pair specs (scalar, [v], [b, a], [[b, a]], [[b, a], ...]) to one pair per axis. */
function asPairs(
  op: string,
  what: string,
  spec: number | readonly number[] | readonly (readonly number[])[],
  ndim: number,
): [number, number][] {
  const rows: readonly (readonly number[])[] =
    typeof spec === "number"
      ? [[spec]]
      : spec.length > 0 && Array.isArray(spec[0])
        ? (spec as readonly (readonly number[])[])
        : [spec as readonly number[]];
  const cols = rows.map((r) => r.length);
  const fits = (rows.length === 1 || rows.length === ndim) && cols.every((c) => c === cols[0] && (c === 1 || c === 2));
  if (!fits || rows.some((r) => r.some((v) => typeof v !== "number"))) {
    throw new ValueError(
      `${op}: ${what} ${JSON.stringify(spec)} does not broadcast to one (before, after) pair per axis (${ndim} axes); ` +
        `give n, [before, after], or [[before, after], ...] with one pair per axis`,
    );
  }
  return range(ndim).map((i) => {
    const r = rows[rows.length === 1 ? 0 : i]!;
    return [r[0]!, r[r.length - 1]!];
  });
}

/** Source index along an axis of size n for extended position j (j < 0 or j >= n are padding). */
function padSource(mode: Exclude<PadMode, "constant" | "empty">, j: number, n: number): number {
  const mod = (a: number, m: number) => ((a % m) + m) % m;
  switch (mode) {
    case "edge":
      return Math.min(Math.max(j, 0), n - 1);
    case "wrap":
      return mod(j, n);
    case "reflect": {
      if (n === 1) return 0;
      const m = mod(j, 2 * (n - 1));
      return m < n ? m : 2 * (n - 1) - m;
    }
    case "symmetric": {
      const m = mod(j, 2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
  }
}

/** `jnp.pad(array, padWidth, { mode, constantValues })` with numpy's width forms and modes. */
export function pad(a: ArrayLike, padWidth: PadWidth, options: PadOptions = {}): JaxArray {
  const x = asArray(a, "pad");
  const mode = options.mode ?? "constant";
  const widths = asPairs("pad", "padWidth", padWidth, x.ndim);
  if (widths.some(([b, e]) => !Number.isInteger(b) || !Number.isInteger(e) || b < 0 || e < 0)) {
    throw new ValueError(`pad: padWidth ${JSON.stringify(padWidth)} must hold non-negative integers`);
  }
  if (mode === "constant" || mode === "empty") {
    const given = options.constantValues;
    if (given instanceof JaxArray) {
      // A scalar array (possibly traced) pads every side.
      if (given.ndim !== 0) {
        throw new ValueError(
          `pad: constantValues as an array must be a scalar, got ${str(given)}; give per-axis values as JS numbers`,
        );
      }
      return laxPad(
        x,
        convertElementType(given, x.dtype),
        widths.map(([b, e]) => [b, e, 0]),
      );
    }
    const values =
      mode === "empty" ? [[0, 0] as [number, number]] : asPairs("pad", "constantValues", given ?? 0, x.ndim);
    const flat = values.flat();
    // numpy casts the constant into the array's dtype (0 pads a bool array with false).
    const value = (v: number) => convertElementType(asArray(v, "pad"), x.dtype);
    if (flat.every((v) => v === flat[0])) {
      return laxPad(
        x,
        value(flat[0]!),
        widths.map(([b, e]) => [b, e, 0]),
      );
    }
    // Axis by axis, so that corners take the values of the later axes, as numpy's do.
    let y = x;
    widths.forEach(([b, e], axis) => {
      const [vb, ve] = values[axis]!;
      const config = (lo: number, hi: number) => range(x.ndim).map((i) => (i === axis ? [lo, hi, 0] : [0, 0, 0]));
      y = laxPad(laxPad(y, value(vb), config(b, 0)), value(ve), config(0, e));
    });
    return y;
  }
  if (!["edge", "reflect", "symmetric", "wrap"].includes(mode)) {
    throw new ValueError(
      `pad: unsupported mode ${JSON.stringify(mode)}; use "constant", "edge", "reflect", "symmetric", "wrap" or "empty"`,
    );
  }
  let y = x;
  widths.forEach(([b, e], axis) => {
    if (b === 0 && e === 0) return;
    const n = x.shape[axis]!;
    if (n === 0) {
      throw new ValueError(
        `pad: cannot extend the empty axis ${axis} of ${str(x)} with mode "${mode}"; use mode "constant"`,
      );
    }
    const sources = range(n + b + e).map((p) => padSource(mode as "edge", p - b, n));
    y = takeStatic(y, axis, sources);
  });
  return y;
}

// ---- Flips and rolls --------------------------------------------------------------------------

/** `jnp.flip(m, axis?)`: reverses the given axes, or all of them. */
export function flip(m: ArrayLike, axis?: AxisOrAxes | null): JaxArray {
  const x = asArray(m, "flip");
  const axes = normalizeAxes(axis, x.ndim, "flip");
  return axes.length === 0 ? x : rev(x, axes);
}

export function fliplr(m: ArrayLike): JaxArray {
  const x = asArray(m, "fliplr");
  if (x.ndim < 2) throw new ValueError(`fliplr: needs an array of rank >= 2, got ${str(x)}`);
  return rev(x, [1]);
}

export function flipud(m: ArrayLike): JaxArray {
  const x = asArray(m, "flipud");
  if (x.ndim < 1) throw new ValueError(`flipud: needs an array of rank >= 1, got ${str(x)}`);
  return rev(x, [0]);
}

/**
 * `jnp.roll(a, shift, axis?)`: elements shifted cyclically; shifts and axes pair up (broadcast).
 * Without an axis the flattened array rolls and gets its shape back.
 */
export function roll(a: ArrayLike, shift: number | readonly number[], axis?: AxisOrAxes | null): JaxArray {
  const x = asArray(a, "roll");
  if (axis === undefined || axis === null) {
    const total = (typeof shift === "number" ? [shift] : shift).reduce((s, v) => s + v, 0);
    return laxReshape(roll(laxReshape(x, [x.size]), total, 0), x.shape);
  }
  const shifts = typeof shift === "number" ? [shift] : [...shift];
  const axes = typeof axis === "number" ? [axis] : [...axis];
  if (shifts.length !== axes.length && shifts.length !== 1 && axes.length !== 1) {
    throw new ValueError(
      `roll: ${shifts.length} shifts and ${axes.length} axes do not pair up; give one shift per axis (or one for all)`,
    );
  }
  if (shifts.some((s) => !Number.isInteger(s)))
    throw new ValueError(`roll: shifts must be integers, got [${shifts.join(", ")}]`);
  const count = Math.max(shifts.length, axes.length);
  let y = x;
  for (let k = 0; k < count; k++) {
    const d = normalizeAxis(axes[axes.length === 1 ? 0 : k]!, x.ndim, "roll");
    const n = x.shape[d]!;
    if (n === 0) continue;
    const s = ((shifts[shifts.length === 1 ? 0 : k]! % n) + n) % n;
    if (s === 0) continue;
    y = laxConcatenate([sliceInDim(y, n - s, n, 1, d), sliceInDim(y, 0, n - s, 1, d)], d);
  }
  return y;
}

/** `jnp.rot90(m, k = 1, axes = [0, 1])`: rotation by 90 degrees in the plane of two axes. */
export function rot90(m: ArrayLike, k = 1, axes: readonly [number, number] = [0, 1]): JaxArray {
  const x = asArray(m, "rot90");
  if (axes.length !== 2) throw new ValueError(`rot90: axes must name two axes, got [${axes.join(", ")}]`);
  const [a0, a1] = normalizeAxes(axes, x.ndim, "rot90") as [number, number];
  if (!Number.isInteger(k)) throw new ValueError(`rot90: k must be an integer, got ${k}`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return x;
  if (turns === 2) return rev(x, [a0, a1]);
  const perm = range(x.ndim);
  perm[a0] = a1;
  perm[a1] = a0;
  return turns === 1 ? laxTranspose(rev(x, [a1]), perm) : rev(laxTranspose(x, perm), [a1]);
}
