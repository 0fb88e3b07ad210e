// The numpy math layer: values against hand-computed or independent references, dtype
// promotion and weak types, broadcasting and argument errors, axis/keepdims variants, methods,
// and derivatives of the composite formulas.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import type { DType } from "../src/dtypes.js";
import { DTypeError, ShapeError, UnsupportedError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values } from "./util/read.js";

const jnp = jax.numpy;

interface Expect {
  shape?: number[];
  dtype?: DType;
  weak?: boolean;
  tol?: number;
}

async function expectArray(x: JaxArray, want: readonly number[], e: Expect = {}): Promise<void> {
  if (e.shape) expect(x.shape).toEqual(e.shape);
  if (e.dtype) expect(x.dtype).toBe(e.dtype);
  if (e.weak !== undefined) expect(x.weakType).toBe(e.weak);
  const got = await values(x);
  expect(got.length).toBe(want.length);
  const tol = e.tol ?? 1e-6;
  want.forEach((w, i) => {
    const g = got[i]!;
    if (Number.isNaN(w)) expect(Number.isNaN(g), `[${i}] expected NaN, got ${g}`).toBe(true);
    else if (!Number.isFinite(w)) expect(g, `[${i}]`).toBe(w);
    else expect(Math.abs(g - w) <= tol * (1 + Math.abs(w)), `[${i}]: got ${g}, expected ${w}`).toBe(true);
  });
}

const f64 = (x: number[] | number[][] | number[][][]) => jnp.array(x, { dtype: "float64" });

describe("promotion and weak types", () => {
  it("JS numbers adopt the array's dtype and stay weak on their own", async () => {
    const i = jnp.array([1, 2, 3]);
    await expectArray(jnp.add(i, 2), [3, 4, 5], { dtype: "int32", weak: false });
    await expectArray(jnp.add(2, 3), [5], { shape: [], dtype: "int32", weak: true });
    await expectArray(jnp.multiply(jnp.array([1, 2], { dtype: "float16" }), 3), [3, 6], { dtype: "float16", weak: false });
    await expectArray(jnp.add(i, 2.5), [3.5, 4.5, 5.5], { dtype: "float32" });
    await expectArray(jnp.add(i, jnp.array([0.5, 0.5, 0.5], { dtype: "float16" })), [1.5, 2.5, 3.5], { dtype: "float16" });
  });

  it("float-only functions move integers to float32 and keep weakness", async () => {
    await expectArray(jnp.sin(jnp.array([0, 1])), [0, Math.sin(1)], { dtype: "float32", weak: false });
    await expectArray(jnp.sqrt(2), [Math.SQRT2], { dtype: "float32", weak: true });
    await expectArray(jnp.divide(jnp.array([1, 3]), 2), [0.5, 1.5], { dtype: "float32", weak: false });
    await expectArray(jnp.exp(f64([1])), [Math.E], { dtype: "float64", tol: 1e-15 });
  });

  it("bool arithmetic follows numpy: + is or, * is and, - is refused", async () => {
    const a = jnp.array([true, true, false, false]);
    const b = jnp.array([true, false, true, false]);
    await expectArray(jnp.add(a, b), [1, 1, 1, 0], { dtype: "bool" });
    await expectArray(jnp.multiply(a, b), [1, 0, 0, 0], { dtype: "bool" });
    expect(() => jnp.subtract(a, b)).toThrow(DTypeError);
    expect(() => jnp.subtract(a, b)).toThrow(/^subtract: /);
    expect(() => jnp.negative(a)).toThrow(/^negative: /);
  });

  it("reductions return strongly typed results", () => {
    expect(jnp.sum(jnp.add(2, 3)).weakType).toBe(false);
    expect(jnp.mean(jnp.array([1, 2])).dtype).toBe("float32");
    expect(jnp.sum(jnp.array([true, true, false])).dtype).toBe("int32");
  });
});

describe("broadcasting errors name the numpy function", () => {
  const a = jnp.ones([2, 3]);
  const b = jnp.ones([4]);
  for (const [name, f] of [
    ["add", () => jnp.add(a, b)],
    ["maximum", () => jnp.maximum(a, b)],
    ["arctan2", () => jnp.arctan2(a, b)],
    ["less", () => jnp.less(a, b)],
    ["logicalAnd", () => jnp.logicalAnd(a, b)],
    ["where", () => jnp.where(true, a, b)],
    ["hypot", () => jnp.hypot(a, b)],
  ] as const) {
    it(name, () => {
      expect(f).toThrow(ShapeError);
      expect(f).toThrow(new RegExp(`^${name}: shapes .*\\[2,3\\] and .*\\[4\\] do not broadcast`));
    });
  }
});

describe("arithmetic", () => {
  it("floorDivide rounds toward -inf for ints and floats", async () => {
    await expectArray(jnp.floorDivide(jnp.array([7, -7, 7, -7, 6]), jnp.array([2, 2, -2, -2, 3])), [3, -4, -4, 3, 2], {
      dtype: "int32",
    });
    await expectArray(jnp.floorDivide(jnp.array([7.5, -7.5, 1]), jnp.array([2, 2, -0.5])), [3, -4, -2], { dtype: "float32" });
    await expectArray(jnp.floorDivide(jnp.array([7], { dtype: "uint32" }), 2), [3], { dtype: "uint32" });
  });

  it("remainder takes the divisor's sign, fmod the dividend's", async () => {
    await expectArray(jnp.remainder(jnp.array([7, -7, 7, -7]), jnp.array([3, 3, -3, -3])), [1, 2, -2, -1], {
      dtype: "int32",
    });
    await expectArray(jnp.mod(jnp.array([-7.5, 7.5]), 2), [0.5, 1.5], { dtype: "float32" });
    await expectArray(jnp.fmod(jnp.array([7, -7, 7, -7]), jnp.array([3, 3, -3, -3])), [1, -1, 1, -1], { dtype: "int32" });
    await expectArray(jnp.remainder(jnp.array([5, -5]), 0), [0, 0], { dtype: "int32" });
    const [q, r] = jnp.divmod(jnp.array([-7.5, 9]), 2);
    await expectArray(q, [-4, 4]);
    await expectArray(r, [0.5, 1]);
  });

  it("power: static integer exponents, integer arrays, floats", async () => {
    await expectArray(jnp.power(jnp.array([-2, 3]), 3), [-8, 27], { dtype: "int32" });
    await expectArray(jnp.power(jnp.array([2, 3, 0, 0, -1]), jnp.array([10, 4, 0, 5, 7])), [1024, 81, 1, 0, -1], {
      dtype: "int32",
    });
    await expectArray(jnp.pow(jnp.array([4, 9], { dtype: "float32" }), 0.5), [2, 3], { dtype: "float32" });
    await expectArray(jnp.power(jnp.array([2.5]), jnp.array([2])), [6.25], { dtype: "float32" });
    await expectArray(jnp.power(jnp.array([-2.0, 0.5], { dtype: "float32" }), -2), [0.25, 4]);
    await expectArray(jnp.floatPower(jnp.array([2, 3]), jnp.array([2, 2])), [4, 9], { dtype: "float32" });
  });

  it("reciprocal, abs, sign, square, cbrt, positive", async () => {
    await expectArray(jnp.reciprocal(jnp.array([2, 4])), [0.5, 0.25], { dtype: "float32" });
    await expectArray(jnp.abs(jnp.array([-3, 4])), [3, 4], { dtype: "int32" });
    await expectArray(jnp.absolute(jnp.array([-1.5])), [1.5]);
    await expectArray(jnp.abs(jnp.array([7], { dtype: "uint32" })), [7], { dtype: "uint32" });
    await expectArray(jnp.sign(jnp.array([-2.5, 0, 3])), [-1, 0, 1]);
    await expectArray(jnp.square(jnp.array([-3, true ? 4 : 0])), [9, 16], { dtype: "int32" });
    await expectArray(jnp.cbrt(jnp.array([-27, 8])), [-3, 2], { tol: 1e-6 });
    await expectArray(jnp.positive(jnp.array([-1])), [-1]);
    await expectArray(jnp.fabs(jnp.array([-3, 2])), [3, 2], { dtype: "float32" });
  });
});

