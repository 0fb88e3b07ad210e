// Special functions in f32, as XLA computes them for float32: erf by a rational approximation on
// [-4, 4], erfc by Cephes' rational approximations in 1/x^2 times exp(-x^2) (with x^2 split so
// its rounding error is not amplified), erf_inv by Giles' single-precision approximation, and
// lgamma/digamma as the CPU kernels compute them (Taylor series around 2 in zeta(k) - 1, the
// recurrence into that window, Stirling's series from 13, reflection below -1/2), so they keep
// their relative accuracy at the zeros lgamma(1) = lgamma(2) = 0 and next to digamma's root.
import { EULER_GAMMA, ZETA_MINUS_ONE } from "../../primitives/elementwise/special-series.js";
import { defineWgsl } from "./library.js";

const PI = "3.14159265358979323846";

defineWgsl(
  "jx_erf",
  ["jx_is_nan"],
  `fn jx_erf(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  let c = clamp(x, -4.0, 4.0);
  let x2 = c * c;
  var p = -2.72614225801306e-10;
  p = p * x2 + 2.77068142495902e-08;
  p = p * x2 - 2.10102402082508e-06;
  p = p * x2 - 5.69250639462346e-05;
  p = p * x2 - 7.34990630326855e-04;
  p = p * x2 - 2.95459980854025e-03;
  p = p * x2 - 1.60960333262415e-02;
  var q = -1.45660718464996e-05;
  q = q * x2 - 2.13374055278905e-04;
  q = q * x2 - 1.68282697438203e-03;
  q = q * x2 - 7.37332916720468e-03;
  q = q * x2 - 1.42647390514189e-02;
  return clamp(c * p / q, -1.0, 1.0);
}`,
);
defineWgsl(
  "jx_erfc",
  ["jx_is_nan", "jx_erf", "jx_exp"],
  `fn jx_erfc(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  let a = abs(x);
  if (a < 1.0) { return 1.0 - jx_erf(x); }
  if (x > 10.1) { return 0.0; }
  if (x < -10.0) { return 2.0; }
  let m = floor(a * 128.0 + 0.5) / 128.0;
  let f = a - m;
  let z = jx_exp(-m * m) * jx_exp(-(2.0 * m * f + f * f));
  let q = 1.0 / a;
  let y = q * q;
  var p: f32;
  if (a < 2.0) {
    p = 2.326819970068386e-2;
    p = p * y - 1.387039388740657e-1;
    p = p * y + 3.687424674597105e-1;
    p = p * y - 5.824733027278666e-1;
    p = p * y + 6.210004621745983e-1;
    p = p * y - 4.944515323274145e-1;
    p = p * y + 3.404879937665872e-1;
    p = p * y - 2.741127028184656e-1;
    p = p * y + 5.638259427386472e-1;
  } else {
    p = -1.047766399936249e+1;
    p = p * y + 1.297719955372516e+1;
    p = p * y - 7.495518717768503e+0;
    p = p * y + 2.921019019210786e+0;
    p = p * y - 1.015265279202700e+0;
    p = p * y + 4.218463358204948e-1;
    p = p * y - 2.820767439740514e-1;
    p = p * y + 5.641895067754075e-1;
  }
  let r = z * q * p;
  return select(r, 2.0 - r, x < 0.0);
}`,
);
defineWgsl(
  "jx_erf_inv",
  ["jx_is_nan", "jx_nan", "jx_inf", "jx_copysign", "jx_log", "jx_sqrt"],
  `fn jx_erf_inv(x: f32) -> f32 {
  let a = abs(x);
  if (jx_is_nan(x) || a > 1.0) { return jx_nan(); }
  if (a == 1.0) { return jx_copysign(jx_inf(), x); }
  var w = -jx_log((1.0 - x) * (1.0 + x));
  var p: f32;
  if (w < 5.0) {
    w = w - 2.5;
    p = 2.81022636e-08;
    p = p * w + 3.43273939e-07;
    p = p * w - 3.5233877e-06;
    p = p * w - 4.39150654e-06;
    p = p * w + 0.00021858087;
    p = p * w - 0.00125372503;
    p = p * w - 0.00417768164;
    p = p * w + 0.246640727;
    p = p * w + 1.50140941;
  } else {
    w = jx_sqrt(w) - 3.0;
    p = -0.000200214257;
    p = p * w + 0.000100950558;
    p = p * w + 0.00134934322;
    p = p * w - 0.00367342844;
    p = p * w + 0.00573950773;
    p = p * w - 0.0076224613;
    p = p * w + 0.00943887047;
    p = p * w + 1.00167406;
    p = p * w + 2.83297682;
  }
  return p * x;
}`,
);

/** A float literal that keeps all the float32 bits of `v` (WGSL rounds it to f32). */
const lit = (v: number): string => (Object.is(v, -0) ? "-0.0" : v.toPrecision(17));

/** Horner's rule over coefficients c[0] + c[1] z + ..., as WGSL statements accumulating into `p`. */
function horner(coefficients: readonly number[], z: string): string {
  const lines = [`var p = ${lit(coefficients[coefficients.length - 1]!)};`];
  for (let i = coefficients.length - 2; i >= 0; i--) lines.push(`p = p * ${z} + ${lit(coefficients[i]!)};`);
  return lines.map((l) => `  ${l}`).join("\n");
}

