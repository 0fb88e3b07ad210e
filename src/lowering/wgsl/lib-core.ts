// Core WGSL helpers: NaN and infinity tests on the bit pattern (compilers may assume comparisons
// never see NaN), IEEE max/min and comparisons, integer division and shifts with XLA's results
// where WGSL's differ or are undefined, exact fmod and nextafter, and the conversions of
// convert_element_type (wrapping float-to-int, round-to-nearest-even int-to-float).
import { defineWgsl } from "./library.js";

defineWgsl("jx_is_nan", [], `fn jx_is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`);
defineWgsl("jx_is_inf", [], `fn jx_is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }`);
defineWgsl(
  "jx_is_finite",
  [],
  `fn jx_is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }`,
);
defineWgsl("jx_sign_bit", [], `fn jx_sign_bit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }`);
// A var keeps these out of constant evaluation, where non-finite values are errors.
defineWgsl(
  "jx_nan",
  [],
  `fn jx_nan() -> f32 {
  var bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}`,
);
defineWgsl(
  "jx_inf",
  [],
  `fn jx_inf() -> f32 {
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}`,
);
defineWgsl(
  "jx_copysign",
  [],
  `fn jx_copysign(x: f32, s: f32) -> f32 {
  return bitcast<f32>((bitcast<u32>(x) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u));
}`,
);
// Mesa's shader compiler reassociates float arithmetic with constants ((x - c1) - c2 becomes
// x - (c1 + c2)), which breaks split constants. A constant passed through this is opaque to it:
// the select depends on one NaN pattern of x (for which callers return NaN anyway).
defineWgsl(
  "jx_opaque",
  [],
  `fn jx_opaque(c: f32, x: f32) -> f32 {
  return select(c, 0.0, bitcast<u32>(x) == 0x7fbadbadu);
}`,
);
defineWgsl("jx_abs_f32", [], `fn jx_abs_f32(x: f32) -> f32 { return bitcast<f32>(bitcast<u32>(x) & 0x7fffffffu); }`);

// ---- max, min, comparisons ------------------------------------------------------------------------

// IEEE 754-2019 maximum/minimum, as Math.max/min and XLA: NaN wins, and -0 < +0.
defineWgsl(
  "jx_max_f32",
  ["jx_is_nan", "jx_nan", "jx_sign_bit"],
  `fn jx_max_f32(a: f32, b: f32) -> f32 {
  if (jx_is_nan(a) || jx_is_nan(b)) { return jx_nan(); }
  if (a == b) { return select(a, b, jx_sign_bit(a)); }
  return select(b, a, a > b);
}`,
);
defineWgsl(
  "jx_min_f32",
  ["jx_is_nan", "jx_nan", "jx_sign_bit"],
  `fn jx_min_f32(a: f32, b: f32) -> f32 {
  if (jx_is_nan(a) || jx_is_nan(b)) { return jx_nan(); }
  if (a == b) { return select(a, b, jx_sign_bit(b)); }
  return select(b, a, a < b);
}`,
);
defineWgsl(
  "jx_unordered",
  ["jx_is_nan"],
  `fn jx_unordered(a: f32, b: f32) -> bool { return jx_is_nan(a) || jx_is_nan(b); }`,
);
for (const [name, op] of [
  ["eq", "=="],
  ["lt", "<"],
  ["le", "<="],
  ["gt", ">"],
  ["ge", ">="],
] as const) {
  defineWgsl(
    `jx_${name}_f32`,
    ["jx_unordered"],
    `fn jx_${name}_f32(a: f32, b: f32) -> bool { return !jx_unordered(a, b) && (a ${op} b); }`,
  );
}
defineWgsl(
  "jx_ne_f32",
  ["jx_unordered"],
  `fn jx_ne_f32(a: f32, b: f32) -> bool { return jx_unordered(a, b) || (a != b); }`,
);

// ---- sign, rounding, square roots -----------------------------------------------------------------