describe("exponents, logarithms, trigonometry", () => {
  const xs = [0.25, 0.5, 0.9];
  const x = f64(xs);
  const cases: [string, (a: JaxArray) => JaxArray, (v: number) => number][] = [
    ["exp2", jnp.exp2, (v) => 2 ** v],
    ["expm1", jnp.expm1, Math.expm1],
    ["log1p", jnp.log1p, Math.log1p],
    ["log2", jnp.log2, Math.log2],
    ["log10", jnp.log10, Math.log10],
    ["tan", jnp.tan, Math.tan],
    ["arcsin", jnp.arcsin, Math.asin],
    ["acos", jnp.acos, Math.acos],
    ["arctan", jnp.arctan, Math.atan],
    ["sinh", jnp.sinh, Math.sinh],
    ["cosh", jnp.cosh, Math.cosh],
    ["tanh", jnp.tanh, Math.tanh],
    ["arcsinh", jnp.arcsinh, Math.asinh],
    ["arctanh", jnp.arctanh, Math.atanh],
    ["deg2rad", jnp.deg2rad, (v) => (v * Math.PI) / 180],
    ["degrees", jnp.degrees, (v) => (v * 180) / Math.PI],
  ];
  for (const [name, f, ref] of cases) {
    it(name, async () => await expectArray(f(x), xs.map(ref), { dtype: "float64", tol: 1e-13 }));
  }

  it("arccosh and arctan2", async () => {
    await expectArray(jnp.arccosh(f64([1.5, 3])), [Math.acosh(1.5), Math.acosh(3)], { tol: 1e-13 });
    await expectArray(jnp.arctan2(f64([1, -1]), f64([-1, -1])), [Math.atan2(1, -1), Math.atan2(-1, -1)], { tol: 1e-13 });
  });

  it("logaddexp is stable and handles infinities", async () => {
    await expectArray(
      jnp.logaddexp(jnp.array([1000, -1000, 0, -Infinity, Infinity]), jnp.array([1000, -1000, 0, -Infinity, Infinity])),
      [1000 + Math.LN2, -1000 + Math.LN2, Math.LN2, -Infinity, Infinity],
    );
    await expectArray(
      jnp.logaddexp(f64([1, 2]), f64([3, -5])),
      [Math.log(Math.exp(1) + Math.exp(3)), Math.log(Math.exp(2) + Math.exp(-5))],
      { tol: 1e-14 },
    );
    await expectArray(jnp.logaddexp2(jnp.array([1, 500]), jnp.array([1, 500])), [2, 501]);
  });

  it("hypot doesn't overflow and treats inf as inf", async () => {
    await expectArray(jnp.hypot(jnp.array([3e30, 0, Infinity, 3]), jnp.array([4e30, 0, NaN, -4])), [5e30, 0, Infinity, 5], {
      tol: 1e-6,
    });
  });

  it("sinc is 1 at 0 and sin(πx)/(πx) elsewhere", async () => {
    await expectArray(jnp.sinc(f64([0, 0.5, 1.5])), [1, 2 / Math.PI, Math.sin(1.5 * Math.PI) / (1.5 * Math.PI)], {
      tol: 1e-14,
    });
  });
});

describe("rounding and clipping", () => {
  it("round, rint and around round half to even", async () => {
    await expectArray(jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4])), [0, 2, 2, -0, -2, 2]);
    await expectArray(jnp.rint(jnp.array([0.5, 1.5, 2.5])), [0, 2, 2]);
    await expectArray(jnp.rint(jnp.array([3])), [3], { dtype: "float32" });
    await expectArray(jnp.round(f64([1.2345, -2.675]), 2), [1.23, -2.68], { tol: 1e-12 });
    await expectArray(jnp.around(jnp.array([15, 25, 1234.5]).astype("float32"), { decimals: -1 }), [20, 20, 1230]);
    await expectArray(jnp.round(jnp.array([7])), [7], { dtype: "int32" });
    expect(() => jnp.round(jnp.array([7]), -1)).toThrow(ValueError);
  });

  it("floor, ceil, trunc, fix keep integers as they are", async () => {
    const x = jnp.array([-1.5, -0.5, 0.5, 1.5]);
    await expectArray(jnp.floor(x), [-2, -1, 0, 1]);
    await expectArray(jnp.ceil(x), [-1, -0, 1, 2]);
    await expectArray(jnp.trunc(x), [-1, -0, 0, 1]);
    await expectArray(jnp.fix(x), [-1, -0, 0, 1]);
    await expectArray(jnp.floor(jnp.array([3, -3])), [3, -3], { dtype: "int32" });
  });

  it("clip with positional bounds, options, and one-sided bounds", async () => {
    const x = jnp.array([-2, 0.5, 3]);
    await expectArray(jnp.clip(x, 0, 1), [0, 0.5, 1]);
    await expectArray(jnp.clip(x, { max: 1 }), [-2, 0.5, 1]);
    await expectArray(jnp.clip(x, null, 0), [-2, 0, 0]);
    await expectArray(jnp.clip(x, jnp.array([-3, 1, 1]), 2), [-2, 1, 2]);
    await expectArray(jnp.clip(jnp.array([1, 5]), 2, 4), [2, 4], { dtype: "int32" });
  });

  it("maximum/minimum propagate NaN, fmax/fmin skip it", async () => {
    const a = jnp.array([1, NaN, NaN, 4]);
    const b = jnp.array([2, 3, NaN, -Infinity]);
    await expectArray(jnp.maximum(a, b), [2, NaN, NaN, 4]);
    await expectArray(jnp.minimum(a, b), [1, NaN, NaN, -Infinity]);
    await expectArray(jnp.fmax(a, b), [2, 3, NaN, 4]);
    await expectArray(jnp.fmin(a, b), [1, 3, NaN, -Infinity]);
  });

  it("modf splits into fractional and integral parts with x's sign", async () => {
    const [frac, whole] = jnp.modf(jnp.array([2.5, -2.5, 3]));
    await expectArray(frac, [0.5, -0.5, 0], { dtype: "float32" });
    await expectArray(whole, [2, -2, 3]);
  });

  it("heaviside", async () => {
    await expectArray(jnp.heaviside(jnp.array([-1, 0, 2]), 0.5), [0, 0.5, 1], { dtype: "float32" });
  });
});