// lgamma(2 + z) = (1 - gamma) z + sum_k (-1)^k (zeta(k) - 1) z^k / k for |z| <= 1/2.
const LGAMMA_NEAR_2 = [
  1 - EULER_GAMMA,
  ...Array.from({ length: 15 }, (_, i) => ((i % 2 === 0 ? 1 : -1) * ZETA_MINUS_ONE[i + 2]!) / (i + 2)),
];
defineWgsl(
  "jx_lgamma_near2",
  [],
  `fn jx_lgamma_near2(z: f32) -> f32 {
${horner(LGAMMA_NEAR_2, "z")}
  return p * z;
}`,
);
// |sin(pi x)|, reduced first so that it is exact at the integers.
defineWgsl(
  "jx_abs_sin_pi",
  ["jx_sin"],
  `fn jx_abs_sin_pi(x: f32) -> f32 {
  let a = abs(x);
  var f = a - floor(a);
  if (f > 0.5) { f = 1.0 - f; }
  return jx_sin(${PI} * f);
}`,
);
defineWgsl(
  "jx_lgamma_upper",
  ["jx_log", "jx_log1p", "jx_lgamma_near2"],
  `fn jx_lgamma_upper(x: f32) -> f32 {
  if (x < 0.5) { return jx_lgamma_near2(x) - jx_log(abs(x)) - jx_log1p(x); }
  if (x < 1.5) { return jx_lgamma_near2(x - 1.0) - jx_log1p(x - 1.0); }
  if (x < 2.5) { return jx_lgamma_near2(x - 2.0); }
  if (x < 13.0) {
    var t = x;
    var product = 1.0;
    while (t >= 2.5) {
      t = t - 1.0;
      product = product * t;
    }
    return jx_lgamma_near2(t - 2.0) + jx_log(product);
  }
  let r = 1.0 / x;
  let r2 = r * r;
  let series = r * (${lit(1 / 12)} - r2 * (${lit(1 / 360)} - r2 * ${lit(1 / 1260)}));
  return (x - 0.5) * jx_log(x) - x + 0.918938533204672742 + series;
}`,
);
// +inf at the poles and at +-inf, as XLA's lgamma.
defineWgsl(
  "jx_lgamma",
  ["jx_is_nan", "jx_is_inf", "jx_inf", "jx_log", "jx_abs_sin_pi", "jx_lgamma_upper"],
  `fn jx_lgamma(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  if (jx_is_inf(x) || (x <= 0.0 && floor(x) == x)) { return jx_inf(); }
  if (x >= -0.5) { return jx_lgamma_upper(x); }
  return 1.14472988584940017 - jx_log(jx_abs_sin_pi(x)) - jx_lgamma_upper(1.0 - x);
}`,
);

// digamma(2 + z) for |z| <= 3/4 as (x - x0) sum_k (-1)^k (zeta(k) - 1) D_{k-1}, with x0 the positive
// root and D_n = (z^n - z0^n) / (z - z0) (z0 = x0 - 2), so the result keeps its relative accuracy
// next to the root.
const DIGAMMA_ROOT = 1.4616321449683622;
const ROOT_HI = Math.fround(DIGAMMA_ROOT);
const ROOT_LO = DIGAMMA_ROOT - ROOT_HI;
const Z0 = DIGAMMA_ROOT - 2;
function digammaNear2Body(): string {
  const lines = ["var d = 1.0;", "var sum = 0.0;"];
  for (let k = 2; k <= 24; k++) {
    lines.push(`sum = sum + ${lit((k % 2 === 0 ? 1 : -1) * ZETA_MINUS_ONE[k]!)} * d;`);
    lines.push(`d = z * d + ${lit(Z0 ** (k - 1))};`);
  }
  return lines.map((l) => `  ${l}`).join("\n");
}
// x is 2 + z (exactly, as the caller has it): x - x0 must not be rounded.
defineWgsl(
  "jx_digamma_near2",
  ["jx_opaque"],
  `fn jx_digamma_near2(z: f32, x: f32) -> f32 {
  let dx = (x - jx_opaque(${lit(ROOT_HI)}, x)) - jx_opaque(${lit(ROOT_LO)}, x);
${digammaNear2Body()}
  return dx * sum;
}`,
);
defineWgsl(
  "jx_digamma_upper",
  ["jx_log", "jx_digamma_near2"],
  `fn jx_digamma_upper(x: f32) -> f32 {
  if (x < 0.5) { return jx_digamma_near2(x, x + 2.0) - 1.0 / x - 1.0 / (1.0 + x); }
  if (x < 1.25) { return jx_digamma_near2(x - 1.0, x + 1.0) - 1.0 / x; }
  if (x < 2.75) { return jx_digamma_near2(x - 2.0, x); }
  if (x < 13.0) {
    var t = x;
    var sum = 0.0;
    while (t >= 2.75) {
      t = t - 1.0;
      sum = sum + 1.0 / t;
    }
    return jx_digamma_near2(t - 2.0, t) + sum;
  }
  let r2 = 1.0 / (x * x);
  let series = r2 * (${lit(1 / 12)} - r2 * (${lit(1 / 120)} - r2 * (${lit(1 / 252)} - r2 * ${lit(1 / 240)})));
  return jx_log(x) - 0.5 / x - series;
}`,
);
// NaN at the poles (non-positive integers and -inf), as XLA's digamma.
defineWgsl(
  "jx_digamma",
  ["jx_is_nan", "jx_nan", "jx_tan", "jx_digamma_upper"],
  `fn jx_digamma(x: f32) -> f32 {
  if (jx_is_nan(x) || (x <= 0.0 && floor(x) == x)) { return jx_nan(); }
  if (x >= -0.5) { return jx_digamma_upper(x); }
  let r = x - round(x);
  return jx_digamma_upper(1.0 - x) - ${PI} / jx_tan(${PI} * r);
}`,
);
