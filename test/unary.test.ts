// Unary elementwise primitives: dtype errors, IEEE edge cases (NaN, Inf, -0, poles), float64
// accuracy against tabulated high-precision values, integer wrapping, and the derivative and
// batching rules of every unary spec checked through jvp, vjp, vmap and jit.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { arrayFromHost, scalar } from "../src/array.js";
import { cpuDevice } from "../src/backend/cpu.js";
import { isFloat, roundToFloat16, type DType } from "../src/dtypes.js";
import { DTypeError, ValueError } from "../src/errors.js";
import * as lax from "../src/lax/index.js";
import type { JaxArray } from "../src/tracing/array.js";
import { jit } from "../src/transforms/jit.js";
import { jvp } from "../src/transforms/jvp.js";
import { vjp } from "../src/transforms/vjp.js";
import { vmap } from "../src/transforms/vmap.js";
import { unarySpecs } from "./specs/unary.js";
import type { PrimitiveSpec } from "./specs/spec.js";
import { makeInputs, rng } from "./util/inputs.js";
import { values as read } from "./util/read.js";

const arr = (values: number[], dtype: DType = "float32"): JaxArray => arrayFromHost(values, [values.length], dtype);
const f64 = (values: number[]): JaxArray => arr(values, "float64");

/** Values equal element by element, NaN matching NaN and -0 distinct from +0. */
function expectSame(actual: number[], want: number[], label = ""): void {
  expect(actual.length, label).toBe(want.length);
  want.forEach((w, i) => expect(Object.is(actual[i], w), `${label}[${i}]: got ${actual[i]}, expected ${w}`).toBe(true));
}

function expectRelative(actual: number[], want: number[], rtol: number, label = ""): void {
  want.forEach((w, i) => {
    const err = Math.abs(actual[i]! - w) / Math.abs(w);
    expect(
      err <= rtol,
      `${label}[${i}]: got ${actual[i]}, expected ${w} (relative error ${err.toExponential(2)})`,
    ).toBe(true);
  });
}

describe("unary: dtype errors", () => {
  it("sin on int32 names the op and the operand", () => {
    const call = () => lax.sin(arr([1, 2, 3], "int32"));
    expect(call).toThrow(DTypeError);
    expect(call).toThrow(/^sin: .*i32\[3\].*astype\('float32'\)/);
  });
  it("jit reports the same error as eager code", () => {
    const jitted = jit(lax.sin);
    expect(() => {
      jitted(arr([1, 2, 3], "int32"));
    }).toThrow(/^sin: .*i32\[3\]/);
  });
  it("float-only primitives reject integers and bools", () => {
    const ints = arr([1, 2], "int32");
    for (const f of [
      lax.exp,
      lax.log,
      lax.floor,
      lax.round,
      lax.isFinite,
      lax.erf,
      lax.lgamma,
      lax.digamma,
      lax.tanh,
      lax.cbrt,
    ]) {
      expect(() => f(ints)).toThrow(DTypeError);
    }
    expect(() => lax.sqrt(arr([1, 0], "bool"))).toThrow(/^sqrt: .*bool\[2\]/);
  });
  it("abs takes signed values only, as JAX's does", () => {
    expect(() => lax.abs(arr([1, 2], "uint32"))).toThrow(/^abs: .*u32\[2\]/);
    expect(() => lax.abs(arr([1, 0], "bool"))).toThrow(DTypeError);
  });
  it("numeric primitives reject bool", () => {
    for (const f of [lax.neg, lax.sign, lax.square, (x: JaxArray) => lax.integerPow(x, 2)]) {
      expect(() => f(arr([1, 0], "bool"))).toThrow(DTypeError);
    }
  });
  it("bit counts take integers only", () => {
    expect(() => lax.populationCount(arr([1.5]))).toThrow(/^population_count: .*f32\[1\]/);
    expect(() => lax.clz(arr([1], "bool"))).toThrow(DTypeError);
  });
  it("integer_pow: negative powers of integers and non-integer exponents are errors", () => {
    expect(() => lax.integerPow(arr([2], "int32"), -1)).toThrow(DTypeError);
    expect(() => lax.integerPow(arr([2], "int32"), -1)).toThrow(/integer_pow\(i32\[1\], y=-1\)/);
    expect(() => lax.integerPow(arr([2]), 1.5)).toThrow(ValueError);
  });
  it("round rejects an unknown rounding method", () => {
    expect(() => lax.round(arr([1]), { roundingMethod: 2 as never })).toThrow(ValueError);
  });
  it("polygamma needs equal float operands", () => {
    expect(() => lax.polygamma(arr([1]), f64([1]))).toThrow(DTypeError);
    expect(() => lax.polygamma(arr([1, 1]), arr([1]))).toThrow(/^polygamma: .*f32\[2\], f32\[1\]/);
  });
});