describe("floating-point tests", () => {
  const x = jnp.array([1, NaN, Infinity, -Infinity]);
  it("isnan, isinf, isfinite, isposinf, isneginf", async () => {
    await expectArray(jnp.isnan(x), [0, 1, 0, 0], { dtype: "bool" });
    await expectArray(jnp.isinf(x), [0, 0, 1, 1]);
    await expectArray(jnp.isfinite(x), [1, 0, 0, 0]);
    await expectArray(jnp.isposinf(x), [0, 0, 1, 0]);
    await expectArray(jnp.isneginf(x), [0, 0, 0, 1]);
    await expectArray(jnp.isnan(jnp.array([1, 2])), [0, 0], { dtype: "bool" });
    await expectArray(jnp.isfinite(jnp.array([1, 2])), [1, 1], { dtype: "bool" });
  });

  it("nanToNum uses the dtype's finite extremes by default", async () => {
    await expectArray(jnp.nanToNum(x), [1, 0, 3.4028234663852886e38, -3.4028234663852886e38]);
    await expectArray(jnp.nanToNum(x, { nan: -1, posinf: 9, neginf: -9 }), [1, -1, 9, -9]);
    await expectArray(jnp.nanToNum(jnp.array([NaN, Infinity], { dtype: "float16" })), [0, 65504]);
    await expectArray(jnp.nanToNum(jnp.array([3])), [3], { dtype: "int32" });
  });

  it("signbit sees negative zero; copysign", async () => {
    await expectArray(jnp.signbit(jnp.array([-0, 0, -1, 2, -Infinity])), [1, 0, 1, 0, 1], { dtype: "bool" });
    await expectArray(jnp.signbit(f64([-0, 0, -1, 2])), [1, 0, 1, 0]);
    await expectArray(jnp.signbit(jnp.array([-3, 3])), [1, 0]);
    await expectArray(jnp.copysign(jnp.array([1, 2, 3]), jnp.array([-0, 1, -5], { dtype: "float32" })), [-1, 2, -3]);
  });

  it("nextafter and ldexp", async () => {
    await expectArray(jnp.nextafter(jnp.array([1, 1]), jnp.array([2, 0])), [1 + 2 ** -23, 1 - 2 ** -24], { tol: 0 });
    await expectArray(jnp.ldexp(jnp.array([1, 3, 0, Infinity]), jnp.array([3, -1, 300, 5])), [8, 1.5, 0, Infinity]);
    await expectArray(jnp.ldexp(jnp.array([2 ** -140]), jnp.array([250])), [2 ** 110], { tol: 0 });
    expect(() => jnp.ldexp(jnp.array([1]), jnp.array([1.5]))).toThrow(DTypeError);
  });

  it("real, imag, conj for real dtypes", async () => {
    const y = jnp.array([1, -2]);
    await expectArray(jnp.real(y), [1, -2]);
    await expectArray(jnp.imag(y), [0, 0], { dtype: "int32" });
    await expectArray(jnp.conj(y), [1, -2]);
  });
});

describe("comparisons and logic", () => {
  it("comparisons broadcast and promote", async () => {
    const x = jnp.array([[1, 2, 3]]);
    await expectArray(jnp.less(x, jnp.array([[2], [3]])), [1, 0, 0, 1, 1, 0], { shape: [2, 3], dtype: "bool" });
    await expectArray(jnp.equal(x, 2.0), [0, 1, 0]);
    await expectArray(jnp.notEqual(x, 2), [1, 0, 1]);
    await expectArray(jnp.greaterEqual(x, 2), [0, 1, 1]);
    await expectArray(jnp.lessEqual(x, 2), [1, 1, 0]);
    await expectArray(jnp.greater(x, 2.5), [0, 0, 1]);
  });

  it("logical functions use truthiness", async () => {
    const a = jnp.array([0, 1, 2, 0]);
    const b = jnp.array([0, 0, 3, NaN]);
    await expectArray(jnp.logicalAnd(a, b), [0, 0, 1, 0], { dtype: "bool" });
    await expectArray(jnp.logicalOr(a, b), [0, 1, 1, 1]);
    await expectArray(jnp.logicalXor(a, b), [0, 1, 0, 1]);
    await expectArray(jnp.logicalNot(a), [1, 0, 0, 1]);
  });

  it("bitwise functions and shifts", async () => {
    const a = jnp.array([12, -8]);
    await expectArray(jnp.bitwiseAnd(a, 10), [8, 8], { dtype: "int32" });
    await expectArray(jnp.bitwiseOr(a, 1), [13, -7]);
    await expectArray(jnp.bitwiseXor(a, 5), [9, -3]);
    await expectArray(jnp.invert(a), [-13, 7]);
    await expectArray(jnp.bitwiseNot(jnp.array([true, false])), [0, 1], { dtype: "bool" });
    await expectArray(jnp.leftShift(a, 2), [48, -32]);
    await expectArray(jnp.rightShift(a, 2), [3, -2]);
    await expectArray(jnp.rightShift(jnp.array([2 ** 31], { dtype: "uint32" }), 4), [2 ** 27], { dtype: "uint32" });
    expect(() => jnp.bitwiseAnd(jnp.array([1.5]), 1)).toThrow(/^bitwiseAnd: requires integer or bool/);
  });

  it("isclose: tolerances, infinities, NaN", async () => {
    const a = jnp.array([1, 1, Infinity, -Infinity, NaN, 1e10]);
    const b = jnp.array([1 + 1e-6, 1.1, Infinity, Infinity, NaN, 1.000005e10]);
    await expectArray(jnp.isclose(a, b), [1, 0, 1, 0, 0, 1], { dtype: "bool" });
    await expectArray(jnp.isclose(a, b, { equalNan: true }), [1, 0, 1, 0, 1, 1]);
    await expectArray(jnp.isclose(a, b, { rtol: 0, atol: 0 }), [0, 0, 1, 0, 0, 0]);
    await expectArray(jnp.isclose(jnp.array([1, 2]), 2), [0, 1]);
  });

  it("allclose, arrayEqual, arrayEquiv return bool scalars", async () => {
    const r = jnp.allclose(jnp.array([1, 2]), jnp.array([1, 2 + 1e-7]));
    expect(r.shape).toEqual([]);
    expect(r.dtype).toBe("bool");
    expect(await r.item()).toBe(true);
    expect(await jnp.allclose(jnp.array([1, 2]), jnp.array([1, 2.1])).item()).toBe(false);
    expect(await jnp.arrayEqual(jnp.array([1, 2]), jnp.array([1, 2])).item()).toBe(true);
    expect(await jnp.arrayEqual(jnp.array([1, 2]), jnp.array([[1, 2]])).item()).toBe(false);
    expect(await jnp.arrayEqual(jnp.array([NaN]), jnp.array([NaN]), { equalNan: true }).item()).toBe(true);
    expect(await jnp.arrayEquiv(jnp.array([1, 1]), jnp.array([[1], [1]])).item()).toBe(true);
    expect(await jnp.arrayEquiv(jnp.array([1, 2]), jnp.array([1, 2, 3])).item()).toBe(false);
  });

  it("where broadcasts and promotes; the one-argument form is refused", async () => {
    const out = jnp.where(jnp.array([[true], [false]]), jnp.array([1, 2]), 0.5);
    await expectArray(out, [1, 2, 0.5, 0.5], { shape: [2, 2], dtype: "float32" });
    await expectArray(jnp.where(jnp.array([0, 3]), 1, 2), [2, 1], { dtype: "int32", weak: true });
    expect(() => jnp.where(jnp.array([true]))).toThrow(ValueError);
  });
});

