// The shape primitives beyond the spec table: user-facing errors (which name the op, the
// operands and the params), negative padding, strided slices, clamped dynamic indices, empty
// arrays, non-float dtypes, and the batching paths the random spec checks may not reach.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { arrayFromHost, scalar } from "../src/array.js";
import type { DType } from "../src/dtypes.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../src/errors.js";
import * as lax from "../src/lax/index.js";
import type { JaxArray } from "../src/tracing/array.js";
import type { VmapOptions } from "../src/transforms/vmap.js";
import { values } from "./util/read.js";

const { jvp, makeJaxpr } = jax;

// The transforms take and return any functions; the ones here map arrays to one array.
type ArrayFn = (...xs: JaxArray[]) => JaxArray;
const vmap = (f: ArrayFn, options?: VmapOptions): ArrayFn => jax.vmap(f, options) as ArrayFn;
const grad = (f: ArrayFn): ArrayFn => jax.grad(f) as ArrayFn;
const jit = (f: ArrayFn): ArrayFn => jax.jit(f) as ArrayFn;

function arr(values: number[], shape: number[], dtype: DType = "float32"): JaxArray {
  return arrayFromHost(values, shape, dtype);
}

function range(n: number, dtype: DType = "float32", shape: number[] = [n]): JaxArray {
  return arr(
    Array.from({ length: n }, (_, i) => i),
    shape,
    dtype,
  );
}

function i32(v: number): JaxArray {
  return scalar(v, "int32", false);
}

