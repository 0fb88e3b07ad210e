// dot_general and conv_general_dilated: error messages, edge cases, and their JVP, transpose and
// batching rules checked directly on the spec table (JVP against central differences, transposes
// by the inner-product identity, vmap against a loop over examples).
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { arrayFromHost } from "../src/array.js";
import { cpuDevice } from "../src/backend/cpu.js";
import type { DType } from "../src/dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../src/errors.js";
import * as lax from "../src/lax/index.js";
import { getPrimitive, UndefinedPrimal, Zero, type Params, type Tangent } from "../src/primitives/primitive.js";
import type { JaxArray } from "../src/tracing/array.js";
import { bind1 } from "../src/tracing/trace.js";
import { jvpFlat } from "../src/transforms/jvp.js";
import { makeJaxpr } from "../src/transforms/make-jaxpr.js";
import { grad, vjpFlat } from "../src/transforms/vjp.js";
import { vmap } from "../src/transforms/vmap.js";
import { jit } from "../src/transforms/jit.js";
import { linalgSpecs } from "./specs/linalg.js";
import type { PrimitiveSpec } from "./specs/spec.js";
import { argValues, makeInputs, rng, specDevice } from "./util/inputs.js";
import { expectClose } from "./util/close.js";
import { values as host } from "./util/read.js";

const arr = (values: number[], shape: number[], dtype: DType = "float32") => arrayFromHost(values, shape, dtype);
const hostOrZeros = async (x: Tangent | null, size: number): Promise<number[]> =>
  x === null || x instanceof Zero ? new Array<number>(size).fill(0) : await host(x);
