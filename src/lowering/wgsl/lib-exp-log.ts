// Exponentials, logarithms, powers and the hyperbolic functions in f32, written out (Cephes-style
// range reduction and polynomials) instead of WGSL's builtins: those are only specified to a few
// ulp at best (log to an absolute 2^-21 near 1), and undefined for zero, negative and non-finite
// arguments. These are within a couple of ulp everywhere and handle the special values as C does.
import { defineWgsl } from "./library.js";

const LN2 = "0.693147180559945309";

// e^r for |r| <= ln(2)/2.
defineWgsl(
  "jx_exp_poly",
  [],
  `fn jx_exp_poly(r: f32) -> f32 {
  var p = 1.9875691500e-4;
  p = p * r + 1.3981999507e-3;
  p = p * r + 8.3334519073e-3;
  p = p * r + 4.1665795894e-2;
  p = p * r + 1.6666665459e-1;
  p = p * r + 5.0000001201e-1;
  return p * r * r + r + 1.0;
}`,
);
// y * 2^n in two steps, so that no single ldexp leaves the exponent range.
defineWgsl(
  "jx_scale2",
  [],
  `fn jx_scale2(y: f32, n: i32) -> f32 {
  let h = n / 2;
  return ldexp(ldexp(y, h), n - h);
}`,
);
defineWgsl(
  "jx_exp",
  ["jx_is_nan", "jx_inf", "jx_exp_poly", "jx_scale2"],
  `fn jx_exp(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  if (x > 89.0) { return jx_inf(); }
  if (x < -104.0) { return 0.0; }
  let n = floor(x * 1.44269504088896341 + 0.5);
  let r = (x - n * 0.693359375) - n * -2.12194440e-4;
  return jx_scale2(jx_exp_poly(r), i32(n));
}`,
);
defineWgsl(
  "jx_exp2",
  ["jx_is_nan", "jx_inf", "jx_exp_poly", "jx_scale2"],
  `fn jx_exp2(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  if (x >= 128.0) { return jx_inf(); }
  if (x < -150.0) { return 0.0; }
  let n = round(x);
  return jx_scale2(jx_exp_poly((x - n) * ${LN2}), i32(n));
}`,
);
defineWgsl(
  "jx_log",
  ["jx_is_nan", "jx_is_inf", "jx_nan", "jx_inf"],
  `fn jx_log(x: f32) -> f32 {
  if (jx_is_nan(x) || x < 0.0) { return jx_nan(); }
  if (x == 0.0) { return -jx_inf(); }
  if (jx_is_inf(x)) { return x; }
  let parts = frexp(x);
  var m = parts.fract;
  var e = f32(parts.exp);
  if (m < 0.707106781186547524) {
    e = e - 1.0;
    m = m + m - 1.0;
  } else {
    m = m - 1.0;
  }
  let z = m * m;
  var p = 7.0376836292e-2;
  p = p * m - 1.1514610310e-1;
  p = p * m + 1.1676998740e-1;
  p = p * m - 1.2420140846e-1;
  p = p * m + 1.4249322787e-1;
  p = p * m - 1.6668057665e-1;
  p = p * m + 2.0000714765e-1;
  p = p * m - 2.4999993993e-1;
  p = p * m + 3.3333331174e-1;
  let y = p * m * z + e * -2.12194440e-4 - 0.5 * z;
  return (m + y) + e * 0.693359375;
}`,
);
// Near 0, log1p(x) = 2 atanh(s) with s = x / (2 + x), |s| <= 1/3: an odd series without cancellation.
defineWgsl(
  "jx_log1p",
  ["jx_is_nan", "jx_is_inf", "jx_nan", "jx_log"],
  `fn jx_log1p(x: f32) -> f32 {
  if (jx_is_nan(x) || x < -1.0) { return jx_nan(); }
  if (jx_is_inf(x) || x == 0.0) { return x; }
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    var p = 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    return 2.0 * s + 2.0 * s * s2 * p;
  }
  return jx_log(1.0 + x);
}`,
);
// Taylor series to x^9 on |x| < 1/2 (error below 1e-9 relative), exp(x) - 1 outside.
defineWgsl(
  "jx_expm1",
  ["jx_is_nan", "jx_exp"],
  `fn jx_expm1(x: f32) -> f32 {
  if (jx_is_nan(x) || x == 0.0) { return x; }
  if (abs(x) < 0.5) {
    var p = 1.0 / 362880.0;
    p = p * x + 1.0 / 40320.0;
    p = p * x + 1.0 / 5040.0;
    p = p * x + 1.0 / 720.0;
    p = p * x + 1.0 / 120.0;
    p = p * x + 1.0 / 24.0;
    p = p * x + 1.0 / 6.0;
    p = p * x + 0.5;
    return x + x * x * p;
  }
  if (x < -20.0) { return -1.0; }
  return jx_exp(x) - 1.0;
}`,
);
// Integers of 2^24 and more are even.
defineWgsl(
  "jx_is_odd_integer",
  [],
  `fn jx_is_odd_integer(y: f32) -> bool {
  if (abs(y) >= 16777216.0 || trunc(y) != y) { return false; }
  return (i32(y) & 1) != 0;
}`,
);
// Repeated squaring: exact for y = 1 and 2, within an ulp or two up to 8 (exp(y log x) would
// lose |y log x| ulps to the rounding of log x).
defineWgsl(
  "jx_pow_small_integer",
  [],
  `fn jx_pow_small_integer(x: f32, y: f32) -> f32 {
  var n = u32(abs(y));
  var base = x;
  var acc = 1.0;
  while (n > 0u) {
    if ((n & 1u) == 1u) { acc = acc * base; }
    n = n >> 1u;
    if (n > 0u) { base = base * base; }
  }
  return select(acc, 1.0 / acc, y < 0.0);
}`,
);
// C's pow (which the CPU kernel follows): pow(x, 0) = pow(1, y) = 1 even for NaN, pow(-1, inf) = 1,
// signed zeros and infinities by the parity of y, NaN for negative x and non-integer y.
defineWgsl(
  "jx_pow",
  [
    "jx_is_nan",
    "jx_is_inf",
    "jx_nan",
    "jx_inf",
    "jx_copysign",
    "jx_is_odd_integer",
    "jx_pow_small_integer",
    "jx_exp",
    "jx_log",
  ],
  `fn jx_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (jx_is_nan(x) || jx_is_nan(y)) { return jx_nan(); }
  let ax = abs(x);
  if (jx_is_inf(y)) {
    if (ax == 1.0) { return 1.0; }
    return select(0.0, jx_inf(), (ax > 1.0) == (y > 0.0));
  }
  let odd = jx_is_odd_integer(y);
  if (x == 0.0 || jx_is_inf(x)) {
    let mag = select(0.0, jx_inf(), (x == 0.0) == (y < 0.0));
    return select(mag, jx_copysign(mag, x), odd);
  }
  if (x < 0.0 && trunc(y) != y) { return jx_nan(); }
  if (trunc(y) == y && abs(y) <= 8.0) { return jx_pow_small_integer(x, y); }
  let r = jx_exp(y * jx_log(ax));
  return select(r, -r, x < 0.0 && odd);
}`,
);
// One Newton step on exp(log(a)/3) gives the last bits.
defineWgsl(
  "jx_cbrt",
  ["jx_is_nan", "jx_is_inf", "jx_copysign", "jx_exp", "jx_log"],
  `fn jx_cbrt(x: f32) -> f32 {
  if (jx_is_nan(x) || jx_is_inf(x) || x == 0.0) { return x; }
  let a = abs(x);
  var y = jx_exp(jx_log(a) * (1.0 / 3.0));
  y = y + (a / (y * y) - y) * (1.0 / 3.0);
  return jx_copysign(y, x);
}`,
);
defineWgsl(
  "jx_tanh",
  ["jx_is_nan", "jx_copysign", "jx_expm1"],
  `fn jx_tanh(x: f32) -> f32 {
  if (jx_is_nan(x) || x == 0.0) { return x; }
  let a = abs(x);
  if (a > 10.0) { return jx_copysign(1.0, x); }
  let e = jx_expm1(2.0 * a);
  return jx_copysign(e / (e + 2.0), x);
}`,
);
// As the CPU kernel: neither branch overflows or loses the small tail.
defineWgsl(
  "jx_logistic",
  ["jx_is_nan", "jx_exp"],
  `fn jx_logistic(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + jx_exp(-x)); }
  let e = jx_exp(x);
  return e / (1.0 + e);
}`,
);
defineWgsl(
  "jx_sinh",
  ["jx_is_nan", "jx_copysign", "jx_exp", "jx_expm1"],
  `fn jx_sinh(x: f32) -> f32 {
  if (jx_is_nan(x) || x == 0.0) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 1.0) {
    let e = jx_expm1(a);
    r = 0.5 * (e + e / (e + 1.0));
  } else if (a < 88.0) {
    let e = jx_exp(a);
    r = 0.5 * (e - 1.0 / e);
  } else {
    let h = jx_exp(0.5 * a);
    r = (0.5 * h) * h;
  }
  return jx_copysign(r, x);
}`,
);
defineWgsl(
  "jx_cosh",
  ["jx_is_nan", "jx_exp"],
  `fn jx_cosh(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  let a = abs(x);
  if (a < 88.0) {
    let e = jx_exp(a);
    return 0.5 * (e + 1.0 / e);
  }
  let h = jx_exp(0.5 * a);
  return (0.5 * h) * h;
}`,
);
defineWgsl(
  "jx_asinh",
  ["jx_is_nan", "jx_is_inf", "jx_copysign", "jx_log", "jx_log1p", "jx_sqrt"],
  `fn jx_asinh(x: f32) -> f32 {
  if (jx_is_nan(x) || jx_is_inf(x) || x == 0.0) { return x; }
  let a = abs(x);
  var r: f32;
  if (a > 4096.0) {
    r = jx_log(a) + ${LN2};
  } else {
    let a2 = a * a;
    r = jx_log1p(a + a2 / (1.0 + jx_sqrt(1.0 + a2)));
  }
  return jx_copysign(r, x);
}`,
);
defineWgsl(
  "jx_acosh",
  ["jx_is_nan", "jx_is_inf", "jx_nan", "jx_log", "jx_log1p", "jx_sqrt"],
  `fn jx_acosh(x: f32) -> f32 {
  if (jx_is_nan(x) || x < 1.0) { return jx_nan(); }
  if (jx_is_inf(x)) { return x; }
  if (x > 4096.0) { return jx_log(x) + ${LN2}; }
  let t = x - 1.0;
  return jx_log1p(t + jx_sqrt(2.0 * t + t * t));
}`,
);
defineWgsl(
  "jx_atanh",
  ["jx_is_nan", "jx_nan", "jx_inf", "jx_copysign", "jx_log1p"],
  `fn jx_atanh(x: f32) -> f32 {
  let a = abs(x);
  if (jx_is_nan(x) || a > 1.0) { return jx_nan(); }
  if (a == 1.0) { return jx_copysign(jx_inf(), x); }
  if (x == 0.0) { return x; }
  return jx_copysign(0.5 * jx_log1p(2.0 * a / (1.0 - a)), x);
}`,
);