defineWgsl(
  "jx_sign_f32",
  ["jx_is_nan"],
  `fn jx_sign_f32(x: f32) -> f32 {
  if (jx_is_nan(x) || x == 0.0) { return x; }
  return select(-1.0, 1.0, x > 0.0);
}`,
);
defineWgsl(
  "jx_round_away",
  ["jx_is_finite"],
  `fn jx_round_away(x: f32) -> f32 {
  if (!jx_is_finite(x)) { return x; }
  let t = trunc(x);
  if (abs(x - t) >= 0.5) { return t + select(-1.0, 1.0, x > 0.0); }
  return t;
}`,
);
defineWgsl(
  "jx_sqrt",
  ["jx_is_nan", "jx_nan", "jx_is_inf"],
  `fn jx_sqrt(x: f32) -> f32 {
  if (jx_is_nan(x) || x < 0.0) { return jx_nan(); }
  if (x == 0.0 || jx_is_inf(x)) { return x; }
  return sqrt(x);
}`,
);
defineWgsl(
  "jx_rsqrt",
  ["jx_sqrt", "jx_inf", "jx_copysign"],
  `fn jx_rsqrt(x: f32) -> f32 {
  if (x == 0.0) { return jx_copysign(jx_inf(), x); }
  return 1.0 / jx_sqrt(x);
}`,
);

// ---- integer division, remainder and shifts ---------------------------------------------------

// XLA: x / 0 is -1 (all bits set), INT_MIN / -1 wraps to INT_MIN; x rem 0 is x, INT_MIN rem -1 is 0.
defineWgsl(
  "jx_div_i32",
  [],
  `fn jx_div_i32(a: i32, b: i32) -> i32 {
  if (b == 0) { return -1; }
  if (b == -1) { return bitcast<i32>(0u - bitcast<u32>(a)); }
  return a / b;
}`,
);
defineWgsl(
  "jx_div_u32",
  [],
  `fn jx_div_u32(a: u32, b: u32) -> u32 {
  if (b == 0u) { return 0xffffffffu; }
  return a / b;
}`,
);
defineWgsl(
  "jx_rem_i32",
  [],
  `fn jx_rem_i32(a: i32, b: i32) -> i32 {
  if (b == 0) { return a; }
  if (b == -1) { return 0; }
  return a % b;
}`,
);
defineWgsl(
  "jx_rem_u32",
  [],
  `fn jx_rem_u32(a: u32, b: u32) -> u32 {
  if (b == 0u) { return a; }
  return a % b;
}`,
);
// Shift amounts read as unsigned; 32 or more shifts every bit out (the sign bit fills for >>).
for (const t of ["i32", "u32"] as const) {
  const asU = t === "u32" ? "a" : "bitcast<u32>(a)";
  const asI = t === "i32" ? "a" : "bitcast<i32>(a)";
  const fromU = (e: string) => (t === "u32" ? e : `bitcast<i32>(${e})`);
  const fromI = (e: string) => (t === "i32" ? e : `bitcast<u32>(${e})`);
  const amount = t === "u32" ? "s" : "bitcast<u32>(s)";
  defineWgsl(
    `jx_shl_${t}`,
    [],
    `fn jx_shl_${t}(a: ${t}, s: ${t}) -> ${t} {
  let n = ${amount};
  if (n >= 32u) { return ${t}(0); }
  return a << n;
}`,
  );
  defineWgsl(
    `jx_shr_logical_${t}`,
    [],
    `fn jx_shr_logical_${t}(a: ${t}, s: ${t}) -> ${t} {
  let n = ${amount};
  if (n >= 32u) { return ${t}(0); }
  return ${fromU(`${asU} >> n`)};
}`,
  );
  defineWgsl(
    `jx_shr_arith_${t}`,
    [],
    `fn jx_shr_arith_${t}(a: ${t}, s: ${t}) -> ${t} {
  let n = min(${amount}, 31u);
  return ${fromI(`${asI} >> n`)};
}`,
  );
}

// ---- float remainder and neighbours -------------------------------------------------------------

