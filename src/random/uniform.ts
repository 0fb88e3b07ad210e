// Uniform floats, bit-exact with JAX: the top mantissa-many random bits become the mantissa of a
// float in [1, 2), and subtracting 1 leaves a float in [0, 1) that is then scaled to the range.
import type { DType } from "../dtypes.js";
import {
  bitcastConvertType,
  bitwiseAnd,
  bitwiseOr,
  add,
  convertElementType,
  max,
  mul,
  shiftLeft,
  shiftRightLogical,
  sub,
} from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { counterWords, randomBits32 } from "./bits.js";
import { checkKey, stackWords, type KeyArray } from "./key.js";
import {
  broadcastTo,
  checkFloatDtype,
  checkParamShapes,
  checkSampleShape,
  constant,
  FINFO,
  paramArray,
  type FloatDType,
  type Param,
} from "./params.js";

/** Floats uniform in [0, 1) with JAX's bits: nmant random mantissa bits, exponent of 1.0. */
export function unitFloats(key: JaxArray, shape: readonly number[], dtype: FloatDType): JaxArray {
  const u32 = (v: number) => constant(shape, v, "uint32");
  if (dtype === "float32") {
    const mantissa = shiftRightLogical(randomBits32(key, shape), u32(32 - FINFO.float32.nmant));
    const oneToTwo = bitcastConvertType(bitwiseOr(mantissa, u32(0x3f800000)), "float32");
    return sub(oneToTwo, constant(shape, 1, "float32"));
  }
  if (dtype === "float64") {
    // JAX draws 64 bits as (word1 << 32 | word2) and keeps the top 52 as the mantissa; here the
    // float64 is assembled from its two 32-bit halves, low word first (little-endian).
    const [w1, w2] = counterWords(key, shape);
    const high = bitwiseOr(shiftRightLogical(w1, u32(12)), u32(0x3ff00000));
    const low = bitwiseOr(shiftLeft(w1, u32(20)), shiftRightLogical(w2, u32(12)));
    const oneToTwo = bitcastConvertType(stackWords(low, high), "float64");
    return sub(oneToTwo, constant(shape, 1, "float64"));
  }
  // float16 takes the low 16 bits (JAX converts the 32 random bits to uint16) and keeps the top
  // 10 of them. There is no 16-bit bitcast here, so the same value k / 2^10 is built exactly
  // from the integer k, which float16 represents exactly.
  const k = bitwiseAnd(shiftRightLogical(randomBits32(key, shape), u32(16 - FINFO.float16.nmant)), u32(0x3ff));
  return mul(convertElementType(k, "float16"), constant(shape, 2 ** -FINFO.float16.nmant, "float16"));
}

/** Uniform in [minval, maxval), computed as JAX does: max(minval, unit * (maxval - minval) + minval). */
export function uniformIn(
  op: string,
  key: JaxArray,
  shape: readonly number[],
  dtype: FloatDType,
  minval: Param,
  maxval: Param,
): JaxArray {
  const lo = paramArray(op, "minval", minval, dtype);
  const hi = paramArray(op, "maxval", maxval, dtype);
  checkParamShapes(op, shape, lo.shape, hi.shape);
  const loFull = broadcastTo(lo, shape);
  const hiFull = broadcastTo(hi, shape);
  const unit = unitFloats(key, shape, dtype);
  return max(loFull, add(mul(unit, sub(hiFull, loFull)), loFull));
}

export interface UniformOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
  /** Inclusive lower bound, broadcast-compatible with the shape (default 0). */
  minval?: Param;
  /** Exclusive upper bound, broadcast-compatible with the shape (default 1). */
  maxval?: Param;
}

/** `random.uniform(key, shape?, { dtype?, minval?, maxval? })`: floats uniform in [minval, maxval). */
export function uniform(key: KeyArray, shape: readonly number[] = [], options: UniformOptions = {}): JaxArray {
  const op = "random.uniform";
  const k = checkKey(op, key);
  const s = checkSampleShape(op, shape);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  return uniformIn(op, k, s, dtype, options.minval ?? 0, options.maxval ?? 1);
}
