// Reductions, cumulative reductions, reduce_window and sort: errors that name the op and operand,
// empty reductions (identities), NaN propagation, integer wrapping, sort stability, the
// derivative rules at ties and zeros, and every reduction spec through jvp, vjp, vmap and jit.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { arrayFromHost } from "../src/array.js";
import { isFloat, type DType } from "../src/dtypes.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../src/errors.js";
import * as lax from "../src/lax/index.js";
import { Zero, type Tangent } from "../src/primitives/primitive.js";
import { instantiate } from "../src/primitives/rules.js";
import type { JaxArray } from "../src/tracing/array.js";
import { jit } from "../src/transforms/jit.js";
import { jvp, jvpFlat } from "../src/transforms/jvp.js";
import { makeJaxpr } from "../src/transforms/make-jaxpr.js";
import { grad, vjp, vjpFlat } from "../src/transforms/vjp.js";
import { vmap } from "../src/transforms/vmap.js";
import { reductionSpecs } from "./specs/reductions.js";
import type { PrimitiveSpec } from "./specs/spec.js";
import { makeInputs, rng } from "./util/inputs.js";
import { values as read } from "./util/read.js";

const arr = (values: number[], shape: number[] = [values.length], dtype: DType = "float32"): JaxArray => arrayFromHost(values, shape, dtype);
const f64 = (values: number[], shape: number[] = [values.length]): JaxArray => arr(values, shape, "float64");
const outsOf = (y: JaxArray | JaxArray[]): JaxArray[] => (Array.isArray(y) ? y : [y]);

/** Values equal element by element, NaN matching NaN and -0 distinct from +0. */
function expectSame(actual: number[], want: number[], label = ""): void {
  expect(actual.length, label).toBe(want.length);
  want.forEach((w, i) => expect(Object.is(actual[i], w), `${label}[${i}]: got ${actual[i]}, expected ${w}`).toBe(true));
}

function expectClose(actual: number[], want: number[], tol: number, label = ""): void {
  expect(actual.length, label).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(actual[i]! - w) <= tol * (1 + Math.abs(w)), `${label}[${i}]: got ${actual[i]}, expected ${w}`).toBe(true));
}

// ---- every spec through the transforms ----------------------------------------------------------

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const differentiable = (spec: PrimitiveSpec, i: number) => isFloat(spec.args[i]!.dtype ?? "float32") && !spec.args[i]!.nondiff;