describe("reductions", () => {
  const x = jnp.array([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("sum over all, one, negative and several axes, positionally or in options", async () => {
    await expectArray(jnp.sum(x), [21], { shape: [], dtype: "int32" });
    await expectArray(jnp.sum(x, 0), [5, 7, 9], { shape: [3] });
    await expectArray(jnp.sum(x, -1, { keepdims: true }), [6, 15], { shape: [2, 1] });
    await expectArray(jnp.sum(x, { axis: [0, 1], keepdims: true }), [21], { shape: [1, 1] });
    await expectArray(jnp.sum(x, { axis: 1 }), [6, 15]);
    await expectArray(jnp.sum(x, 1, { dtype: "float32" }), [6, 15], { dtype: "float32" });
    expect(() => jnp.sum(x, 2)).toThrow(/^sum: axis 2 is out of bounds/);
  });

  it("where masks and initial values", async () => {
    const mask = jnp.array([true, false, true]);
    await expectArray(jnp.sum(x, 1, { where: mask }), [4, 10]);
    await expectArray(jnp.sum(x, 1, { initial: 100 }), [106, 115]);
    await expectArray(jnp.prod(x, 1, { where: mask }), [3, 24]);
    await expectArray(jnp.max(x, 1, { where: jnp.array([[false], [true]]), initial: -1 }), [-1, 6]);
    expect(() => jnp.max(x, 1, { where: mask })).toThrow(/^max: .*initial/);
    expect(() => jnp.sum(x, 1, { where: jnp.array([true, false]) })).toThrow(ShapeError);
  });

  it("prod, max, min, amax, amin, ptp", async () => {
    await expectArray(jnp.prod(x, 0), [4, 10, 18], { dtype: "int32" });
    await expectArray(jnp.max(x), [6]);
    await expectArray(jnp.amin(x, 1), [1, 4]);
    await expectArray(jnp.amax(jnp.array([1, NaN, 3])), [NaN]);
    await expectArray(jnp.ptp(x, 1), [2, 2]);
    await expectArray(jnp.max(jnp.array([true, false])), [1], { dtype: "bool" });
    expect(() => jnp.max(jnp.zeros([0]))).toThrow(/^max: zero-size/);
    await expectArray(jnp.max(jnp.zeros([0]), { initial: 3 }), [3]);
  });

  it("all, any, countNonzero", async () => {
    const b = jnp.array([
      [1, 0],
      [2, 3],
    ]);
    await expectArray(jnp.all(b, 1), [0, 1], { dtype: "bool" });
    await expectArray(jnp.any(b, 0), [1, 1]);
    await expectArray(jnp.all(jnp.array([NaN])), [1]);
    await expectArray(jnp.all(b, { axis: 1, where: jnp.array([true, false]) }), [1, 1]);
    await expectArray(jnp.countNonzero(b), [3], { dtype: "int32" });
    await expectArray(jnp.countNonzero(b, 0, { keepdims: true }), [2, 1], { shape: [1, 2] });
  });

  it("argmax and argmin: flattened by default, first of ties, NaN wins", async () => {
    await expectArray(jnp.argmax(x), [5], { dtype: "int32", shape: [] });
    await expectArray(jnp.argmin(x, 1), [0, 0]);
    await expectArray(jnp.argmax(x, 0, { keepdims: true }), [1, 1, 1], { shape: [1, 3] });
    await expectArray(jnp.argmax(x, { keepdims: true }), [5], { shape: [1, 1] });
    await expectArray(jnp.argmax(jnp.array([1, 3, 3])), [1]);
    await expectArray(jnp.argmax(jnp.array([1, NaN, 3])), [1]);
    expect(() => jnp.argmax(jnp.zeros([0]))).toThrow(ValueError);
  });

  it("nanargmax and nanargmin skip NaN; all-NaN slices give -1", async () => {
    const n = jnp.array([
      [NaN, 2, 1],
      [NaN, NaN, NaN],
    ]);
    await expectArray(jnp.nanargmax(n, 1), [1, -1], { dtype: "int32" });
    await expectArray(jnp.nanargmin(n, 1, { keepdims: true }), [2, -1], { shape: [2, 1] });
    await expectArray(jnp.nanargmax(n), [1], { shape: [] });
    await expectArray(jnp.nanargmin(jnp.array([3, 1, 2])), [1]);
  });

  it("mean, var, std with axes, ddof and masks", async () => {
    await expectArray(jnp.mean(x), [3.5], { dtype: "float32" });
    await expectArray(jnp.mean(x, 0), [2.5, 3.5, 4.5]);
    await expectArray(jnp.mean(x, 1, { keepdims: true }), [2, 5], { shape: [2, 1] });
    await expectArray(jnp.mean(x, 1, { where: jnp.array([true, true, false]) }), [1.5, 4.5]);
    await expectArray(jnp.mean(jnp.array([1, 2], { dtype: "float16" })), [1.5], { dtype: "float16" });
    await expectArray(jnp.var(x), [35 / 12], { dtype: "float32" });
    await expectArray(jnp.var(x, 1, { ddof: 1 }), [1, 1]);
    await expectArray(jnp.std(x, 0), [1.5, 1.5, 1.5]);
    await expectArray(jnp.std(x, { axis: 1, correction: 1, keepdims: true }), [1, 1], { shape: [2, 1] });
    await expectArray(jnp.var(x, 1, { where: jnp.array([true, false, true]) }), [1, 1]);
    await expectArray(jnp.mean(jnp.zeros([0])), [NaN]);
  });

  it("average with weights along an axis, and returned sums", async () => {
    await expectArray(jnp.average(x), [3.5]);
    await expectArray(jnp.average(x, 1, { weights: jnp.array([1, 0, 1]) }), [2, 5]);
    await expectArray(
      jnp.average(x, {
        weights: jnp.array([
          [1, 1, 1],
          [3, 3, 3],
        ]),
      }),
      [(6 + 45) / 12],
    );
    const [avg, wsum] = jnp.average(x, 0, { weights: jnp.array([1, 3]), returned: true });
    await expectArray(avg, [3.25, 4.25, 5.25]);
    await expectArray(wsum, [4, 4, 4]);
    expect(() => jnp.average(x, { weights: jnp.array([1, 2, 3]) })).toThrow(/^average: axis must be given/);
    expect(() => jnp.average(x, 0, { weights: jnp.array([1, 2, 3]) })).toThrow(/^average: weights of length 3/);
  });

  it("NaN-ignoring reductions", async () => {
    const n = jnp.array([
      [1, NaN, 3],
      [NaN, NaN, NaN],
    ]);
    await expectArray(jnp.nansum(n, 1), [4, 0]);
    await expectArray(jnp.nanprod(n, 1), [3, 1]);
    await expectArray(jnp.nanmax(n, 1), [3, NaN]);
    await expectArray(jnp.nanmin(n, 1), [1, NaN]);
    await expectArray(jnp.nanmean(n, 1), [2, NaN]);
    await expectArray(jnp.nanvar(n, 1), [1, NaN]);
    await expectArray(jnp.nanstd(jnp.array([1, NaN, 3, 5]), { ddof: 1 }), [2]);
    await expectArray(jnp.nanmax(n), [3], { shape: [] });
    await expectArray(jnp.nansum(jnp.array([1, 2])), [3], { dtype: "int32" });
  });

  it("median, quantile and percentile", async () => {
    await expectArray(jnp.median(jnp.array([3, 1, 2])), [2], { dtype: "float32" });
    await expectArray(jnp.median(jnp.array([4, 1, 3, 2])), [2.5]);
    await expectArray(
      jnp.median(
        jnp.array([
          [1, 5, 3],
          [9, 7, 8],
        ]),
        1,
      ),
      [3, 8],
    );
    await expectArray(
      jnp.median(
        jnp.array([
          [1, 5],
          [9, 7],
        ]),
        0,
        { keepdims: true },
      ),
      [5, 6],
      { shape: [1, 2] },
    );
    await expectArray(jnp.median(jnp.array([1, NaN, 3])), [NaN]);
    const v = jnp.array([10, 40, 20, 30]);
    await expectArray(jnp.quantile(v, 0.5), [25]);
    await expectArray(jnp.quantile(v, [0, 0.25, 1]), [10, 17.5, 40], { shape: [3] });
    await expectArray(jnp.quantile(v, 0.25, { method: "lower" }), [10]);
    await expectArray(jnp.quantile(v, 0.25, { method: "higher" }), [20]);
    await expectArray(jnp.quantile(v, 0.25, { method: "midpoint" }), [15]);
    await expectArray(jnp.quantile(v, 0.25, { method: "nearest" }), [20]);
    await expectArray(jnp.percentile(v, [50, 100]), [25, 40]);
    await expectArray(
      jnp.quantile(
        jnp.array([
          [1, 2],
          [3, 4],
        ]),
        [0.5, 1],
        { axis: 1 },
      ),
      [1.5, 3.5, 2, 4],
      { shape: [2, 2] },
    );
    expect(() => jnp.quantile(v, 1.5)).toThrow(/^quantile: q must be in \[0, 1\]/);
  });

  it("cumulative sums and products", async () => {
    await expectArray(jnp.cumsum(x), [1, 3, 6, 10, 15, 21], { shape: [6], dtype: "int32" });
    await expectArray(jnp.cumsum(x, 0), [1, 2, 3, 5, 7, 9], { shape: [2, 3] });
    await expectArray(jnp.cumprod(x, -1), [1, 2, 6, 4, 20, 120]);
    await expectArray(jnp.cumsum(jnp.array([true, true, false])), [1, 2, 2], { dtype: "int32" });
    await expectArray(jnp.cumsum(x, { axis: 1, dtype: "float32" }), [1, 3, 6, 4, 9, 15], { dtype: "float32" });
    await expectArray(jnp.nancumsum(jnp.array([1, NaN, 2])), [1, 1, 3]);
    await expectArray(jnp.nancumprod(jnp.array([2, NaN, 2])), [2, 2, 4]);
    await expectArray(jnp.cumulativeSum(jnp.array([1, 2, 3]), { includeInitial: true }), [0, 1, 3, 6], { shape: [4] });
    await expectArray(jnp.cumulativeProd(x, { axis: 0, includeInitial: true }), [1, 1, 1, 1, 2, 3, 4, 10, 18], {
      shape: [3, 3],
    });
    expect(() => jnp.cumulativeSum(x)).toThrow(/^cumulativeSum: axis is required/);
  });
});

/** Plain-loop matrix product of row-major a [m,k] and b [k,n]. */
function refMatmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!;
      out.push(s);
    }
  }
  return out;
}

