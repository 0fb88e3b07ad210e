// Array creation: jnp.array and friends.
import { arrayFromHost } from "../array.js";
import type { ArrayLike } from "../coerce.js";
import { dtypeFromTypedArray, isDType, type DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { JaxArray } from "../tracing/array.js";

export type NestedArrayInput = number | boolean | JaxArray | readonly NestedArrayInput[];

export interface DTypeOption {
  dtype?: DType;
}

function checkDtype(op: string, dtype: unknown): void {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new ValueError(`${op}: unknown dtype ${String(dtype)}; use one of bool, int32, uint32, float16, float32, float64`);
  }
}

function inferShapeAndValues(op: string, x: NestedArrayInput): { shape: number[]; values: number[]; kind: "bool" | "int" | "float" } {
  const shape: number[] = [];
  const values: number[] = [];
  let kind: "bool" | "int" | "float" = "bool";
  const seenKinds = new Set<string>();
  const walk = (v: NestedArrayInput, depth: number): void => {
    if (Array.isArray(v)) {
      if (shape.length === depth) shape.push(v.length);
      else if (shape[depth] !== v.length || shape.length <= depth) {
        throw new ValueError(`${op}: ragged nested array: expected length ${shape[depth]} at depth ${depth}, got ${v.length}`);
      }
      for (const e of v) walk(e as NestedArrayInput, depth + 1);
      return;
    }
    if (depth !== shape.length && values.length > 0) {
      throw new ValueError(`${op}: ragged nested array: a scalar at depth ${depth} where depth ${shape.length} was expected`);
    }
    if (typeof v === "boolean") {
      values.push(v ? 1 : 0);
      seenKinds.add("bool");
    } else if (typeof v === "number") {
      values.push(v);
      seenKinds.add(Number.isInteger(v) ? "int" : "float");
    } else if (v instanceof JaxArray) {
      throw new ValueError(`${op}: nested arrays of jax arrays are not supported; use jnp.stack`);
    } else {
      throw new ValueError(`${op}: cannot convert ${String(v)} (${typeof v}) to an array element`);
    }
  };
  walk(x, 0);
  if (seenKinds.has("float")) kind = "float";
  else if (seenKinds.has("int")) kind = "int";
  else kind = seenKinds.has("bool") ? "bool" : "float";
  return { shape, values, kind };
}

/** `jnp.array`: nested JS arrays, TypedArrays, numbers or arrays; integers become int32, others float32. */
export function array(x: NestedArrayInput | ArrayBufferView, options: DTypeOption = {}): JaxArray {
  checkDtype("array", options.dtype);
  if (x instanceof JaxArray) return options.dtype ? convertElementType(x, options.dtype) : x;
  if (ArrayBuffer.isView(x)) {
    const dtype = options.dtype ?? dtypeFromTypedArray(x);
    const data = x as unknown as { length: number; [i: number]: number };
    return arrayFromHost(data, [data.length], dtype);
  }
  const { shape, values, kind } = inferShapeAndValues("array", x);
  const inferred: DType = kind === "bool" ? "bool" : kind === "int" && values.every((v) => v >= -(2 ** 31) && v < 2 ** 31) ? "int32" : "float32";
  return arrayFromHost(values, shape, options.dtype ?? inferred);
}

/** `jnp.asarray`: like `array` but returns arrays unchanged. */
export function asarray(x: NestedArrayInput | ArrayBufferView | ArrayLike, options: DTypeOption = {}): JaxArray {
  return array(x as NestedArrayInput, options);
}
