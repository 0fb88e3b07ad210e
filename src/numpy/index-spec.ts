// The numpy index spec of `x.slice(...)` and `x.at(...)`, one item per argument (Python's
// `x[a, b, c]` is `x.slice(a, b, c)`):
//   3, -1                an integer (negative counts from the end)
//   ":", "1:", "::-1"    a slice in Python's syntax; jnp.slice(start, stop, step) builds one too
//   "..."                the remaining axes (at most one ellipsis)
//   null, "newaxis"      a new axis of size 1 (jnp.newaxis is null)
//   int array or list    advanced (gather) indexing, broadcast against the other arrays
//   bool array or list   a mask, turned into the int arrays of its true positions (concrete only)
//   0-d int array        an index known only at run time
import { arrayFromHost, ArrayImpl } from "../array.js";
import { isBool, isInteger } from "../dtypes.js";
import { ConcretizationError, DTypeError, ShapeError, ValueError } from "../errors.js";
import { JaxArray, Tracer } from "../tracing/array.js";

/** A slice `start:stop:step`; null parts take numpy's defaults. */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}
  toString(): string {
    const part = (v: number | null) => (v === null ? "" : String(v));
    return `${part(this.start)}:${part(this.stop)}${this.step === null ? "" : `:${this.step}`}`;
  }
}

/** Python's `slice(stop)` / `slice(start, stop, step?)` for index specs: `x.slice(jnp.slice(1, null, -1))`. */
export function slice(stop: number | null): Slice;
export function slice(start: number | null, stop: number | null, step?: number | null): Slice;
export function slice(a: number | null, b?: number | null, c?: number | null): Slice {
  return b === undefined ? new Slice(null, a, null) : new Slice(a, b, c ?? null);
}

/** numpy's `newaxis` (Python's None). */
export const newaxis = null;

export type NestedIndexList = readonly (number | boolean | NestedIndexList)[];
export type IndexItem = number | string | null | Slice | JaxArray | NestedIndexList;

/** One index item after parsing: every advanced index is an int array by now. */
export type CanonItem =
  | { kind: "int"; index: number }
  | { kind: "dynint"; index: JaxArray }
  | { kind: "slice"; start: number | null; stop: number | null; step: number | null }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "array"; index: JaxArray };

const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function describeItem(item: unknown): string {
  if (item instanceof JaxArray) return item.aval.str();
  if (typeof item === "string") return JSON.stringify(item);
  if (Array.isArray(item)) return JSON.stringify(item);
  return String(item);
}

function badItem(op: string, item: unknown, why: string): ValueError {
  return new ValueError(
    `${op}: invalid index ${describeItem(item)}: ${why}; use an integer, a "start:stop:step" string or jnp.slice(...), ` +
      `"...", null (newaxis), or an integer or boolean array`,
  );
}

function checkSliceBound(op: string, v: number | null, what: string): void {
  if (v !== null && !Number.isInteger(v)) {
    throw new ValueError(
      `${op}: slice ${what} ${String(v)} must be a JS integer or null; slices need static bounds ` +
        `(to index at a position known only at run time, use lax.dynamicSlice or a 0-d integer array index)`,
    );
  }
}

function parseSlice(op: string, s: Slice): CanonItem {
  checkSliceBound(op, s.start, "start");
  checkSliceBound(op, s.stop, "stop");
  checkSliceBound(op, s.step, "step");
  if (s.step === 0) throw new ValueError(`${op}: slice step cannot be zero (in "${s.toString()}")`);
  return { kind: "slice", start: s.start, stop: s.stop, step: s.step };
}

