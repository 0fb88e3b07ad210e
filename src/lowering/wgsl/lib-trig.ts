// Trigonometric functions in f32, written out for the same reason as lib-exp-log.ts: Vulkan only
// promises sin/cos to an absolute 2^-11 and atan to thousands of ulp. The argument is reduced
// modulo pi/2 (lib-trig-reduce.ts, accurate for every finite f32), then minimax polynomials on
// [-pi/4, pi/4].
import { defineWgsl } from "./library.js";
import "./lib-trig-reduce.js";

const PI = "3.14159265358979323846";

defineWgsl(
  "jx_sin_poly",
  [],
  `fn jx_sin_poly(r: f32, z: f32) -> f32 {
  return r + r * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);
}`,
);
defineWgsl(
  "jx_cos_poly",
  [],
  `fn jx_cos_poly(z: f32) -> f32 {
  return 1.0 - 0.5 * z + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);
}`,
);
defineWgsl(
  "jx_sin",
  ["jx_is_finite", "jx_nan", "jx_reduce_half_pi", "jx_sin_poly", "jx_cos_poly"],
  `fn jx_sin(x: f32) -> f32 {
  if (!jx_is_finite(x)) { return jx_nan(); }
  if (x == 0.0) { return x; }
  let red = jx_reduce_half_pi(x);
  let z = red.r * red.r;
  switch red.q {
    case 0u: { return jx_sin_poly(red.r, z); }
    case 1u: { return jx_cos_poly(z); }
    case 2u: { return -jx_sin_poly(red.r, z); }
    default: { return -jx_cos_poly(z); }
  }
}`,
);
defineWgsl(
  "jx_cos",
  ["jx_is_finite", "jx_nan", "jx_reduce_half_pi", "jx_sin_poly", "jx_cos_poly"],
  `fn jx_cos(x: f32) -> f32 {
  if (!jx_is_finite(x)) { return jx_nan(); }
  let red = jx_reduce_half_pi(x);
  let z = red.r * red.r;
  switch red.q {
    case 0u: { return jx_cos_poly(z); }
    case 1u: { return -jx_sin_poly(red.r, z); }
    case 2u: { return -jx_cos_poly(z); }
    default: { return jx_sin_poly(red.r, z); }
  }
}`,
);
defineWgsl(
  "jx_tan",
  ["jx_is_finite", "jx_nan", "jx_reduce_half_pi", "jx_sin_poly", "jx_cos_poly"],
  `fn jx_tan(x: f32) -> f32 {
  if (!jx_is_finite(x)) { return jx_nan(); }
  if (x == 0.0) { return x; }
  let red = jx_reduce_half_pi(x);
  let z = red.r * red.r;
  let s = jx_sin_poly(red.r, z);
  let c = jx_cos_poly(z);
  if ((red.q & 1u) == 0u) { return s / c; }
  return -c / s;
}`,
);
// Reduced to [0, tan(pi/8)] by atan(x) = pi/2 - atan(1/x) and pi/4 + atan((x-1)/(x+1)).
defineWgsl(
  "jx_atan",
  ["jx_is_nan", "jx_copysign"],
  `fn jx_atan(x: f32) -> f32 {
  if (jx_is_nan(x) || x == 0.0) { return x; }
  var a = abs(x);
  var base = 0.0;
  if (a > 2.414213562373095) {
    base = 1.5707963267948966;
    a = -1.0 / a;
  } else if (a > 0.4142135623730950) {
    base = 0.7853981633974483;
    a = (a - 1.0) / (a + 1.0);
  }
  let z = a * a;
  let p = (((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z;
  return jx_copysign(base + (p * a + a), x);
}`,
);
// Math.atan2(y, x), including the signed zeros and infinities.
defineWgsl(
  "jx_atan2",
  ["jx_is_nan", "jx_is_inf", "jx_nan", "jx_copysign", "jx_sign_bit", "jx_atan"],
  `fn jx_atan2(y: f32, x: f32) -> f32 {
  if (jx_is_nan(x) || jx_is_nan(y)) { return jx_nan(); }
  let pi: f32 = ${PI};
  if (y == 0.0) {
    if (x > 0.0 || (x == 0.0 && !jx_sign_bit(x))) { return y; }
    return jx_copysign(pi, y);
  }
  if (jx_is_inf(y)) {
    if (jx_is_inf(x)) { return jx_copysign(select(0.75 * pi, 0.25 * pi, x > 0.0), y); }
    return jx_copysign(0.5 * pi, y);
  }
  if (x == 0.0) { return jx_copysign(0.5 * pi, y); }
  if (jx_is_inf(x)) { return jx_copysign(select(pi, 0.0, x > 0.0), y); }
  let t = jx_atan(abs(y / x));
  return jx_copysign(select(pi - t, t, x > 0.0), y);
}`,
);
// (1 - x)(1 + x) rather than 1 - x^2 keeps the bits near |x| = 1.
defineWgsl(
  "jx_asin",
  ["jx_is_nan", "jx_nan", "jx_atan2"],
  `fn jx_asin(x: f32) -> f32 {
  if (jx_is_nan(x) || abs(x) > 1.0) { return jx_nan(); }
  return jx_atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}`,
);
defineWgsl(
  "jx_acos",
  ["jx_is_nan", "jx_nan", "jx_atan2"],
  `fn jx_acos(x: f32) -> f32 {
  if (jx_is_nan(x) || abs(x) > 1.0) { return jx_nan(); }
  return jx_atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}`,
);
