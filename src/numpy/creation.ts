// Array creation: jnp.array, asarray, zeros/ones/full/empty and their *Like forms, copy.
import { ArrayImpl, arrayFromHost } from "../array.js";
import { asArray, describe, type ArrayLike } from "../coerce.js";
import { dtypeFromTypedArray, isDType, type DType } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { reshapeP } from "../primitives/shape/reshape.js";
import { JaxArray } from "../tracing/array.js";
import { bind1 } from "../tracing/trace.js";
import { broadcastTo } from "./promote.js";
import { stackNested } from "./creation-stack.js";

export type NestedArrayInput = number | boolean | JaxArray | readonly NestedArrayInput[];

export interface DTypeOption {
  dtype?: DType;
}

/** A shape given as one size or a list of sizes, as numpy accepts it. */
export type ShapeLike = number | readonly number[];

export function checkDtype(op: string, dtype: unknown): void {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new ValueError(
      `${op}: unknown dtype ${typeof dtype === "string" ? dtype : describe(dtype)}; use one of bool, int32, uint32, float16, float32, float64`,
    );
  }
}

/**
 * The most elements one array may hold: kernels index with 32-bit integers (WGSL has no 64-bit
 * ones), and asking the host for more fails with an unnamed RangeError.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Rejects sizes that no device can hold, before anything is allocated. */
export function checkElementCount(op: string, shape: readonly number[]): void {
  const n = shape.reduce((a, d) => a * d, 1);
  if (n > MAX_ELEMENTS) {
    throw new ValueError(
      `${op}: shape [${shape.join(",")}] has ${n} elements, more than the ${MAX_ELEMENTS} an array may hold; ` +
        `use a smaller shape, or split the work into chunks (e.g. with lax.map or lax.scan)`,
    );
  }
}

export function toShape(op: string, shape: ShapeLike): number[] {
  const list: unknown[] | null =
    typeof shape === "number" ? [shape] : Array.isArray(shape) || ArrayBuffer.isView(shape) ? Array.from(shape) : null;
  if (list === null || !list.every((d): d is number => typeof d === "number")) {
    throw new ValueError(
      `${op}: a shape is a size or a list of sizes, got ${describeShape(shape)}; write a size like 5 or a list like [2, 3]`,
    );
  }
  if (!list.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(
      `${op}: shape [${list.join(",")}] must contain non-negative integers; round sizes with Math.floor and check for NaN`,
    );
  }
  checkElementCount(op, list);
  return list;
}

function describeShape(shape: unknown): string {
  if (Array.isArray(shape)) {
    const bad = (shape as readonly unknown[]).find((d) => typeof d !== "number");
    return `a list holding ${describe(bad)}`;
  }
  return describe(shape);
}

/** Whether a nested list holds jax arrays; a list that contains itself is a ValueError (not a stack overflow). */
function containsJaxArray(op: string, x: NestedArrayInput, ancestors = new Set<unknown>()): boolean {
  if (x instanceof JaxArray) return true;
  if (!Array.isArray(x)) return false;
  if (ancestors.has(x)) throw new ValueError(`${op}: the nested list contains itself; pass a list of numbers without cycles`);
  ancestors.add(x);
  // Every element is visited (no early exit), so a cycle anywhere is caught before stacking.
  let found = false;
  for (const e of x as readonly NestedArrayInput[]) found = containsJaxArray(op, e, ancestors) || found;
  ancestors.delete(x);
  return found;
}

function inferShapeAndValues(
  op: string,
  x: NestedArrayInput,
): { shape: number[]; values: number[]; kind: "bool" | "int" | "float" } {
  const shape: number[] = [];
  const values: number[] = [];
  const seenKinds = new Set<string>();
  let leafDepth = -1;
  const walk = (v: NestedArrayInput, depth: number): void => {
    if (Array.isArray(v)) {
      if (leafDepth !== -1 && depth >= leafDepth) {
        throw new ValueError(`${op}: ragged nested array: a list at depth ${depth} where scalars were found before`);
      }
      if (shape.length === depth) shape.push(v.length);
      else if (shape[depth] !== v.length) {
        throw new ValueError(
          `${op}: ragged nested array: expected length ${shape[depth]} at depth ${depth}, got ${v.length}`,
        );
      }
      for (const e of v) walk(e as NestedArrayInput, depth + 1);
      return;
    }
    if (leafDepth === -1) leafDepth = depth;
    if (depth !== leafDepth || depth !== shape.length) {
      throw new ValueError(
        `${op}: ragged nested array: a scalar at depth ${depth} where depth ${shape.length} was expected`,
      );
    }
    if (typeof v === "boolean") {
      values.push(v ? 1 : 0);
      seenKinds.add("bool");
    } else if (typeof v === "number") {
      values.push(v);
      seenKinds.add(Number.isInteger(v) ? "int" : "float");
    } else {
      throw new ValueError(`${op}: cannot convert ${describe(v)} to an array element`);
    }
  };
  walk(x, 0);
  const kind = seenKinds.has("float")
    ? "float"
    : seenKinds.has("int")
      ? "int"
      : seenKinds.has("bool")
        ? "bool"
        : "float";
  return { shape, values, kind };
}