/** Shape and flat values of a nested JS list (an index given as a JS array). */
function nestedList(op: string, list: NestedIndexList): { shape: number[]; values: (number | boolean)[] } {
  const shape: number[] = [];
  const values: (number | boolean)[] = [];
  const walk = (v: number | boolean | NestedIndexList, depth: number): void => {
    if (Array.isArray(v)) {
      if (shape.length === depth) shape.push(v.length);
      else if (shape[depth] !== v.length) throw badItem(op, list, "ragged nested list");
      for (const e of v as NestedIndexList) walk(e, depth + 1);
      return;
    }
    if (depth !== shape.length) throw badItem(op, list, "ragged nested list");
    values.push(v as number | boolean);
  };
  walk(list, 0);
  return { shape, values };
}

/** The int arrays of a concrete boolean mask's true positions (numpy's `nonzero`), one per mask axis. */
function expandMask(op: string, mask: JaxArray): JaxArray[] {
  if (mask instanceof Tracer) {
    throw new ConcretizationError(
      `${op}: a boolean mask index ${mask.aval.str()} is traced, so the result's shape would depend on its values; ` +
        `use jnp.where(mask, x, 0) to keep the shape, or jnp.nonzero(mask, { size }) for a static number of indices`,
    );
  }
  const data = (mask as ArrayImpl).dataSync();
  const shape = mask.shape;
  const coords: number[][] = shape.map(() => []);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  for (let f = 0; f < data.length; f++) {
    if (!data[f]) continue;
    shape.forEach((d, i) => coords[i]!.push(Math.floor(f / strides[i]!) % d));
  }
  return coords.map((c) => arrayFromHost(c, [c.length], "int32"));
}

type Prelim = CanonItem | { kind: "mask"; mask: JaxArray };

/**
 * Parses every item. Boolean masks expand into one int array per mask axis, after their shape is
 * checked against the axes they cover (so the number of items may grow).
 */
export function parseIndex(
  op: string,
  items: readonly IndexItem[],
  shape: readonly number[],
  shapeText: string,
): CanonItem[] {
  const pre: Prelim[] = [];
  for (const item of items) {
    if (item === null || item === undefined) pre.push({ kind: "newaxis" });
    else if (typeof item === "number") {
      if (!Number.isInteger(item)) throw badItem(op, item, "indices must be integers");
      pre.push({ kind: "int", index: item });
    } else if (typeof item === "boolean") {
      throw badItem(
        op,
        item,
        "scalar booleans are not supported as indices (numpy reads true as a new axis); use null",
      );
    } else if (typeof item === "string") {
      if (item === "...") pre.push({ kind: "ellipsis" });
      else if (item === "newaxis") pre.push({ kind: "newaxis" });
      else {
        const m = SLICE_RE.exec(item);
        if (!m) throw badItem(op, item, 'not a slice string like "1:5", "::-1" or ":"');
        const num = (g: string | undefined) => (g === undefined ? null : Number(g));
        pre.push(parseSlice(op, new Slice(num(m[1]), num(m[2]), num(m[3]))));
      }
    } else if (item instanceof Slice) pre.push(parseSlice(op, item));
    else if (item instanceof JaxArray) pre.push(arrayItem(op, item));
    else if (Array.isArray(item)) {
      const { shape: dims, values } = nestedList(op, item as NestedIndexList);
      if (values.length > 0 && values.every((v) => typeof v === "boolean")) {
        pre.push({ kind: "mask", mask: arrayFromHost(values.map(Number), dims, "bool") });
      } else {
        if (values.some((v) => typeof v !== "number" || !Number.isInteger(v)))
          throw badItem(op, item, "list indices must be integers or all booleans");
        pre.push({ kind: "array", index: arrayFromHost(values as number[], dims, "int32") });
      }
    } else throw badItem(op, item, "unsupported index type");
  }
  if (pre.filter((c) => c.kind === "ellipsis").length > 1) {
    throw new ValueError(`${op}: an index can only have a single ellipsis ("...")`);
  }
  const width = (c: Prelim) =>
    c.kind === "mask" ? c.mask.ndim : c.kind === "newaxis" || c.kind === "ellipsis" ? 0 : 1;
  const total = pre.reduce((n, c) => n + width(c), 0);
  const out: CanonItem[] = [];
  let axis = 0;
  for (const c of pre) {
    if (c.kind === "ellipsis") axis += Math.max(0, shape.length - total);
    if (c.kind !== "mask") {
      out.push(c);
      axis += width(c);
      continue;
    }
    const covered = shape.slice(axis, axis + c.mask.ndim);
    if (covered.length !== c.mask.ndim || c.mask.shape.some((d, i) => d !== covered[i])) {
      throw new ShapeError(
        `${op}: boolean index of shape [${c.mask.shape.join(",")}] does not match the axes ${axis}..${axis + c.mask.ndim - 1} ` +
          `of ${shapeText} (sizes [${covered.join(",")}]); a mask must have the shape of the axes it selects`,
      );
    }
    out.push(...expandMask(op, c.mask).map((index): CanonItem => ({ kind: "array", index })));
    axis += c.mask.ndim;
  }
  return out;
}

