// bitcast_convert_type: reinterpret the bits of each element as another dtype. A 64-bit element
// becomes two 32-bit ones along a new last axis (and back), in little-endian order, as in JAX.
import { itemsize, type AnyTypedArray, type DType } from "../../dtypes.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import { moveaxis } from "./transpose.js";

export interface BitcastConvertTypeParams {
  newDtype: DType;
}

/** The dtypes whose bits we can reinterpret (float16 has no 16-bit integer partner here; bool has no bit pattern to share). */
const BITCASTABLE: readonly DType[] = ["int32", "uint32", "float32", "float64"];

export const bitcastConvertTypeP: Primitive<BitcastConvertTypeParams> = definePrimitive<BitcastConvertTypeParams>({
  name: "bitcast_convert_type",
  abstractEval([x], { newDtype }) {
    const head = `bitcast_convert_type: operand ${x!.str()}, new_dtype ${String(newDtype)}`;
    if (newDtype === x!.dtype) return [new ShapedArray(x!.shape, newDtype)];
    if (!BITCASTABLE.includes(x!.dtype) || !BITCASTABLE.includes(newDtype)) {
      throw new DTypeError(
        `${head}: only int32, uint32, float32 and float64 can be bitcast (to each other); use convertElementType to convert values`,
      );
    }
    const [from, to] = [itemsize(x!.dtype), itemsize(newDtype)];
    if (from === to) return [new ShapedArray(x!.shape, newDtype)];
    if (from > to) return [new ShapedArray([...x!.shape, from / to], newDtype)];
    const last = x!.shape[x!.ndim - 1];
    if (last !== to / from) {
      throw new ShapeError(
        `${head}: a ${to * 8}-bit element needs ${to / from} ${from * 8}-bit elements along the last axis, which has size ${last ?? "(none, the operand is 0-d)"}`,
      );
    }
    return [new ShapedArray(x!.shape.slice(0, -1), newDtype)];
  },
  impl([x], { newDtype }) {
    // Copy bytes rather than values: JS numbers would canonicalize NaN payloads.
    const src = x!.data;
    const raw = new Uint8Array(src.buffer, src.byteOffset, src.byteLength).slice().buffer;
    const res = viewAs(newDtype, raw);
    const widthChanges = itemsize(newDtype) !== itemsize(x!.dtype);
    // Element order within a 64-bit word follows little-endian, whatever the host's order.
    if (widthChanges && !LITTLE_ENDIAN_HOST) swapWordPairs(new Uint32Array(raw));
    return [res];
  },
  jvp: (primals, tangents, params) => zeroJvp(bitcastConvertTypeP)(primals, tangents, params),
  batch([x], [bdim], params) {
    // Narrowing to a wider dtype consumes the last axis: keep the batch axis away from it.
    const consumesLast = itemsize(params.newDtype) > itemsize(x!.dtype);
    const b = bdim!;
    const operand = consumesLast && b === x!.ndim - 1 ? moveaxis(x!, b, 0) : x!;
    const outDim = operand === x! ? b : 0;
    return [[bind1(bitcastConvertTypeP, [operand], params)], [outDim]];
  },
});

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function viewAs(dtype: DType, raw: ArrayBuffer): AnyTypedArray {
  if (dtype === "int32") return new Int32Array(raw);
  if (dtype === "uint32") return new Uint32Array(raw);
  if (dtype === "float64") return new Float64Array(raw);
  if (dtype === "bool") return new Uint8Array(raw);
  return new Float32Array(raw);
}

function swapWordPairs(words: Uint32Array): void {
  for (let i = 0; i + 1 < words.length; i += 2) [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
}

/** `lax.bitcastConvertType(x, newDtype)`: the same bits read as `newDtype`. */
export function bitcastConvertType(x: JaxArray, newDtype: DType): JaxArray {
  return bind1(bitcastConvertTypeP, [x], { newDtype });
}