describe("reduction specs through jvp, vjp, vmap and jit", () => {
  for (const spec of reductionSpecs.filter((s) => !s.nondiff && s.args.some((_, i) => differentiable(s, i)))) {
    it(`${spec.name}: jvp matches central differences in float64; vjp is its transpose`, async () => {
      const { arrays, refs } = makeInputs(spec.args, 5, "float64");
      const rand = rng(6);
      const ts = refs.map((r, i) => (differentiable(spec, i) ? r.data.map(() => rand() - 0.5) : null));
      const f = (...xs: JaxArray[]) => outsOf(spec.fn(...xs));
      const eps = 1e-6;
      const shifted = (s: number) =>
        Promise.all(f(...refs.map((r, i) => arrayFromHost(r.data.map((v, k) => v + s * eps * (ts[i]?.[k] ?? 0)), r.shape, arrays[i]!.dtype))).map(read));
      const [plus, minus] = [await shifted(1), await shifted(-1)];
      const tangentsIn: Tangent[] = arrays.map((a, i) => (ts[i] ? arrayFromHost(ts[i], a.shape, "float64") : new Zero(a.aval)));
      const [outs, tangentsOut] = jvpFlat(f, arrays, tangentsIn);
      for (const [k, o] of outs.entries()) {
        if (!isFloat(o.dtype)) continue;
        const fd = plus[k]!.map((p, i) => (p - minus[k]![i]!) / (2 * eps));
        expectClose(await read(instantiate(tangentsOut[k]!)), fd, 1e-6, `${spec.name} jvp out ${k}`);
      }
      const [, pullback] = vjpFlat(f, arrays);
      const cts: Tangent[] = [];
      for (const o of outs) cts.push(isFloat(o.dtype) ? arrayFromHost(o.aval.size ? (await read(o)).map(() => rand() - 0.5) : [], o.shape, o.dtype) : new Zero(o.aval));
      const grads = pullback(cts);
      let lhs = 0;
      for (const [i, g] of grads.entries()) if (ts[i]) lhs += dot(await read(instantiate(g)), ts[i]);
      let rhs = 0;
      for (const [k, o] of outs.entries()) if (isFloat(o.dtype)) rhs += dot(await read(cts[k]), await read(instantiate(tangentsOut[k]!)));
      expect(Math.abs(lhs - rhs), `${spec.name}: <vjp(ct), t> = ${lhs}, <ct, jvp(t)> = ${rhs}`).toBeLessThan(1e-10 * (1 + Math.abs(rhs)));
    });
  }
  for (const spec of reductionSpecs.filter((s) => !s.noVmap)) {
    it(`${spec.name}: vmap matches a loop (batch axis first, last, and unbatched operands); jit matches eager`, async () => {
      const batch = 3;
      const { arrays, refs } = makeInputs(spec.args, 9);
      // Batched operands: row b is the spec input scaled and shifted, so rows differ.
      const rowsOf = (i: number) => Array.from({ length: batch }, (_, b) => refs[i]!.data.map((v) => (isFloat(arrays[i]!.dtype) ? v * (1 + b / 4) - b / 8 : v)));
      const stacked = arrays.map((a, i) => arrayFromHost(rowsOf(i).flat(), [batch, ...a.shape], a.dtype));
      const loop = (batched: boolean[]) =>
        Promise.all(
          Array.from({ length: batch }, (_, b) => Promise.all(outsOf(spec.fn(...arrays.map((a, i) => (batched[i] ? arrayFromHost(rowsOf(i)[b]!, a.shape, a.dtype) : a)))).map(read))),
        );
      const check = async (batched: boolean[], axisFor: (i: number) => number, label: string) => {
        const inputs = stacked.map((s, i) => (batched[i] ? lax.moveaxis(s, 0, axisFor(i)) : arrays[i]!));
        const inAxes = batched.map((b, i) => (b ? axisFor(i) : null));
        const got = vmap((...xs: JaxArray[]) => spec.fn(...xs), { inAxes })(...inputs) as JaxArray | JaxArray[];
        const want = await loop(batched);
        for (const [k, o] of outsOf(got).entries()) expectSame(await read(o), want.flatMap((row) => row[k]!), `${spec.name} vmap ${label} out ${k}`);
      };
      const all = arrays.map(() => true);
      await check(all, () => 0, "axis 0");
      await check(all, (i) => arrays[i]!.ndim, "last axis");
      if (arrays.length > 1) await check(arrays.map((_, i) => i === arrays.length - 1), (i) => arrays[i]!.ndim, "only the last operand");
      const eager = await Promise.all(outsOf(spec.fn(...arrays)).map(read));
      const jitted = await Promise.all(outsOf(jit((...xs: JaxArray[]) => spec.fn(...xs))(...arrays) as JaxArray | JaxArray[]).map(read));
      jitted.forEach((o, k) => expectSame(o, eager[k]!, `${spec.name} jit out ${k}`));
    });
  }
});

// ---- errors ---------------------------------------------------------------------------------

