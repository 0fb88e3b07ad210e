// gather and the scatters: error messages, out-of-bounds modes, dtypes, empty arrays, and the
// derivative and batching behaviour that the generic spec checks cannot see (ties, repeats,
// zero updates, jaxpr form).
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { arrayFromHost } from "../src/array.js";
import type { DType } from "../src/dtypes.js";
import { AxisError, DTypeError, ShapeError, UnsupportedError, ValueError } from "../src/errors.js";
import * as lax from "../src/lax/index.js";
import { UndefinedPrimal } from "../src/primitives/primitive.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values as vals } from "./util/read.js";

const arr = (values: number[], shape: number[], dtype: DType = "float32"): JaxArray =>
  arrayFromHost(values, shape, dtype);
const idx = (values: number[], shape: number[] = [values.length, 1]): JaxArray => arrayFromHost(values, shape, "int32");

const rows = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
const elements = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] };
const scatterRows = { updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
const scatterElements = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };

const x43 = arr([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [4, 3]);

describe("gather errors", () => {
  const badGather =
    (dn: Partial<typeof rows> & Record<string, unknown>, sizes: number[], indices = idx([1, 2])) =>
    () =>
      lax.gather(x43, indices, { ...rows, ...dn }, sizes);

  it("names the operation, the operands, the params and a fix", () => {
    expect(() => lax.gather(x43, arr([1, 2], [2, 1]), rows, [1, 3])).toThrow(DTypeError);
    expect(() => lax.gather(x43, arr([1, 2], [2, 1]), rows, [1, 3])).toThrow(
      /^gather: indices must have an integer dtype; got operand f32\[4,3\], indices f32\[2,1\], dimension_numbers=GatherDimensionNumbers\(offset_dims=\(1,\), collapsed_slice_dims=\(0,\), start_index_map=\(0,\), operand_batching_dims=\(\), start_indices_batching_dims=\(\)\), slice_sizes=\(1, 3\), mode=GatherScatterMode.PROMISE_IN_BOUNDS; convert them with indices.astype\('int32'\)$/,
    );
  });
  it("rejects scalar indices", () => {
    expect(badGather({}, [1, 3], idx([1], []))).toThrow(
      /indices must have at least one axis.*add a trailing axis of size 1/,
    );
  });
  it("rejects unsorted, repeated and out-of-range dimension lists", () => {
    expect(() =>
      lax.gather(
        x43,
        idx([0, 1], [1, 2]),
        { offsetDims: [], collapsedSliceDims: [1, 0], startIndexMap: [0, 1] },
        [1, 1],
      ),
    ).toThrow(AxisError);
    expect(() =>
      lax.gather(
        x43,
        idx([0, 1], [1, 2]),
        { offsetDims: [], collapsedSliceDims: [1, 0], startIndexMap: [0, 1] },
        [1, 1],
      ),
    ).toThrow(/collapsed_slice_dims \(1, 0\) must be sorted/);
    expect(() =>
      lax.gather(
        x43,
        idx([0, 1], [1, 2]),
        { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [1, 1] },
        [1, 1],
      ),
    ).toThrow(/start_index_map \(1, 1\) repeats an axis/);
    expect(badGather({ offsetDims: [2] }, [1, 3])).toThrow(/offset_dims \(2,\) has the entry 2, outside \[0, 2\)/);
    expect(badGather({ startIndexMap: [2] }, [1, 3])).toThrow(
      /start_index_map \(2,\) has the entry 2, outside \[0, 2\)/,
    );
  });
  it("checks start_index_map against the index vector length", () => {
    expect(badGather({}, [1, 3], idx([1, 2], [1, 2]))).toThrow(ShapeError);
    expect(badGather({}, [1, 3], idx([1, 2], [1, 2]))).toThrow(
      /start_index_map has 1 entries but the index vectors .* have 2/,
    );
  });
  it("checks slice sizes", () => {
    expect(badGather({}, [1, 3, 1])).toThrow(/slice_sizes has 3 entries for an operand of rank 2/);
    expect(badGather({}, [1, 4])).toThrow(ValueError);
    expect(badGather({}, [1, 4])).toThrow(/slice size 4 of operand axis 1 is outside \[0, 3\]/);
    expect(badGather({ offsetDims: [1, 2], collapsedSliceDims: [] }, [5, 3])).toThrow(/slice size 5 of operand axis 0/);
    expect(badGather({}, [2, 3])).toThrow(
      /collapsed axis 0 has slice size 2; .*only axes with slice size 1 can be collapsed/,
    );
    expect(badGather({ offsetDims: [] }, [1, 3])).toThrow(/account for 1 of the operand's 2 axes/);
  });
  it("checks batching dims", () => {
    const x = arr(new Array<number>(24).fill(0), [2, 4, 3]);
    const dn = {
      offsetDims: [1],
      collapsedSliceDims: [1],
      startIndexMap: [1],
      operandBatchingDims: [0],
      startIndicesBatchingDims: [0],
    };
    const two = idx([0, 1], [2, 1]);
    expect(lax.gather(x, two, dn, [1, 1, 3]).shape).toEqual([2, 3]);
    expect(() => lax.gather(x, idx([0, 1, 2], [3, 1]), dn, [1, 1, 3])).toThrow(
      /operand batching axes have sizes \(2,\) but the indices batching axes have \(3,\)/,
    );
    expect(() => lax.gather(x, two, { ...dn, startIndicesBatchingDims: [1] }, [1, 1, 3])).toThrow(
      /contains the index vector axis 1/,
    );
    expect(() => lax.gather(x, two, { ...dn, startIndicesBatchingDims: [] }, [1, 1, 3])).toThrow(
      /have different lengths/,
    );
    expect(() => lax.gather(x, two, { ...dn, collapsedSliceDims: [0] }, [1, 1, 3])).toThrow(
      /collapsed_slice_dims \(0,\) and operand_batching_dims \(0,\) share the axes \(0,\)/,
    );
    expect(() =>
      lax.gather(x, two, { ...dn, offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0] }, [1, 4, 3]),
    ).toThrow(/start_index_map \(0,\) and operand_batching_dims \(0,\) share/);
    expect(() => lax.gather(x, two, dn, [2, 1, 3])).toThrow(/operand batching axis 0 has slice size 2/);
  });
  it("rejects unknown modes", () => {
    expect(() => lax.gather(x43, idx([1]), rows, [1, 3], { mode: "wrap" as "clip" })).toThrow(ValueError);
    expect(() => lax.gather(x43, idx([1]), rows, [1, 3], { mode: "wrap" as "clip" })).toThrow(
      /gather: unknown mode "wrap"/,
    );
  });
  it("reports the same error while tracing", () => {
    expect(() => jax.makeJaxpr((x: JaxArray) => lax.gather(x, idx([1]), rows, [1, 4]))(x43)).toThrow(
      /slice size 4 of operand axis 1/,
    );
    const batched = jax.vmap((x: JaxArray) => lax.gather(x, idx([1]), rows, [1, 4]));
    expect(() => batched(arr(new Array<number>(24).fill(0), [2, 4, 3])) as unknown).toThrow(
      /slice size 4 of operand axis 1/,
    );
  });
});

describe("scatter errors", () => {
  const op = arr(new Array<number>(12).fill(0), [4, 3]);
  it("checks dtypes", () => {
    expect(() => lax.scatterAdd(op, idx([1]), arr([1, 2, 3], [1, 3], "float64"), scatterRows)).toThrow(DTypeError);
    expect(() => lax.scatterAdd(op, idx([1]), arr([1, 2, 3], [1, 3], "float64"), scatterRows)).toThrow(
      /^scatter-add: operand and updates must have the same dtype; got operand f32\[4,3\], indices i32\[1,1\], updates f64\[1,3\], dimension_numbers=ScatterDimensionNumbers\(update_window_dims=\(1,\), inserted_window_dims=\(0,\), scatter_dims_to_operand_dims=\(0,\), operand_batching_dims=\(\), scatter_indices_batching_dims=\(\)\), mode=GatherScatterMode.FILL_OR_DROP; convert the updates/,
    );
    expect(() => lax.scatter(op, arr([1], [1, 1]), arr([1, 2, 3], [1, 3]), scatterRows)).toThrow(
      /^scatter: indices must have an integer dtype/,
    );
  });
  it("checks the updates' shape", () => {
    expect(() => lax.scatterMul(op, idx([1]), arr([1, 2, 3], [3]), scatterRows)).toThrow(
      /updates must have rank 2 .* not 1/,
    );
    expect(() => lax.scatterMax(op, idx([1]), arr(new Array<number>(4).fill(0), [1, 4]), scatterRows)).toThrow(
      /update window axis 1 has size 4, larger than operand axis 1 \(size 3\)/,
    );
    expect(() => lax.scatterMin(op, idx([1, 2]), arr(new Array<number>(3).fill(0), [1, 3]), scatterRows)).toThrow(
      /updates axis 0 has size 1 but the matching indices axis 0 has size 2/,
    );
    expect(() => lax.scatter(op, idx([1]), arr([1, 2, 3], [1, 3]), { ...scatterRows, insertedWindowDims: [] })).toThrow(
      /account for 1 of the operand's 2 axes/,
    );
    expect(() => lax.scatter(op, idx([1, 2], [1, 2]), arr([1, 2, 3], [1, 3]), scatterRows)).toThrow(
      /scatter_dims_to_operand_dims has 1 entries but the index vectors .* have 2/,
    );
  });
  it("reports errors under vmap in terms of one example", () => {
    const ops = arr(new Array<number>(24).fill(0), [2, 4, 3]);
    const batched = jax.vmap((o: JaxArray) =>
      lax.scatterAdd(o, idx([1]), arr(new Array<number>(4).fill(0), [1, 4]), scatterRows),
    );
    expect(() => batched(ops) as unknown).toThrow(
      /^scatter-add: update window axis 1 has size 4, larger than operand axis 1 \(size 3\); got operand f32\[4,3\]/,
    );
  });
  it("rejects unknown modes", () => {
    expect(() => lax.scatter(op, idx([1]), arr([1, 2, 3], [1, 3]), scatterRows, { mode: "wrap" as "clip" })).toThrow(
      /scatter: unknown mode "wrap"/,
    );
  });
});

describe("out-of-bounds modes", () => {
  const x = arr([10, 11, 12, 13], [4]);
  const oob = idx([-1, 4, 2, 100]);
  it("gather clamps by default and in clip mode (XLA's clamping)", async () => {
    expect(await vals(lax.gather(x, oob, elements, [1]))).toEqual([10, 13, 12, 13]);
    expect(await vals(lax.gather(x, oob, elements, [1], { mode: "clip" }))).toEqual([10, 13, 12, 13]);
  });
  it("gather fill mode uses JAX's default fill values", async () => {
    const fill = async (dtype: DType) =>
      await vals(lax.gather(arr([1, 0, 1, 1], [4], dtype), oob, elements, [1], { mode: "fill" }));
    expect((await fill("float32")).map((v) => Number.isNaN(v))).toEqual([true, true, false, true]);
    expect(await fill("int32")).toEqual([-2147483648, -2147483648, 1, -2147483648]);
    expect(await fill("uint32")).toEqual([4294967295, 4294967295, 1, 4294967295]);
    expect(await fill("bool")).toEqual([1, 1, 1, 1]);
    expect(await vals(lax.gather(x, oob, elements, [1], { mode: "fill", fillValue: -1 }))).toEqual([-1, -1, 12, -1]);
  });
  it("gather fill mode fills a whole window when any part of it is out of bounds", async () => {
    const windows = { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] };
    expect(await vals(lax.gather(x, idx([2, 3]), windows, [2], { mode: "fill", fillValue: 0 }))).toEqual([12, 13, 0, 0]);
  });
  it("scatters drop out-of-bounds windows by default and clamp them in clip mode", async () => {
    const zeros = arr([0, 0, 0, 0], [4]);
    const ones = arr([1, 2, 3, 4], [4]);
    expect(await vals(lax.scatterAdd(zeros, oob, ones, scatterElements))).toEqual([0, 0, 3, 0]);
    expect(await vals(lax.scatterAdd(zeros, oob, ones, scatterElements, { mode: "promise_in_bounds" }))).toEqual([
      0, 0, 3, 0,
    ]);
    expect(await vals(lax.scatterAdd(zeros, oob, ones, scatterElements, { mode: "clip" }))).toEqual([1, 0, 3, 6]);
  });
  it("uint32 indices beyond int32 range clamp or drop", async () => {
    const big = arrayFromHost([4000000000, 1], [2, 1], "uint32");
    expect(await vals(lax.gather(x, big, elements, [1]))).toEqual([13, 11]);
    expect(await vals(lax.scatterAdd(arr([0, 0, 0, 0], [4]), big, arr([5, 7], [2]), scatterElements))).toEqual([0, 7, 0, 0]);
  });
});

