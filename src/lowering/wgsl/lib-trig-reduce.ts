// Trigonometric range reduction: x = q * pi/2 + r with |r| <= pi/4 (a little more where the
// rounding of x * 2/pi ties), for every finite f32 x, with r accurate to about half an ulp even
// next to multiples of pi/2, where r is tiny and a plain x - q * pi/2 would cancel away all of its
// bits. Two paths:
//
// - |x| < 8192 (q < 2^13): Cody-Waite, subtracting q times pi/2 split into four parts. The first
//   three hold 10 bits each, so q * part is exact and each subtraction cancels exactly; the split
//   carries pi/2 to about 2^-57, enough for the worst float32 cases below 8192 (measured within
//   0.62 ulp of r against an exact reduction, over the floats next to every multiple of pi/2).
// - larger |x|: Payne-Hanek in integer arithmetic. x = m * 2^e with m a 24-bit integer; only the
//   bits of 2/pi from about 2^(1-e) on matter modulo 4, so 96 of them, read from a table at that
//   offset, multiplied by m, give x * 2/pi modulo 4 with 62 fraction bits. The worst float32 case
//   (x = 16367173 * 2^72) comes within 2^-30 quarter turns of a multiple of pi/2, so at least 32
//   of those bits are significant. The fraction is then multiplied by pi/2 as an integer too.
//
// Everything that must not be folded stays out of float algebra: Mesa's compiler reassociates
// constant float arithmetic (docs/webgpu.md), so the split parts of pi/2 pass through jx_opaque
// and the large path is all u32 until the final, exactly representable conversion.
import { defineWgsl } from "./library.js";

/**
 * The first 224 bits of 2/pi after the binary point, 32 to a word (0.a2f9836e... in hex).
 * Exported for the test that recomputes them.
 */
export const TWO_OVER_PI_WORDS: readonly number[] = [
  0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab,
];

const hex = (w: number): string => `0x${w.toString(16).padStart(8, "0")}u`;

/** Below this |x|, the Cody-Waite path (q < 2^13, so q times a 10-bit part is exact). */
const SMALL_LIMIT = "8192.0";

// pi/2 = sum of these (to about 2^-57): 804 * 2^-9, 1014 * 2^-21, 674 * 2^-31 and an f32 remainder.
const HALF_PI_PARTS = ["1.5703125", "4.8351287841796875e-4", "3.1385570764541626e-7", "6.07710062827671e-11"];

// The full 64-bit product of two u32, as (low, high) words, from 16-bit halves.
defineWgsl(
  "jx_mul_wide",
  [],
  `fn jx_mul_wide(a: u32, b: u32) -> vec2<u32> {
  let a0 = a & 0xffffu;
  let a1 = a >> 16u;
  let b0 = b & 0xffffu;
  let b1 = b >> 16u;
  let p00 = a0 * b0;
  let p01 = a0 * b1;
  let p10 = a1 * b0;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  let lo = (mid << 16u) | (p00 & 0xffffu);
  let hi = a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
  return vec2<u32>(lo, hi);
}`,
);

defineWgsl(
  "jx_reduced",
  [],
  `struct JxReduced {
  r: f32,
  q: u32,
}`,
);

defineWgsl(
  "jx_reduce_half_pi_small",
  ["jx_reduced", "jx_opaque"],
  `fn jx_reduce_half_pi_small(x: f32) -> JxReduced {
  let n = round(x * 0.636619772367581343);
${HALF_PI_PARTS.map((c, i) => `  ${i === 0 ? "var r = x" : "r = r"} - n * jx_opaque(${c}, x);`).join("\n")}
  return JxReduced(r, bitcast<u32>(i32(n)) & 3u);
}`,
);