const seq = (n: number, scale = 1, offset = 0) => Array.from({ length: n }, (_, i) => (i + offset) * scale);

describe("products", () => {
  const a = jnp.array(seq(6)).reshape([2, 3]);
  const b = jnp.array(seq(12, 0.5)).reshape([3, 4]);

  it("matmul of matrices and vectors", async () => {
    await expectArray(jnp.matmul(a, b), refMatmul(seq(6), seq(12, 0.5), 2, 3, 4), { shape: [2, 4], dtype: "float32" });
    await expectArray(jnp.matmul(jnp.array([1, 2]), a), [6, 9, 12], { shape: [3] });
    await expectArray(jnp.matmul(a, jnp.array([1, 0, -1])), [-2, -2], { shape: [2] });
    await expectArray(jnp.matmul(jnp.array([1, 2, 3]), jnp.array([4, 5, 6])), [32], { shape: [], dtype: "int32" });
  });

  it("matmul broadcasts batch axes, size-1 ones included", async () => {
    const x = jnp.array(seq(2 * 1 * 3 * 4, 0.1)).reshape([2, 1, 3, 4]);
    const y = jnp.array(seq(5 * 4 * 2, 0.2, -7)).reshape([5, 4, 2]);
    const out = jnp.matmul(x, y);
    expect(out.shape).toEqual([2, 5, 3, 2]);
    const xv = await values(x);
    const yv = await values(y);
    const want: number[] = [];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 5; j++)
        want.push(...refMatmul(xv.slice(i * 12, i * 12 + 12), yv.slice(j * 8, j * 8 + 8), 3, 4, 2));
    }
    await expectArray(out, want, { tol: 1e-5 });
    expect(jnp.matmul(jnp.ones([4]), jnp.ones([3, 4, 2])).shape).toEqual([3, 2]);
    expect(jnp.matmul(jnp.ones([3, 2, 4]), jnp.ones([4])).shape).toEqual([3, 2]);
  });

  it("matmul errors name matmul", () => {
    expect(() => jnp.matmul(jnp.ones([2, 3]), jnp.ones([2, 3]))).toThrow(
      /^matmul: contraction sizes differ for f32\[2,3\], f32\[2,3\] \(3 vs 2\)/,
    );
    expect(() => jnp.matmul(jnp.ones([2, 2, 3]), jnp.ones([3, 3, 2]))).toThrow(/^matmul: batch shapes/);
    expect(() => jnp.matmul(jnp.ones([2]), 3)).toThrow(ValueError);
  });

  it("dot, vdot, inner, outer", async () => {
    await expectArray(jnp.dot(a, b), refMatmul(seq(6), seq(12, 0.5), 2, 3, 4));
    expect(jnp.dot(jnp.ones([2, 3, 4]), jnp.ones([5, 4, 6])).shape).toEqual([2, 3, 5, 6]);
    await expectArray(jnp.dot(a, 2), seq(6, 2), { shape: [2, 3] });
    await expectArray(jnp.vdot(a, a), [55]);
    await expectArray(jnp.inner(a, jnp.array([1, 1, 1])), [3, 12]);
    expect(jnp.inner(jnp.ones([2, 3]), jnp.ones([4, 3])).shape).toEqual([2, 4]);
    await expectArray(
      jnp.outer(
        jnp.array([1, 2]),
        jnp.array([
          [1, 2],
          [3, 4],
        ]),
      ),
      [1, 2, 3, 4, 2, 4, 6, 8],
      { shape: [2, 4] },
    );
    expect(() => jnp.dot(jnp.ones([2, 3]), jnp.ones([2, 3]))).toThrow(/^dot: contraction sizes differ/);
  });

  it("tensordot with a count or explicit axes", async () => {
    await expectArray(jnp.tensordot(a, b, 1), refMatmul(seq(6), seq(12, 0.5), 2, 3, 4));
    await expectArray(
      jnp.tensordot(a, a, [
        [0, 1],
        [0, 1],
      ]),
      [55],
      { shape: [] },
    );
    await expectArray(jnp.tensordot(a, a, { axes: [0, 0] }), refMatmul([0, 3, 1, 4, 2, 5], seq(6), 3, 2, 3), {
      shape: [3, 3],
    });
    expect(jnp.tensordot(jnp.ones([2, 3, 4]), jnp.ones([3, 4, 5])).shape).toEqual([2, 5]);
    expect(() => jnp.tensordot(a, a, [[1], [1, 0]])).toThrow(ValueError);
    expect(() => jnp.tensordot(a, a, [[0], [1]])).toThrow(/^tensordot: axis 0/);
  });

  it("kron, trace, vecdot, matrixTranspose, cross", async () => {
    await expectArray(
      jnp.kron(
        jnp.array([
          [1, 2],
          [3, 4],
        ]),
        jnp.array([
          [0, 1],
          [1, 0],
        ]),
      ),
      [0, 1, 0, 2, 1, 0, 2, 0, 0, 3, 0, 4, 3, 0, 4, 0],
      { shape: [4, 4] },
    );
    const m = jnp.array(seq(9)).reshape([3, 3]);
    await expectArray(jnp.trace(m), [12], { dtype: "int32" });
    await expectArray(jnp.trace(m, 1), [1 + 5]);
    await expectArray(jnp.trace(m, { offset: -1 }), [3 + 7]);
    await expectArray(jnp.trace(jnp.array(seq(8)).reshape([2, 2, 2]), { axis1: 1, axis2: 2 }), [3, 11]);
    await expectArray(
      jnp.trace(
        jnp
          .array([
            [Infinity, 1],
            [2, 3],
          ])
          .astype("float32"),
        { offset: 1 },
      ),
      [1],
    );
    await expectArray(jnp.vecdot(a, jnp.array([1, 1, 1])), [3, 12]);
    await expectArray(jnp.matrixTranspose(a), [0, 3, 1, 4, 2, 5], { shape: [3, 2] });
    await expectArray(jnp.cross(jnp.array([1, 0, 0]), jnp.array([0, 1, 0])), [0, 0, 1]);
    await expectArray(
      jnp.cross(
        jnp.array([[1, 2, 3]]),
        jnp.array([
          [4, 5, 6],
          [1, 0, 0],
        ]),
      ),
      [-3, 6, -3, 0, 3, -2],
      { shape: [2, 3] },
    );
    await expectArray(jnp.cross(jnp.array([1, 2]), jnp.array([3, 4])), [-2], { shape: [] });
    await expectArray(jnp.cross(jnp.array([[1], [0], [0]]), jnp.array([[0], [0], [1]]), { axis: 0 }), [0, -1, 0], {
      shape: [3, 1],
    });
    expect(() => jnp.cross(jnp.ones([4]), jnp.ones([3]))).toThrow(ValueError);
  });
});

