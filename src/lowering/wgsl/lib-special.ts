// Special functions in f32, as XLA computes them for float32: erf by a rational approximation on
// [-4, 4], erfc by Cephes' rational approximations in 1/x^2 times exp(-x^2) (with x^2 split so
// its rounding error is not amplified), erf_inv by Giles' single-precision approximation, and
// lgamma/digamma by the Lanczos approximation (g = 7, 9 terms) with reflection below 1/2.
// Near the zeros of lgamma and digamma the error is absolute (about 1e-6), not relative.
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
  return c * p / q;
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

const LANCZOS = [
  "676.520368121885098567009190444019",
  "-1259.13921672240287047156078755283",
  "771.3234287776530788486528258894",
  "-176.61502916214059906584551354",
  "12.507343278686904814458936853",
  "-0.13857109526572011689554707",
  "9.984369578019570859563e-6",
  "1.50563273514931155834e-7",
];
const lanczosTerms = (body: (c: string, d: string) => string) =>
  LANCZOS.map((c, i) => `  {\n    let d = z + ${i + 1}.0;\n${body(c, "d")}\n  }`).join("\n");

// log(t) for t = z + g + 1/2, written as log(g + 1/2) + log1p(z / (g + 1/2)) to keep the bits.
defineWgsl(
  "jx_lanczos_log_t",
  ["jx_log1p"],
  `fn jx_lanczos_log_t(z: f32) -> f32 {
  return 2.01490302054226768 + jx_log1p(z / 7.5);
}`,
);
defineWgsl(
  "jx_lgamma_positive",
  ["jx_log", "jx_lanczos_log_t"],
  `fn jx_lgamma_positive(x: f32) -> f32 {
  let z = x - 1.0;
  var a = 0.99999999999980993227684700473478;
${lanczosTerms((c) => `    a = a + ${c} / d;`)}
  let t = z + 7.5;
  return 0.918938533204672742 + (z + 0.5) * jx_lanczos_log_t(z) - t + jx_log(a);
}`,
);
// lgamma is +inf at the poles and at +-inf, as XLA's; below 1/2 by reflection.
defineWgsl(
  "jx_lgamma",
  ["jx_is_nan", "jx_is_inf", "jx_inf", "jx_log", "jx_sin", "jx_lgamma_positive"],
  `fn jx_lgamma(x: f32) -> f32 {
  if (jx_is_nan(x)) { return x; }
  if (jx_is_inf(x) || (x <= 0.0 && floor(x) == x)) { return jx_inf(); }
  if (x >= 0.5) { return jx_lgamma_positive(x); }
  let a = abs(x);
  var frac = a - floor(a);
  if (frac > 0.5) { frac = 1.0 - frac; }
  return 1.14472988584940017 - jx_log(jx_sin(${PI} * frac)) - jx_lgamma_positive(1.0 - x);
}`,
);
defineWgsl(
  "jx_digamma_positive",
  ["jx_lanczos_log_t"],
  `fn jx_digamma_positive(x: f32) -> f32 {
  let z = x - 1.0;
  var num = 0.0;
  var den = 0.99999999999980993227684700473478;
${lanczosTerms((c, d) => `    num = num - ${c} / (${d} * ${d});\n    den = den + ${c} / ${d};`)}
  let t = z + 7.5;
  return jx_lanczos_log_t(z) + num / den - 7.0 / t;
}`,
);
// NaN at the poles (non-positive integers and -inf), as XLA's; below 1/2 by reflection.
defineWgsl(
  "jx_digamma",
  ["jx_is_nan", "jx_nan", "jx_tan", "jx_digamma_positive"],
  `fn jx_digamma(x: f32) -> f32 {
  if (jx_is_nan(x) || (x <= 0.0 && floor(x) == x)) { return jx_nan(); }
  if (x >= 0.5) { return jx_digamma_positive(x); }
  let r = x - round(x);
  return jx_digamma_positive(1.0 - x) - ${PI} / jx_tan(${PI} * r);
}`,
);