describe("reductions: errors name the op and the operand", () => {
  const x = arr([1, 2, 3, 4, 5, 6], [2, 3]);
  it("out-of-range, negative and repeated axes", () => {
    for (const [name, f] of [
      ["reduce_max", lax.reduceMax],
      ["reduce_min", lax.reduceMin],
      ["reduce_prod", lax.reduceProd],
      ["reduce_sum", lax.reduceSum],
    ] as const) {
      expect(() => f(x, [2])).toThrow(AxisError);
      expect(() => f(x, [2])).toThrow(new RegExp(`^${name}: axis 2 .*f32\\[2,3\\]`));
      expect(() => f(x, [-1])).toThrow(/negative axes/);
      expect(() => f(x, [1, 1])).toThrow(/repeated axes/);
    }
    const bools = arr([1, 0], [2], "bool");
    expect(() => lax.reduceOr(bools, [1])).toThrow(/^reduce_or: axis 1 .*bool\[2\]/);
    expect(() => lax.argmax(x, 2)).toThrow(/^argmax: axis 2 .*f32\[2,3\]/);
    expect(() => lax.cumsum(x, 2)).toThrow(/^cumsum: axis 2 .*f32\[2,3\]/);
    expect(() => lax.cummax(x, -1)).toThrow(AxisError);
  });
  it("dtype errors say what is accepted", () => {
    expect(() => lax.reduceProd(arr([1, 0], [2], "bool"), [0])).toThrow(/^reduce_prod: .*bool\[2\]/);
    expect(() => lax.reduceAnd(x, [0])).toThrow(DTypeError);
    expect(() => lax.reduceXor(x, [0])).toThrow(/^reduce_xor: requires bool or integer .*f32\[2,3\]/);
    expect(() => lax.cumsum(arr([1, 0], [2], "bool"))).toThrow(/^cumsum: .*bool\[2\]/);
    expect(() => lax.cumlogsumexp(arr([1, 2], [2], "int32"))).toThrow(/^cumlogsumexp: .*i32\[2\]/);
    expect(() => lax.argmax(x, 0, "float32")).toThrow(/^argmax: index_dtype must be an integer .*f32\[2,3\]/);
    expect(() => lax.reduceWindowSum(arr([1, 0], [2], "bool"), [1], [1], "VALID")).toThrow(/^reduce_window_sum: .*bool\[2\]/);
  });
  it("argmax and argmin of an empty axis are errors, as in JAX", () => {
    expect(() => lax.argmax(arr([], [2, 0]), 1)).toThrow(ValueError);
    expect(() => lax.argmin(arr([], [0, 2]), 0)).toThrow(/^argmin: the reduced axis 0 of operand f32\[0,2\] is empty/);
    expect(lax.argmax(arr([], [0, 2]), 1).shape).toEqual([0]);
  });
  it("reduce_window checks its params per axis", () => {
    expect(() => lax.reduceWindowMax(x, [2], [1, 1], "VALID")).toThrow(ShapeError);
    expect(() => lax.reduceWindowMax(x, [2], [1, 1], "VALID")).toThrow(/^reduce_window_max: operand f32\[2,3\] .*window_dimensions needs one entry per operand axis \(2\)/);
    expect(() => lax.reduceWindowSum(x, [0, 1], [1, 1], "VALID")).toThrow(/window_dimensions must be positive/);
    expect(() => lax.reduceWindowSum(x, [1, 1], [1, 0], "VALID")).toThrow(/window_strides must be positive/);
    expect(() => lax.reduceWindowSum(x, [1, 1], [1, 1], "VALID", { baseDilation: [0, 1] })).toThrow(/base_dilation/);
    expect(() => lax.reduceWindowSum(x, [1, 1], [1, 1], [[0, 0], [-2, -2]])).toThrow(/crops below zero/);
    expect(() => lax.reduceWindowSum(x, [1, 1], [1, 1], "FULL" as never)).toThrow(/unknown padding/);
  });
  it("sort checks shapes, dimension and num_keys", () => {
    const y = arr([1, 2, 3]);
    expect(() => lax.sort([x, y])).toThrow(ShapeError);
    expect(() => lax.sort([x, y])).toThrow(/^sort: operands must have equal shapes, got f32\[2,3\], f32\[3\]/);
    expect(() => lax.sort(x, { dimension: 2 })).toThrow(/^sort: dimension 2 is out of bounds for operands f32\[2,3\]/);
    expect(() => lax.sort(x, { dimension: -3 })).toThrow(AxisError);
    expect(() => lax.sort(arr([1], [])).shape).toThrow(/0-d operand/);
    expect(() => lax.sort([x, x], { numKeys: 3 })).toThrow(/^sort: num_keys=3 must be between 1 and the number of operands \(2\)/);
    expect(() => lax.sort([x], { numKeys: 0 })).toThrow(ValueError);
  });
  it("jit reports the same errors as eager code; vmap names the op", () => {
    expect(() => jit((v: JaxArray) => lax.reduceMax(v, [2]))(x)).toThrow(/^reduce_max: axis 2 .*f32\[2,3\]/);
    expect(() => vmap((v: JaxArray) => lax.cumprod(v, 1))(x)).toThrow(/^cumprod: axis/);
  });
});

// ---- values at the edges ------------------------------------------------------------------------

