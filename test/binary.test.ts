// Errors and edge cases of the binary, comparison, bitwise and selection primitives:
// NaN/Inf/-0, integer wrap and division semantics, shifts past the bit width, exact nextafter
// stepping, and the derivative rules at ties and zeros.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { lax } from "../src/index.js";
import { arrayFromHost, scalar } from "../src/array.js";
import type { DType } from "../src/dtypes.js";
import { DTypeError, ShapeError, UnsupportedError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values as vals } from "./util/read.js";

const arr = (values: number[], dtype: DType = "float32", shape: number[] = [values.length]): JaxArray =>
  arrayFromHost(values, shape, dtype);
const same = async (x: unknown, want: number[]) => {
  const got = await vals(x);
  expect(got.length).toBe(want.length);
  // Object.is tells -0 from +0 and accepts NaN == NaN.
  got.forEach((g, i) => expect(Object.is(g, want[i]), `[${i}]: got ${g}, expected ${want[i]}`).toBe(true));
};

describe("shape and dtype errors name the operands and the jnp function to use", () => {
  it("mismatched shapes", () => {
    expect(() => lax.add(arr([1, 2, 3]), arr([1, 2]))).toThrow(ShapeError);
    expect(() => lax.add(arr([1, 2, 3]), arr([1, 2]))).toThrow(
      "add: lax operands must have equal shapes, got f32[3], f32[2]; use jnp.add (which broadcasts) or lax.broadcastInDim first",
    );
    expect(() => lax.max(arr([1]), arr([1, 2]))).toThrow("use jnp.maximum");
    expect(() => lax.lt(arr([1]), arr([1, 2]))).toThrow("use jnp.less");
  });

  it("mismatched dtypes", () => {
    expect(() => lax.sub(arr([1]), arr([1], "float64"))).toThrow(DTypeError);
    expect(() => lax.sub(arr([1]), arr([1], "float64"))).toThrow(
      "sub: lax operands must have equal dtypes, got f32[1], f64[1]; use jnp.subtract (which promotes types)",
    );
    expect(() => lax.rem(arr([1], "int32"), arr([1]))).toThrow("use jnp.fmod");
    expect(() => lax.eq(arr([1], "int32"), arr([1], "uint32"))).toThrow("use jnp.equal");
  });

  it("dtype classes", () => {
    expect(() => lax.rem(arr([1], "bool"), arr([1], "bool"))).toThrow(
      "rem: requires numeric (not bool) operands, got bool[1], bool[1]",
    );
    expect(() => lax.atan2(arr([1], "int32"), arr([1], "int32"))).toThrow("atan2: requires floating-point");
    expect(() => lax.nextafter(arr([1], "int32"), arr([1], "int32"))).toThrow(DTypeError);
    expect(() => lax.bitwiseAnd(arr([1]), arr([1]))).toThrow(
      "and: requires integer or bool operands, got f32[1], f32[1]",
    );
    expect(() => lax.bitwiseNot(arr([1]))).toThrow("not: requires integer or bool operands, got f32[1]");
    expect(() => lax.shiftLeft(arr([1], "bool"), arr([1], "bool"))).toThrow(
      "shift_left: requires integer (int32, uint32) operands",
    );
  });

  it("pow: float base; exponent of the base's dtype or an integer", async () => {
    expect(() => lax.pow(arr([2], "int32"), arr([2], "int32"))).toThrow(
      "pow: the base must be floating-point, got i32[1], i32[1]",
    );
    expect(() => lax.pow(arr([2]), arr([2], "float64"))).toThrow(
      "pow: the exponent must have the base's dtype or an integer dtype, got f32[1], f64[1]",
    );
    expect(() => lax.pow(arr([2]), arr([2, 3]))).toThrow("use jnp.power (which broadcasts)");
    await same(lax.pow(arr([2]), arr([3], "uint32")), [8]);
  });

  it("select_n", () => {
    const x = arr([1, 2]);
    expect(() => lax.selectN(arr([1, 0], "bool"))).toThrow(ValueError);
    expect(() => lax.selectN(arr([1, 0]), x, x)).toThrow(
      "select_n: which must be bool or integer (int32, uint32), got f32[2], f32[2], f32[2]",
    );
    expect(() => lax.selectN(arr([1, 0], "bool"), x, x, x)).toThrow(
      "select_n: a bool which selects between at most 2 cases, got 3",
    );
    expect(() => lax.selectN(arr([1, 0], "bool"), x, arr([1, 2, 3]))).toThrow(ShapeError);
    expect(() => lax.selectN(arr([1, 0], "bool"), x, arr([1, 2], "float64"))).toThrow(
      "select_n: cases must have equal dtypes",
    );
    expect(() => lax.selectN(arr([1, 0, 1], "bool"), x, x)).toThrow(
      "select_n: which must be a scalar or have the cases' shape, got bool[3], f32[2], f32[2]",
    );
  });

  it("clamp", () => {
    const x = arr([1, 2, 3]);
    expect(() => lax.clamp(arr([0, 0]), x, scalar(2, "float32"))).toThrow(
      "clamp: min must be a scalar or have the operand's shape, got f32[2], f32[3], f32[]; use jnp.clip",
    );
    expect(() => lax.clamp(scalar(0, "float32"), x, arr([2, 2]))).toThrow("clamp: max must be a scalar");
    expect(() => lax.clamp(scalar(0, "int32"), x, scalar(2, "float32"))).toThrow(DTypeError);
  });

  it("errors are the same under jit", () => {
    const f = jax.jit((a: JaxArray, b: JaxArray) => lax.mul(a, b));
    expect(() => f(arr([1, 2, 3]), arr([1, 2])) as unknown).toThrow(
      "mul: lax operands must have equal shapes, got f32[3], f32[2]; use jnp.multiply",
    );
  });

  it("nextafter has no derivative, as in JAX", () => {
    const g = jax.grad((x: JaxArray) => lax.nextafter(x, scalar(2, "float32")));
    expect(() => g(scalar(1, "float32")) as unknown).toThrow(UnsupportedError);
  });
});

