// Shared pieces of the samplers: float dtype facts, constants, and distribution parameters
// (JS numbers or arrays) converted to the sample dtype and broadcast to the sample shape.
import { scalar } from "../array.js";
import { isFloat, type DType } from "../dtypes.js";
import { DTypeError, ShapeError } from "../errors.js";
import { broadcastInDim, convertElementType } from "../lax/index.js";
import { broadcastShapes, checkShape, shapeStr, shapesEqual } from "../shape.js";
import { JaxArray } from "../tracing/array.js";

export type FloatDType = "float16" | "float32" | "float64";

/** The `jnp.finfo` fields the samplers use. */
export interface FloatInfo {
  /** Explicit mantissa bits. */
  nmant: number;
  /** Gap between 1 and the next larger float. */
  eps: number;
  /** Gap between 1 and the next smaller float. */
  epsneg: number;
  /** Smallest positive normal number. */
  tiny: number;
}

export const FINFO: Record<FloatDType, FloatInfo> = {
  float16: { nmant: 10, eps: 2 ** -10, epsneg: 2 ** -11, tiny: 2 ** -14 },
  float32: { nmant: 23, eps: 2 ** -23, epsneg: 2 ** -24, tiny: 2 ** -126 },
  float64: { nmant: 52, eps: 2 ** -52, epsneg: 2 ** -53, tiny: 2 ** -1022 },
};

/** A distribution parameter: a JS number or an array broadcast-compatible with the sample shape. */
export type Param = number | JaxArray;

export function checkFloatDtype(op: string, dtype: DType): FloatDType {
  if (!isFloat(dtype)) {
    throw new DTypeError(
      `${op}: dtype must be a floating-point dtype (float16, float32, float64), got ${String(dtype)}`,
    );
  }
  return dtype as FloatDType;
}

export function checkSampleShape(op: string, shape: readonly number[]): number[] {
  // JS callers may pass a bare number where JAX wants a sequence.
  const dims: readonly number[] | null = Array.isArray(shape) ? shape : null;
  if (dims === null) {
    throw new ShapeError(`${op}: shape must be an array of non-negative integers, got ${String(shape)}`);
  }
  checkShape(op, dims);
  return [...dims];
}

/** `value` in `dtype`, everywhere in `shape` (a broadcast scalar constant). */
export function constant(shape: readonly number[], value: number, dtype: DType): JaxArray {
  return broadcastInDim(scalar(value, dtype), shape, []);
}

/** A parameter as an array of `dtype` (a JS number becomes a scalar of that dtype). */
export function paramArray(op: string, name: string, x: Param, dtype: DType): JaxArray {
  if (typeof x === "number") return scalar(x, dtype);
  if (!(x instanceof JaxArray)) throw new DTypeError(`${op}: ${name} must be a number or an array, got ${typeof x}`);
  return convertElementType(x, dtype);
}

/**
 * JAX's `_check_shape`: parameter shapes must broadcast with the sample shape, and broadcasting
 * must not grow it.
 */
export function checkParamShapes(op: string, shape: readonly number[], ...paramShapes: (readonly number[])[]): void {
  if (paramShapes.length === 0) return;
  const joined = broadcastShapes(op, [shape, ...paramShapes]);
  if (!shapesEqual(joined, shape)) {
    throw new ShapeError(
      `${op}: parameter shapes ${paramShapes.map(shapeStr).join(", ")} must be broadcast-compatible with the shape argument ` +
        `${shapeStr(shape)}, and broadcasting them must give that shape, but got ${shapeStr(joined)}; ` +
        `pass shape=${shapeStr(joined)} or reshape the parameters`,
    );
  }
}

/** A parameter array stretched to `shape`, its axes aligned with the trailing axes (numpy broadcasting). */
export function broadcastTo(x: JaxArray, shape: readonly number[]): JaxArray {
  if (shapesEqual(x.shape, shape)) return x;
  const offset = shape.length - x.ndim;
  return broadcastInDim(
    x,
    shape,
    x.shape.map((_, i) => offset + i),
  );
}