describe("dtypes", () => {
  const twice = idx([0, 0]);
  it("integer scatters wrap", async () => {
    expect(
      await vals(lax.scatterMul(arr([65536], [1], "int32"), twice, arr([65536, 3], [2], "int32"), scatterElements)),
    ).toEqual([0]);
    expect(
      await vals(lax.scatterAdd(arr([4294967295], [1], "uint32"), twice, arr([1, 2], [2], "uint32"), scatterElements)),
    ).toEqual([2]);
    expect(await vals(lax.scatterMin(arr([5], [1], "int32"), twice, arr([-3, 9], [2], "int32"), scatterElements))).toEqual([
      -3,
    ]);
  });
  it("bool scatters combine with or (add, max) and and (mul, min)", async () => {
    const b = (v: number[]) => arr(v, [v.length], "bool");
    expect(await vals(lax.scatterAdd(b([1, 0]), idx([0, 1]), b([1, 1]), scatterElements))).toEqual([1, 1]);
    expect(await vals(lax.scatterMul(b([1, 1]), idx([0, 1]), b([0, 1]), scatterElements))).toEqual([0, 1]);
    expect(await vals(lax.scatterMax(b([0, 0]), idx([0, 0]), b([1, 0]), scatterElements))).toEqual([1, 0]);
    expect(await vals(lax.scatterMin(b([1, 1]), idx([1, 1]), b([1, 0]), scatterElements))).toEqual([1, 0]);
  });
  it("float16 rounds after every combination", async () => {
    // 2048 + 1 rounds back to 2048 in float16 each time; a single sum 2048 + 2 would not.
    expect(
      await vals(lax.scatterAdd(arr([2048], [1], "float16"), twice, arr([1, 1], [2], "float16"), scatterElements)),
    ).toEqual([2048]);
  });
  it("scatter-min and scatter-max propagate NaN", async () => {
    expect(
      (await vals(lax.scatterMax(arr([1, 2], [2]), idx([0]), arr([NaN], [1]), scatterElements))).map(Number.isNaN),
    ).toEqual([true, false]);
    expect(
      (await vals(lax.scatterMin(arr([NaN, 2], [2]), idx([0]), arr([0], [1]), scatterElements))).map(Number.isNaN),
    ).toEqual([true, false]);
  });
  it("outputs keep the operand's dtype and weak type", () => {
    const weak = arrayFromHost([1, 2, 3], [3], "float32", true);
    expect(lax.gather(weak, idx([2]), elements, [1]).weakType).toBe(true);
    expect(lax.scatterAdd(weak, idx([2]), arr([1], [1]), scatterElements).weakType).toBe(true);
    expect(lax.gather(x43, idx([2]), rows, [1, 3]).weakType).toBe(false);
  });
});