/** Runs `f` and returns the error it throws, failing the test if it does not throw. */
function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("error messages name the op, the operands and the params", () => {
  const x = range(6, "float32", [2, 3]);

  it("transpose with a bad permutation", () => {
    const e = errorOf(() => lax.transpose(x, [0, 0]));
    expect(e).toBeInstanceOf(AxisError);
    expect(e.message).toMatch(/^transpose: permutation \(0, 0\).*f32\[2,3\]/);
  });

  it("slice bounds past the end, negative starts, limits below starts, bad strides and ranks", () => {
    let e = errorOf(() => lax.slice(x, [0, 1], [3, 3]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(
      /^slice: .*f32\[2,3\].*start_indices \(0, 1\), limit_indices \(3, 3\).*limit index 3 on axis 0 exceeds its size 2/,
    );
    e = errorOf(() => lax.slice(x, [-1, 0], [2, 3]));
    expect(e.message).toMatch(/start index -1 on axis 0 is negative/);
    e = errorOf(() => lax.slice(x, [1, 2], [1, 1]));
    expect(e.message).toMatch(/limit index 1 on axis 1 is below the start index 2/);
    e = errorOf(() => lax.slice(x, [0, 0], [2, 3], [1, 0]));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/strides \(1, 0\).*stride 0 on axis 1 must be positive/);
    e = errorOf(() => lax.slice(x, [0], [2]));
    expect(e.message).toMatch(/one entry per axis \(2\)/);
  });

  it("squeeze of an axis whose size is not 1", () => {
    const e = errorOf(() => lax.squeeze(arr([1, 2], [2, 1]), [0]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^squeeze: cannot remove axes \(0,\) of operand f32\[2,1\] with dimensions \(0,\)/);
    expect(errorOf(() => lax.squeeze(x, [2]))).toBeInstanceOf(AxisError);
  });

  it("concatenate of mismatched shapes, ranks and dtypes, and a bad dimension", () => {
    let e = errorOf(() => lax.concatenate([x, range(6, "float32", [3, 2])], 1));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^concatenate: .*except along dimension 1, got f32\[2,3\], f32\[3,2\]/);
    e = errorOf(() => lax.concatenate([x, range(3)], 0));
    expect(e.message).toMatch(/same rank, got f32\[2,3\], f32\[3\]/);
    e = errorOf(() => lax.concatenate([range(2), range(2, "int32")], 0));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/equal dtypes, got f32\[2\], i32\[2\]/);
    e = errorOf(() => lax.concatenate([x, x], 2));
    expect(e).toBeInstanceOf(AxisError);
    expect(e.message).toMatch(/dimension 2 is out of range for operands f32\[2,3\], f32\[2,3\]/);
    // One operand is returned as is, but a bad axis still fails.
    expect(errorOf(() => lax.concatenate([x], 5))).toBeInstanceOf(AxisError);
    expect(() => lax.concatenate([], 0)).toThrow(ValueError);
  });

  it("pad with a bad padding value, config or result size", async () => {
    let e = errorOf(() =>
      lax.pad(x, arr([0, 0], [2]), [
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(
      /^pad: operand f32\[2,3\], padding_value f32\[2\], padding_config \(\(0, 0, 0\), \(0, 0, 0\)\): the padding value must be a scalar/,
    );
    e = errorOf(() =>
      lax.pad(x, i32(0), [
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(e).toBeInstanceOf(DTypeError);
    e = errorOf(() =>
      lax.pad(x, 0, [
        [0, 0, -1],
        [0, 0, 0],
      ]),
    );
    expect(e.message).toMatch(/interior padding must be non-negative/);
    e = errorOf(() =>
      lax.pad(x, 0, [
        [-3, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/padded shape \[-1,3\] has a negative size/);
    expect(errorOf(() => lax.pad(x, 0, [[0, 0, 0]])).message).toMatch(
      /one \[low, high, interior\] triple per axis \(2\)/,
    );
    e = errorOf(() => lax.pad(range(2, "int32"), 2.5, [[0, 0, 0]]));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/^pad: padding value 2.5 does not fit the dtype of operand i32\[2\]/);
    expect(
      errorOf(() =>
        lax.pad(x, true, [
          [0, 0, 0],
          [0, 0, 0],
        ]),
      ),
    ).toBeInstanceOf(DTypeError);
    expect(await values(lax.pad(range(1), -Infinity, [[1, 0, 0]]))).toEqual([-Infinity, 0]);
  });

  it("dynamic_slice with bad sizes, index counts and index dtypes", () => {
    let e = errorOf(() => lax.dynamicSlice(x, [0, 0], [3, 1]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(
      /^dynamic_slice: operand f32\[2,3\], start indices \(i32\[\], i32\[\]\), slice_sizes \(3, 1\): slice size 3 on axis 0 exceeds/,
    );
    e = errorOf(() => lax.dynamicSlice(x, [0], [1, 1]));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(
      /^dynamic_slice: needs one start index per axis of the operand f32\[2,3\] \(2\), got \(0,\)/,
    );
    e = errorOf(() => lax.dynamicSlice(x, [scalar(0, "float32"), scalar(0, "float32")], [1, 1]));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(/start indices \(f32\[\], f32\[\]\).*integers of one dtype/);
    e = errorOf(() => lax.dynamicSlice(x, [i32(0), scalar(0, "uint32")], [1, 1]));
    expect(e).toBeInstanceOf(DTypeError);
    e = errorOf(() => lax.dynamicSlice(x, [arr([0], [1], "int32"), i32(0)], [1, 1]));
    expect(e.message).toMatch(/start indices must be scalars/);
  });

  it("dynamic_update_slice with a larger, lower-rank or differently typed update", () => {
    const e = errorOf(() => lax.dynamicUpdateSlice(x, range(8, "float32", [2, 4]), [0, 0]));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/^dynamic_update_slice: operand f32\[2,3\], update f32\[2,4\].*size 4 on axis 1 exceeds/);
    expect(errorOf(() => lax.dynamicUpdateSlice(x, range(3), [0, 0])).message).toMatch(/the operand's rank/);
    expect(errorOf(() => lax.dynamicUpdateSlice(x, range(2, "int32", [1, 2]), [0, 0]))).toBeInstanceOf(DTypeError);
  });

  it("rev, expandDims, iota and bitcast_convert_type", () => {
    expect(errorOf(() => lax.rev(x, [1, 1])).message).toMatch(
      /^rev: dimensions \(1, 1\) must be unique for operand f32\[2,3\]/,
    );
    expect(errorOf(() => lax.rev(x, [2]))).toBeInstanceOf(AxisError);
    expect(errorOf(() => lax.expandDims(x, [1, -3])).message).toMatch(/^expand_dims: repeated axis/);
    expect(errorOf(() => lax.broadcastedIota("int32", [2, 3], 2)).message).toMatch(
      /^iota: dimension 2 is out of range for shape \(2, 3\)/,
    );
    expect(errorOf(() => lax.iota("bool", 3))).toBeInstanceOf(DTypeError);
    let e = errorOf(() => lax.bitcastConvertType(arr([1], [1], "float16"), "int32"));
    expect(e).toBeInstanceOf(DTypeError);
    expect(e.message).toMatch(
      /^bitcast_convert_type: operand f16\[1\], new_dtype int32: only int32, uint32, float32 and float64/,
    );
    e = errorOf(() => lax.bitcastConvertType(range(3, "int32"), "float64"));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e.message).toMatch(/needs 2 32-bit elements along the last axis, which has size 3/);
    expect(errorOf(() => lax.bitcastConvertType(arr([1], [1], "bool"), "uint32"))).toBeInstanceOf(DTypeError);
  });

  it("errors are the same under jit, vmap and grad", () => {
    const bad = (y: JaxArray) => lax.slice(y, [0, 0], [3, 3]);
    const eager = errorOf(() => bad(x)).message;
    expect(errorOf(() => jit(bad)(x)).message).toBe(eager);
    expect(errorOf(() => vmap(bad)(range(12, "float32", [2, 2, 3]))).message).toBe(eager);
    expect(errorOf(() => grad((y: JaxArray) => lax.reduceSum(bad(y), [0, 1]))(x)).message).toBe(eager);
  });
});

describe("pad", () => {
  it("crops with negative low/high padding, also inside interior padding", async () => {
    const x = range(4); // [0, 1, 2, 3]
    expect(await values(lax.pad(x, -1, [[-1, -2, 0]]))).toEqual([1]);
    // Dilated: [0, 9, 1, 9, 2, 9, 3]; drop two in front, add one behind.
    expect(await values(lax.pad(x, 9, [[-2, 1, 1]]))).toEqual([1, 9, 2, 9, 3, 9]);
    // Crop to nothing.
    expect(lax.pad(x, 0, [[-2, -2, 0]]).shape).toEqual([0]);
  });

  it("gives cropped elements a zero cotangent and the padding value the sum of its copies", async () => {
    const f = (x: JaxArray, v: JaxArray) => lax.pad(x, v, [[-1, 2, 1]]);
    const [, pullback] = jax.vjp(f, range(3), scalar(5, "float32"));
    // x=[0,1,2] dilates to [0, v, 1, v, 2]; cropping one and padding two gives [v, 1, v, 2, v, v].
    const ct = arr([10, 20, 30, 40, 50, 60], [6]);
    const [ctX, ctV] = pullback(ct) as JaxArray[];
    expect(await values(ctX)).toEqual([0, 20, 40]);
    expect(await values(ctV)).toEqual([10 + 30 + 50 + 60]);
  });

  it("pads bool and uint32 arrays and keeps a weak operand weak", async () => {
    expect(await values(lax.pad(arr([1, 0], [2], "bool"), true, [[1, 0, 1]]))).toEqual([1, 1, 1, 0]);
    expect(await values(lax.pad(arr([7], [1], "uint32"), 2, [[0, 2, 0]]))).toEqual([7, 2, 2]);
    const weak = lax.broadcastInDim(scalar(1.5), [2], []);
    expect(lax.pad(weak, 0, [[1, 1, 0]]).weakType).toBe(true);
    expect(lax.pad(range(2), 0, [[1, 1, 0]]).weakType).toBe(false);
  });

  it("vmaps over a batched padding value", async () => {
    const xs = range(6, "float32", [2, 3]);
    const vs = arr([-1, -2], [2]);
    const out = vmap((x: JaxArray, v: JaxArray) => lax.pad(x, v, [[1, 0, 1]]))(xs, vs);
    expect(out.shape).toEqual([2, 6]);
    expect(await values(out)).toEqual([-1, 0, -1, 1, -1, 2, -2, 3, -2, 4, -2, 5]);
    // Only the padding value batched: the operand is shared.
    const shared = vmap((v: JaxArray) => lax.pad(range(2), v, [[0, 1, 0]]))(vs);
    expect(await values(shared)).toEqual([0, 1, -1, 0, 1, -2]);
  });
});

describe("slice", () => {
  it("takes strided windows whose length does not divide by the stride", async () => {
    const x = range(20, "float32", [4, 5]);
    const out = lax.slice(x, [0, 1], [4, 5], [3, 2]);
    expect(out.shape).toEqual([2, 2]);
    expect(await values(out)).toEqual([1, 3, 16, 18]);
    expect(await values(lax.slice(x, [1, 0], [2, 5], { strides: [1, 4] }))).toEqual([5, 9]);
  });

  it("scatters a strided cotangent back between zeros", async () => {
    const [, pullback] = jax.vjp((x: JaxArray) => lax.slice(x, [1], [7], [2]), range(8));
    expect(await values((pullback(arr([1, 2, 3], [3])) as JaxArray[])[0])).toEqual([0, 1, 0, 2, 0, 3, 0, 0]);
  });

  it("handles empty windows and sliceInDim's null and negative bounds", async () => {
    const x = range(6, "float32", [2, 3]);
    expect(lax.slice(x, [1, 2], [1, 3]).shape).toEqual([0, 1]);
    expect(await values(lax.sliceInDim(x, null, -1, 1, -1))).toEqual([0, 1, 3, 4]);
    const [, pullback] = jax.vjp((y: JaxArray) => lax.slice(y, [0, 3], [2, 3], [1, 2]), x);
    expect(await values((pullback(arr([], [2, 0])) as JaxArray[])[0])).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe("dynamic_slice and dynamic_update_slice clamp their starts", () => {
  const x = range(10);

  it("clamps starts past the end and wraps negative starts once, as JAX", async () => {
    expect(await values(lax.dynamicSlice(x, [8], [4]))).toEqual([6, 7, 8, 9]);
    expect(await values(lax.dynamicSlice(x, [i32(8)], [4]))).toEqual([6, 7, 8, 9]);
    expect(await values(lax.dynamicSlice(x, [-3], [2]))).toEqual([7, 8]);
    expect(await values(lax.dynamicSlice(x, [i32(-3)], [4]))).toEqual([6, 7, 8, 9]);
    expect(await values(lax.dynamicSlice(x, [-20], [2]))).toEqual([0, 1]);
    expect(await values(lax.dynamicSlice(x, [scalar(4294967295, "uint32")], [3]))).toEqual([7, 8, 9]);
  });

  it("wraps traced negative starts with lt/add/select_n, as JAX's wrapper does", async () => {
    const f = (i: JaxArray) => lax.dynamicSlice(x, [i], [2]);
    expect(await values(jit(f)(i32(-1)))).toEqual([8, 9]);
    expect(await values(jit(f)(i32(-4)))).toEqual([6, 7]);
    const text = makeJaxpr(f)(i32(0)).toString();
    expect(text).toMatch(/lt .* add .* select_n .* dynamic_slice\[slice_sizes=\(2,\)\]/s);
  });

  it("clamps update windows and sends cotangents to the clamped window", async () => {
    const zeros = arr([0, 0, 0, 0, 0], [5]);
    const upd = arr([1, 2], [2]);
    expect(await values(lax.dynamicUpdateSlice(zeros, upd, [4]))).toEqual([0, 0, 0, 1, 2]);
    expect(await values(lax.dynamicUpdateSlice(zeros, upd, [-1]))).toEqual([0, 0, 0, 1, 2]);
    expect(await values(lax.dynamicUpdateSlice(zeros, upd, [i32(-9)]))).toEqual([1, 2, 0, 0, 0]);
    const [, pullback] = jax.vjp((y: JaxArray) => lax.dynamicSlice(y, [i32(7)], [2]), range(5));
    expect(await values((pullback(arr([1, 1], [2])) as JaxArray[])[0])).toEqual([0, 0, 0, 1, 1]);
    const [, pullbackUpdate] = jax.vjp((o: JaxArray, u: JaxArray) => lax.dynamicUpdateSlice(o, u, [3]), range(4), upd);
    const [ctO, ctU] = pullbackUpdate(arr([1, 2, 3, 4], [4])) as JaxArray[];
    expect(await values(ctO)).toEqual([1, 2, 0, 0]);
    expect(await values(ctU)).toEqual([3, 4]);
  });

  it("works on bool and int arrays, and in-dim helpers keep or drop the axis", async () => {
    const b = arr([1, 0, 1, 1], [2, 2], "bool");
    expect(await values(lax.dynamicIndexInDim(b, 1, 0, false))).toEqual([1, 1]);
    expect(lax.dynamicIndexInDim(b, 1, 1).shape).toEqual([2, 1]);
    const m = range(6, "int32", [2, 3]);
    expect(await values(lax.dynamicSliceInDim(m, i32(1), 2, 1))).toEqual([1, 2, 4, 5]);
    expect(await values(lax.dynamicUpdateSliceInDim(m, range(2, "int32", [2, 1]), 5, 1))).toEqual([0, 1, 0, 3, 4, 1]);
  });
});

describe("vmap of dynamic slices with per-example starts (gather / scatter)", () => {
  const xs = range(12, "float32", [3, 4]);
  const starts = arr([3, -1, 1], [3], "int32");

  it("slices a batched operand and a shared operand", async () => {
    const f = (x: JaxArray, i: JaxArray) => lax.dynamicSlice(x, [i], [2]);
    expect(await values(vmap(f)(xs, starts))).toEqual([2, 3, 6, 7, 9, 10]);
    const shared = vmap((i: JaxArray) => lax.dynamicSlice(range(4), [i], [2]))(starts);
    expect(await values(shared)).toEqual([2, 3, 2, 3, 1, 2]);
    // The batch axis of the operand need not be the first.
    const transposed = lax.transpose(xs, [1, 0]);
    expect(await values(vmap(f, { inAxes: [1, 0] })(transposed, starts))).toEqual([2, 3, 6, 7, 9, 10]);
  });

  it("updates batched and shared operands with batched and shared updates", async () => {
    const f = (x: JaxArray, u: JaxArray, i: JaxArray) => lax.dynamicUpdateSlice(x, u, [i]);
    const us = arr([-1, -2, -3, -4, -5, -6], [3, 2]);
    expect(await values(vmap(f)(xs, us, starts))).toEqual([0, 1, -1, -2, 4, 5, -3, -4, 8, -5, -6, 11]);
    const shared = vmap((i: JaxArray) => f(range(4), arr([-1, -1], [2]), i))(starts);
    expect(await values(shared)).toEqual([0, 1, -1, -1, 0, 1, -1, -1, 0, -1, -1, 3]);
  });

  it("differentiates through the batched slices", async () => {
    const loss = (x: JaxArray) =>
      lax.reduceSum(vmap((r: JaxArray, i: JaxArray) => lax.dynamicSlice(r, [i], [2]))(x, starts), [0, 1]);
    expect(await values(grad(loss)(xs))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0]);
    const [, t] = jvp(
      (x: JaxArray) =>
        vmap((r: JaxArray, i: JaxArray) => lax.dynamicUpdateSlice(r, lax.slice(r, [0], [1]), [i]))(x, starts),
      [xs],
      [xs],
    );
    expect(await values(t)).toEqual([0, 1, 2, 0, 4, 5, 6, 4, 8, 8, 10, 11]);
  });
});

describe("the other shape ops", () => {
  it("squeeze, rev and concatenate handle empty and non-float arrays", async () => {
    expect(lax.squeeze(arr([], [0, 1]), [1]).shape).toEqual([0]);
    expect(await values(lax.rev(arr([1, 2, 3], [3], "uint32"), [0]))).toEqual([3, 2, 1]);
    expect(lax.rev(arr([], [2, 0]), [0, 1]).shape).toEqual([2, 0]);
    const joined = lax.concatenate([arr([1], [1, 1], "bool"), arr([], [1, 0], "bool"), arr([0, 1], [1, 2], "bool")], 1);
    expect(await values(joined)).toEqual([1, 0, 1]);
    const x = range(3);
    expect(lax.concatenate([x], 0)).toBe(x);
  });

  it("vmap of squeeze and rev keeps the batch axis in place", async () => {
    const x = range(6, "float32", [1, 3, 2]);
    const sq = vmap((y: JaxArray) => lax.squeeze(y, [0]), { inAxes: 2 })(x);
    expect(sq.shape).toEqual([2, 3]);
    expect(await values(sq)).toEqual([0, 2, 4, 1, 3, 5]);
    const rv = vmap((y: JaxArray) => lax.rev(y, [0]), { inAxes: 1 })(range(6, "float32", [3, 2]));
    expect(await values(rv)).toEqual([4, 2, 0, 5, 3, 1]);
  });

  it("iota counts along one axis; bitcasts round-trip bits", async () => {
    expect(await values(lax.broadcastedIota("int32", [2, 3], 0))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(await values(lax.iota("float16", 3))).toEqual([0, 1, 2]);
    expect(lax.iota("uint32", 0).shape).toEqual([0]);
    const bits = arr([0x7fc00001, 0xff800000], [2], "uint32");
    expect(await values(lax.bitcastConvertType(lax.bitcastConvertType(bits, "float32"), "uint32"))).toEqual([
      0x7fc00001, 0xff800000,
    ]);
    expect(await values(lax.bitcastConvertType(arr([1], [1], "float64"), "uint32"))).toEqual([0, 0x3ff00000]);
    const cast = vmap((y: JaxArray) => lax.bitcastConvertType(y, "float64"), { inAxes: 1 })(
      arr([0, 0, 0x3ff00000, 0x40000000], [2, 2], "uint32"),
    );
    expect(await values(cast)).toEqual([1, 2]);
    const [, t] = jvp((y: JaxArray) => lax.bitcastConvertType(y, "int32"), [range(2)], [range(2)]);
    expect(await values(t)).toEqual([0, 0]);
  });

  it("full and friends follow JAX's dtype and weak-type rules", async () => {
    const weak = lax.full([2], 3);
    expect([weak.dtype, weak.weakType, await values(weak)]).toEqual(["int32", true, [3, 3]]);
    const strong = lax.full([2, 1], 1.5, "float64");
    expect([strong.dtype, strong.weakType, strong.shape]).toEqual(["float64", false, [2, 1]]);
    expect(errorOf(() => lax.full([2], range(2))).message).toMatch(
      /^full: the fill value must be a scalar, got f32\[2\]/,
    );
    const like = lax.fullLike(range(3, "uint32"), 7);
    expect([like.dtype, await values(like)]).toEqual(["uint32", [7, 7, 7]]);
    expect(lax.fullLike(range(3), 1, "int32", [2, 2]).shape).toEqual([2, 2]);
    const z = lax.zerosLike(lax.broadcastInDim(scalar(2.5), [3], []));
    expect([z.dtype, z.weakType, await values(z)]).toEqual(["float32", true, [0, 0, 0]]);
  });

  it("broadcast prepends and collapse merges axes like Python slices", () => {
    expect(lax.broadcast(range(2), [3, 1]).shape).toEqual([3, 1, 2]);
    const x2 = range(2);
    expect(lax.broadcast(x2, [])).toBe(x2);
    const x = range(24, "float32", [2, 3, 4]);
    expect(lax.collapse(x, 1).shape).toEqual([2, 12]);
    expect(lax.collapse(x, 0, -1).shape).toEqual([6, 4]);
    expect(lax.collapse(x, 1, 1).shape).toEqual([2, 1, 3, 4]);
    expect(errorOf(() => lax.collapse(x, 2, 1))).toBeInstanceOf(ValueError);
  });
});