const inner = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const ones32 = (shape: number[]) => arr(new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
const matmul = [
  [[1], [0]],
  [[], []],
] as const;

function outputsOf(spec: PrimitiveSpec) {
  return (...xs: JaxArray[]) => {
    const out = spec.fn(...xs);
    return Array.isArray(out) ? out : [out];
  };
}

describe("dot_general errors", () => {
  it("contracting size mismatch names both operands and the dimension numbers", () => {
    const call = () => lax.dotGeneral(ones32([2, 3]), ones32([4, 5]), matmul);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(/^dot_general: contracting dimensions must have equal sizes, got \[3\] and \[4\]/);
    expect(call).toThrow("for operands f32[2,3] and f32[4,5] with dimension_numbers (([1], [0]), ([], []))");
  });

  it("reports the same message when traced", () => {
    const call = () =>
      makeJaxpr((a: JaxArray, b: JaxArray) => lax.dotGeneral(a, b, matmul))(ones32([2, 3]), ones32([4, 5]));
    expect(call).toThrow("for operands f32[2,3] and f32[4,5] with dimension_numbers (([1], [0]), ([], []))");
  });

  it("rejects mixed dtypes without preferredElementType", () => {
    const call = () => lax.dotGeneral(ones32([2, 3]), arr([1, 2, 3, 4, 5, 6], [3, 2], "int32"), matmul);
    expect(call).toThrow(DTypeError);
    expect(call).toThrow("dot_general: lax operands must have equal dtypes, got f32[2,3], i32[3,2]");
    expect(call).toThrow("or pass preferredElementType");
  });

  it("rejects a preferredElementType of another kind, signedness or a narrower one", () => {
    const ints = arr([1, 2, 3, 4], [2, 2], "int32");
    expect(() => lax.dotGeneral(ones32([2, 2]), ones32([2, 2]), matmul, { preferredElementType: "int32" })).toThrow(
      /preferredElementType int32 is incompatible with float32 operands f32\[2,2\], f32\[2,2\]/,
    );
    expect(() => lax.dotGeneral(ints, ints, matmul, { preferredElementType: "uint32" })).toThrow(
      /must keep the signedness of the int32 operands/,
    );
    expect(() => lax.dotGeneral(ones32([2, 2]), ones32([2, 2]), matmul, { preferredElementType: "float16" })).toThrow(
      /float16 is narrower than the float32 operands/,
    );
    expect(() =>
      lax.dotGeneral(ones32([2, 2]), ones32([2, 2]), matmul, { preferredElementType: "float8" as DType }),
    ).toThrow(/unknown preferredElementType float8/);
  });

  it("checks axes, batch sizes and the structure of the dimension numbers", () => {
    expect(() =>
      lax.dotGeneral(ones32([2, 3]), ones32([3, 2]), [
        [[2], [0]],
        [[], []],
      ]),
    ).toThrow(/lhs contracting axis 2 is out of range for rank 2/);
    expect(() =>
      lax.dotGeneral(ones32([2, 3, 4]), ones32([5, 4, 3]), [
        [[2], [1]],
        [[0], [0]],
      ]),
    ).toThrow(/batch dimensions must have equal sizes, got \[2\] and \[5\]/);
    expect(() =>
      lax.dotGeneral(ones32([2, 3]), ones32([3, 2]), [
        [[1], [0]],
        [[1], [1]],
      ]),
    ).toThrow(/lhs axes \[1\] are both batch and contracting/);
    expect(() => lax.dotGeneral(ones32([2, 3]), ones32([3, 2]), [[1], [0]] as never)).toThrow(ValueError);
  });

  it("lax.dot and batchMatmul say which shapes they take", () => {
    expect(() => lax.dot(ones32([2, 3]), ones32([2, 3]))).toThrow("dot: incompatible shapes f32[2,3] and f32[2,3]");
    expect(() => lax.dot(ones32([2, 2, 2]), ones32([2]))).toThrow(ShapeError);
    expect(() => lax.batchMatmul(ones32([2, 2, 3]), ones32([3, 2]))).toThrow(
      "batch_matmul: operands must have the same rank, at least 2, got f32[2,2,3] and f32[3,2]",
    );
  });
});

describe("dot_general values", () => {
  it("an empty contraction gives zeros", async () => {
    const out = lax.dotGeneral(ones32([2, 0]), ones32([0, 3]), matmul);
    expect(out.shape).toEqual([2, 3]);
    expect(await host(out)).toEqual([0, 0, 0, 0, 0, 0]);
    const ints = lax.dotGeneral(arr([], [0], "int32"), arr([], [0], "int32"), [
      [[0], [0]],
      [[], []],
    ]);
    expect(ints.dtype).toBe("int32");
    expect(await host(ints)).toEqual([0]);
  });

  it("empty free axes give an empty result", () => {
    expect(lax.dotGeneral(ones32([0, 3]), ones32([3, 2]), matmul).shape).toEqual([0, 2]);
  });

  it("propagates NaN and Inf (zeros are not skipped)", async () => {
    expect(await host(lax.dot(arr([Infinity, 1], [2]), arr([0, 1], [2])))).toEqual([NaN]);
    expect(await host(lax.dot(arr([Infinity, 1], [2]), arr([1, 1], [2])))).toEqual([Infinity]);
    expect(await host(lax.dot(arr([NaN, 0], [1, 2]), arr([0, 0], [2])))).toEqual([NaN]);
  });

  it("accumulates floats in float64 and rounds once (the CPU's kernel)", async () => {
    // WebGPU accumulates in float32 (docs/webgpu.md), so this is the CPU's guarantee.
    const onCpu = (values: number[], dtype: DType = "float32") => arrayFromHost(values, [values.length], dtype, false, cpuDevice);
    // In float32 arithmetic 1e8 + 1 - 1e8 would be 0.
    expect(await host(lax.dot(onCpu([1e8, 1, -1e8]), onCpu([1, 1, 1])))).toEqual([1]);
    const half = lax.dot(onCpu([1000, 0.1, -1000], "float16"), onCpu([1, 1, 1], "float16"));
    expect(half.dtype).toBe("float16");
    expect((await host(half))[0]).toBeCloseTo(0.0999755859375, 12);
  });

  it("bool operands give an or of ands", async () => {
    const out = lax.dotGeneral(arr([1, 0, 0, 0], [2, 2], "bool"), arr([0, 1, 1, 0], [2, 2], "bool"), matmul);
    expect(out.dtype).toBe("bool");
    expect(await host(out)).toEqual([0, 1, 0, 0]);
  });

  it("preferredElementType widens, turns integers into floats, and allows mixed operands", async () => {
    const ints = arr([1, 2, 3, 4], [2, 2], "int32");
    const asFloat = lax.dotGeneral(ints, ints, matmul, { preferredElementType: "float32" });
    expect(asFloat.dtype).toBe("float32");
    expect(await host(asFloat)).toEqual([7, 10, 15, 22]);
    const mixed = lax.dotGeneral(arr([1.5, 2], [1, 2]), arr([2, 4], [2, 1], "float64"), matmul, {
      preferredElementType: "float64",
    });
    expect(mixed.dtype).toBe("float64");
    expect(await host(mixed)).toEqual([11]);
    const u = arr([4294967295, 2], [1, 2], "uint32");
    expect(await host(lax.dotGeneral(u, arr([1, 1], [2, 1], "uint32"), matmul))).toEqual([1]);
  });

  it("is weakly typed only when both operands are", () => {
    const w = arr([1, 2], [2], "float32");
    const weak = arrayFromHost([1, 2], [2], "float32", true);
    expect(lax.dot(weak, weak).weakType).toBe(true);
    expect(lax.dot(weak, w).weakType).toBe(false);
  });

  it("prints its params as JAX does", () => {
    const text = makeJaxpr((a: JaxArray, b: JaxArray) =>
      lax.dotGeneral(a, b, matmul, { precision: "highest", preferredElementType: "float32" }),
    )(ones32([2, 3]), ones32([3, 2])).toString();
    expect(text).toContain(
      "dot_general[dimension_numbers=(([1], [0]), ([], [])) precision=(Precision.HIGHEST, Precision.HIGHEST) preferred_element_type=float32] a b",
    );
    expect(() => lax.dot(ones32([2]), ones32([2]), { precision: "fast" as never })).toThrow(/unknown precision "fast"/);
  });
});

describe("conv_general_dilated errors", () => {
  it("feature groups must divide and match the kernel", () => {
    const call = () =>
      lax.convGeneralDilated(ones32([1, 4, 5]), ones32([4, 3, 2]), [1], "VALID", { featureGroupCount: 2 });
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(
      "conv_general_dilated: the lhs feature size divided by feature_group_count (4 / 2) must equal the rhs input feature size 3 for lhs f32[1,4,5] and rhs f32[4,3,2]",
    );
    expect(() =>
      lax.convGeneralDilated(ones32([1, 3, 5]), ones32([4, 1, 2]), [1], "VALID", { featureGroupCount: 2 }),
    ).toThrow(/feature_group_count 2 does not divide the lhs feature size 3/);
    expect(() =>
      lax.convGeneralDilated(ones32([2, 2, 5]), ones32([4, 1, 2]), [1], "VALID", {
        featureGroupCount: 2,
        batchGroupCount: 2,
      }),
    ).toThrow(/at most one of feature_group_count and batch_group_count may exceed 1/);
  });

  it("checks ranks, param lengths, padding and dtypes", () => {
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2, 2]), [1], "VALID")).toThrow(
      "lhs and rhs must have the same rank, got f32[1,1,5] and f32[1,1,2,2]",
    );
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2]), [1, 1], [[0, 0]])).toThrow(
      /window_strides has 2 entries for 1 spatial axes/,
    );
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2]), [0], [[0, 0]])).toThrow(
      /window_strides entries must be integers >= 1/,
    );
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2]), [1], [[-4, -3]])).toThrow(
      /negative padding \(-4, -3\) removes more than the 5 elements/,
    );
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2]), [1], "FULL")).toThrow(
      /unknown padding "FULL"/,
    );
    expect(() =>
      lax.convGeneralDilated(ones32([1, 1, 5]), ones32([1, 1, 2]), [1], "SAME", { lhsDilation: [2] }),
    ).toThrow(/string padding "SAME" is not supported with lhs_dilation/);
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), arr([1, 1], [1, 1, 2], "int32"), [1], "VALID")).toThrow(
      DTypeError,
    );
    expect(() => lax.convGeneralDilated(ones32([1, 1, 5]), arr([1, 1], [1, 1, 2], "int32"), [1], "VALID")).toThrow(
      "conv_general_dilated: lax operands must have equal dtypes, got f32[1,1,5], i32[1,1,2]",
    );
  });

  it("validates string dimension numbers", () => {
    const x = ones32([1, 4, 4, 2]);
    const w = ones32([2, 2, 2, 3]);
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIX", "NHWC"] })).toThrow(
      /the rhs spec "HWIX" must contain 'O' and 'I' exactly once/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHWC", "HWIO", "NHDC"] })).toThrow(
      /must name the same spatial letters/,
    );
    expect(() => lax.convGeneralDilated(x, w, [1, 1], "VALID", { dimensionNumbers: ["NHC", "HIO", "NHC"] })).toThrow(
      /has 3 letters but the operands have rank 4/,
    );
  });
});