describe("einsum", () => {
  const a = jnp.array(seq(6, 1, 1)).reshape([2, 3]);
  const b = jnp.array(seq(12, 0.5)).reshape([3, 4]);

  it("matrix product, transpose, sums", async () => {
    await expectArray(jnp.einsum("ij,jk->ik", a, b), await values(jnp.matmul(a, b)), { shape: [2, 4] });
    await expectArray(jnp.einsum("ij,jk", a, b), await values(jnp.matmul(a, b)), { shape: [2, 4] });
    await expectArray(jnp.einsum("ij->ji", a), [1, 4, 2, 5, 3, 6], { shape: [3, 2] });
    await expectArray(jnp.einsum("ji", a), [1, 4, 2, 5, 3, 6], { shape: [3, 2] });
    await expectArray(jnp.einsum("ij->", a), [21], { shape: [] });
    await expectArray(jnp.einsum("ij->j", a), [5, 7, 9]);
    await expectArray(jnp.einsum("i,j->ij", jnp.array([1, 2]), jnp.array([3, 4, 5])), [3, 4, 5, 6, 8, 10], { shape: [2, 3] });
    await expectArray(jnp.einsum("i,i", jnp.array([1, 2]), jnp.array([3, 4])), [11], { shape: [] });
  });

  it("repeated subscripts take diagonals", async () => {
    const m = jnp.array([
      [1, 2],
      [3, Infinity],
    ]);
    await expectArray(jnp.einsum("ii->i", m), [1, Infinity]);
    await expectArray(
      jnp.einsum(
        "ii",
        jnp.array([
          [1, 2],
          [3, 4],
        ]),
      ),
      [5],
      { shape: [] },
    );
    await expectArray(jnp.einsum("iij->j", jnp.ones([2, 2, 3])), [2, 2, 2]);
  });

  it("batches, three operands, ellipses and size-1 broadcasting", async () => {
    const x = jnp.array(seq(2 * 2 * 3, 0.1)).reshape([2, 2, 3]);
    const y = jnp.array(seq(2 * 3 * 2, 0.3)).reshape([2, 3, 2]);
    await expectArray(jnp.einsum("bij,bjk->bik", x, y), await values(jnp.matmul(x, y)), { shape: [2, 2, 2], tol: 1e-5 });
    await expectArray(jnp.einsum("...ij,...jk->...ik", x, y), await values(jnp.matmul(x, y)), { shape: [2, 2, 2], tol: 1e-5 });
    await expectArray(jnp.einsum("...ij,jk->...ik", x, b), await values(jnp.matmul(x, b)), { shape: [2, 2, 4], tol: 1e-5 });
    const c = jnp.array(seq(8, 1, 1)).reshape([4, 2]);
    await expectArray(jnp.einsum("ij,jk,kl->il", a, b, c), await values(jnp.matmul(jnp.matmul(a, b), c)), {
      shape: [2, 2],
      tol: 1e-5,
    });
    await expectArray(jnp.einsum("ij,ij->i", jnp.ones([1, 3]), a), [6, 15], { shape: [2] });
    await expectArray(jnp.einsum("...i->...", x), await values(jnp.sum(x, -1)), { shape: [2, 2], tol: 1e-6 });
  });

  it("promotes dtypes and reports bad specs", () => {
    expect(jnp.einsum("i,i->", jnp.array([1, 2]), jnp.array([0.5, 0.5])).dtype).toBe("float32");
    expect(() => jnp.einsum("ij,jk->ik", a)).toThrow(/^einsum: .* names 2 operands, but 1 were given/);
    expect(() => jnp.einsum("ijk->i", a)).toThrow(/^einsum: term "ijk" has 3 subscripts/);
    expect(() => jnp.einsum("ij->q", a)).toThrow(/^einsum: output subscript q/);
    expect(() => jnp.einsum("ij,ij->", a, b)).toThrow(ShapeError);
    expect(() => jnp.einsum("i1->", a)).toThrow(ValueError);
  });
});

