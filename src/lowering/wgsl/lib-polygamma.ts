// polygamma(m, x) in f32 by the CPU kernel's formulas: (-1)^(m+1) m! zeta(m+1, x) for x > 0, with
// the Hurwitz zeta function by Euler–Maclaurin summation (direct terms up to max(16, s), then six
// Bernoulli corrections, enough for f32), and for x < 0 the reflection
//   psi_m(x) = (-1)^m psi_m(1 - x) - pi d^m/dx^m cot(pi x),
// the derivative being pi^m P_m(cot(pi x)) with P_0(c) = c, P_{n+1}(c) = -(1 + c^2) P_n'(c).
// P_m's coefficients share one sign, so evaluating it loses nothing; they outgrow f32 past
// m = 30. There every result for x < 0 is near or past the f32 range (m! |x - round(x)|^-(m+1)),
// and the series is summed term by term instead, scaled by a power of two that keeps the
// largest terms finite: with f = x - floor(x), the terms of negative base are
// -(1-f+j)^-s for j < -floor(x) (only the first 64 matter), the others sum to zeta(s, f).
// m! and the powers (x+k)^-s leave the f32 range long before their product does (m = 12,
// x = 5000 gives 1e-37), so they are carried as mantissa and exponent and multiplied first.
import { BERNOULLI_EVEN } from "../../primitives/elementwise/special-series.js";
import { defineWgsl } from "./library.js";

const lit = (v: number): string => v.toPrecision(17);
const PI = "3.14159265358979323846";
/** Coefficients of P_m kept: degree m + 1 for m up to 30. */
const COT_TERMS = 32;
/** Larger orders are clamped to it (the CPU's float64 m! is infinite from 171 on anyway). */
const MAX_ORDER = 1000;

/** The bracket of the Euler–Maclaurin tail after m! a^-m is factored out. */
function eulerMaclaurinBracket(): string {
  const lines: string[] = [];
  let factorial = 2;
  for (let j = 1; j <= 6; j++) {
    lines.push(`bracket = bracket + ${lit(BERNOULLI_EVEN[j - 1]! / factorial)} * factor;`);
    lines.push(`factor = factor * (s + ${2 * j - 1}.0) * (s + ${2 * j}.0) * inv_a2;`);
    factorial *= (2 * j + 1) * (2 * j + 2);
  }
  return lines.map((l) => `  ${l}`).join("\n");
}

// a^n (a > 0) as (mantissa in [0.5, 1), exponent), by repeated squaring: about n/2 ulp at worst,
// where exp(n log a) loses n |log a| ulp.
defineWgsl(
  "jx_pow_ext",
  [],
  `fn jx_pow_ext(a: f32, n: u32) -> vec2<f32> {
  let b = frexp(a);
  var bm = b.fract;
  var be = f32(b.exp);
  var rm = 1.0;
  var re = 0.0;
  var e = n;
  while (e > 0u) {
    if ((e & 1u) == 1u) {
      let r = frexp(rm * bm);
      rm = r.fract;
      re = re + be + f32(r.exp);
    }
    e = e >> 1u;
    if (e > 0u) {
      let q = frexp(bm * bm);
      bm = q.fract;
      be = 2.0 * be + f32(q.exp);
    }
  }
  return vec2<f32>(rm, re);
}`,
);
defineWgsl(
  "jx_factorial_ext",
  [],
  `fn jx_factorial_ext(m: u32) -> vec2<f32> {
  var fm = 0.5;
  var fe = 1.0;
  for (var i = 2u; i <= m; i = i + 1u) {
    let r = frexp(fm * f32(i));
    fm = r.fract;
    fe = fe + f32(r.exp);
  }
  return vec2<f32>(fm, fe);
}`,
);
// v 2^e for |v| below 4 (zero or infinite outside the f32 range).
defineWgsl(
  "jx_scale_ext",
  ["jx_scale2", "jx_inf"],
  `fn jx_scale_ext(v: f32, e: f32) -> f32 {
  if (v == 0.0 || e < -160.0) { return 0.0 * v; }
  if (e > 140.0) { return sign(v) * jx_inf(); }
  return jx_scale2(v, i32(e));
}`,
);
// num / den / 2^shift as an f32.
defineWgsl(
  "jx_ratio_ext",
  ["jx_scale_ext"],
  `fn jx_ratio_ext(num: vec2<f32>, den: vec2<f32>, shift: f32) -> f32 {
  return jx_scale_ext(num.x / den.x, num.y - den.y - shift);
}`,
);