describe("unary: output types", () => {
  it("is_finite gives bool; weak types pass through", () => {
    expect(lax.isFinite(arr([1])).dtype).toBe("bool");
    expect(lax.sin(scalar(0.5)).weakType).toBe(true);
    expect(lax.sin(scalar(0.5, "float32")).weakType).toBe(false);
    expect(lax.integerPow(scalar(3), 2).weakType).toBe(true);
  });
  it("float32 results are Math's float64 results, rounded once (the CPU's kernels)", async () => {
    // WGSL's transcendentals are within a few ulp instead (docs/webgpu.md and its accuracy suite).
    const onCpu = (values: number[]) => arrayFromHost(values, [values.length], "float32", false, cpuDevice);
    const rand = rng(11);
    const xs = Array.from({ length: 64 }, () => Math.fround(0.1 + 3 * rand()));
    const cases: [(x: JaxArray) => JaxArray, (x: number) => number][] = [
      [lax.exp, Math.exp],
      [lax.log, Math.log],
      [lax.sin, Math.sin],
      [lax.tanh, Math.tanh],
      [lax.atan, Math.atan],
      [lax.cbrt, Math.cbrt],
      [lax.expm1, Math.expm1],
    ];
    for (const [f, ref] of cases)
      expectSame(
        await read(f(onCpu(xs))),
        xs.map((x) => Math.fround(ref(x))),
        f.name,
      );
  });
  it("float16 results are rounded to float16", async () => {
    expectSame(await read(lax.exp(arr([1], "float16"))), [roundToFloat16(Math.E)]);
    expectSame(await read(lax.erf(arr([0.5], "float16"))), [roundToFloat16(0.5204998778130465)]);
  });
});