describe("reductions: empty reductions give the identity", () => {
  const empty = (dtype: DType) => arr([], [2, 0], dtype);
  it("reduce_max / reduce_min", async () => {
    expectSame(await read(lax.reduceMax(empty("float32"), [1])), [-Infinity, -Infinity]);
    expectSame(await read(lax.reduceMax(empty("int32"), [1])), [-2147483648, -2147483648]);
    expectSame(await read(lax.reduceMax(empty("uint32"), [1])), [0, 0]);
    expectSame(await read(lax.reduceMax(empty("bool"), [1])), [0, 0]);
    expectSame(await read(lax.reduceMin(empty("float64"), [1])), [Infinity, Infinity]);
    expectSame(await read(lax.reduceMin(empty("int32"), [1])), [2147483647, 2147483647]);
    expectSame(await read(lax.reduceMin(empty("uint32"), [1])), [4294967295, 4294967295]);
    expectSame(await read(lax.reduceMin(empty("bool"), [1])), [1, 1]);
  });
  it("reduce_sum, reduce_prod and the logical reductions", async () => {
    expectSame(await read(lax.reduceSum(empty("float32"), [1])), [0, 0]);
    expectSame(await read(lax.reduceProd(empty("float32"), [1])), [1, 1]);
    expectSame(await read(lax.reduceProd(empty("int32"), [0, 1])), [1]);
    expectSame(await read(lax.reduceAnd(empty("bool"), [1])), [1, 1]);
    expectSame(await read(lax.reduceAnd(empty("int32"), [1])), [-1, -1]);
    expectSame(await read(lax.reduceAnd(empty("uint32"), [1])), [4294967295, 4294967295]);
    expectSame(await read(lax.reduceOr(empty("bool"), [1])), [0, 0]);
    expectSame(await read(lax.reduceXor(empty("int32"), [1])), [0, 0]);
  });
  it("a reduction over a non-empty axis of an empty array is empty", () => {
    expect(lax.reduceMax(empty("float32"), [0]).shape).toEqual([0]);
  });
  it("cumulative reductions, windows and sort of empty arrays are empty", async () => {
    for (const f of [lax.cumsum, lax.cumprod, lax.cummax, lax.cummin, lax.cumlogsumexp]) expect(f(empty("float32"), 1).shape).toEqual([2, 0]);
    expect(lax.sort(empty("float32")).shape).toEqual([2, 0]);
    expect(lax.reduceWindowSum(empty("float32"), [1, 2], [1, 1], "VALID").shape).toEqual([2, 0]);
    // A window over padding only reduces nothing: the identity.
    expectSame(await read(lax.reduceWindowMax(arr([], [0]), [1], [1], [[1, 1]])), [-Infinity, -Infinity]);
    expectSame(await read(lax.reduceWindowSum(arr([], [0]), [1], [1], [[2, 0]])), [0, 0]);
  });
  it("a window larger than the padded operand gives an empty axis, as in XLA", () => {
    expect(lax.reduceWindowSum(arr([1, 2]), [3], [1], "VALID").shape).toEqual([0]);
  });
});

describe("reductions: NaN and infinities", () => {
  it("max and min propagate NaN, wherever it sits", async () => {
    const x = arr([NaN, 1, 2, 3, NaN, -1, 0, 1, 2], [3, 3]);
    expectSame(await read(lax.reduceMax(x, [1])), [NaN, NaN, 2]);
    expectSame(await read(lax.reduceMin(x, [1])), [NaN, NaN, 0]);
    expectSame(await read(lax.reduceMax(x, [0])), [NaN, NaN, 2]);
    expectSame(await read(lax.cummax(arr([1, NaN, 3]))), [1, NaN, NaN]);
    expectSame(await read(lax.cummin(arr([1, NaN, 3]), 0, true)), [NaN, NaN, 3]);
    expectSame(await read(lax.reduceWindowMax(arr([1, NaN, 3, 4]), [2], [2], "VALID")), [NaN, 4]);
  });
  it("sums and products propagate NaN; infinities follow IEEE", async () => {
    expectSame(await read(lax.reduceSum(arr([Infinity, -Infinity, 1]), [0])), [NaN]);
    expectSame(await read(lax.reduceProd(arr([Infinity, 0]), [0])), [NaN]);
    expectSame(await read(lax.cumsum(arr([1, Infinity, -Infinity]))), [1, Infinity, NaN]);
  });
  it("cumlogsumexp handles infinities as logaddexp does", async () => {
    expectSame(await read(lax.cumlogsumexp(f64([-Infinity, -Infinity, 0, Infinity, 1]))), [-Infinity, -Infinity, 0, Infinity, Infinity]);
    expectSame(await read(lax.cumlogsumexp(f64([0, NaN, 1]))), [0, NaN, NaN]);
    // Large values don't overflow.
    expectClose(await read(lax.cumlogsumexp(f64([1000, 1000]))), [1000, 1000 + Math.LN2], 1e-15);
  });
  it("argmax and argmin return the first NaN; ties go to the first index", async () => {
    expectSame(await read(lax.argmax(arr([1, NaN, 5, NaN]), 0)), [1]);
    expectSame(await read(lax.argmin(arr([1, -2, NaN, -2]), 0)), [2]);
    expectSame(await read(lax.argmax(arr([3, 1, 3]), 0)), [0]);
    expectSame(await read(lax.argmin(arr([-Infinity, -Infinity]), 0)), [0]);
  });
  it("sort puts NaN last and keeps -0 and 0 in input order", async () => {
    expectSame(await read(lax.sort(arr([0, NaN, -0, -Infinity, Infinity, -1]))), [-Infinity, -1, 0, -0, Infinity, NaN]);
  });
});

