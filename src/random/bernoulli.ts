// Bernoulli and Rademacher samples: a uniform sample compared with p, as in JAX.
import { scalar } from "../array.js";
import { isFloat, isInteger, type DType } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import { convertElementType, lt, mul, sub } from "../lax/index.js";
import { JaxArray } from "../tracing/array.js";
import { checkKey, type KeyArray } from "./key.js";
import { broadcastTo, checkParamShapes, checkSampleShape, constant, type FloatDType } from "./params.js";
import { uniformIn } from "./uniform.js";

/**
 * `random.bernoulli(key, p = 0.5, shape?)`: booleans that are true with probability p. The
 * uniform sample has p's dtype (float32 for a JS number); the shape defaults to p's.
 */
export function bernoulli(key: KeyArray, p: number | JaxArray = 0.5, shape?: readonly number[] | null): JaxArray {
  const op = "random.bernoulli";
  const k = checkKey(op, key);
  const prob = typeof p === "number" ? scalar(p, "float32") : p;
  if (!(prob instanceof JaxArray) || !isFloat(prob.dtype)) {
    const got = prob instanceof JaxArray ? prob.aval.str() : typeof prob;
    throw new DTypeError(
      `${op}: the probability p must have a floating-point dtype, got ${got}; convert it with p.astype('float32')`,
    );
  }
  let s: number[];
  if (shape === undefined || shape === null) {
    s = [...prob.shape];
  } else {
    s = checkSampleShape(op, shape);
    checkParamShapes(op, s, prob.shape);
  }
  const probNoWeak = convertElementType(prob, prob.dtype);
  const u = uniformIn(op, k, s, prob.dtype as FloatDType, 0, 1);
  return lt(u, broadcastTo(probNoWeak, s));
}

export interface RademacherOptions {
  /** An integer or float dtype (default int32). */
  dtype?: DType;
}

/** `random.rademacher(key, shape, { dtype? })`: -1 or 1 with equal probability (2 * bernoulli - 1). */
export function rademacher(key: KeyArray, shape: readonly number[], options: RademacherOptions = {}): JaxArray {
  const op = "random.rademacher";
  const dtype = options.dtype ?? "int32";
  if (!isInteger(dtype) && !isFloat(dtype)) {
    throw new DTypeError(`${op}: dtype must be numeric (int32, uint32 or a float dtype), got ${String(dtype)}`);
  }
  const s = checkSampleShape(op, shape);
  const b = convertElementType(bernoulli(key, 0.5, s), dtype);
  return sub(mul(constant(s, 2, dtype), b), constant(s, 1, dtype));
}