describe("linalg.norm", () => {
  const v = jnp.array([3, -4, 0]);
  const m = jnp.array([
    [1, -2],
    [3, 4],
  ]);

  it("vector orders", async () => {
    await expectArray(jnp.linalg.norm(v), [5], { dtype: "float32" });
    await expectArray(jnp.linalg.norm(v, 1), [7]);
    await expectArray(jnp.linalg.norm(v, Infinity), [4]);
    await expectArray(jnp.linalg.norm(v, -Infinity), [0]);
    await expectArray(jnp.linalg.norm(v, 0), [2]);
    await expectArray(jnp.linalg.norm(v, 3), [Math.cbrt(27 + 64)], { tol: 1e-6 });
    await expectArray(jnp.linalg.norm(m, { ord: 2, axis: 1 }), [Math.sqrt(5), 5]);
    await expectArray(jnp.linalg.norm(m, null, { axis: 0, keepdims: true }), [Math.sqrt(10), Math.sqrt(20)], {
      shape: [1, 2],
    });
    expect(() => jnp.linalg.norm(v, "fro")).toThrow(ValueError);
  });

  it("matrix orders", async () => {
    await expectArray(jnp.linalg.norm(m, "fro"), [Math.sqrt(30)]);
    await expectArray(jnp.linalg.norm(m, 1), [6]);
    await expectArray(jnp.linalg.norm(m, -1), [4]);
    await expectArray(jnp.linalg.norm(m, Infinity), [7]);
    await expectArray(jnp.linalg.norm(m, -Infinity), [3]);
    await expectArray(jnp.linalg.norm(m, Infinity, { axis: [1, 0] }), [6]);
    await expectArray(jnp.linalg.norm(m, 1, { axis: [0, 1], keepdims: true }), [6], { shape: [1, 1] });
    await expectArray(jnp.linalg.norm(jnp.ones([2, 3, 4]), { axis: [1, 2] }), [Math.sqrt(12), Math.sqrt(12)]);
    expect(() => jnp.linalg.norm(m, "nuc")).toThrow(UnsupportedError);
    expect(() => jnp.linalg.norm(jnp.ones([2, 2, 2]), 1)).toThrow(/^norm: axis must name one or two axes/);
  });

  it("vectorNorm and matrixNorm", async () => {
    await expectArray(jnp.linalg.vectorNorm(m), [Math.sqrt(30)], { shape: [] });
    await expectArray(jnp.linalg.vectorNorm(m, { ord: 1, keepdims: true }), [10], { shape: [1, 1] });
    await expectArray(jnp.linalg.vectorNorm(m, { axis: -1, ord: Infinity }), [2, 4]);
    await expectArray(jnp.linalg.matrixNorm(jnp.stack([m, m]), { ord: 1 }), [6, 6]);
  });
});