describe("empty arrays and degenerate windows", () => {
  it("gathers no index vectors", () => {
    const out = lax.gather(x43, idx([], [0, 1]), rows, [1, 3]);
    expect(out.shape).toEqual([0, 3]);
  });
  it("gathers with empty index vectors read the window at the origin", async () => {
    const out = lax.gather(
      x43,
      idx([], [2, 0]),
      { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [] },
      [2, 2],
    );
    expect(out.shape).toEqual([2, 2, 2]);
    expect(await vals(out)).toEqual([0, 1, 3, 4, 0, 1, 3, 4]);
  });
  it("gathers zero-sized windows", () => {
    const out = lax.gather(
      x43,
      idx([1, 3]),
      { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0] },
      [0, 3],
    );
    expect(out.shape).toEqual([2, 0, 3]);
  });
  it("scatters no updates", async () => {
    expect(await vals(lax.scatter(x43, idx([], [0, 1]), arr([], [0, 3]), scatterRows))).toEqual(await vals(x43));
  });
});

describe("scatter semantics with repeated indices", () => {
  it("the last update wins, and the JVP follows it", async () => {
    const x = arr([1, 2, 3], [3], "float64");
    const i = idx([0, 2, 0]);
    const u = arr([10, 20, 30], [3], "float64");
    const f = (xx: JaxArray, uu: JaxArray) => lax.scatter(xx, i, uu, scatterElements);
    expect(await vals(f(x, u))).toEqual([30, 2, 20]);
    const [out, t] = jax.jvp(f, [x, u], [arr([0.1, 0.2, 0.3], [3], "float64"), arr([1, 2, 3], [3], "float64")]) as [
      JaxArray,
      JaxArray,
    ];
    expect(await vals(out)).toEqual([30, 2, 20]);
    expect(await vals(t)).toEqual([3, 0.2, 2]);
  });
  it("grad of a scatter sends cotangents to the winning update and to untouched operand elements", async () => {
    const i = idx([1, 1, 3]);
    const g = jax.grad(
      (x: JaxArray, u: JaxArray) =>
        lax.reduceSum(lax.mul(lax.scatter(x, i, u, scatterElements), arr([1, 2, 3, 4], [4], "float64")), [0]),
      {
        argnums: [0, 1],
      },
    )(arr([0, 0, 0, 0], [4], "float64"), arr([5, 6, 7], [3], "float64")) as JaxArray[];
    expect(await vals(g[0])).toEqual([1, 0, 3, 0]);
    expect(await vals(g[1])).toEqual([0, 2, 4]);
  });
  it("scatter-max averages the tangents of tied values (as JAX)", async () => {
    const f = (xx: JaxArray, uu: JaxArray) => lax.scatterMax(xx, idx([0, 0, 1]), uu, scatterElements);
    const [out, t] = jax.jvp(
      f,
      [arr([5, 1], [2], "float64"), arr([5, 5, 0], [3], "float64")],
      [arr([3, 1], [2], "float64"), arr([6, 9, 100], [3], "float64")],
    ) as [JaxArray, JaxArray];
    expect(await vals(out)).toEqual([5, 1]);
    expect(await vals(t)).toEqual([6, 1]);
  });
  it("scatter-mul differentiates through zero updates and repeats (JAX only handles unique indices)", async () => {
    const u0 = arr([0, 3, 0, 2, 5], [5], "float64");
    const i = idx([0, 0, 1, 1, 2]);
    const g = jax.grad((u: JaxArray) =>
      lax.reduceSum(lax.scatterMul(arr([2, 3, 4], [3], "float64"), i, u, scatterElements), [0]),
    )(u0) as JaxArray;
    // d/du of 2*u0*u1 + 3*u2*u3 + 4*u4.
    expect(await vals(g)).toEqual([6, 0, 6, 0, 4]);
  });
  it("scatter-mul second derivatives stay exact at two zero updates", async () => {
    const f = (u: JaxArray) =>
      lax.reduceSum(lax.scatterMul(arr([1], [1], "float64"), idx([0, 0, 0]), u, scatterElements), [0]);
    // f = u0 * u1 * u2 at (0, 0, 3).
    const h = jax.jacfwd(jax.grad(f))(arr([0, 0, 3], [3], "float64")) as JaxArray;
    expect(await vals(h)).toEqual([0, 3, 0, 3, 0, 0, 0, 0, 0]);
  });
  it("grad of a gather with repeated indices accumulates", async () => {
    const g = jax.grad((x: JaxArray) => lax.reduceSum(lax.gather(x, idx([2, 0, 2, 2]), elements, [1]), [0]))(
      arr([1, 2, 3], [3], "float64"),
    ) as JaxArray;
    expect(await vals(g)).toEqual([1, 0, 3]);
  });
  it("a filled gather window has a zero tangent, not the fill value", async () => {
    const [out, t] = jax.jvp(
      (x: JaxArray) => lax.gather(x, idx([1, 7]), elements, [1], { mode: "fill" }),
      [arr([1, 2], [2])],
      [arr([1, 1], [2])],
    ) as [JaxArray, JaxArray];
    expect((await vals(out)).map(Number.isNaN)).toEqual([false, true]);
    expect(await vals(t)).toEqual([1, 0]);
  });
});