describe("float edge cases", () => {
  it("max/min propagate NaN from either side and order -0 below +0", async () => {
    const a = arr([NaN, 1, -0, 0, -Infinity]);
    const b = arr([1, NaN, 0, -0, Infinity]);
    await same(lax.max(a, b), [NaN, NaN, 0, 0, Infinity]);
    await same(lax.min(a, b), [NaN, NaN, -0, -0, -Infinity]);
  });

  it("rem is C's fmod: sign of the dividend, NaN for x rem 0 or inf rem y", async () => {
    await same(lax.rem(arr([5.5, -5.5, -4, 3, Infinity, 2, -0]), arr([2, 2, 2, 0, 2, Infinity, 1])), [
      1.5,
      -1.5,
      -0,
      NaN,
      NaN,
      2,
      -0,
    ]);
  });

  it("pow follows C's pow where Math.pow differs", async () => {
    await same(lax.pow(arr([1, 1, NaN, -1, 0, -8, 4]), arr([NaN, Infinity, 0, -Infinity, -1, 1 / 3, 0.5])), [
      1,
      1,
      1,
      1,
      Infinity,
      NaN,
      2,
    ]);
    await same(lax.pow(arr([-2, -2, 0]), arr([3, -1, 0], "int32")), [-8, -0.5, 1]);
  });

  it("comparisons: NaN compares false except under ne, -0 equals +0", async () => {
    const a = arr([NaN, NaN, -0]);
    const b = arr([NaN, 1, 0]);
    await same(lax.eq(a, b), [0, 0, 1]);
    await same(lax.ne(a, b), [1, 1, 0]);
    for (const op of [lax.lt, lax.gt]) await same(op(a, b), [0, 0, 0]);
    for (const op of [lax.le, lax.ge]) await same(op(a, b), [0, 0, 1]);
  });

  it("comparisons return bool, weakly typed only when both operands are", () => {
    expect(lax.lt(arr([1]), arr([2])).dtype).toBe("bool");
    expect(lax.lt(scalar(1), scalar(2)).weakType).toBe(true);
    expect(lax.lt(scalar(1), scalar(2, "int32")).weakType).toBe(false);
  });

  it("float16 results are rounded to float16 (ties to even)", async () => {
    await same(lax.add(arr([1, 1], "float16"), arr([2 ** -11, 3 * 2 ** -11], "float16")), [1, 1 + 2 ** -9]);
    await same(lax.mul(arr([65504], "float16"), arr([2], "float16")), [Infinity]);
  });

  it("clamp: NaN propagates, and min > max gives max", async () => {
    await same(lax.clamp(scalar(0, "float32"), arr([NaN, -1, 5, 0.5]), scalar(1, "float32")), [NaN, 0, 1, 0.5]);
    await same(lax.clamp(arr([0, NaN]), arr([1, 1]), arr([2, 2])), [1, NaN]);
    await same(lax.clamp(scalar(3, "float32"), arr([0, 5]), scalar(1, "float32")), [1, 1]);
  });
});