describe("conv_general_dilated values", () => {
  it("string specs become JAX's index tuples", () => {
    expect(lax.convDimensionNumbers(4, ["NHWC", "HWIO", "NHWC"])).toEqual({
      lhsSpec: [0, 3, 1, 2],
      rhsSpec: [3, 2, 0, 1],
      outSpec: [0, 3, 1, 2],
    });
    // Spatial axes follow the kernel's order: W before H here.
    expect(lax.convDimensionNumbers(4, ["NCHW", "OIWH", "NCHW"])).toEqual({
      lhsSpec: [0, 1, 3, 2],
      rhsSpec: [0, 1, 2, 3],
      outSpec: [0, 1, 3, 2],
    });
    expect(lax.convDimensionNumbers(4, "NCHW")).toEqual({
      lhsSpec: [0, 1, 2, 3],
      rhsSpec: [0, 1, 2, 3],
      outSpec: [0, 1, 2, 3],
    });
    expect(lax.convDimensionNumbers(3, null)).toEqual({ lhsSpec: [0, 1, 2], rhsSpec: [0, 1, 2], outSpec: [0, 1, 2] });
  });

  it("padtypeToPads puts the odd element of SAME padding last, of SAME_LOWER first", () => {
    expect(lax.padtypeToPads([5, 4], [2, 3], [1, 1], "SAME")).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(lax.padtypeToPads([5], [2], [1], "same_lower")).toEqual([[1, 0]]);
    expect(lax.padtypeToPads([7], [3], [3], "SAME")).toEqual([[1, 1]]);
    expect(lax.padtypeToPads([5], [9], [1], "VALID")).toEqual([[0, 0]]);
  });

  it("a kernel larger than the input gives an empty output", async () => {
    const out = lax.conv(ones32([1, 1, 3, 3]), ones32([2, 1, 4, 2]), [1, 1], "VALID");
    expect(out.shape).toEqual([1, 2, 0, 2]);
    expect(await host(out)).toEqual([]);
  });

  it("an empty batch or feature axis works", async () => {
    expect(lax.conv(ones32([0, 2, 4]), ones32([3, 2, 2]), [1], "VALID").shape).toEqual([0, 3, 3]);
    expect(await host(lax.conv(ones32([1, 0, 4]), ones32([3, 0, 2]), [1], "VALID"))).toEqual(new Array<number>(9).fill(0));
  });

  it("rhs dilation enters the SAME padding", async () => {
    const x = arr([1, 2, 3, 4, 5], [1, 1, 5]);
    const w = arr([1, 1], [1, 1, 2]);
    // The dilated kernel spans 3 elements: pads (1, 1); output i = x[i-1] + x[i+1].
    expect(await host(lax.convGeneralDilated(x, w, [1], "SAME", { rhsDilation: [2] }))).toEqual([2, 4, 6, 8, 4]);
  });

  it("convWithGeneralPadding takes positional dilations", async () => {
    const x = arr([1, 2, 3], [1, 1, 3]);
    const w = arr([1, 10], [1, 1, 2]);
    // lhs dilated to [1, 0, 2, 0, 3]: windows (1,0) (0,2) (2,0) (0,3).
    expect(await host(lax.convWithGeneralPadding(x, w, [1], [[0, 0]], [2], null))).toEqual([1, 20, 2, 30]);
  });

  it("prints its params as JAX does", () => {
    const text = makeJaxpr((a: JaxArray, b: JaxArray) => lax.conv(a, b, [1, 1], "SAME"))(
      ones32([1, 1, 3, 3]),
      ones32([1, 1, 2, 2]),
    ).toString();
    expect(text).toContain(
      "conv_general_dilated[batch_group_count=1 dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(0, 1, 2, 3), out_spec=(0, 1, 2, 3)) " +
        "feature_group_count=1 lhs_dilation=(1, 1) padding=((0, 1), (0, 1)) precision=None preferred_element_type=None rhs_dilation=(1, 1) window_strides=(1, 1)] a b",
    );
  });
});

