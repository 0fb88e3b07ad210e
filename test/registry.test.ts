// Completeness of the primitive set: every primitive has an evaluation rule, a JVP rule, a
// batching rule and at least one spec in the table (which drives all the rule checks).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { allPrimitives } from "../src/primitives/primitive.js";
import { allSpecs } from "./specs/index.js";

/** Primitives that deliberately lack a JVP rule, and why. */
const NO_JVP: Record<string, string> = {
  nextafter: "JAX defines no derivative for nextafter",
  custom_lin: "forward mode through a customVjp function is unsupported (it is only transposed)",
};

/** Primitives only created inside another primitive's rules, and the spec that exercises them. */
const COVERED_BY: Record<string, string> = { custom_lin: "custom_vjp_call" };

/** The list of required primitives (JAX names). */
const REQUIRED = `neg exp exp2 log log1p expm1 tanh logistic sin cos tan asin acos atan sinh cosh asinh acosh atanh sqrt rsqrt cbrt
abs sign floor ceil round is_finite erf erf_inv lgamma digamma integer_pow square add sub mul div rem pow max min atan2 nextafter
and or xor not shift_left shift_right_logical shift_right_arithmetic eq ne lt le gt ge select_n clamp reduce_sum reduce_max
reduce_min reduce_prod reduce_and reduce_or argmax argmin cumsum cumprod cummax cumlogsumexp broadcast_in_dim reshape transpose
squeeze rev concatenate pad slice dynamic_slice dynamic_update_slice gather scatter scatter-add iota convert_element_type
bitcast_convert_type dot_general conv_general_dilated reduce_window_sum reduce_window_max sort threefry2x32 cond while scan
stop_gradient custom_jvp_call custom_vjp_call jit`.split(/\s+/);

describe("primitive registry", () => {
  const prims = allPrimitives();
  const names = new Set(prims.map((p) => p.name));
  const specced = new Set(allSpecs.map((s) => s.prim));

  it("has every primitive the core issue lists", () => {
    expect(REQUIRED.filter((n) => !names.has(n))).toEqual([]);
  });

  for (const p of prims) {
    it(`${p.name} is complete`, () => {
      expect(p.impl !== undefined || p.evalRule !== undefined, "evaluation rule").toBe(true);
      if (!(p.name in NO_JVP)) expect(p.jvp, "JVP rule").toBeDefined();
      expect(p.batch, "batching rule").toBeDefined();
      expect(specced.has(COVERED_BY[p.name] ?? p.name), "a spec in test/specs").toBe(true);
    });
  }
});
