// Scalar kernels of the unary primitives that Math has no single function for. They work on
// float64 values (float32/float16 results are rounded when stored) or on 32-bit integers.

/** Halfway cases away from zero (XLA's round_nearest_afz); keeps -0 and the sign of small values. */
export function roundAwayFromZero(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  // x - t is exact, so 0.49999999999999994 is not pushed up the way floor(x + 0.5) would be.
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/** Halfway cases to the even neighbour (XLA's round_nearest_even); keeps the sign of zero results. */
export function roundHalfToEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const f = Math.floor(a);
  const d = a - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
  return x < 0 || Object.is(x, -0) ? -r : r;
}

/**
 * x^y for an integer y by repeated squaring, as JAX's integer_pow lowering does: x^0 = 1 (also
 * for NaN), a negative y takes the reciprocal of x^|y|.
 */
export function integerPowFloat(x: number, y: number): number {
  if (y === 0) return 1;
  let n = Math.abs(y);
  let base = x;
  let acc = 1;
  while (n > 0) {
    if (n % 2 === 1) acc *= base;
    n = Math.floor(n / 2);
    if (n > 0) base *= base;
  }
  return y < 0 ? 1 / acc : acc;
}

/** x^y for y >= 0 in 32-bit integer arithmetic (wraps like XLA's multiplies). */
export function integerPowInt(x: number, y: number): number {
  let n = y;
  let base = x | 0;
  let acc = 1;
  while (n > 0) {
    if (n % 2 === 1) acc = Math.imul(acc, base);
    n = Math.floor(n / 2);
    if (n > 0) base = Math.imul(base, base);
  }
  return acc;
}

/** Number of set bits in the 32-bit pattern of x (int32 or uint32). */
export function popcount32(x: number): number {
  let v = x >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** 1 / (1 + e^-x), written so that neither branch overflows or loses the small tail. */
export function logisticKernel(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