describe("nextafter steps exactly one unit in the last place", () => {
  const tiny32 = 2 ** -149;
  const max32 = 3.4028234663852886e38;
  it("float32", async () => {
    const x = arr([0, 0, -0, tiny32, -tiny32, 1, 1, max32, Infinity, NaN, 1]);
    const y = arr([1, -1, 0, 0, 0, 2, 0, Infinity, 0, 1, NaN]);
    await same(lax.nextafter(x, y), [tiny32, -tiny32, 0, 0, -0, 1 + 2 ** -23, 1 - 2 ** -24, Infinity, max32, NaN, NaN]);
  });

  it("float64", async () => {
    await same(lax.nextafter(arr([1, 1, 0, Number.MAX_VALUE], "float64"), arr([2, 0, -1, Infinity], "float64")), [
      1 + 2 ** -52,
      1 - 2 ** -53,
      -(2 ** -1074),
      Infinity,
    ]);
  });

  it("float16", async () => {
    await same(lax.nextafter(arr([1, 0, 65504, 2 ** -14], "float16"), arr([2, 1, Infinity, 0], "float16")), [
      1 + 2 ** -10,
      2 ** -24,
      Infinity,
      2 ** -14 - 2 ** -24,
    ]);
  });
});

describe("integer semantics (XLA on CPU)", () => {
  it("uint32 and int32 arithmetic wraps", async () => {
    await same(lax.add(arr([0xffffffff], "uint32"), arr([1], "uint32")), [0]);
    await same(lax.sub(arr([0], "uint32"), arr([1], "uint32")), [0xffffffff]);
    await same(lax.mul(arr([0x10000, 0xffffffff], "uint32"), arr([0x10000, 0xffffffff], "uint32")), [0, 1]);
    await same(lax.add(arr([2147483647], "int32"), arr([1], "int32")), [-2147483648]);
  });

  it("division rounds toward zero; x / 0 sets every bit; rem keeps the dividend's sign", async () => {
    await same(lax.div(arr([7, -7, 0, 3], "int32"), arr([-2, 2, 0, 0], "int32")), [-3, -3, -1, -1]);
    await same(lax.rem(arr([7, -7, 3], "int32"), arr([-2, 2, 0], "int32")), [1, -1, 3]);
    await same(lax.rem(arr([7, 0xffffffff], "uint32"), arr([0, 10], "uint32")), [7, 5]);
  });

  it("max/min compare uint32 as unsigned", async () => {
    await same(lax.max(arr([0xffffffff, 3], "uint32"), arr([1, 4], "uint32")), [0xffffffff, 4]);
    await same(lax.lt(arr([0xffffffff], "uint32"), arr([1], "uint32")), [0]);
  });

  it("shifts by 32 or more (or a negative amount) shift every bit out", async () => {
    const x = arr([-5, -5, 5, 1], "int32");
    const s = arr([32, -1, 100, 0], "int32");
    await same(lax.shiftLeft(x, s), [0, 0, 0, 1]);
    await same(lax.shiftRightLogical(x, s), [0, 0, 0, 1]);
    await same(lax.shiftRightArithmetic(x, s), [-1, -1, 0, 1]);
    await same(lax.shiftLeft(arr([0x80000001], "uint32"), arr([1], "uint32")), [2]);
    await same(lax.shiftRightLogical(arr([0x80000000], "uint32"), arr([31], "uint32")), [1]);
  });

  it("bool operands: and/or/xor/not and comparisons", async () => {
    const p = arr([0, 0, 1, 1], "bool");
    const q = arr([0, 1, 0, 1], "bool");
    await same(lax.bitwiseAnd(p, q), [0, 0, 0, 1]);
    await same(lax.bitwiseOr(p, q), [0, 1, 1, 1]);
    await same(lax.bitwiseNot(p), [1, 1, 0, 0]);
    await same(lax.lt(p, q), [0, 1, 0, 0]);
    await same(lax.max(p, q), [0, 1, 1, 1]);
  });
});