describe("rules with preferredElementType and empty batches", () => {
  it("cotangents of mixed-precision operands come back in each operand's dtype", async () => {
    const x = arr([1, 2, 3, 4, 5, 6], [2, 3]);
    const y = arr([1, -1, 2, 0.5, 3, 1], [3, 2], "float64");
    const f = (a: JaxArray, b: JaxArray) => [lax.dotGeneral(a, b, matmul, { preferredElementType: "float64" })];
    const [outs, pullback] = vjpFlat(f, [x, y]);
    expect(outs[0]!.dtype).toBe("float64");
    const [cx, cy] = pullback([arr([1, 0, 0, 1], [2, 2], "float64")]) as [JaxArray, JaxArray];
    expect([cx.dtype, cy.dtype]).toEqual(["float32", "float64"]);
    // ct = identity: d<I, x y>/dx = y^T, d/dy = x^T.
    expect(await host(cx)).toEqual([1, 2, 3, -1, 0.5, 1]);
    expect(await host(cy)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("conv transposes convert the float64 cotangent of a preferred float64 conv back to float32", async () => {
    const x = arr([1, 2, 3, 4], [1, 1, 4]);
    const w = arr([1, -1], [1, 1, 2]);
    const f = (a: JaxArray, b: JaxArray) => [
      lax.convGeneralDilated(a, b, [1], "VALID", { preferredElementType: "float64" }),
    ];
    const [, pullback] = vjpFlat(f, [x, w]);
    const [cx, cw] = pullback([arr([1, 1, 1], [1, 1, 3], "float64")]) as [JaxArray, JaxArray];
    expect([cx.dtype, cw.dtype]).toEqual(["float32", "float32"]);
    expect(await host(cx)).toEqual([1, 0, 0, -1]);
    expect(await host(cw)).toEqual([6, 9]);
  });

  it("vmap over an empty axis gives an empty result of the right shape", () => {
    const convOut = vmap((a: JaxArray, b: JaxArray) => lax.conv(a, b, [1], "VALID"))(
      ones32([0, 2, 3, 5]),
      ones32([0, 4, 3, 2]),
    ) as JaxArray;
    expect(convOut.shape).toEqual([0, 2, 4, 4]);
    const dotOut = vmap((a: JaxArray, b: JaxArray) => lax.dot(a, b))(ones32([0, 2, 3]), ones32([0, 3])) as JaxArray;
    expect(dotOut.shape).toEqual([0, 2]);
  });

  it("jit gives the eager values", async () => {
    const x = arr([1, 2, 3, 4, 5, 6], [1, 2, 3]);
    const w = arr([1, 2, 3, 4], [2, 2, 1]);
    const g = (a: JaxArray, b: JaxArray) =>
      lax.convGeneralDilated(a, b, [2], [[1, 1]], { dimensionNumbers: ["NCW", "OIW", "NWC"] });
    expect(await host(jit(g)(x, w) as JaxArray)).toEqual(await host(g(x, w)));
  });
});

// ---- Rules, on every float spec -----------------------------------------------------------------

const floatSpecs = linalgSpecs.filter((s) => !s.nondiff);

function perturbed(xs: JaxArray[], ts: number[][], eps: number): Promise<JaxArray[]> {
  return Promise.all(
    xs.map(async (x, i) =>
      arr(
        (await host(x)).map((v, k) => v + eps * ts[i]![k]!),
        x.shape,
        "float64",
      ),
    ),
  );
}

function randomLike(x: JaxArray, seed: number): number[] {
  return argValues({ shape: x.shape, dtype: "float64" }, rng(seed));
}

describe("linalg rules", () => {
  for (const spec of floatSpecs) {
    const f = outputsOf(spec);

    it(`${spec.name}: JVP matches central differences`, async () => {
      const { arrays } = makeInputs(spec.args, 11, "float64");
      const ts = arrays.map((x, i) => randomLike(x, 100 + i));
      const [, tangents] = jvpFlat(
        f,
        arrays,
        ts.map((t, i) => arr(t, arrays[i]!.shape, "float64")),
      );
      const eps = 1e-3;
      // Bilinear: the quadratic terms cancel, so central differences are exact up to rounding.
      const plus = await host(f(...(await perturbed(arrays, ts, eps)))[0]!);
      const minus = await host(f(...(await perturbed(arrays, ts, -eps)))[0]!);
      const want = plus.map((p, k) => (p - minus[k]!) / (2 * eps));
      const got = await hostOrZeros(tangents[0]!, want.length);
      got.forEach((g, k) => expect(g).toBeCloseTo(want[k]!, 8));
    });

    it(`${spec.name}: transposes satisfy <T(ct), t> = <ct, L(t)>`, async () => {
      const { arrays } = makeInputs(spec.args, 12, "float64");
      const eqn = makeJaxpr(f)(...arrays).jaxpr.eqns.find((e) => e.primitive.name === spec.prim)!;
      const prim = getPrimitive(spec.prim)!;
      const params: Params = eqn.params;
      const [x, y] = arrays as [JaxArray, JaxArray];
      const out = prim.abstractEval([x.aval, y.aval], params)[0]!;
      const ct = arr(argValues({ shape: [...out.shape], dtype: "float64" }, rng(13)), [...out.shape], "float64");
      for (const which of [0, 1]) {
        const t = arr(randomLike(arrays[which]!, 14 + which), arrays[which]!.shape, "float64");
        const linearIn = which === 0 ? [t, y] : [x, t];
        const lhsSide = inner(await host(ct), await host(bind1(prim, linearIn, params)));
        const args = which === 0 ? [new UndefinedPrimal(x.aval), y] : [x, new UndefinedPrimal(y.aval)];
        const cts = prim.transpose!([ct], args, params);
        expect(cts[1 - which]).toBeNull();
        const rhsSide = inner(await hostOrZeros(cts[which]!, t.size), await host(t));
        expect(rhsSide).toBeCloseTo(lhsSide, 8);
      }
    });

    it(`${spec.name}: VJP through linearize + transpose matches the JVP`, async () => {
      const { arrays } = makeInputs(spec.args, 15, "float64");
      const ts = arrays.map((x, i) => arr(randomLike(x, 200 + i), x.shape, "float64"));
      const [outs, pullback] = vjpFlat(f, arrays);
      const ct = arr(argValues({ shape: outs[0]!.shape, dtype: "float64" }, rng(16)), outs[0]!.shape, "float64");
      const cts = pullback([ct]);
      const [, tangents] = jvpFlat(f, arrays, ts);
      let lhsSide = 0;
      for (const [i, c] of cts.entries()) lhsSide += inner(await hostOrZeros(c, ts[i]!.size), await host(ts[i]!));
      expect(lhsSide).toBeCloseTo(inner(await host(ct), await hostOrZeros(tangents[0]!, ct.size)), 8);
    });
  }

  for (const spec of floatSpecs) {
    const f = outputsOf(spec);
    it(`${spec.name}: vmap of the gradient matches a loop (batch rules of the transposed products)`, async () => {
      const size = 2;
      const base = makeInputs(spec.args, 40, "float64").arrays;
      const out = f(...base)[0]!;
      const weights = arr(argValues({ shape: [...out.shape], dtype: "float64" }, rng(41)), [...out.shape], "float64");
      const loss = (a: JaxArray, b: JaxArray) => {
        const y = lax.mul(f(a, b)[0]!, weights);
        return lax.reduceSum(
          y,
          y.shape.map((_, i) => i),
        );
      };
      const g = grad(loss, { argnums: [0, 1] });
      for (const axes of [
        [0, 0],
        [0, null],
        [null, 0],
      ]) {
        const examples = Array.from({ length: size }, (_, k) => makeInputs(spec.args, 50 + k, "float64").arrays);
        const batched = await Promise.all(
          [0, 1].map(async (i) =>
            axes[i] === null
              ? examples[0]![i]!
              : await stackHost(
                  examples.map((ex) => ex[i]!),
                  0,
                ),
          ),
        );
        const mapped = vmap(g, { inAxes: axes })(...batched) as JaxArray[];
        for (let k = 0; k < size; k++) {
          const args = [0, 1].map((i) => (axes[i] === null ? examples[0]![i]! : examples[k]![i]!));
          const want = g(...args) as JaxArray[];
          for (const [i, w] of want.entries()) {
            const got = (await host(mapped[i]!)).slice(k * w.size, (k + 1) * w.size);
            const wanted = await host(w);
            got.forEach((v, j) => expect(v, `${spec.name} inAxes ${JSON.stringify(axes)} grad ${i}`).toBeCloseTo(wanted[j]!, 9));
          }
        }
      }
    });
  }

  for (const spec of linalgSpecs) {
    const f = outputsOf(spec);
    it(`${spec.name}: vmap matches a loop over examples`, async () => {
      const size = 2;
      const ndims = spec.args.map((a) => a.shape.length);
      const axesSets: (number | null)[][] = [
        [0, null],
        [null, 0],
        [0, 0],
        [ndims[0]!, 1],
        [1, ndims[1]!],
      ];
      for (const [setIndex, axes] of axesSets.entries()) {
        // Batched inputs: example k of argument i is its slice k along axes[i].
        const examples = Array.from({ length: size }, (_, k) => makeInputs(spec.args, 30 + setIndex * size + k, undefined, specDevice(spec)).arrays);
        const batched = await Promise.all(
          spec.args.map(async (a, i) => {
            const axis = axes[i];
            if (axis === null || axis === undefined) return examples[0]![i]!;
            return stackHost(
              examples.map((ex) => ex[i]!),
              axis,
            );
          }),
        );
        const mapped = vmap(f, { inAxes: axes })(...batched) as JaxArray[];
        for (let k = 0; k < size; k++) {
          const args = spec.args.map((_, i) => (axes[i] === null ? examples[0]![i]! : examples[k]![i]!));
          const want = await host(f(...args)[0]!);
          const got = (await host(mapped[0]!)).slice(k * want.length, (k + 1) * want.length);
          const label = `${spec.name} inAxes ${JSON.stringify(axes)} example ${k}`;
          // The CPU accumulates in float64 and rounds once, so a batch and a loop agree exactly;
          // WebGPU accumulates in float32 (docs/webgpu.md), where the order of the sums moves the last bit.
          if (mapped[0]!.device.platform === "cpu") expect(got, label).toEqual(want);
          else expectClose(got, want, 0, 1e-6, label);
        }
      }
    });
  }
});

/** Stacks same-shape host arrays along a new axis. */
async function stackHost(xs: JaxArray[], axis: number): Promise<JaxArray> {
  const shape = [...xs[0]!.shape];
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const innerSize = shape.slice(axis).reduce((a, b) => a * b, 1);
  const data: number[] = [];
  const parts = await Promise.all(xs.map(host));
  for (let o = 0; o < outer; o++) for (const p of parts) data.push(...p.slice(o * innerSize, (o + 1) * innerSize));
  shape.splice(axis, 0, xs.length);
  return arrayFromHost(data, shape, xs[0]!.dtype, false, xs[0]!.device);
}