// C's fmod, exactly: subtract b * 2^k while it fits (each step is exact by Sterbenz's lemma).
defineWgsl(
  "jx_fmod",
  ["jx_is_nan", "jx_is_inf", "jx_nan", "jx_copysign"],
  `fn jx_fmod(a: f32, b: f32) -> f32 {
  if (jx_is_nan(a) || jx_is_nan(b) || jx_is_inf(a) || b == 0.0) { return jx_nan(); }
  if (jx_is_inf(b)) { return a; }
  let bx = abs(b);
  var r = abs(a);
  let eb = i32((bitcast<u32>(bx) >> 23u) & 0xffu);
  for (var i = 0; i < 300 && r >= bx; i++) {
    let k = i32((bitcast<u32>(r) >> 23u) & 0xffu) - eb;
    var y = ldexp(bx, k);
    if (y > r) { y = ldexp(bx, k - 1); }
    r = r - y;
  }
  return jx_copysign(r, a);
}`,
);
defineWgsl(
  "jx_nextafter",
  ["jx_is_nan", "jx_nan"],
  `fn jx_nextafter(x: f32, y: f32) -> f32 {
  if (jx_is_nan(x) || jx_is_nan(y)) { return jx_nan(); }
  if (x == y) { return y; }
  let yb = bitcast<u32>(y);
  if (x == 0.0) { return bitcast<f32>((yb & 0x80000000u) | 1u); }
  let xb = bitcast<u32>(x);
  let toward_zero = abs(x) > abs(y) || (xb & 0x80000000u) != (yb & 0x80000000u);
  return bitcast<f32>(select(xb + 1u, xb - 1u, toward_zero));
}`,
);

// ---- conversions ----------------------------------------------------------------------------------

// castScalar: non-finite values become 0; others truncate and keep their low 32 bits, so the
// same pattern serves int32 and uint32 targets.
defineWgsl(
  "jx_f32_to_bits",
  ["jx_is_finite"],
  `fn jx_f32_to_bits(x: f32) -> u32 {
  if (!jx_is_finite(x)) { return 0u; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return bitcast<u32>(i32(t)); }
  let bits = bitcast<u32>(t);
  let shift = ((bits >> 23u) & 0xffu) - 150u;
  var low = 0u;
  if (shift < 32u) { low = ((bits & 0x7fffffu) | 0x800000u) << shift; }
  if ((bits & 0x80000000u) != 0u) { low = 0u - low; }
  return low;
}`,
);
// Round to nearest even, whatever the device's own conversion does with more than 24 bits.
defineWgsl(
  "jx_u32_to_f32",
  [],
  `fn jx_u32_to_f32(u: u32) -> f32 {
  if (u < 0x1000000u) { return f32(u); }
  let shift = 8u - countLeadingZeros(u);
  let kept = u >> shift;
  let rest = u & ((1u << shift) - 1u);
  let half = 1u << (shift - 1u);
  var m = kept;
  if (rest > half || (rest == half && (kept & 1u) == 1u)) { m = m + 1u; }
  return f32(m) * f32(1u << shift);
}`,
);
defineWgsl(
  "jx_i32_to_f32",
  ["jx_u32_to_f32"],
  `fn jx_i32_to_f32(i: i32) -> f32 {
  let u = bitcast<u32>(i);
  let m = jx_u32_to_f32(select(u, 0u - u, i < 0));
  return select(m, -m, i < 0);
}`,
);
// float16 stores: round to the nearest float16 value (ties to even; Math.round's ties-up on the
// subnormal grid, as roundToFloat16 does), then the narrowing conversion is exact.
defineWgsl(
  "jx_round_f16",
  ["jx_is_finite", "jx_copysign", "jx_inf"],
  `fn jx_round_f16(x: f32) -> f32 {
  if (!jx_is_finite(x)) { return x; }
  let a = abs(x);
  if (a < 6.103515625e-05) { return jx_copysign(floor(a * 16777216.0 + 0.5) / 16777216.0, x); }
  let bits = bitcast<u32>(x);
  let rounded = (bits + 0xfffu + ((bits >> 13u) & 1u)) & 0xffffe000u;
  let y = bitcast<f32>(rounded);
  if (abs(y) > 65504.0) { return jx_copysign(jx_inf(), x); }
  return y;
}`,
);