describe("unary: NaN, Inf and signed zeros", () => {
  const inf = Infinity;
  it("roots and logs", async () => {
    expectSame(await read(lax.sqrt(f64([-0, 0, -1, inf, NaN]))), [-0, 0, NaN, inf, NaN]);
    expectSame(await read(lax.rsqrt(f64([0, -0, inf, -1]))), [inf, -inf, 0, NaN]);
    expectSame(await read(lax.cbrt(f64([-0, -8, -inf]))), [-0, -2, -inf]);
    expectSame(await read(lax.log(f64([0, -0, -1, inf]))), [-inf, -inf, NaN, inf]);
    expectSame(await read(lax.log1p(f64([-1, -0, -2]))), [-inf, -0, NaN]);
  });
  it("exponentials and sigmoids saturate", async () => {
    expectSame(await read(lax.exp(f64([-inf, inf, NaN]))), [0, inf, NaN]);
    expectSame(await read(lax.expm1(f64([-0, -inf]))), [-0, -1]);
    expectSame(await read(lax.exp2(f64([-inf, 10, -1]))), [0, 1024, 0.5]);
    expectSame(await read(lax.tanh(f64([-inf, inf, -0]))), [-1, 1, -0]);
    expectSame(await read(lax.logistic(f64([-inf, inf, 0]))), [0, 1, 0.5]);
    // The small tail keeps its relative accuracy instead of cancelling against 1.
    expectRelative(await read(lax.logistic(f64([-700]))), [Math.exp(-700)], 1e-14);
  });
  it("inverse trig and hyperbolic functions outside their domains", async () => {
    expectSame(await read(lax.asin(f64([2, -0]))), [NaN, -0]);
    expectSame(await read(lax.acosh(f64([0.5, 1]))), [NaN, 0]);
    expectSame(await read(lax.atanh(f64([1, -1, 2]))), [inf, -inf, NaN]);
  });
  it("sign, abs, floor, ceil keep IEEE signs", async () => {
    expectSame(await read(lax.sign(f64([-0, 0, NaN, -3, inf]))), [-0, 0, NaN, -1, 1]);
    expectSame(await read(lax.sign(arr([0, 7], "uint32"))), [0, 1]);
    expectSame(await read(lax.abs(f64([-0, -inf, NaN]))), [0, inf, NaN]);
    expectSame(await read(lax.floor(f64([-0.5, -0, inf]))), [-1, -0, inf]);
    expectSame(await read(lax.ceil(f64([-0.5, 0.2, -inf]))), [-0, 1, -inf]);
  });
  it("round: both rounding methods, signed zeros, and no off-by-one below 1/2", async () => {
    const xs = [-0.4, 0.49999999999999994, -2.5, 2.5, 3.5, NaN, -inf, 2 ** 53 - 1];
    expectSame(await read(lax.round(f64(xs))), [-0, 0, -3, 3, 4, NaN, -inf, 2 ** 53 - 1]);
    expectSame(await read(lax.round(f64(xs), { roundingMethod: lax.RoundingMethod.TO_NEAREST_EVEN })), [
      -0,
      0,
      -2,
      2,
      4,
      NaN,
      -inf,
      2 ** 53 - 1,
    ]);
  });
  it("is_finite", async () => {
    expectSame(await read(lax.isFinite(f64([0, NaN, inf, -inf, 1e308]))), [1, 0, 0, 0, 1]);
  });
  it("integer_pow: x^0 = 1 even for NaN; reciprocals of signed zeros", async () => {
    expectSame(await read(lax.integerPow(f64([NaN, 0, inf]), 0)), [1, 1, 1]);
    expectSame(await read(lax.integerPow(f64([0, -0, -0]), -1)), [inf, -inf, -inf]);
    expectSame(await read(lax.integerPow(f64([-0, -2]), -2)), [inf, 0.25]);
  });
  it("erf family at the ends of its range", async () => {
    expectSame(await read(lax.erf(f64([-inf, inf, -0, NaN]))), [-1, 1, -0, NaN]);
    expectSame(await read(lax.erfc(f64([-inf, inf, 30, NaN]))), [2, 0, 0, NaN]);
    expectSame(await read(lax.erfInv(f64([-1, 1, -0, 1.5, NaN]))), [-inf, inf, -0, NaN, NaN]);
  });
  it("lgamma is +inf at poles and infinities; digamma is NaN at poles, as XLA's", async () => {
    expectSame(await read(lax.lgamma(f64([0, -0, -2, inf, -inf, NaN]))), [inf, inf, inf, inf, inf, NaN]);
    expectSame(await read(lax.digamma(f64([0, -3, -inf, inf, NaN]))), [NaN, NaN, NaN, inf, NaN]);
  });
  it("polygamma: +inf at poles for odd m, NaN for even m and for m outside the naturals", async () => {
    const m = (v: number) => f64([v, v]);
    expectSame(await read(lax.polygamma(m(1), f64([0, -4]))), [inf, inf]);
    expectSame(await read(lax.polygamma(m(2), f64([0, -1]))), [NaN, NaN]);
    expectSame(await read(lax.polygamma(f64([1.5, -1]), f64([2, 2]))), [NaN, NaN]);
    expectSame(await read(lax.polygamma(m(3), f64([inf, NaN]))), [0, NaN]);
  });
});

describe("unary: integer arithmetic wraps", () => {
  it("integer_pow on int32 wraps modulo 2^32", async () => {
    expectSame(await read(lax.integerPow(arr([3, -2, 2, 7], "int32"), 21)), [1870418611, -2097152, 2097152, 192061479]);
    expectSame(await read(lax.integerPow(arr([-2], "int32"), 31)), [-(2 ** 31)]);
    expectSame(await read(lax.integerPow(arr([0, -5], "int32"), 0)), [1, 1]);
    expectSame(await read(lax.integerPow(arr([2], "uint32"), 31)), [2 ** 31]);
  });
  it("neg, abs and square of INT_MIN wrap", async () => {
    const min = arr([-(2 ** 31)], "int32");
    expectSame(await read(lax.neg(min)), [-(2 ** 31)]);
    expectSame(await read(lax.abs(min)), [-(2 ** 31)]);
    expectSame(await read(lax.square(min)), [0]);
    expectSame(await read(lax.neg(arr([1], "uint32"))), [4294967295]);
  });
  it("population_count and clz", async () => {
    expectSame(await read(lax.populationCount(arr([-1, 0, 0x55555555], "int32"))), [32, 0, 16]);
    expectSame(await read(lax.clz(arr([-1, 0, 1], "int32"))), [0, 32, 31]);
  });
});

