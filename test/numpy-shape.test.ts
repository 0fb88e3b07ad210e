// The numpy layer, part B: creation, dtype helpers and shape manipulation. Expected values are
// written out by hand (numpy's documented results) or computed with plain JS loops.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { ArrayImpl } from "../src/array.js";
import type { NestedNumbers } from "../src/tracing/array.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { grad, gradArgs, jit, list, vmap } from "./util/typed-transforms.js";
import { values as flat } from "./util/read.js";

const jnp = jax.numpy;

/** Plain-JS 0..n-1 reshaped row-major into `shape`, for references. */
function iotaNested(shape: number[], offset = 0): NestedNumbers {
  if (shape.length === 0) return offset;
  const [n, ...rest] = shape as [number, ...number[]];
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => iotaNested(rest, offset + i * inner));
}

describe("creation", () => {
  it("zeros, ones, full and empty take a shape and a dtype", async () => {
    const z = jnp.zeros([2, 3]);
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe("float32");
    expect(await list(z)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await list(jnp.ones(3, { dtype: "int32" }))).toEqual([1, 1, 1]);
    expect(jnp.ones(3, { dtype: "int32" }).dtype).toBe("int32");
    expect(await list(jnp.empty([2], { dtype: "bool" }))).toEqual([false, false]);
    const f = jnp.full([2, 2], 7);
    expect(f.dtype).toBe("int32");
    expect(f.weakType).toBe(true);
    expect(await list(f)).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(await list(jnp.full([2, 3], jnp.array([1, 2, 3])))).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(jnp.full([], 2.5, { dtype: "float16" }).dtype).toBe("float16");
  });

  it("the *Like functions copy shape and dtype unless told otherwise", async () => {
    const x = jnp.array([[1, 2, 3]], { dtype: "uint32" });
    const z = jnp.zerosLike(x);
    expect([z.shape, z.dtype]).toEqual([[1, 3], "uint32"]);
    expect(await list(jnp.onesLike(x, { dtype: "float32", shape: [2] }))).toEqual([1, 1]);
    expect(await list(jnp.fullLike(x, 9))).toEqual([[9, 9, 9]]);
    expect(jnp.emptyLike(x).dtype).toBe("uint32");
  });

  it("shape errors name the function and the bad shape", () => {
    expect(() => jnp.full([2, 2], jnp.array([1, 2, 3]))).toThrow(
      /full: cannot broadcast the fill value i32\[3\] to shape \[2,2\]/,
    );
    expect(() => jnp.zeros([2, -1])).toThrow(ValueError);
    expect(() => jnp.zeros([2, -1])).toThrow(/full: shape \[2,-1\] must contain non-negative integers/);
    expect(() => jnp.ones([2], { dtype: "int64" as never })).toThrow(/ones: unknown dtype int64/);
  });

  it("array stacks nested lists of arrays, promoting dtypes like jnp.stack", async () => {
    const a = jnp.array([1, 2], { dtype: "int32" });
    const b = jnp.array([3, 4], { dtype: "int32" });
    const s = jnp.array([a, b]);
    expect(s.shape).toEqual([2, 2]);
    expect(s.dtype).toBe("int32");
    expect(await list(s)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const mixed = jnp.array([[a, [5, 6.5]]]);
    expect(mixed.shape).toEqual([1, 2, 2]);
    expect(mixed.dtype).toBe("float32");
    expect(await list(mixed)).toEqual([
      [
        [1, 2],
        [5, 6.5],
      ],
    ]);
    expect(await list(jnp.array([jnp.array(1.5, { dtype: "float16" }), 2]))).toEqual([1.5, 2]);
    expect(jnp.array([jnp.array(1.5, { dtype: "float16" }), 2]).dtype).toBe("float16");
    expect(() => jnp.array([a, jnp.array([1, 2, 3])])).toThrow(
      /array: ragged nested list: elements of shapes i32\[2\] and i32\[3\]/,
    );
  });

  it("array and copy make a new buffer; asarray does not", async () => {
    const x = jnp.array([1, 2, 3]) as ArrayImpl;
    const c = jnp.copy(x) as ArrayImpl;
    const y = jnp.array(x) as ArrayImpl;
    // (Arrays are iterable, so compare identities directly rather than with toBe's deep diff.)
    expect(c === x).toBe(false);
    expect(y === x).toBe(false);
    expect(jnp.asarray(x) === x).toBe(true);
    c.dispose();
    y.dispose();
    expect(await list(x)).toEqual([1, 2, 3]);
    expect(await list(x.copy())).toEqual([1, 2, 3]);
  });

  it("arange follows numpy's length and dtype rules", async () => {
    const r = jnp.arange(5);
    expect([r.dtype, await list(r)]).toEqual(["int32", [0, 1, 2, 3, 4]]);
    expect(await list(jnp.arange(2, 11, 3))).toEqual([2, 5, 8]);
    expect(await list(jnp.arange(5, 0, -2))).toEqual([5, 3, 1]);
    expect(await list(jnp.arange(3, 1))).toEqual([]);
    const f = jnp.arange(1, 2, 0.25);
    expect([f.dtype, await list(f)]).toEqual(["float32", [1, 1.25, 1.5, 1.75]]);
    expect(jnp.arange(3, { dtype: "float32" }).dtype).toBe("float32");
    expect((await flat(jnp.arange(0, 1, 0.1))).length).toBe(10);
    expect(() => jnp.arange(0, 5, 0)).toThrow(/arange: step must be nonzero/);
  });

  it("arange(n) is an iota under tracing, as in JAX", () => {
    const jaxpr = jax
      .makeJaxpr(() => jnp.arange(4))()
      .toString();
    expect(jaxpr).toContain("iota");
  });

  it("linspace: endpoint, retstep, integer dtypes, array bounds and axis", async () => {
    expect(await list(jnp.linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(await list(jnp.linspace(0, 1, 4, { endpoint: false }))).toEqual([0, 0.25, 0.5, 0.75]);
    const [samples, step] = jnp.linspace(2, 3, 5, { retstep: true });
    expect(await list(samples)).toEqual([2, 2.25, 2.5, 2.75, 3]);
    expect(await list(step)).toBe(0.25);
    expect(await list(jnp.linspace(0, 1, 1))).toEqual([0]);
    expect(await list(jnp.linspace(0, 1, 0))).toEqual([]);
    expect(jnp.linspace(0, 1).shape).toEqual([50]);
    // numpy floors for integer dtypes: -1, -0.5, 0, 0.5, 1 -> -1, -1, 0, 0, 1.
    expect(await list(jnp.linspace(-1, 1, 5, { dtype: "int32" }))).toEqual([-1, -1, 0, 0, 1]);
    const grid = jnp.linspace(jnp.array([0, 10]), jnp.array([1, 20]), 3);
    expect(await list(grid)).toEqual([
      [0, 10],
      [0.5, 15],
      [1, 20],
    ]);
    expect(await list(jnp.linspace(jnp.array([0, 10]), 1, 3, { axis: -1 }))).toEqual([
      [0, 0.5, 1],
      [10, 5.5, 1],
    ]);
    expect(await list(jnp.linspace(jnp.array(-2), 2, 3, { dtype: "int32" }))).toEqual([-2, 0, 2]);
    expect(() => jnp.linspace(0, 1, -1)).toThrow(/linspace: num must be a non-negative integer/);
  });

  it("linspace with array bounds is differentiable in both ends", async () => {
    const f = (a: JaxArray, b: JaxArray) => jnp.sum(jnp.linspace(a, b, 5));
    const [ga, gb] = gradArgs(f, [0, 1])(jnp.array(1, { dtype: "float32" }), jnp.array(3, { dtype: "float32" }));
    // d/da sum(a (1 - t) + b t) = sum(1 - t) with t = 0, .25, .5, .75, 1.
    expect(await list(ga!)).toBeCloseTo(2.5);
    expect(await list(gb!)).toBeCloseTo(2.5);
  });

  it("logspace and geomspace", async () => {
    expect(await list(jnp.logspace(0, 3, 4))).toEqual([1, 10, 100, 1000]);
    expect(await list(jnp.logspace(0, 3, 3, { base: 2, endpoint: false }))).toEqual([1, 2, 4]);
    const traced = await flat(jnp.logspace(jnp.array(0), 2, 3));
    [1, 10, 100].forEach((w, i) => expect(traced[i]).toBeCloseTo(w, 3));
    expect(await list(jnp.geomspace(1, 1000, 4))).toEqual([1, 10, 100, 1000]);
    expect(await list(jnp.geomspace(-8, -1, 4))).toEqual([-8, -4, -2, -1]);
    expect(() => jnp.geomspace(0, 1, 3)).toThrow(/geomspace: a geometric sequence cannot include zero/);
    expect(() => jnp.geomspace(-1, 1, 3)).toThrow(/geomspace: start -1 and stop 1 have opposite signs/);
  });

  it("eye, identity and tri", async () => {
    expect(await list(jnp.eye(2))).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(await list(jnp.eye(2, 3, { k: 1 }))).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(await list(jnp.eye(3, { k: -1, dtype: "int32" }))).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(jnp.identity(3, { dtype: "bool" }).dtype).toBe("bool");
    expect(await list(jnp.tri(3, 2))).toEqual([
      [1, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(await list(jnp.tri(2, 3, { k: 1 }))).toEqual([
      [1, 1, 0],
      [1, 1, 1],
    ]);
    expect(() => jnp.eye(-1)).toThrow(/eye: N must be a non-negative integer, got -1/);
    expect(() => jnp.eye(2, { k: 0.5 })).toThrow(/eye: the diagonal offset k must be an integer/);
  });

  it("tril and triu zero the other triangle, NaNs included, on the last two axes", async () => {
    const m = jnp.array([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, NaN],
    ]);
    expect(await list(jnp.tril(m))).toEqual([
      [1, 0, 0],
      [4, 5, 0],
      [7, 8, NaN],
    ]);
    expect(await list(jnp.triu(m, 1))).toEqual([
      [0, 2, 3],
      [0, 0, 6],
      [0, 0, 0],
    ]);
    expect(await list(jnp.tril(m, -1))).toEqual([
      [0, 0, 0],
      [4, 0, 0],
      [7, 8, 0],
    ]);
    const batched = jnp.triu(jnp.ones([2, 2, 2]));
    expect(await list(batched)).toEqual([
      [
        [1, 1],
        [0, 1],
      ],
      [
        [1, 1],
        [0, 1],
      ],
    ]);
    expect(() => jnp.tril(jnp.ones([3]))).toThrow(/tril: needs an array of rank >= 2, got f32\[3\]/);
  });

  it("diag builds and reads diagonals; diagonal takes offsets and axes", async () => {
    expect(await list(jnp.diag(jnp.array([1, 2])))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(await list(jnp.diag(jnp.array([1, 2]), 1))).toEqual([
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    expect(await list(jnp.diag(jnp.array([1, 2]), -1))).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 2, 0],
    ]);
    const m = jnp.arange(12).reshape(3, 4);
    expect(await list(jnp.diag(m))).toEqual([0, 5, 10]);
    expect(await list(jnp.diag(m, 1))).toEqual([1, 6, 11]);
    expect(await list(jnp.diag(m, 3))).toEqual([3]);
    expect(await list(jnp.diag(m, -2))).toEqual([8]);
    expect(await list(jnp.diag(m, 5))).toEqual([]);
    // diagonal of the last two axes of a [2,3,4] array: x[b, i, i].
    const t = jnp.arange(24).reshape(2, 3, 4);
    expect(await list(jnp.diagonal(t, 0, 1, 2))).toEqual([
      [0, 5, 10],
      [12, 17, 22],
    ]);
    // axes 0 and 2: x[i, j, i] for i in 0..1, laid out as [j, i].
    expect(await list(jnp.diagonal(t, { axis1: 0, axis2: 2 }))).toEqual([
      [0, 13],
      [4, 17],
      [8, 21],
    ]);
    expect(await list(m.diagonal(-1))).toEqual([4, 9]);
    expect(await list(jnp.diagflat(jnp.array([[1], [2]])))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(() => jnp.diag(jnp.ones([2, 2, 2]))).toThrow(/diag: input must be 1-D or 2-D, got f32\[2,2,2\]/);
    expect(() => jnp.diagonal(t, 0, 1, -2)).toThrow(/diagonal: axis1 and axis2 must differ/);
  });

  it("the gradient of diag and diagonal lands on the diagonal", async () => {
    const g = grad((x: JaxArray) => jnp.sum(jnp.diagonal(x, 1)))(jnp.ones([3, 3]));
    expect(await list(g)).toEqual([
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    const gv = grad((v: JaxArray) => jnp.sum(jnp.diag(v, -1).mul(jnp.arange(9, { dtype: "float32" }).reshape(3, 3))))(
      jnp.ones([2]),
    );
    expect(await list(gv)).toEqual([3, 7]);
  });

  it("meshgrid in xy and ij order, dense and sparse", async () => {
    const x = jnp.array([1, 2, 3]);
    const y = jnp.array([4, 5]);
    const [X, Y] = jnp.meshgrid(x, y);
    expect(await list(X!)).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(await list(Y!)).toEqual([
      [4, 4, 4],
      [5, 5, 5],
    ]);
    const [I, J] = jnp.meshgrid(x, y, { indexing: "ij" });
    expect(I!.shape).toEqual([3, 2]);
    expect(await list(J!)).toEqual([
      [4, 5],
      [4, 5],
      [4, 5],
    ]);
    const sparse = jnp.meshgrid(x, y, { sparse: true });
    expect(sparse.map((s) => s.shape)).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect(() => jnp.meshgrid(x, { indexing: "yx" as never })).toThrow(/meshgrid: indexing must be "xy" or "ij"/);
  });

  it("indices gives one grid per axis", async () => {
    expect(await list(jnp.indices([2, 3]))).toEqual([
      [
        [0, 0, 0],
        [1, 1, 1],
      ],
      [
        [0, 1, 2],
        [0, 1, 2],
      ],
    ]);
    const [r, c] = jnp.indices([2, 3], { sparse: true });
    expect([await list(r!), await list(c!)]).toEqual([[[0], [1]], [[0, 1, 2]]]);
  });
});

describe("dtype helpers", () => {
  it("dtype constants are the dtype strings", () => {
    expect([jnp.float32, jnp.int32, jnp.uint32, jnp.bool, jnp.float16, jnp.float64]).toEqual([
      "float32",
      "int32",
      "uint32",
      "bool",
      "float16",
      "float64",
    ]);
    expect(jnp.zeros([1], { dtype: jnp.int32 }).dtype).toBe("int32");
  });

  it("finfo and iinfo report machine limits", () => {
    const f = jnp.finfo("float32");
    expect(f.eps).toBe(2 ** -23);
    expect(f.max).toBe(3.4028234663852886e38);
    expect(f.tiny).toBe(2 ** -126);
    expect(f.smallestSubnormal).toBe(2 ** -149);
    expect(f.bits).toBe(32);
    expect(jnp.finfo("float16").max).toBe(65504);
    expect(jnp.finfo(jnp.ones([2], { dtype: "float64" })).eps).toBe(Number.EPSILON);
    expect(jnp.iinfo("int32")).toEqual({ dtype: "int32", bits: 32, min: -2147483648, max: 2147483647 });
    expect(jnp.iinfo("uint32").max).toBe(4294967295);
    expect(() => jnp.finfo("int32")).toThrow(DTypeError);
    expect(() => jnp.finfo("int32")).toThrow(/finfo: int32 is not a floating-point type; use jnp.iinfo/);
    expect(() => jnp.iinfo("float32")).toThrow(/iinfo: float32 is not an integer type; use jnp.finfo/);
  });

  it("promoteTypes ignores weak types; resultType treats JS numbers as weak", () => {
    expect(jnp.promoteTypes("int32", "float16")).toBe("float16");
    expect(jnp.promoteTypes("uint32", "int32")).toBe("int32");
    expect(jnp.promoteTypes("bool", "uint32")).toBe("uint32");
    expect(jnp.resultType("float16", 1.5)).toBe("float16");
    expect(jnp.resultType(jnp.array([1, 2]), 2.5)).toBe("float32");
    expect(jnp.resultType(1, 2)).toBe("int32");
    expect(jnp.resultType(true)).toBe("bool");
  });
});

describe("reshaping and axes", () => {
  const x = jnp.arange(6).reshape(2, 3);

  it("reshape infers one -1 and accepts numpy's forms", async () => {
    expect(await list(jnp.reshape(x, [3, -1]))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(jnp.reshape(x, -1).shape).toEqual([6]);
    expect(x.reshape([1, 6]).shape).toEqual([1, 6]);
    expect(x.reshape(6).shape).toEqual([6]);
    // Column-major order reads and writes down the columns.
    expect(await list(jnp.reshape(x, [3, 2], { order: "F" }))).toEqual([
      [0, 4],
      [3, 2],
      [1, 5],
    ]);
    expect(await list(x.reshape([3, 2], { order: "F" }))).toEqual([
      [0, 4],
      [3, 2],
      [1, 5],
    ]);
  });

  it("reshape errors show the shapes and the fix", () => {
    expect(() => jnp.reshape(x, [4, 2])).toThrow(ShapeError);
    expect(() => jnp.reshape(x, [4, 2])).toThrow(
      /reshape: cannot reshape i32\[2,3\] \(6 elements\) into shape \[4,2\]: that shape holds 8 elements/,
    );
    expect(() => jnp.reshape(x, [-1, -1])).toThrow(/only one size can be -1/);
    expect(() => jnp.reshape(x, [4, -1])).toThrow(/no size for -1 makes 6 elements/);
  });

  it("ravel, flatten, transpose, swapaxes, moveaxis", async () => {
    expect(await list(jnp.ravel(x))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await list(x.flatten())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await list(jnp.ravel(x, { order: "F" }))).toEqual([0, 3, 1, 4, 2, 5]);
    const t = jnp.arange(24).reshape(2, 3, 4);
    expect(jnp.transpose(t).shape).toEqual([4, 3, 2]);
    expect(jnp.transpose(t, [1, 0, 2]).shape).toEqual([3, 2, 4]);
    expect(t.transpose(2, 0, 1).shape).toEqual([4, 2, 3]);
    expect(t.transpose([2, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(await list(x.transpose())).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(jnp.permuteDims(t, [0, 2, 1]).shape).toEqual([2, 4, 3]);
    expect(jnp.swapaxes(t, 0, -1).shape).toEqual([4, 3, 2]);
    expect(t.swapaxes(0, 1).shape).toEqual([3, 2, 4]);
    expect(jnp.moveaxis(t, 0, -1).shape).toEqual([3, 4, 2]);
    expect(jnp.moveaxis(t, [0, 1], [-1, -2]).shape).toEqual([4, 3, 2]);
    // moveaxis(t, 0, -1)[i, j, k] == t[k, i, j].
    expect(await list(jnp.moveaxis(t, 0, -1).reshape(-1).slice("0:2"))).toEqual([0, 12]);
    expect(() => jnp.transpose(t, [0, 1])).toThrow(/transpose: axes \(0, 1\) don't match i32\[2,3,4\]/);
    expect(() => jnp.swapaxes(t, 0, 3)).toThrow(AxisError);
  });

  it("expandDims and squeeze", () => {
    const v = jnp.array([1, 2, 3]);
    expect(jnp.expandDims(v, 0).shape).toEqual([1, 3]);
    expect(jnp.expandDims(v, -1).shape).toEqual([3, 1]);
    expect(jnp.expandDims(v, [0, 2]).shape).toEqual([1, 3, 1]);
    const s = jnp.zeros([1, 3, 1, 2]);
    expect(jnp.squeeze(s).shape).toEqual([3, 2]);
    expect(jnp.squeeze(s, 2).shape).toEqual([1, 3, 2]);
    expect(s.squeeze([0, -2]).shape).toEqual([3, 2]);
    expect(() => jnp.squeeze(s, 1)).toThrow(/squeeze: cannot squeeze axis 1 of f32\[1,3,1,2\]: its size is 3, not 1/);
    expect(() => jnp.expandDims(v, 3)).toThrow(/expandDims: axis 3 is out of bounds/);
  });

  it("broadcastTo, broadcastArrays, broadcastShapes", async () => {
    expect(await list(jnp.broadcastTo(jnp.array([1, 2]), [2, 2]))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    const [a, b] = jnp.broadcastArrays(jnp.array([[1], [2]]), jnp.array([3, 4, 5]));
    expect([a!.shape, b!.shape]).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(jnp.broadcastShapes([2, 1], [3])).toEqual([2, 3]);
    expect(() => jnp.broadcastTo(jnp.zeros([3]), [2, 4])).toThrow(
      /broadcastTo: cannot broadcast f32\[3\] to shape \[2,4\]/,
    );
    expect(() => jnp.broadcastTo(jnp.zeros([2, 3]), [3])).toThrow(ShapeError);
  });

  it("atleast1d/2d/3d use numpy's layouts", () => {
    expect(jnp.atleast1d(5).shape).toEqual([1]);
    expect(jnp.atleast2d(jnp.array([1, 2])).shape).toEqual([1, 2]);
    expect(jnp.atleast3d(jnp.array([1, 2])).shape).toEqual([1, 2, 1]);
    expect(jnp.atleast3d(jnp.zeros([2, 3])).shape).toEqual([2, 3, 1]);
    const both = jnp.atleast2d(1, jnp.zeros([3])) as JaxArray[];
    expect(both.map((t) => t.shape)).toEqual([
      [1, 1],
      [1, 3],
    ]);
  });

  it("shape, ndim and size", () => {
    const t = jnp.zeros([2, 3, 4]);
    expect(jnp.shape(t)).toEqual([2, 3, 4]);
    expect(jnp.ndim(t)).toBe(3);
    expect(jnp.size(t)).toBe(24);
    expect(jnp.size(t, -1)).toBe(4);
    expect(jnp.ndim(3)).toBe(0);
  });
});

describe("joining and splitting", () => {
  const a = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  const b = jnp.array([[5, 6]]);

  it("concatenate promotes dtypes; axis null flattens", async () => {
    expect(await list(jnp.concatenate([a, b]))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(await list(jnp.concatenate([a, b.T], 1))).toEqual([
      [1, 2, 5],
      [3, 4, 6],
    ]);
    expect(await list(jnp.concatenate([a, b], null))).toEqual([1, 2, 3, 4, 5, 6]);
    const mixed = jnp.concatenate([jnp.array([1]), jnp.array([0.5])]);
    expect([mixed.dtype, await list(mixed)]).toEqual(["float32", [1, 0.5]]);
    expect(jnp.concatenate([a, a], { axis: -1, dtype: "float32" }).dtype).toBe("float32");
    expect(() => jnp.concatenate([a, b], 1)).toThrow(
      /concatenate: arrays must have the same rank and equal sizes on every axis but 1, got i32\[2,2\], i32\[1,2\]/,
    );
    expect(() => jnp.concatenate([jnp.array(1), jnp.array(2)])).toThrow(
      /concatenate: zero-dimensional arrays cannot be concatenated/,
    );
    expect(() => jnp.concatenate([])).toThrow(/concatenate: need at least one array/);
  });

  it("stack and its variants", async () => {
    const x = jnp.array([1, 2]);
    const y = jnp.array([3, 4]);
    expect(await list(jnp.stack([x, y]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await list(jnp.stack([x, y], -1))).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(await list(jnp.hstack([x, y]))).toEqual([1, 2, 3, 4]);
    expect(await list(jnp.hstack([a, a]))).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
    expect(await list(jnp.vstack([x, y]))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(jnp.dstack([x, y]).shape).toEqual([1, 2, 2]);
    expect(await list(jnp.columnStack([x, y]))).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(await list(jnp.append(a, jnp.array([7, 8])))).toEqual([1, 2, 3, 4, 7, 8]);
    expect(await list(jnp.append(a, b, 0))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(() => jnp.stack([x, jnp.array([1, 2, 3])])).toThrow(
      /stack: all input arrays must have the same shape, got i32\[2\], i32\[3\]/,
    );
  });

  it("split by sections or indices; arraySplit allows unequal parts", async () => {
    const v = jnp.arange(7);
    expect(await Promise.all(jnp.split(v.slice(":6"), 3).map(list))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(await Promise.all(jnp.split(v, [2, 5]).map(list))).toEqual([
      [0, 1],
      [2, 3, 4],
      [5, 6],
    ]);
    expect(await Promise.all(jnp.split(v, [3, 1, 10]).map(list))).toEqual([[0, 1, 2], [], [1, 2, 3, 4, 5, 6], []]);
    expect(await Promise.all(jnp.arraySplit(v, 3).map(list))).toEqual([
      [0, 1, 2],
      [3, 4],
      [5, 6],
    ]);
    const m = jnp.arange(8).reshape(2, 4);
    expect(await Promise.all(jnp.hsplit(m, 2).map(list))).toEqual([
      [
        [0, 1],
        [4, 5],
      ],
      [
        [2, 3],
        [6, 7],
      ],
    ]);
    expect(jnp.vsplit(m, 2).map((p) => p.shape)).toEqual([
      [1, 4],
      [1, 4],
    ]);
    expect(() => jnp.split(v, 3)).toThrow(
      /split: an axis of size 7 \(axis 0 of i32\[7\]\) does not split into 3 equal sections; use jnp.arraySplit/,
    );
  });
});

describe("delete", () => {
  it("removes indices, slices or masked positions along an axis", async () => {
    const v = jnp.arange(6);
    expect(await list(jnp.delete(v, 1))).toEqual([0, 2, 3, 4, 5]);
    expect(await list(jnp.delete(v, [0, -1, 0]))).toEqual([1, 2, 3, 4]);
    expect(await list(jnp.delete(v, "::2"))).toEqual([1, 3, 5]);
    expect(await list(jnp.delete(v, jnp.slice(null, null, -3)))).toEqual([0, 1, 3, 4]);
    expect(await list(jnp.delete(v, [true, false, false, false, false, true]))).toEqual([1, 2, 3, 4]);
    const m = jnp.arange(6).reshape(2, 3);
    expect(await list(jnp.delete(m, 1, 1))).toEqual([
      [0, 2],
      [3, 5],
    ]);
    expect(await list(jnp.delete(m, [0, 4]))).toEqual([1, 2, 3, 5]);
    expect(() => jnp.delete(v, 6)).toThrow(/delete: index 6 is out of bounds for axis 0 with size 6/);
    expect(() => jnp.delete(v, [true, false])).toThrow(
      /delete: a boolean mask of length 2 does not match axis 0 of i32\[6\]/,
    );
  });
});

describe("tile, repeat, pad", () => {
  it("tile repeats the whole array along each axis", async () => {
    expect(await list(jnp.tile(jnp.array([1, 2]), 2))).toEqual([1, 2, 1, 2]);
    expect(await list(jnp.tile(jnp.array([1, 2]), [2, 2]))).toEqual([
      [1, 2, 1, 2],
      [1, 2, 1, 2],
    ]);
    expect(jnp.tile(jnp.zeros([2, 3]), 2).shape).toEqual([2, 6]);
    expect(jnp.tile(jnp.zeros([2, 3]), [2, 1, 1]).shape).toEqual([2, 2, 3]);
    expect(await list(jnp.tile(jnp.array(3), 0))).toEqual([]);
  });

  it("repeat with one count, per-element counts, and totalRepeatLength", async () => {
    const x = jnp.array([
      [1, 2],
      [3, 4],
    ]);
    expect(await list(jnp.repeat(x, 2))).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    expect(await list(jnp.repeat(x, 2, 1))).toEqual([
      [1, 1, 2, 2],
      [3, 3, 4, 4],
    ]);
    expect(await list(jnp.repeat(x, [1, 2], 0))).toEqual([
      [1, 2],
      [3, 4],
      [3, 4],
    ]);
    expect(await list(x.repeat([0, 3], 1))).toEqual([
      [2, 2, 2],
      [4, 4, 4],
    ]);
    expect(await list(jnp.repeat(x, jnp.array([2, 1]), 0))).toEqual([
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
    // Truncated, or padded with the last element, as JAX's total_repeat_length does.
    expect(await list(jnp.repeat(jnp.array([1, 2, 3]), 2, { totalRepeatLength: 4 }))).toEqual([1, 1, 2, 2]);
    expect(await list(jnp.repeat(jnp.array([1, 2, 3]), [1, 2, 1], { axis: 0, totalRepeatLength: 6 }))).toEqual([
      1, 2, 2, 3, 3, 3,
    ]);
    expect(() => jnp.repeat(x, [1, 2, 3], 0)).toThrow(/repeat: got 3 repeats for an axis of size 2/);
    expect(() => jnp.repeat(x, -1)).toThrow(/repeat: repeats must be non-negative integers/);
    expect(() => jit((r: JaxArray) => jnp.repeat(x, r, 0))(jnp.array([1, 1]))).toThrow(
      /repeat: repeats is a traced array/,
    );
  });

  it("pad in constant mode, with numpy's width and value forms", async () => {
    const v = jnp.array([1, 2, 3]);
    expect(await list(jnp.pad(v, 1))).toEqual([0, 1, 2, 3, 0]);
    expect(await list(jnp.pad(v, [2, 1], { constantValues: 9 }))).toEqual([9, 9, 1, 2, 3, 9]);
    expect(await list(jnp.pad(v, [[1, 0]], { constantValues: [[4, 5]] }))).toEqual([4, 1, 2, 3]);
    const m = jnp.array([
      [1, 2],
      [3, 4],
    ]);
    expect(await list(jnp.pad(m, [1, 0]))).toEqual([
      [0, 0, 0],
      [0, 1, 2],
      [0, 3, 4],
    ]);
    // Per-axis values: the corners take the later axis's value, as numpy's do.
    expect(
      await list(
        jnp.pad(
          m,
          [
            [1, 1],
            [1, 0],
          ],
          {
            constantValues: [
              [7, 8],
              [5, 6],
            ],
          },
        ),
      ),
    ).toEqual([
      [5, 7, 7],
      [5, 1, 2],
      [5, 3, 4],
      [5, 8, 8],
    ]);
    expect(await list(jnp.pad(jnp.array([true]), 1))).toEqual([false, true, false]);
    expect(await list(jnp.pad(jnp.array([1, 2]), 1, { constantValues: 2.7 }))).toEqual([2, 1, 2, 2]);
    const traced = jit((c: JaxArray) =>
      jnp.pad(jnp.array([1, 2], { dtype: "float32" }), [1, 0], { constantValues: c }),
    );
    expect(await list(traced(jnp.array(-5, { dtype: "float32" })))).toEqual([-5, 1, 2]);
    const gc = grad((c: JaxArray) => jnp.sum(jnp.pad(jnp.ones([2]), 2, { constantValues: c })))(
      jnp.array(0, { dtype: "float32" }),
    );
    expect(await list(gc)).toBe(4);
    expect(() => jnp.pad(m, [[1, 2, 3]])).toThrow(
      /pad: padWidth \[\[1,2,3\]\] does not broadcast to one \(before, after\) pair per axis \(2 axes\)/,
    );
    expect(() => jnp.pad(m, -1)).toThrow(/pad: padWidth -1 must hold non-negative integers/);
    expect(() => jnp.pad(m, 1, { mode: "mean" as never })).toThrow(/pad: unsupported mode "mean"/);
  });

  /** numpy's pad for one axis, written as the index it reads (reference for the other modes). */
  function padRef(values: number[], before: number, after: number, mode: string): number[] {
    const n = values.length;
    const out: number[] = [];
    for (let j = -before; j < n + after; j++) {
      let src: number;
      if (mode === "edge") src = Math.min(Math.max(j, 0), n - 1);
      else if (mode === "wrap") src = ((j % n) + n) % n;
      else {
        // Reflect back and forth until inside, one fold at a time.
        src = j;
        const lo = 0;
        const hi = n - 1;
        while (src < lo || src > hi) {
          if (mode === "reflect") src = src < lo ? -src : 2 * hi - src;
          else src = src < lo ? -src - 1 : 2 * hi + 1 - src;
          if (n === 1) src = 0;
        }
      }
      out.push(values[src]!);
    }
    return out;
  }

  it("pad in edge, reflect, symmetric and wrap modes, also wider than the array", async () => {
    const values = [1, 2, 3, 4];
    for (const mode of ["edge", "reflect", "symmetric", "wrap"] as const) {
      for (const [b, e] of [
        [2, 1],
        [0, 3],
        [7, 9],
      ] as const) {
        expect(await list(jnp.pad(jnp.array(values), [b, e], { mode })), `${mode} ${b},${e}`).toEqual(
          padRef(values, b, e, mode),
        );
      }
    }
    // Hand-checked against numpy: np.pad([1, 2, 3], (5, 0), 'reflect') and 'symmetric'.
    expect(await list(jnp.pad(jnp.array([1, 2, 3]), [5, 0], { mode: "reflect" }))).toEqual([2, 1, 2, 3, 2, 1, 2, 3]);
    expect(await list(jnp.pad(jnp.array([1, 2, 3]), [5, 0], { mode: "symmetric" }))).toEqual([2, 3, 3, 2, 1, 1, 2, 3]);
    expect(
      await list(
        jnp.pad(
          jnp.array([
            [1, 2],
            [3, 4],
          ]),
          1,
          { mode: "edge" },
        ),
      ),
    ).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, 4, 4],
      [3, 3, 4, 4],
    ]);
    expect(await list(jnp.pad(jnp.array([5]), 2, { mode: "reflect" }))).toEqual([5, 5, 5, 5, 5]);
    expect(() => jnp.pad(jnp.zeros([0]), 1, { mode: "wrap" })).toThrow(
      /pad: cannot extend the empty axis 0 of f32\[0\] with mode "wrap"/,
    );
  });

  it("the gradient of a reflect pad counts how often each element is read", async () => {
    const g = grad((x: JaxArray) => jnp.sum(jnp.pad(x, 2, { mode: "reflect" })))(
      jnp.array([1, 2, 3], { dtype: "float32" }),
    );
    // [3, 2, 1, 2, 3, 2, 1]: x0 twice, x1 three times, x2 twice.
    expect(await list(g)).toEqual([2, 3, 2]);
  });
});

describe("flips and rolls", () => {
  const m = jnp.array([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("flip, fliplr, flipud", async () => {
    expect(await list(jnp.flip(m))).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(await list(jnp.flip(m, 1))).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(await list(jnp.fliplr(m))).toEqual([
      [3, 2, 1],
      [6, 5, 4],
    ]);
    expect(await list(jnp.flipud(m))).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(() => jnp.fliplr(jnp.array([1, 2]))).toThrow(/fliplr: needs an array of rank >= 2, got i32\[2\]/);
  });

  it("roll shifts cyclically, flattened without an axis", async () => {
    expect(await list(jnp.roll(jnp.arange(5), 2))).toEqual([3, 4, 0, 1, 2]);
    expect(await list(jnp.roll(jnp.arange(5), -7))).toEqual([2, 3, 4, 0, 1]);
    expect(await list(jnp.roll(m, 1))).toEqual([
      [6, 1, 2],
      [3, 4, 5],
    ]);
    expect(await list(jnp.roll(m, -1, 1))).toEqual([
      [2, 3, 1],
      [5, 6, 4],
    ]);
    expect(await list(jnp.roll(m, [1, 1], [0, 1]))).toEqual([
      [6, 4, 5],
      [3, 1, 2],
    ]);
    expect(() => jnp.roll(m, [1, 2, 3], [0, 1])).toThrow(/roll: 3 shifts and 2 axes do not pair up/);
  });

  it("rot90 rotates counterclockwise in the plane of two axes", async () => {
    expect(await list(jnp.rot90(m))).toEqual([
      [3, 6],
      [2, 5],
      [1, 4],
    ]);
    expect(await list(jnp.rot90(m, 2))).toEqual([
      [6, 5, 4],
      [3, 2, 1],
    ]);
    expect(await list(jnp.rot90(m, -1))).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
    expect(await list(jnp.rot90(m, 1, [1, 0]))).toEqual([
      [4, 1],
      [5, 2],
      [6, 3],
    ]);
  });
});

describe("under transforms", () => {
  it("manipulation composes with vmap and jit", async () => {
    const x = jnp.arange(12, { dtype: "float32" }).reshape(3, 4);
    const rolled = vmap((row: JaxArray) => jnp.roll(jnp.pad(row, [1, 0], { mode: "wrap" }), 1))(x);
    // Row [0, 1, 2, 3] wrap-padded to [3, 0, 1, 2, 3], then rolled by one.
    expect(await list(rolled)).toEqual([
      [3, 3, 0, 1, 2],
      [7, 7, 4, 5, 6],
      [11, 11, 8, 9, 10],
    ]);
    const f = jit((y: JaxArray) => jnp.concatenate(jnp.split(jnp.tile(y, 2), 2, 1).reverse(), 0));
    expect(f(x).shape).toEqual([6, 4]);
    expect(await list(f(x).slice(0))).toEqual([0, 1, 2, 3]);
    const iotaRef = iotaNested([3, 4]);
    expect(await list(jit((y: JaxArray) => jnp.rot90(jnp.rot90(y, 2), 2))(x))).toEqual(iotaRef);
  });
});
