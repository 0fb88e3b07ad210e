// nextafter by stepping the IEEE bit pattern of float16/float32/float64 values, as XLA's
// NextAfter does: the neighbour of a nonzero x is one unit away in its magnitude bits.
import type { DType } from "../../dtypes.js";

interface FloatBits {
  /** Width of the format in bits. */
  width: number;
  encode(v: number): bigint;
  decode(bits: bigint): number;
}

const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

const FLOAT64: FloatBits = {
  width: 64,
  encode(v) {
    f64[0] = v;
    return f64Bits[0]!;
  },
  decode(bits) {
    f64Bits[0] = bits;
    return f64[0]!;
  },
};

const FLOAT32: FloatBits = {
  width: 32,
  encode(v) {
    f32[0] = v;
    return BigInt(f32Bits[0]!);
  },
  decode(bits) {
    f32Bits[0] = Number(bits);
    return f32[0]!;
  },
};

// float16 values are held as exact numbers; their bits come from the float32 pattern.
const FLOAT16: FloatBits = {
  width: 16,
  encode(v) {
    const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
    const a = Math.abs(v);
    if (a === Infinity) return BigInt(sign | 0x7c00);
    if (a < 2 ** -14) return BigInt(sign | Math.round(a / 2 ** -24));
    f32[0] = a;
    const bits = f32Bits[0]!;
    const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
    return BigInt(sign | (exponent << 10) | ((bits >>> 13) & 0x3ff));
  },
  decode(bits) {
    const b = Number(bits);
    const sign = b & 0x8000 ? -1 : 1;
    const exponent = (b >>> 10) & 0x1f;
    const mantissa = b & 0x3ff;
    if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
    if (exponent === 0) return sign * mantissa * 2 ** -24;
    return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  },
};

function formatOf(dtype: DType): FloatBits {
  if (dtype === "float64") return FLOAT64;
  if (dtype === "float16") return FLOAT16;
  return FLOAT32;
}

/** The next value of `dtype` after `x` in the direction of `y` (C's nextafter on that format). */
export function nextAfterIn(dtype: DType): (x: number, y: number) => number {
  const fmt = formatOf(dtype);
  const signBit = 1n << BigInt(fmt.width - 1);
  return (x, y) => {
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    // Equal values (including -0 vs +0) give y, so the sign of a zero result follows y.
    if (x === y) return y;
    const ySign = fmt.encode(y) & signBit;
    if (x === 0) return fmt.decode(ySign | 1n);
    const xb = fmt.encode(x);
    const towardZero = Math.abs(x) > Math.abs(y) || (xb & signBit) !== ySign;
    return fmt.decode(towardZero ? xb - 1n : xb + 1n);
  };
}