describe("array methods", () => {
  const x = jnp.array([
    [1, -2, 3],
    [-4, 5, -6],
  ]);
  it("reductions", async () => {
    await expectArray(x.mean(), [-0.5]);
    await expectArray(x.max(0), [1, 5, 3]);
    await expectArray(x.min({ axis: 1, keepdims: true }), [-2, -6], { shape: [2, 1] });
    await expectArray(x.prod(1), [-6, 120]);
    await expectArray(x.argmax(-1), [2, 1]);
    await expectArray(x.argmin(), [5]);
    await expectArray(x.var(1), [(await values(jnp.var(x, 1)))[0]!, (await values(jnp.var(x, 1)))[1]!]);
    await expectArray(x.std(), await values(jnp.std(x)));
    await expectArray(x.all(), [1]);
    await expectArray(x.gt(0).any(1), [1, 1]);
    await expectArray(x.ptp(1), [5, 11]);
    await expectArray(x.cumsum(1), [1, -1, 2, -4, 1, -5]);
    await expectArray(x.cumprod(), [1, -2, -6, 24, 120, -720]);
  });

  it("arithmetic and comparisons", async () => {
    await expectArray(x.abs(), [1, 2, 3, 4, 5, 6]);
    await expectArray(x.pow(2), [1, 4, 9, 16, 25, 36]);
    await expectArray(x.clip(-1, 1), [1, -1, 1, -1, 1, -1]);
    await expectArray(jnp.array([1.25, 2.5]).round(), [1, 2]);
    await expectArray(jnp.array([1.25, 2.55]).round(1), [1.2, 2.6], { tol: 1e-6 });
    await expectArray(x.matmul(jnp.array([1, 1, 1])), [2, -5]);
    await expectArray(x.dot(jnp.array([1, 0, 0])), [1, -4]);
    await expectArray(x.lt(0), [0, 1, 0, 1, 0, 1]);
    await expectArray(x.le(-2), [0, 1, 0, 1, 0, 1]);
    await expectArray(x.ge(3), [0, 0, 1, 0, 1, 0]);
    await expectArray(x.eq(5), [0, 0, 0, 0, 1, 0]);
    await expectArray(x.ne(5), [1, 1, 1, 1, 0, 1]);
    await expectArray(x.conj(), await values(x));
    await expectArray(x.real(), await values(x));
    await expectArray(x.imag(), [0, 0, 0, 0, 0, 0]);
  });
});

describe("derivatives of the composite formulas", () => {
  const opts = { order: 2, modes: ["fwd", "rev"] as const, atol: 1e-6, rtol: 1e-6 };
  const check = async (f: (...xs: JaxArray[]) => JaxArray, ...args: JaxArray[]) =>
    await jax.checkGrads(f, args, { ...opts, modes: [...opts.modes] });

  it("elementwise", async () => {
    await check((a, b) => jnp.logaddexp(a, b), f64([0.3, -1, 2]), f64([0.1, 4, -3]));
    await check((a, b) => jnp.hypot(a, b), f64([0.3, -1, 2]), f64([0.1, 4, -3]));
    await check((a) => jnp.sinc(a), f64([0.3, -1.2, 2.1]));
    await check((a, b) => jnp.power(a, b), f64([0.3, 1.2, 2.1]), f64([0.5, -1.5, 2]));
    await check((a) => jnp.power(a, 3), f64([-0.3, 1.2]));
    await check((a, b) => jnp.remainder(a, b), f64([0.3, -1.2, 2.1]), f64([0.7, 0.5, -0.8]));
    await check((a, b) => jnp.copysign(a, b), f64([0.3, -1.2]), f64([-1, 2]));
    await check((a) => jnp.log10(a), f64([0.3, 1.2]));
  });

  it("sinc's derivatives at 0 come from its Maclaurin series", async () => {
    const at0 = f64([0]);
    const d1 = jax.grad((t: JaxArray) => jnp.sum(jnp.sinc(t)))(at0) as JaxArray;
    await expectArray(d1, [0], { tol: 1e-12 });
    const d2 = jax.grad((t: JaxArray) => jnp.sum(jax.grad((u: JaxArray) => jnp.sum(jnp.sinc(u)))(t) as JaxArray))(
      at0,
    ) as JaxArray;
    await expectArray(d2, [-(Math.PI ** 2) / 3], { tol: 1e-10 });
  });

  it("reductions and statistics", async () => {
    const m = f64([
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ]);
    await check((a) => jnp.var(a, 1), m);
    await check((a) => jnp.std(a, 0, { ddof: 1 }), m);
    await check((a) => jnp.mean(a, 1, { where: jnp.array([true, false, true]) }), m);
    await check((a) => jnp.average(a, 1, { weights: f64([1, 2, 3]) }), m);
    await check((a) => jnp.max(a, 0), m);
    await check((a) => jnp.median(a, 1), m);
    await check((a) => jnp.quantile(a, [0.3, 0.9], { axis: 1 }), m);
    await check((a) => jnp.cumsum(a, 1), m);
    await check((a) => jnp.cumprod(a, 1), m);
    await check((a) => jnp.linalg.norm(a), m);
    await check((a) => jnp.linalg.norm(a, 3, { axis: 1 }), m);
  });

  it("products", async () => {
    const x = f64([
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ]);
    const y = f64([
      [1.1, 0.2],
      [-0.7, 0.9],
      [0.4, -1.3],
    ]);
    await check((a, b) => jnp.matmul(a, b), x, y);
    await check((a, b) => jnp.einsum("ij,jk->ki", a, b), x, y);
    await check(
      (a) => jnp.einsum("ii->", a),
      f64([
        [1, 2],
        [3, 4],
      ]),
    );
    await check((a, b) => jnp.kron(a, b), x, y);
    await check((a, b) => jnp.cross(a, b), f64([0.3, -1.2, 2.1]), f64([0.5, 1.7, -0.4]));
    await check(
      (a) => jnp.trace(a, 1),
      f64([
        [1, 2],
        [3, 4],
      ]),
    );
  });

  it("vmap of numpy functions matches a loop", async () => {
    const rows = [
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ];
    const f = (v: JaxArray) => jnp.add(jnp.median(v), jnp.einsum("i,i->", v, v));
    const batched = jax.vmap(f)(f64(rows)) as JaxArray;
    const looped = await Promise.all(rows.map(async (r) => (await values(f(f64(r))))[0]!));
    await expectArray(batched, looped, { tol: 1e-12 });
    const g = (m: JaxArray, v: JaxArray) => jnp.sum(jnp.matmul(m, v), 0, { where: jnp.array([true, false]) });
    const ms = [
      f64([
        [1, 2],
        [3, 4],
      ]),
      f64([
        [0.5, -1],
        [2, 0],
      ]),
    ];
    const v = f64([0.25, -2]);
    const batchedG = jax.vmap(g, { inAxes: [0, null] })(jnp.stack(ms), v) as JaxArray;
    await expectArray(
      batchedG,
      (await Promise.all(ms.map((m) => values(g(m, v))))).flat(),
      { tol: 1e-12 },
    );
  });

  it("jit gives the eager values", async () => {
    const f = (a: JaxArray, b: JaxArray) =>
      jnp.add(jnp.einsum("ij,j->i", a, b), jnp.stack([jnp.quantile(b, 0.3), jnp.linalg.norm(a, "fro")]));
    const a = f64([
      [1, 2],
      [3, 4],
    ]);
    const b = f64([0.5, -1.5]);
    await expectArray(jax.jit(f)(a, b) as JaxArray, await values(f(a, b)), { tol: 1e-14 });
    const h = (x: JaxArray) => jnp.where(jnp.isnan(x), jnp.nanmean(x), jnp.round(x, 1));
    const x = f64([1.26, NaN, -3.14]);
    await expectArray(jax.jit(h)(x) as JaxArray, await values(h(x)), { tol: 1e-14 });
  });
});