// Tabulated with mpmath at 40 significant digits.
const LGAMMA: [number, number][] = [
  [1.0000000009313226, -5.375739784311044e-10],
  [0.9999999, 5.772157468444193e-8],
  [2.000000001, 4.2278437040226697e-10],
  [1.999, -0.0004224618006921073],
  [0.5, 0.5723649429247001],
  [1e-300, 690.7755278982137],
  [3.5, 1.2009736023470743],
  [171.5, 709.1431630309282],
  [1e10, 220258509288.81058],
  [-0.5, 1.2655121234846454],
  [-1.5, 0.860047015376481],
  [-100.5, -364.90096830942736],
];
const DIGAMMA: [number, number][] = [
  [1.4616321449683622, -9.241265521729427e-17],
  [1.4616321449683625, 1.2245374622004068e-16],
  [1.46, -0.0015805619870834522],
  [1e-8, -100000000.57721564],
  [-0.5, 0.03648997397857652],
  [0.5, -1.9635100260214235],
  [1e6, 13.815510057964191],
  [-10.3, 4.662403493582087],
];
const ERF: [number, number][] = [
  [1e-5, 1.1283791670579e-5],
  [0.3, 0.3286267594591274],
  [2.4, 0.999311486103355],
  [3.7, 0.9999998328489421],
];
const ERFC: [number, number][] = [
  [0.2, 0.7772974107895215],
  [2, 0.004677734981047266],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
  [-3, 1.9999779095030015],
];
const ERF_INV: [number, number][] = [
  [0.999999999, 4.320005388105362],
  [-0.5, -0.4769362762044699],
  [1e-10, 8.862269254527581e-11],
  [0.9999999999999999, 5.8635847487551676],
];
const POLYGAMMA: [number, number, number][] = [
  [1, -2.3, 14.725912160961292],
  [2, 0.1, -2001.8614573783436],
  [4, 3.3, -0.08856528474121478],
  [1, 1e-5, 10000000001.644909],
  [3, -0.5, 193.40909103400244],
  [1, 1e4, 0.00010000500016666666],
];

describe("unary: float64 accuracy against tabulated values", () => {
  const check = async (f: (x: JaxArray) => JaxArray, table: [number, number][], rtol: number, label: string) =>
    expectRelative(
      await read(f(f64(table.map((r) => r[0])))),
      table.map((r) => r[1]),
      rtol,
      label,
    );
  it("lgamma, including next to its zeros at 1 and 2", async () => await check(lax.lgamma, LGAMMA, 1e-13, "lgamma"));
  it("digamma, including next to its positive zero", async () => await check(lax.digamma, DIGAMMA, 1e-13, "digamma"));
  it("erf and erfc, including the far tail", async () => {
    await check(lax.erf, ERF, 1e-14, "erf");
    await check(lax.erfc, ERFC, 1e-13, "erfc");
  });
  it("erf_inv, including next to 1", async () => await check(lax.erfInv, ERF_INV, 1e-14, "erf_inv"));
  it("polygamma, including negative arguments", async () => {
    const got = await read(lax.polygamma(f64(POLYGAMMA.map((r) => r[0])), f64(POLYGAMMA.map((r) => r[1]))));
    expectRelative(
      got,
      POLYGAMMA.map((r) => r[2]),
      1e-12,
      "polygamma",
    );
  });
});