// The 32 bits of 2/pi starting at bit \`pos\` of the table (the first word is zeros, so that
// arguments down to 2^-7 read no bit before it): a funnel shift of two words. Shifting \`lo\` by
// one, then by 31 - s, gives 0 for s = 0 where a single shift by 32 would be taken modulo 32.
defineWgsl(
  "jx_two_over_pi_bits",
  [],
  `fn jx_two_over_pi_bits(pos: u32) -> u32 {
  var table = array<u32, 9>(0u, ${[...TWO_OVER_PI_WORDS.map(hex), "0u"].join(", ")});
  let w = pos >> 5u;
  let s = pos & 31u;
  return (table[w] << s) | ((table[w + 1u] >> 1u) >> (31u - s));
}`,
);

// Finite |x| >= 2^-7. With x = m * 2^e (m the 24-bit significand, e = exponent field - 150),
// the bits of 2/pi before 2^(1-e) contribute multiples of 4 to x * 2/pi: reading 96 bits from
// there (bit pos = e + 30 of the zero-padded table) and multiplying by m puts x * 2/pi modulo 4
// in bits 94-95 (the quadrant) and 93-0 (the fraction) of the product, of which words 1 and 2 are
// all that is needed: v = p2:p1 = (|x| * 2/pi mod 4) * 2^62.
defineWgsl(
  "jx_reduce_half_pi_large",
  ["jx_reduced", "jx_mul_wide", "jx_two_over_pi_bits", "jx_sign_bit"],
  `fn jx_reduce_half_pi_large(x: f32) -> JxReduced {
  let bits = bitcast<u32>(x) & 0x7fffffffu;
  let m = (bits & 0x7fffffu) | 0x800000u;
  let pos = (bits >> 23u) - 120u;
  let w1 = jx_mul_wide(m, jx_two_over_pi_bits(pos + 32u));
  let w2 = jx_mul_wide(m, jx_two_over_pi_bits(pos + 64u));
  let p1 = w2.y + w1.x;
  let p2 = w1.y + m * jx_two_over_pi_bits(pos) + select(0u, 1u, p1 < w1.x);
  // Round to the nearest quadrant; what is left, f = (p2 - q * 2^30):p1, is a signed 64-bit
  // fraction of a quarter turn in units of 2^-62, within [-2^61, 2^61).
  let q = (p2 + 0x20000000u) >> 30u;
  let hi = p2 - (q << 30u);
  let negative = (hi >> 31u) != 0u;
  let mag_lo = select(p1, 0u - p1, negative);
  let mag_hi = select(hi, ~hi + select(0u, 1u, p1 == 0u), negative);
  // The 32 leading bits of |f| (top), and how far they were shifted up (lz).
  var lz = countLeadingZeros(mag_hi);
  var top = (mag_hi << lz) | ((mag_lo >> 1u) >> (31u - lz));
  if (mag_hi == 0u) {
    lz = 32u + countLeadingZeros(mag_lo);
    top = mag_lo << (lz - 32u);
  }
  // |r| = |f| * 2^-62 * pi/2 = top * 2^(-30 - lz) * pi/2: top times pi/2 * 2^31 as an integer,
  // rounded to 24 bits (the product's leading bit is bit 63 or 62).
  let product = jx_mul_wide(top, 0xc90fdaa2u).y;
  let shift = select(8u, 7u, product < 0x80000000u);
  let mantissa = (product + (1u << (shift - 1u))) >> shift;
  let magnitude = ldexp(f32(mantissa), i32(shift) - 29 - i32(lz));
  let flip = negative != jx_sign_bit(x);
  let quadrant = select(q, 0u - q, jx_sign_bit(x)) & 3u;
  return JxReduced(select(magnitude, -magnitude, flip), quadrant);
}`,
);

// x = q * pi/2 + r for finite x, with q taken modulo 4.
defineWgsl(
  "jx_reduce_half_pi",
  ["jx_reduced", "jx_reduce_half_pi_small", "jx_reduce_half_pi_large"],
  `fn jx_reduce_half_pi(x: f32) -> JxReduced {
  if (abs(x) < ${SMALL_LIMIT}) { return jx_reduce_half_pi_small(x); }
  return jx_reduce_half_pi_large(x);
}`,
);