describe("transpose rules", () => {
  it("scatter transposes only with unique indices", async () => {
    const params = {
      dimensionNumbers: { ...scatterElements, operandBatchingDims: [], scatterIndicesBatchingDims: [] },
      indicesAreSorted: false,
      mode: "fill" as const,
    };
    const x = arr([1, 2], [2]);
    const ct = arr([1, 1], [2]);
    const args = [new UndefinedPrimal(x.aval), idx([0]), new UndefinedPrimal(arr([1], [1]).aval)];
    expect(() => lax.scatterP.transpose!([ct], args, { ...params, uniqueIndices: false })).toThrow(UnsupportedError);
    const [opCt, , updCt] = lax.scatterP.transpose!([ct], args, { ...params, uniqueIndices: true }) as JaxArray[];
    expect(await vals(opCt)).toEqual([0, 1]);
    expect(await vals(updCt)).toEqual([1]);
  });
  it("scatter-mul is linear in its operand only", () => {
    const params = {
      dimensionNumbers: { ...scatterElements, operandBatchingDims: [], scatterIndicesBatchingDims: [] },
      indicesAreSorted: false,
      uniqueIndices: false,
      mode: "fill" as const,
    };
    const u = arr([3], [1]);
    expect(() =>
      lax.scatterMulP.transpose!([arr([1, 1], [2])], [arr([1, 2], [2]), idx([0]), new UndefinedPrimal(u.aval)], params),
    ).toThrow(/scatter-mul is linear in its operand only/);
  });
});