describe("select_n", () => {
  it("bool which picks cases[1] where true; a scalar which picks whole cases", async () => {
    const a = arr([1, 2, 3]);
    const b = arr([10, 20, 30]);
    await same(lax.selectN(arr([1, 0, 1], "bool"), a, b), [10, 2, 30]);
    await same(lax.select(arr([1, 0, 1], "bool"), a, b), [1, 20, 3]);
    await same(lax.selectN(scalar(true), a, b), [10, 20, 30]);
    await same(lax.selectN(scalar(2, "int32"), a, b, arr([7, 8, 9])), [7, 8, 9]);
  });

  it("output is weakly typed when every case is, whatever which is", () => {
    expect(lax.selectN(scalar(true), scalar(1), scalar(2)).weakType).toBe(true);
    expect(lax.selectN(scalar(true), scalar(1), scalar(2, "int32")).dtype).toBe("int32");
  });

  it("vmap: a batched scalar which with unbatched cases", async () => {
    const which = arr([0, 1, 1], "int32");
    const f = jax.vmap((w: JaxArray) => lax.selectN(w, arr([1, 2]), arr([3, 4])));
    await same(f(which), [1, 2, 3, 4, 3, 4]);
  });

  it("vmap: a batched scalar which with cases batched on axis 1", async () => {
    const which = arr([1, 0], "bool");
    const cases = arr([1, 2, 3, 4, 5, 6], "float32", [3, 2]);
    const f = jax.vmap((w: JaxArray, c: JaxArray) => lax.selectN(w, c, lax.neg(c)), { inAxes: [0, 1] });
    await same(f(which, cases), [-1, -3, -5, 2, 4, 6]);
  });
});

describe("clamp under vmap", () => {
  it("a batched scalar bound beside an unbatched operand", async () => {
    const f = jax.vmap((lo: JaxArray) => lax.clamp(lo, arr([1, 3]), scalar(2.5, "float32")));
    await same(f(arr([0, 2])), [1, 2.5, 2, 2.5]);
  });

  it("a batched operand on axis 1 with unbatched array bounds", async () => {
    const f = jax.vmap((x: JaxArray) => lax.clamp(arr([0, 0]), x, arr([1, 2])), { inAxes: [1] });
    await same(f(arr([-1, 0.5, 3, 5], "float32", [2, 2])), [0, 2, 0.5, 2]);
  });
});