describe("unary: derivative rules", () => {
  const one = f64([1]);
  it("abs' is +1 at zero (JAX's select(x >= 0, t, -t))", async () => {
    expectSame(await read(jvp(lax.abs, [f64([0, -0, -2])], [f64([1, 1, 1])])[1]), [1, 1, -1]);
  });
  it("piecewise-constant primitives have zero tangents", async () => {
    for (const f of [
      lax.sign,
      lax.floor,
      lax.ceil,
      (x: JaxArray) => lax.round(x),
      (x: JaxArray) => lax.integerPow(x, 0),
    ]) {
      expectSame(await read(jvp(f, [f64([1.3])], [one])[1]), [0]);
    }
  });
  it("second derivative of lgamma is trigamma (digamma's rule binds polygamma)", async () => {
    const d1 = (x: JaxArray) => jvp(lax.lgamma, [x], [one])[1] as JaxArray;
    const d2 = jvp(d1, [f64([-2.3])], [one])[1];
    expectRelative(await read(d2), [14.725912160961292], 1e-12);
  });
  it("polygamma is not differentiable in m, as in JAX", () => {
    expect(() => jvp((m: JaxArray) => lax.polygamma(m, f64([2])), [one], [one])).toThrow(ValueError);
  });
  it("neg transposes to neg", async () => {
    const [, pullback] = vjp(lax.neg, f64([1, 2]));
    expectSame(await read(pullback(f64([3, -4]))[0]), [-3, 4]);
  });
});

// ---- every spec through the transforms ----------------------------------------------------------

const floatArgs = (spec: PrimitiveSpec) => spec.args.every((a) => isFloat(a.dtype ?? "float32") && !a.values);
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const call = (spec: PrimitiveSpec, x: JaxArray) => spec.fn(x) as JaxArray;

describe("unary specs through jvp, vjp, vmap and jit", () => {
  for (const spec of unarySpecs.filter((s) => !s.nondiff && floatArgs(s))) {
    it(`${spec.name}: jvp matches central differences in float64; vjp is its transpose`, async () => {
      const { arrays, refs } = makeInputs(spec.args, 5, "float64");
      const x = refs[0]!;
      const rand = rng(6);
      const t = x.data.map(() => rand() - 0.5);
      const eps = 1e-6;
      const at = async (s: number) =>
        await read(
          call(
            spec,
            arrayFromHost(
              x.data.map((v, i) => v + s * eps * t[i]!),
              x.shape,
              "float64",
            ),
          ),
        );
      const [plus, minus] = [await at(1), await at(-1)];
      const fd = plus.map((p, i) => (p - minus[i]!) / (2 * eps));
      const tangent = await read(
        jvp((v: JaxArray) => call(spec, v), [arrays[0]!], [arrayFromHost(t, x.shape, "float64")])[1],
      );
      fd.forEach((d, i) =>
        expect(
          Math.abs(tangent[i]! - d) <= 1e-6 * (1 + Math.abs(d)),
          `${spec.name}[${i}]: jvp ${tangent[i]}, fd ${d}`,
        ).toBe(true),
      );
      const ct = x.data.map(() => rand() - 0.5);
      const [, pullback] = vjp((v: JaxArray) => call(spec, v), arrays[0]!);
      const g = await read(pullback(arrayFromHost(ct, x.shape, "float64"))[0]);
      expect(Math.abs(dot(g, t) - dot(ct, tangent))).toBeLessThan(1e-10 * (1 + Math.abs(dot(ct, tangent))));
    });
  }
  for (const spec of unarySpecs.filter((s) => s.args.every((a) => !a.values))) {
    it(`${spec.name}: vmap over either axis matches a loop; jit matches eager`, async () => {
      const batch = 3;
      const shape = spec.args[0]!.shape;
      const { arrays, refs } = makeInputs([{ ...spec.args[0]!, shape: [batch, ...shape] }], 9);
      const rows = await Promise.all(
        Array.from({ length: batch }, (_, b) => {
          const n = refs[0]!.data.length / batch;
          return read(call(spec, arrayFromHost(refs[0]!.data.slice(b * n, (b + 1) * n), shape, arrays[0]!.dtype)));
        }),
      );
      expectSame(await read(vmap((v: JaxArray) => call(spec, v))(arrays[0]!)), rows.flat(), `${spec.name} vmap`);
      const last = vmap((v: JaxArray) => call(spec, v), { inAxes: 0, outAxes: shape.length })(arrays[0]!) as JaxArray;
      expect(last.shape).toEqual([...shape, batch]);
      expectSame(
        await read(lax.transpose(last, [shape.length, ...shape.map((_, i) => i)])),
        rows.flat(),
        `${spec.name} vmap outAxes`,
      );
      expectSame(
        await read(jit((v: JaxArray) => call(spec, v))(arrays[0]!)),
        await read(call(spec, arrays[0]!)),
        `${spec.name} jit`,
      );
    });
  }
});