describe("reductions: integers", () => {
  it("sums and products wrap as 32-bit arithmetic", async () => {
    expectSame(await read(lax.reduceSum(arr([2147483647, 1], [2], "int32"), [0])), [-2147483648]);
    expectSame(await read(lax.cumsum(arr([2147483647, 1, 1], [3], "int32"))), [2147483647, -2147483648, -2147483647]);
    expectSame(await read(lax.cumprod(arr([65536, 65536, 5], [3], "uint32"))), [65536, 0, 0]);
    expectSame(await read(lax.reduceProd(arr([4294967295, 2], [2], "uint32"), [0])), [4294967294]);
  });
  it("argmax takes the requested index dtype, never weakly typed", () => {
    const y = lax.argmax(arr([1, 5, 2]), 0, "uint32");
    expect(y.dtype).toBe("uint32");
    expect(y.weakType).toBe(false);
    expect(lax.argmin(arr([1, 0, 1], [3], "bool"), 0).dtype).toBe("int32");
  });
  it("reductions keep the operand's dtype and weak type", () => {
    const weak = arrayFromHost([1, 2], [2], "float32", true);
    expect(lax.reduceMax(weak, [0]).weakType).toBe(true);
    expect(lax.cumsum(weak).weakType).toBe(true);
    expect(lax.reduceAnd(arr([1, 0], [2], "bool"), [0]).dtype).toBe("bool");
  });
});

describe("sort: stability and keys", () => {
  it("equal keys keep their input order, along any dimension", async () => {
    const keys = arr([2, 1, 2, 1, 0, 2], [6], "int32");
    const vals = arr([0, 1, 2, 3, 4, 5], [6], "int32");
    const [k, v] = lax.sortKeyVal(keys, vals);
    expectSame(await read(k), [0, 1, 1, 2, 2, 2]);
    expectSame(await read(v), [4, 1, 3, 0, 2, 5]);
    const [, v0] = lax.sort([lax.reshape(keys, [6, 1]), lax.reshape(vals, [6, 1])], { dimension: 0 });
    expectSame(await read(v0!), [4, 1, 3, 0, 2, 5]);
  });
  it("num_keys > 1 orders lexicographically; later operands only ride along", async () => {
    const a = arr([1, 0, 1, 0], [4], "int32");
    const b = arr([2, 5, 1, 5], [4]);
    const c = arr([10, 11, 12, 13], [4]);
    const [sa, sb, sc] = lax.sort([a, b, c], { numKeys: 2 });
    expectSame(await read(sa!), [0, 0, 1, 1]);
    expectSame(await read(sb!), [5, 5, 1, 2]);
    expectSame(await read(sc!), [11, 13, 12, 10]);
    // With one key, the second operand does not break ties.
    expectSame(await read(lax.sort([a, b], { numKeys: 1 })[1]!), [5, 5, 2, 1]);
  });
  it("NaN keys tie with each other and sort after +inf", async () => {
    const [, order] = lax.sortKeyVal(arr([NaN, Infinity, NaN, 1]), arr([0, 1, 2, 3], [4], "int32"));
    expectSame(await read(order), [3, 1, 0, 2]);
  });
  it("a single array in gives a single array out; a list gives a list", async () => {
    expect(Array.isArray(lax.sort(arr([2, 1])))).toBe(false);
    expect(lax.sort([arr([2, 1])])).toHaveLength(1);
    expectSame(await read(lax.sort(arr([3, 1, 2, 0], [2, 2]), { dimension: 0 })), [2, 0, 3, 1]);
  });
  it("unsigned and bool keys sort by value", async () => {
    expectSame(await read(lax.sort(arr([4294967295, 0, 7], [3], "uint32"))), [0, 7, 4294967295]);
    expectSame(await read(lax.sort(arr([1, 0, 1, 0], [4], "bool"))), [0, 0, 1, 1]);
  });
});