describe("derivatives", () => {
  it("max/min split the derivative evenly at ties, as JAX does", async () => {
    const gMax = jax.grad((x: JaxArray, y: JaxArray) => lax.max(x, y), { argnums: [0, 1] })(
      scalar(2, "float32"),
      scalar(2, "float32"),
    ) as JaxArray[];
    expect(await Promise.all(gMax.map(async (g) => (await vals(g))[0]))).toEqual([0.5, 0.5]);
    const gMin = jax.grad((x: JaxArray, y: JaxArray) => lax.min(x, y), { argnums: [0, 1] })(
      scalar(1, "float32"),
      scalar(3, "float32"),
    ) as JaxArray[];
    expect(await Promise.all(gMin.map(async (g) => (await vals(g))[0]))).toEqual([1, 0]);
  });

  it("pow at x == 0: d/dy is 0, d/dx of x^0 (integer exponent) is 0, of x^0.0 is NaN as in JAX", async () => {
    await same(jax.grad((y: JaxArray) => lax.pow(scalar(0, "float32"), y))(scalar(2, "float32")), [0]);
    await same(jax.grad((x: JaxArray) => lax.pow(x, scalar(2, "float32")))(scalar(0, "float32")), [0]);
    await same(jax.grad((x: JaxArray) => lax.pow(x, scalar(0, "int32")))(scalar(0, "float32")), [0]);
    await same(jax.grad((x: JaxArray) => lax.pow(x, scalar(0, "float32")))(scalar(0, "float32")), [NaN]);
  });

  it("rem: d/dx is 1 and d/dy is -trunc(x / y)", async () => {
    const g = jax.grad((x: JaxArray, y: JaxArray) => lax.rem(x, y), { argnums: [0, 1] });
    const firsts = (xs: JaxArray[]) => Promise.all(xs.map(async (v) => (await vals(v))[0]));
    expect(await firsts(g(scalar(7, "float32"), scalar(2, "float32")) as JaxArray[])).toEqual([1, -3]);
    expect(await firsts(g(scalar(-7, "float32"), scalar(2, "float32")) as JaxArray[])).toEqual([1, 3]);
  });

  it("clamp: x gets the derivative strictly inside the bounds, a bound where it is active", async () => {
    const g = jax.grad((lo: JaxArray, x: JaxArray, hi: JaxArray) => lax.clamp(lo, x, hi), { argnums: [0, 1, 2] });
    const at = (lo: number, x: number, hi: number) =>
      Promise.all((g(scalar(lo, "float32"), scalar(x, "float32"), scalar(hi, "float32")) as JaxArray[]).map(async (v) => (await vals(v))[0]));
    expect(await at(0, 0.5, 1)).toEqual([0, 1, 0]);
    expect(await at(0, -1, 1)).toEqual([1, 0, 0]);
    expect(await at(0, 2, 1)).toEqual([0, 0, 1]);
    // Ties give no derivative to anyone.
    expect(await at(0, 0, 1)).toEqual([0, 0, 0]);
  });

  it("clamp with scalar bounds: the bound's gradient sums over the clamped elements", async () => {
    const g = jax.grad((lo: JaxArray) =>
      lax.reduceSum(lax.clamp(lo, arr([-2, -1, 0.5, 3]), scalar(1, "float32")), [0]),
    );
    await same(g(scalar(0, "float32")), [2]);
  });

  it("select_n: derivative flows to the chosen case only; comparisons and bit ops have none", async () => {
    const g = jax.grad((a: JaxArray, b: JaxArray) => lax.reduceSum(lax.select(arr([1, 0, 1], "bool"), a, b), [0]), {
      argnums: [0, 1],
    });
    const [ga, gb] = g(arr([1, 2, 3]), arr([4, 5, 6])) as JaxArray[];
    await same(ga, [1, 0, 1]);
    await same(gb, [0, 1, 0]);
    const [, tangent] = jax.jvp(
      (x: JaxArray) => lax.lt(x, scalar(1, "float32")),
      [scalar(0, "float32")],
      [scalar(1, "float32")],
    ) as [JaxArray, JaxArray];
    expect(tangent.dtype).toBe("bool");
    await same(tangent, [0]);
  });
});