function arrayItem(op: string, a: JaxArray): Prelim {
  if (isBool(a.dtype)) {
    if (a.ndim === 0) throw badItem(op, a, "0-d boolean arrays are not supported as indices; use jnp.where");
    return { kind: "mask", mask: a };
  }
  if (!isInteger(a.dtype)) {
    throw new DTypeError(
      `${op}: indexer must have integer or boolean type, got ${a.aval.str()}; convert it with idx.astype('int32')`,
    );
  }
  return a.ndim === 0 ? { kind: "dynint", index: a } : { kind: "array", index: a };
}

/** Number of array axes the items consume (all but newaxis and ellipsis). */
function consumed(items: readonly CanonItem[]): number {
  return items.filter((c) => c.kind !== "newaxis" && c.kind !== "ellipsis").length;
}

/**
 * Replaces the ellipsis with full slices and appends full slices for the trailing axes, checking
 * that the index does not name more axes than the array has.
 */
export function expandEllipsis(op: string, items: readonly CanonItem[], ndim: number, shapeText: string): CanonItem[] {
  const used = consumed(items);
  if (used > ndim) {
    throw new ShapeError(
      `${op}: too many indices for ${shapeText}: ${ndim}-dimensional array indexed with ${used} regular indices; ` +
        `give at most ${ndim} (null and "..." don't count)`,
    );
  }
  const fill: CanonItem[] = Array.from({ length: ndim - used }, () => ({
    kind: "slice",
    start: null,
    stop: null,
    step: null,
  }));
  const at = items.findIndex((c) => c.kind === "ellipsis");
  return at === -1 ? [...items, ...fill] : [...items.slice(0, at), ...fill, ...items.slice(at + 1)];
}

/** numpy's `slice.indices(n)`: the start, step and element count of a slice on an axis of size n. */
export function canonicalizeSlice(
  s: { start: number | null; stop: number | null; step: number | null },
  n: number,
): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  const clampBound = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  if (step > 0) {
    const start = clampBound(s.start, 0, 0, n);
    const stop = clampBound(s.stop, n, 0, n);
    return { start, step, count: Math.max(0, Math.ceil((stop - start) / step)) };
  }
  const start = clampBound(s.start, n - 1, -1, n - 1);
  const stop = clampBound(s.stop, -1, -1, n - 1);
  return { start, step, count: Math.max(0, Math.ceil((stop - start) / step)) };
}

/** A static integer index wrapped into [0, n), or a clear error naming the axis. */
export function checkedInt(op: string, i: number, axis: number, n: number, shapeText: string): number {
  if (i < -n || i >= n) {
    const range = n === 0 ? "the axis is empty" : `use an index in [${-n}, ${n - 1}]`;
    throw new ValueError(
      `${op}: index ${i} is out of bounds for axis ${axis} with size ${n} of ${shapeText}; ${range}`,
    );
  }
  return i < 0 ? i + n : i;
}