describe("reduce_window: padding modes; lax.reduceWindow and lax.reduce", () => {
  it("SAME keeps ceil(n / stride) outputs, padding the odd element high (SAME_LOWER: low)", async () => {
    const x = arr([1, 2, 3, 4]);
    expectSame(await read(lax.reduceWindowSum(x, [2], [1], "SAME")), [3, 5, 7, 4]);
    expectSame(await read(lax.reduceWindowSum(x, [2], [1], "SAME_LOWER")), [1, 3, 5, 7]);
    expectSame(await read(lax.reduceWindowMax(x, [3], [2], "SAME")), [3, 4]);
  });
  it("max pads with -inf, so a window over padding and negatives picks a negative", async () => {
    expectSame(await read(lax.reduceWindowMax(arr([-3, -1, -2]), [2], [1], [[1, 1]])), [-3, -1, -1, -2]);
    expectSame(await read(lax.reduceWindowMin(arr([3, 1, 2]), [2], [1], [[1, 1]])), [3, 1, 1, 2]);
  });
  it("lax.reduceWindow and lax.reduce bind the primitive of a monoid computation", async () => {
    const x = arr([1, 5, 2, 4]);
    expectSame(await read(lax.reduceWindow(x, -Infinity, lax.max, [2], [2], "VALID")), [5, 4]);
    expectSame(await read(lax.reduceWindow(x, 0, lax.add, [3], [1], "VALID")), [8, 11]);
    expectSame(await read(lax.reduceWindow(arr([1, 5, 2], [3], "int32"), 2147483647, lax.min, [2], [1], "VALID")), [1, 2]);
    expectSame(await read(lax.reduce(x, 1, lax.mul, [0])), [40]);
    expectSame(await read(lax.reduce(arr([1, 0, 1], [3], "bool"), true, lax.bitwiseAnd, [0])), [0]);
    expect(makeJaxpr((v: JaxArray) => lax.reduce(v, -Infinity, lax.max, [0]))(x).toString()).toContain("reduce_max[axes=(0,)]");
  });
  it("other computations or init values are reported, not silently changed", () => {
    const x = arr([1, 5, 2, 4]);
    expect(() => lax.reduceWindow(x, 1, lax.add, [2], [1], "VALID")).toThrow(/^reduce_window: only lax.add, lax.max, lax.min with their identity/);
    expect(() => lax.reduce(x, 0, (a: JaxArray, b: JaxArray) => lax.sub(a, b), [0])).toThrow(/a custom computation/);
    expect(() => lax.reduce(x, 0, lax.max, [0])).toThrow(/lax.max with init_value 0/);
  });
  it("base dilation reads holes as padding", async () => {
    // Dilated operand: [1, _, 2, _, 3]; windows of 2.
    expectSame(await read(lax.reduceWindowSum(arr([1, 2, 3]), [2], [1], "VALID", { baseDilation: [2] })), [1, 2, 2, 3]);
    expectSame(await read(lax.reduceWindowMax(arr([1, 2, 3]), [2], [1], "VALID", { baseDilation: [2] })), [1, 2, 2, 3]);
  });
});

// ---- derivatives ------------------------------------------------------------------------------

const d = (f: (x: JaxArray) => JaxArray) => (x: JaxArray) => grad((v: JaxArray) => lax.reduceSum(f(v), Array.from({ length: f(v).ndim }, (_, i) => i)))(x) as JaxArray;