/** A new buffer with the same contents (arrays are immutable; the copy matters for dispose()). */
function freshCopy(x: JaxArray): JaxArray {
  // lax.reshape skips same-shape reshapes; binding the primitive itself makes the device copy.
  if (x instanceof ArrayImpl) return bind1(reshapeP, [x], { newSizes: x.shape, dimensions: null });
  return x;
}

/**
 * `jnp.array`: nested JS arrays, TypedArrays, numbers or arrays; integers become int32, others
 * float32. Lists that hold jax arrays are stacked (their dtypes promoted, as jnp.stack does).
 */
export function array(x: NestedArrayInput | ArrayBufferView, options: DTypeOption = {}): JaxArray {
  checkDtype("array", options.dtype);
  if (x instanceof JaxArray)
    return options.dtype && options.dtype !== x.dtype ? convertElementType(x, options.dtype) : freshCopy(x);
  if (ArrayBuffer.isView(x)) {
    const dtype = options.dtype ?? dtypeFromTypedArray(x);
    const data = x as unknown as { length: number; [i: number]: number };
    return arrayFromHost(data, [data.length], dtype);
  }
  if (containsJaxArray("array", x)) {
    const stacked = stackNested("array", x);
    return options.dtype ? convertElementType(stacked, options.dtype) : stacked;
  }
  const { shape, values, kind } = inferShapeAndValues("array", x);
  const inferred: DType =
    kind === "bool"
      ? "bool"
      : kind === "int" && values.every((v) => v >= -(2 ** 31) && v < 2 ** 31)
        ? "int32"
        : "float32";
  return arrayFromHost(values, shape, options.dtype ?? inferred);
}

/** `jnp.asarray`: like `array` but returns arrays unchanged (no copy). */
export function asarray(x: NestedArrayInput | ArrayBufferView | ArrayLike, options: DTypeOption = {}): JaxArray {
  if (x instanceof JaxArray) {
    checkDtype("asarray", options.dtype);
    return options.dtype ? convertElementType(x, options.dtype) : x;
  }
  return array(x, options);
}

/** `jnp.copy`: an array with the same values in a buffer of its own. */
export function copy(x: ArrayLike): JaxArray {
  return freshCopy(asArray(x, "copy"));
}

/** `jnp.full(shape, fillValue, { dtype })`; an array fill value is broadcast to `shape`. */
export function full(shape: ShapeLike, fillValue: ArrayLike, options: DTypeOption = {}): JaxArray {
  checkDtype("full", options.dtype);
  const dims = toShape("full", shape);
  const fill = asArray(fillValue, "full");
  // A JS number fill keeps its weak type when no dtype is asked for, as in JAX.
  const value = options.dtype ? convertElementType(fill, options.dtype) : fill;
  return fillTo("full", value, dims);
}

/** Broadcasts a fill value to `shape` (numpy rules), naming the calling function in the error. */
function fillTo(op: string, value: JaxArray, shape: number[]): JaxArray {
  if (value.ndim === 0) return broadcastInDim(value, shape, []);
  const lead = shape.length - value.ndim;
  if (lead < 0 || value.shape.some((d, i) => d !== 1 && d !== shape[lead + i])) {
    throw new ShapeError(
      `${op}: cannot broadcast the fill value ${value.aval.str()} to shape [${shape.join(",")}]; give a scalar or a broadcastable array`,
    );
  }
  return broadcastTo(value, shape);
}

export function zeros(shape: ShapeLike, options: DTypeOption = {}): JaxArray {
  checkDtype("zeros", options.dtype);
  return full(shape, 0, { dtype: options.dtype ?? "float32" });
}

export function ones(shape: ShapeLike, options: DTypeOption = {}): JaxArray {
  checkDtype("ones", options.dtype);
  return full(shape, 1, { dtype: options.dtype ?? "float32" });
}

/** `jnp.empty`: JAX arrays cannot be uninitialized, so this is `zeros`. */
export function empty(shape: ShapeLike, options: DTypeOption = {}): JaxArray {
  checkDtype("empty", options.dtype);
  return zeros(shape, options);
}

export interface LikeOptions extends DTypeOption {
  shape?: ShapeLike;
}

function likeArgs(op: string, x: ArrayLike, options: LikeOptions): { shape: number[]; dtype: DType; weak: boolean } {
  checkDtype(op, options.dtype);
  const a = asArray(x, op);
  return {
    shape: options.shape === undefined ? a.shape : toShape(op, options.shape),
    dtype: options.dtype ?? a.dtype,
    weak: options.dtype === undefined && a.weakType,
  };
}

/** `jnp.full_like(x, fillValue, { dtype, shape })`: dtype and shape of `x` unless given. */
export function fullLike(x: ArrayLike, fillValue: ArrayLike, options: LikeOptions = {}): JaxArray {
  const { shape, dtype, weak } = likeArgs("fullLike", x, options);
  return fillTo("fullLike", convertElementType(asArray(fillValue, "fullLike"), dtype, weak), shape);
}

export function zerosLike(x: ArrayLike, options: LikeOptions = {}): JaxArray {
  return fullLike(x, 0, options);
}

export function onesLike(x: ArrayLike, options: LikeOptions = {}): JaxArray {
  return fullLike(x, 1, options);
}

export function emptyLike(x: ArrayLike, options: LikeOptions = {}): JaxArray {
  return fullLike(x, 0, options);
}