// m! zeta(m + 1, q) / 2^shift for q > 0 and m >= 1.
defineWgsl(
  "jx_factorial_zeta",
  ["jx_pow_ext", "jx_ratio_ext"],
  `fn jx_factorial_zeta(m: u32, fact: vec2<f32>, q: f32, shift: f32) -> f32 {
  let s = f32(m + 1u);
  let start = max(16.0, s);
  var sum = 0.0;
  var a = q;
  while (a < start) {
    sum = sum + jx_ratio_ext(fact, jx_pow_ext(a, m + 1u), shift);
    a = a + 1.0;
  }
  let inv_a2 = 1.0 / (a * a);
  var bracket = 1.0 / f32(m) + 0.5 / a;
  var factor = s * inv_a2;
${eulerMaclaurinBracket()}
  return sum + jx_ratio_ext(fact, jx_pow_ext(a, m), shift) * bracket;
}`,
);

// d^m/dx^m cot(pi x) for non-integer x and m <= 30.
defineWgsl(
  "jx_cot_pi_derivative",
  ["jx_tan"],
  `fn jx_cot_pi_derivative(m: u32, x: f32) -> f32 {
  var p: array<f32, ${COT_TERMS}>;
  var next: array<f32, ${COT_TERMS}>;
  p[1] = 1.0;
  for (var n = 0u; n < m; n = n + 1u) {
    for (var i = 0u; i < ${COT_TERMS}u; i = i + 1u) { next[i] = 0.0; }
    for (var i = 0u; i + 1u < ${COT_TERMS}u; i = i + 1u) {
      let d = f32(i + 1u) * p[i + 1u];
      next[i] = next[i] - d;
      if (i + 2u < ${COT_TERMS}u) { next[i + 2u] = next[i + 2u] - d; }
    }
    p = next;
  }
  // cot(pi r) = sign(r) tan(pi (1/2 - |r|)): next to r = +-1/2 the tangent's argument stays exact.
  let r = x - round(x);
  let c = select(1.0 / jx_tan(${PI} * r), sign(r) * jx_tan(${PI} * (0.5 - abs(r))), abs(r) > 0.25);
  var value = 0.0;
  for (var i = ${COT_TERMS}u; i > 0u; i = i - 1u) { value = value * c + p[i - 1u]; }
  var scale = 1.0;
  for (var n = 0u; n < m; n = n + 1u) { scale = scale * ${PI}; }
  return scale * value;
}`,
);

// NaN unless m is a natural number; digamma for m = 0; at the poles +inf for odd m and NaN for
// even m, as XLA's polygamma.
defineWgsl(
  "jx_polygamma",
  [
    "jx_is_nan",
    "jx_is_inf",
    "jx_nan",
    "jx_inf",
    "jx_digamma",
    "jx_factorial_ext",
    "jx_factorial_zeta",
    "jx_cot_pi_derivative",
    "jx_pow_ext",
    "jx_ratio_ext",
    "jx_scale_ext",
  ],
  `fn jx_polygamma(order: f32, x: f32) -> f32 {
  if (jx_is_nan(order) || jx_is_nan(x) || order < 0.0 || floor(order) != order) { return jx_nan(); }
  if (order == 0.0) { return jx_digamma(x); }
  let m = u32(min(order, ${MAX_ORDER}.0));
  let odd = (m & 1u) == 1u;
  if (jx_is_inf(x) && x > 0.0) { return 0.0; }
  if (jx_is_inf(x) || (x <= 0.0 && floor(x) == x)) { return select(jx_nan(), jx_inf(), odd); }
  let sign = select(-1.0, 1.0, odd);
  let fact = jx_factorial_ext(m);
  if (x > 0.0) { return sign * jx_factorial_zeta(m, fact, x, 0.0); }
  if (m <= 30u) {
    let reflected = sign * jx_factorial_zeta(m, fact, 1.0 - x, 0.0);
    return select(reflected, -reflected, odd) - ${PI} * jx_cot_pi_derivative(m, x);
  }
  let s = m + 1u;
  let f = x - floor(x);
  let shift = fact.y - jx_pow_ext(min(f, 1.0 - f), s).y;
  let count = min(u32(-floor(x)), 64u);
  var negative_part = 0.0;
  for (var j = 0u; j < count; j = j + 1u) {
    negative_part = negative_part + jx_ratio_ext(fact, jx_pow_ext(1.0 - f + f32(j), s), shift);
  }
  let total = select(-negative_part, negative_part, odd) + jx_factorial_zeta(m, fact, f, shift);
  return jx_scale_ext(sign * total, shift);
}`,
);