describe("reductions: derivative rules", () => {
  it("reduce_max and reduce_min split ties evenly (JAX's chooser rule)", async () => {
    expectSame(await read(d((x) => lax.reduceMax(x, [0]))(f64([1, 3, 3, 2]))), [0, 0.5, 0.5, 0]);
    expectSame(await read(d((x) => lax.reduceMin(x, [1]))(f64([1, 1, 1, 2, 0, 5], [2, 3]))), [1 / 3, 1 / 3, 1 / 3, 0, 1, 0]);
  });
  it("reduce_prod is exact at zeros: one zero keeps the others' product, two zeros give 0", async () => {
    expectSame(await read(d((x) => lax.reduceProd(x, [0]))(f64([0, 2, 3]))), [6, 0, 0]);
    expectSame(await read(d((x) => lax.reduceProd(x, [0]))(f64([0, 2, 0]))), [0, 0, 0]);
    expectSame(await read(d((x) => lax.reduceProd(x, [0, 1]))(f64([2, 3, 4, 5], [2, 2]))), [60, 40, 30, 24]);
  });
  it("second derivatives of reduce_prod stay exact at a zero", async () => {
    // f = x0 x1 x2; d2f/dx0 dx1 = x2, at x = (0, 0, 3) it is 3.
    const x = f64([0, 0, 3]);
    const dir = (i: number) => f64([0, 1, 2].map((k) => Number(k === i)));
    const df = (v: JaxArray) => jvp((u: JaxArray) => lax.reduceProd(u, [0]), [v], [dir(0)])[1] as JaxArray;
    expectSame(await read(jvp(df, [x], [dir(1)])[1]), [3]);
    expectSame(await read(jvp(df, [x], [dir(2)])[1]), [0]);
  });
  it("cumprod is exact at zeros", async () => {
    // y = (a, ab, abc) at (2, 0, 5): dy2/db = a c = 10, dy1/db = a = 2.
    const [, t] = jvp((x: JaxArray) => lax.cumprod(x), [f64([2, 0, 5])], [f64([0, 1, 0])]);
    expectSame(await read(t), [0, 2, 10]);
    expectSame(await read(d(lax.cumprod)(f64([2, 0, 5]))), [1, 2 + 10, 0]);
  });
  it("cummax and cummin follow their running winner; ties split as in max's JVP", async () => {
    const [, t] = jvp((x: JaxArray) => lax.cummax(x), [f64([1, 3, 2, 5])], [f64([10, 20, 30, 40])]);
    expectSame(await read(t), [10, 20, 20, 40]);
    const [, tmin] = jvp((x: JaxArray) => lax.cummin(x, 0, true), [f64([1, 3, 2, 5])], [f64([10, 20, 30, 40])]);
    expectSame(await read(tmin), [10, 30, 30, 40]);
    const [, tie] = jvp((x: JaxArray) => lax.cummax(x), [f64([2, 2])], [f64([1, 3])]);
    expectSame(await read(tie), [1, 2]);
  });
  it("cumlogsumexp's tangent is the softmax-weighted running sum", async () => {
    const x = [0.5, -1, 2];
    const [, t] = jvp((v: JaxArray) => lax.cumlogsumexp(v), [f64(x)], [f64([1, 2, 3])]);
    const want = x.map((_, i) => {
      const w = x.slice(0, i + 1).map(Math.exp);
      const s = w.reduce((a, b) => a + b, 0);
      return w.reduce((a, wi, j) => a + (wi / s) * (j + 1), 0);
    });
    expectClose(await read(t), want, 1e-14);
  });
  it("cumsum transposes to the reverse cumsum", async () => {
    const [, pullback] = vjp((x: JaxArray) => lax.cumsum(x), f64([0, 0, 0]));
    expectSame(await read(pullback(f64([1, 2, 3]))[0]), [6, 5, 3]);
    const [, back] = vjp((x: JaxArray) => lax.cumsum(x, 0, true), f64([0, 0, 0]));
    expectSame(await read(back(f64([1, 2, 3]))[0]), [1, 3, 6]);
  });
  it("integer-valued reductions have zero derivatives", async () => {
    expectSame(await read(d((x) => lax.convertElementType(lax.argmax(x, 0), "float64"))(f64([1, 3, 2]))), [0, 0, 0]);
  });
  it("sort moves each tangent with its element; its gradient is the inverse permutation", async () => {
    const [, t] = jvp((x: JaxArray) => lax.sort(x), [f64([3, 1, 2])], [f64([30, 10, 20])]);
    expectSame(await read(t), [10, 20, 30]);
    const [, pullback] = vjp((x: JaxArray) => lax.sort(x), f64([3, 1, 2]));
    expectSame(await read(pullback(f64([1, 2, 3]))[0]), [3, 1, 2]);
    // Payload operands carry their own tangents; keys tie-broken stably.
    const [, [tk, tv]] = jvp((k: JaxArray, v: JaxArray) => lax.sortKeyVal(k, v), [f64([1, 0, 1]), f64([5, 6, 7])], [f64([1, 2, 3]), f64([4, 5, 6])]) as [unknown, JaxArray[]];
    expectSame(await read(tk!), [2, 1, 3]);
    expectSame(await read(tv!), [5, 4, 6]);
  });
  it("reduce_window_max routes the gradient to each window's maximum (max pooling)", async () => {
    const x = f64([1, 5, 2, 0, 3, 4, 7, 6], [2, 4]);
    expectSame(await read(d((v) => lax.reduceWindowMax(v, [2, 2], [2, 2], "VALID"))(x)), [0, 1, 0, 0, 0, 0, 1, 0]);
    // Overlapping windows add up; a tie splits evenly.
    expectSame(await read(d((v) => lax.reduceWindowMax(v, [2], [1], "VALID"))(f64([1, 4, 4, 2]))), [0, 1.5, 1.5, 0]);
  });
  it("reduce_window_sum's gradient counts the windows covering each element", async () => {
    expectSame(await read(d((v) => lax.reduceWindowSum(v, [3], [1], "SAME"))(f64([1, 1, 1, 1, 1]))), [2, 3, 3, 3, 2]);
    expectSame(await read(d((v) => lax.reduceWindowSum(v, [2], [3], "VALID"))(f64([1, 1, 1, 1, 1, 1, 1]))), [1, 1, 0, 1, 1, 0, 0]);
    expectSame(await read(d((v) => lax.reduceWindowSum(v, [1], [1], [[2, -1]]))(f64([1, 1, 1]))), [1, 1, 0]);
  });
  it("second derivatives through the cumulative rules match finite differences", async () => {
    const x = [0.3, -1.2, 0.8, 2.1, -0.4];
    const dir = [0.7, -0.2, 0.5, 0.1, -0.9];
    for (const f of [lax.cumprod, lax.cummax, lax.cumlogsumexp, (v: JaxArray) => lax.sort(v)]) {
      const df = (v: JaxArray) => jvp(f, [v], [f64(dir)])[1] as JaxArray;
      const eps = 1e-5;
      const at = (s: number) => read(df(f64(x.map((v, i) => v + s * eps * dir[i]!))));
      const [up, down] = [await at(1), await at(-1)];
      const fd = up.map((p, i) => (p - down[i]!) / (2 * eps));
      expectClose(await read(jvp(df, [f64(x)], [f64(dir)])[1]), fd, 1e-6);
    }
  });
  it("vmap of grad and grad under jit agree with the plain gradient", async () => {
    const rows = f64([3, 1, 2, 0, 5, 4], [2, 3]);
    const g = d((v) => lax.sort(lax.mul(v, v)));
    const rowValues = await read(rows);
    const want = (await Promise.all([0, 1].map((r) => read(g(f64(rowValues.slice(3 * r, 3 * r + 3))))))).flat();
    expectSame(await read(vmap(g)(rows)), want);
    expectSame(await read(jit(g)(f64([3, 1, 2]))), await read(g(f64([3, 1, 2]))));
    const pool = d((v) => lax.reduceWindowMax(v, [2], [1], "SAME"));
    expectSame(await read(vmap(pool, { inAxes: 1, outAxes: 1 })(rows)), await read(lax.transpose(vmap(pool)(lax.transpose(rows, [1, 0])) as JaxArray, [1, 0])));
  });
});

describe("reductions: jaxprs read like JAX's", () => {
  it("params print in snake_case", () => {
    const x = f64([1, 2, 3, 4], [2, 2]);
    expect(makeJaxpr((v: JaxArray) => lax.argmax(v, 1, "int32"))(x).toString()).toContain("argmax[axes=(1,) index_dtype=int32]");
    expect(makeJaxpr((v: JaxArray) => lax.sort(v, { dimension: 0 }))(x).toString()).toContain("sort[dimension=0 is_stable=True num_keys=1]");
    expect(makeJaxpr((v: JaxArray) => lax.cumsum(v, 1, true))(x).toString()).toContain("cumsum[axis=1 reverse=True]");
    expect(makeJaxpr((v: JaxArray) => lax.reduceWindowMax(v, [2, 1], [1, 1], "VALID"))(x).toString()).toContain(
      "reduce_window_max[base_dilation=(1, 1) padding=((0, 0), (0, 0)) window_dilation=(1, 1) window_dimensions=(2, 1) window_strides=(1, 1)]",
    );
  });
});