describe("jaxprs", () => {
  it("print the params as JAX does", () => {
    const text = jax
      .makeJaxpr((x: JaxArray) => lax.gather(x, idx([1]), rows, [1, 3]))(x43)
      .toString();
    expect(text).toContain(
      "gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,), " +
        "operand_batching_dims=(), start_indices_batching_dims=()) fill_value=None indices_are_sorted=False " +
        "mode=GatherScatterMode.PROMISE_IN_BOUNDS slice_sizes=(1, 3) unique_indices=False]",
    );
    const s = jax
      .makeJaxpr((x: JaxArray) => lax.scatterAdd(x, idx([1]), arr([1, 2, 3], [1, 3]), scatterRows))(x43)
      .toString();
    expect(s).toContain(
      "scatter-add[dimension_numbers=ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,), " +
        "scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), scatter_indices_batching_dims=()) " +
        "indices_are_sorted=False mode=GatherScatterMode.FILL_OR_DROP unique_indices=False]",
    );
    const nan = jax
      .makeJaxpr((x: JaxArray) => lax.gather(x, idx([1]), rows, [1, 3], { mode: "fill" }))(x43)
      .toString();
    expect(nan).toContain("fill_value=nan");
  });
  it("vmap over operand and indices pairs them as batching dims, as JAX does", () => {
    const xs = arr(new Array<number>(24).fill(0), [2, 4, 3]);
    const is = idx([1, 3], [2, 1, 1]);
    const text = jax
      .makeJaxpr(jax.vmap((x: JaxArray, i: JaxArray) => lax.gather(x, i, rows, [1, 3])))(xs, is)
      .toString();
    expect(text).toContain("operand_batching_dims=(0,), start_indices_batching_dims=(0,)");
    expect(text).toContain("slice_sizes=(1, 1, 3)");
  });
});
