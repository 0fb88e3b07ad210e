// Uniform integers in [minval, maxval), JAX's algorithm: two 32-bit draws make a 64-bit random
// number, reduced modulo the span with uint32 arithmetic (slightly biased unless the span is a
// power of two, exactly as in JAX).
import { scalar } from "../array.js";
import { isFloat, isInteger, type DType } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import { add, bitwiseAnd, convertElementType, gt, le, max, min, mul, rem, select, sub } from "../lax/index.js";
import { JaxArray } from "../tracing/array.js";
import { randomBits32 } from "./bits.js";
import { checkKey, type KeyArray } from "./key.js";
import { broadcastTo, checkParamShapes, checkSampleShape, constant } from "./params.js";
import { splitInto } from "./split.js";

const RANGE: Record<"int32" | "uint32", [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
};

interface Bound {
  /** The bound converted (and clipped) to the sample dtype. */
  value: JaxArray;
  /** Where the bound exceeds the dtype's maximum (only ever true for maxval). */
  aboveMax: JaxArray;
}

/** A bound as JAX prepares it: integer, clipped into the dtype, remembering if it was above its max. */
function prepareBound(op: string, name: string, x: number | JaxArray, dtype: "int32" | "uint32"): Bound {
  const [lo, hi] = RANGE[dtype];
  if (typeof x === "number") {
    if (!Number.isFinite(x)) throw new DTypeError(`${op}: ${name} must be a finite integer, got ${x}`);
    const v = Math.trunc(x);
    return { value: scalar(Math.min(Math.max(v, lo), hi), dtype), aboveMax: scalar(v > hi) };
  }
  if (!(x instanceof JaxArray))
    throw new DTypeError(`${op}: ${name} must be an integer or an integer array, got ${typeof x}`);
  // Non-integer bounds are truncated to int32 first, as JAX's astype(int) does.
  const int = isInteger(x.dtype) ? x : convertElementType(x, "int32");
  if (int.dtype === dtype) return { value: int, aboveMax: constant(int.shape, 0, "bool") };
  if (dtype === "uint32") {
    // int32 -> uint32: negative values clip to 0; no int32 exceeds the uint32 maximum.
    const clipped = max(int, constant(int.shape, 0, "int32"));
    return { value: convertElementType(clipped, "uint32"), aboveMax: constant(int.shape, 0, "bool") };
  }
  // uint32 -> int32: values above 2^31 - 1 clip to it.
  const cap = constant(int.shape, hi, "uint32");
  return { value: convertElementType(min(int, cap), "int32"), aboveMax: gt(int, cap) };
}

export interface RandintOptions {
  /** int32 (default) or uint32. */
  dtype?: DType;
}

/**
 * `random.randint(key, shape, minval, maxval, { dtype? })`: integers uniform in [minval, maxval).
 * Bounds broadcast against the shape; where maxval <= minval the result is minval.
 */
export function randint(
  key: KeyArray,
  shape: readonly number[],
  minval: number | JaxArray,
  maxval: number | JaxArray,
  options: RandintOptions = {},
): JaxArray {
  const op = "random.randint";
  const k = checkKey(op, key);
  const s = checkSampleShape(op, shape);
  const dtype = options.dtype ?? "int32";
  if (dtype !== "int32" && dtype !== "uint32") {
    const hint = isFloat(dtype) ? "; for floats use random.uniform" : "";
    throw new DTypeError(`${op}: dtype must be an integer dtype (int32 or uint32), got ${String(dtype)}${hint}`);
  }
  const lo = prepareBound(op, "minval", minval, dtype);
  const hi = prepareBound(op, "maxval", maxval, dtype);
  checkParamShapes(op, s, lo.value.shape, hi.value.shape);
  const minv = broadcastTo(lo.value, s);
  const maxv = broadcastTo(hi.value, s);
  const aboveMax = broadcastTo(hi.aboveMax, s);

  const [k1, k2] = splitInto(k, 2);
  const higherBits = randomBits32(k1!, s);
  const lowerBits = randomBits32(k2!, s);
  const u32 = (v: number) => constant(s, v, "uint32");

  let span = convertElementType(sub(maxv, minv), "uint32");
  // An empty range returns minval: span 1 makes every offset 0.
  span = select(le(maxv, minv), u32(1), span);
  // A maxval beyond the dtype means one more value; a full 2^32 span wraps to 0, and remainders
  // by 0 leave their operand unchanged, which is again the right answer.
  span = select(bitwiseAnd(aboveMax, gt(maxv, minv)), add(span, u32(1)), span);
  // 2^32 mod span, computed as (2^16 mod span)^2 mod span so nothing overflows.
  let multiplier = rem(u32(2 ** 16), span);
  multiplier = rem(mul(multiplier, multiplier), span);
  const offset = rem(add(mul(rem(higherBits, span), multiplier), rem(lowerBits, span)), span);
  return add(minv, convertElementType(offset, dtype));
}
