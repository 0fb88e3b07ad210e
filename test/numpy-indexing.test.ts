// The numpy layer, part B: indexing (`x.slice`, `x.at`, iteration), take/takeAlongAxis,
// nonzero and friends, sorting. Expected values are written out by hand or computed by plain JS
// references written from numpy's documented semantics.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { ConcretizationError, DTypeError, ShapeError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { grad, gradArgs, jit, list, vmap } from "./util/typed-transforms.js";

const jnp = jax.numpy;


const x234 = jnp.arange(24).reshape(2, 3, 4);

/** Python's `range(*slice(start, stop, step).indices(n))`, written from the language reference. */
function pySliceIndices(n: number, start: number | null, stop: number | null, step: number | null): number[] {
  const st = step ?? 1;
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const a = start === null ? (st > 0 ? 0 : n - 1) : norm(start, st > 0 ? 0 : -1, st > 0 ? n : n - 1);
  const b = stop === null ? (st > 0 ? n : -1) : norm(stop, st > 0 ? 0 : -1, st > 0 ? n : n - 1);
  const out: number[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(i);
  return out;
}

describe("basic indexing", () => {
  it("integers drop an axis; negative integers count from the end", async () => {
    expect(await list(x234.slice(1))).toEqual([
      [12, 13, 14, 15],
      [16, 17, 18, 19],
      [20, 21, 22, 23],
    ]);
    expect(await list(x234.slice(-1, -1, -1))).toBe(23);
    expect(await list(x234.slice(0, 2))).toEqual([8, 9, 10, 11]);
    expect(await list(jnp.array([5, 6, 7]).slice(-3))).toBe(5);
  });

  it("slices in Python's syntax, with negative and strided steps", async () => {
    const v = jnp.arange(10);
    expect(await list(v.slice("2:5"))).toEqual([2, 3, 4]);
    expect(await list(v.slice("::-1"))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(await list(v.slice("::3"))).toEqual([0, 3, 6, 9]);
    expect(await list(v.slice("-3:"))).toEqual([7, 8, 9]);
    expect(await list(v.slice(":-7:-2"))).toEqual([9, 7, 5]);
    expect(await list(v.slice("8:2:-3"))).toEqual([8, 5]);
    expect(await list(v.slice("5:2"))).toEqual([]);
    expect(await list(v.slice("-100:100"))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await list(v.slice(jnp.slice(1, null, 4)))).toEqual([1, 5, 9]);
    expect(await list(v.slice(jnp.slice(3)))).toEqual([0, 1, 2]);
    expect(await list(x234.slice(0, "::-2", "1::2"))).toEqual([
      [9, 11],
      [1, 3],
    ]);
  });

  it("every slice agrees with Python's slice.indices on every axis size", async () => {
    const bounds = [null, -12, -5, -1, 0, 1, 3, 7, 12];
    const steps = [null, 1, 2, 5, -1, -2, -4];
    for (const n of [0, 1, 4, 7]) {
      const v = jnp.arange(n);
      for (const start of bounds) {
        for (const stop of bounds) {
          for (const step of steps) {
            const got = await list(v.slice(jnp.slice(start, stop, step)));
            expect(got, `${n}[${start}:${stop}:${step}]`).toEqual(pySliceIndices(n, start, stop, step));
          }
        }
      }
    }
  });

  it("null adds an axis; the ellipsis stands for the remaining axes", async () => {
    expect(x234.slice(null).shape).toEqual([1, 2, 3, 4]);
    expect(x234.slice(":", null, 1).shape).toEqual([2, 1, 4]);
    expect(x234.slice("...", 0).shape).toEqual([2, 3]);
    expect(await list(x234.slice("...", 1, 2))).toEqual([6, 18]);
    expect(x234.slice(0, "...", null).shape).toEqual([3, 4, 1]);
    expect(x234.slice(jnp.newaxis, "...", jnp.newaxis).shape).toEqual([1, 2, 3, 4, 1]);
    expect(x234.slice("newaxis", 1).shape).toEqual([1, 3, 4]);
    expect(await list(x234.slice("...", null, 0))).toEqual([
      [[0], [4], [8]],
      [[12], [16], [20]],
    ]);
    expect(jnp.array(5).slice().shape).toEqual([]);
    expect(jnp.array(5).slice(null).shape).toEqual([1]);
  });

  it("a 0-d integer array indexes at a position known at run time", async () => {
    expect(await list(x234.slice(jnp.array(-1), 0, jnp.array(2)))).toBe(14);
    const f = jit((i: JaxArray) => x234.slice(1, i));
    expect(await list(f(jnp.array(2)))).toEqual([20, 21, 22, 23]);
    expect(await list(f(jnp.array(-3)))).toEqual([12, 13, 14, 15]);
  });

  it("basic indices lower to slice, rev and squeeze, not gather", () => {
    const text = jax
      .makeJaxpr((y: JaxArray) => y.slice(1, "::-2", null))(x234)
      .toString();
    expect(text).toContain("slice[");
    expect(text).toContain("rev[");
    expect(text).toContain("squeeze[");
    expect(text).not.toContain("gather");
  });

  it("errors say what was wrong and how to index instead", () => {
    expect(() => x234.slice(2)).toThrow(ValueError);
    expect(() => x234.slice(2)).toThrow(
      /slice: index 2 is out of bounds for axis 0 with size 2 of i32\[2,3,4\]; use an index in \[-2, 1\]/,
    );
    expect(() => x234.slice(0, -4)).toThrow(/index -4 is out of bounds for axis 1 with size 3/);
    expect(() => x234.slice(0, 0, 0, 0)).toThrow(ShapeError);
    expect(() => x234.slice(0, 0, 0, 0)).toThrow(
      /slice: too many indices for i32\[2,3,4\]: 3-dimensional array indexed with 4 regular indices/,
    );
    expect(() => x234.slice("...", 0, "...")).toThrow(/an index can only have a single ellipsis/);
    expect(() => x234.slice("1:2:0")).toThrow(/slice step cannot be zero/);
    expect(() => x234.slice("abc")).toThrow(/slice: invalid index "abc": not a slice string/);
    expect(() => x234.slice(1.5)).toThrow(/invalid index 1.5: indices must be integers/);
    expect(() => x234.slice(jnp.array([0.5, 1]))).toThrow(DTypeError);
    expect(() => x234.slice(jnp.array([0.5, 1]))).toThrow(
      /slice: indexer must have integer or boolean type, got f32\[2\]/,
    );
    expect(() => x234.slice(jnp.slice(0, 1.5))).toThrow(/slice stop 1.5 must be a JS integer or null/);
    expect(() => jnp.array(3).index(0)).toThrow(/index: a 0-d array i32\[\] has no axis to index/);
  });
});

describe("advanced indexing", () => {
  it("int arrays and lists gather along their axis", async () => {
    const v = jnp.array([10, 11, 12, 13]);
    expect(await list(v.slice([3, 0, -1]))).toEqual([13, 10, 13]);
    expect(
      await list(
        v.slice(
          jnp.array([
            [0, 1],
            [2, 3],
          ]),
        ),
      ),
    ).toEqual([
      [10, 11],
      [12, 13],
    ]);
    expect(await list(x234.slice(":", [0, 2]))).toEqual([
      [
        [0, 1, 2, 3],
        [8, 9, 10, 11],
      ],
      [
        [12, 13, 14, 15],
        [20, 21, 22, 23],
      ],
    ]);
    expect(await list(x234.slice(1, [2, 0], "::-2"))).toEqual([
      [23, 21],
      [15, 13],
    ]);
  });

  it("index arrays broadcast together; adjacent ones keep their place, separated ones go first", async () => {
    // Adjacent: x[:, [0, 1], [1, 2]] has shape [2, 2] = x[b, i, j] for the pairs (0,1), (1,2).
    expect(await list(x234.slice(":", [0, 1], [1, 2]))).toEqual([
      [1, 6],
      [13, 18],
    ]);
    // Separated by a slice: the broadcast axis comes first.
    expect(await list(x234.slice([0, 1], ":", [1, 2]))).toEqual([
      [1, 5, 9],
      [14, 18, 22],
    ]);
    // An integer next to an array counts as an advanced index too.
    expect(x234.slice(0, ":", [0, 1, 2]).shape).toEqual([3, 3]);
    expect(x234.slice([[0], [1]], 0, [1, 2, 3]).shape).toEqual([2, 3]);
    expect(await list(x234.slice([[0], [1]], 0, [1, 2, 3]))).toEqual([
      [1, 2, 3],
      [13, 14, 15],
    ]);
    expect(x234.slice("...", [0, 1], null).shape).toEqual([2, 3, 2, 1]);
    expect(() => x234.slice([0, 1], [0, 1, 2])).toThrow(/slice: shapes i32\[2\] and i32\[3\] do not broadcast/);
  });

  it("concrete boolean masks select their true positions", async () => {
    const v = jnp.array([4, 5, 6, 7]);
    expect(await list(v.slice(jnp.array([true, false, true, true])))).toEqual([4, 6, 7]);
    expect(await list(v.slice([false, true, false, false]))).toEqual([5]);
    const m = jnp.array([
      [1, -2],
      [-3, 4],
    ]);
    expect(
      await list(
        m.slice(
          jnp.array([
            [true, false],
            [false, true],
          ]),
        ),
      ),
    ).toEqual([1, 4]);
    expect(await list(x234.slice("...", jnp.array([true, false, false, true])))).toEqual([
      [
        [0, 3],
        [4, 7],
        [8, 11],
      ],
      [
        [12, 15],
        [16, 19],
        [20, 23],
      ],
    ]);
    expect(() => v.slice(jnp.array([true, false]))).toThrow(
      /slice: boolean index of shape \[2\] does not match the axes 0..0 of i32\[4\]/,
    );
  });

  it("traced boolean masks are refused with the jnp.where alternative", () => {
    const f = jit((mask: JaxArray) => jnp.array([1, 2]).slice(mask));
    expect(() => f(jnp.array([true, false]))).toThrow(ConcretizationError);
    expect(() => f(jnp.array([true, false]))).toThrow(/use jnp.where\(mask, x, 0\)/);
  });

  it("out-of-bounds index arrays clamp by default, and fill or clip when asked", async () => {
    const v = jnp.array([1, 2, 3], { dtype: "float32" });
    expect(await list(v.slice(jnp.array([5, -9])))).toEqual([3, 1]);
    expect(await list(v.at(jnp.array([1, 5])).get({ mode: "fill" }))).toEqual([2, NaN]);
    expect(await list(v.at(jnp.array([1, 5])).get({ mode: "fill", fillValue: -1 }))).toEqual([2, -1]);
    expect(await list(v.at(jnp.array([-1, 7])).get({ mode: "clip" }))).toEqual([3, 3]);
  });

  it("an empty result needs no gather", () => {
    expect(jnp.zeros([3, 0]).slice([0, 1]).shape).toEqual([2, 0]);
    expect(jnp.arange(3).slice(jnp.array([], { dtype: "int32" })).shape).toEqual([0]);
  });
});

describe("iteration and index()", () => {
  it("arrays iterate over their first axis", async () => {
    const rows = [
      ...jnp.array([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    ];
    expect(await Promise.all(rows.map(list))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const [a, b] = jnp.array([7, 8]);
    expect([await list(a!), await list(b!)]).toEqual([7, 8]);
    expect(await list(x234.index(-1).index(0))).toEqual([12, 13, 14, 15]);
    expect(() => x234.index(2)).toThrow(/index: index 2 is out of bounds for axis 0 with size 2/);
  });

  it("iteration works on tracers", async () => {
    const f = vmap((m: JaxArray) => {
      const [first, second] = m;
      return first!.add(second!);
    });
    expect(await list(f(jnp.arange(8).reshape(2, 2, 2)))).toEqual([
      [2, 4],
      [10, 12],
    ]);
  });
});

describe("functional updates with at()", () => {
  it("set, add, subtract, multiply, divide, min, max", async () => {
    const z = jnp.zeros([5]);
    expect(await list(z.at(1).set(7))).toEqual([0, 7, 0, 0, 0]);
    expect(await list(z.at("::2").set(jnp.array([1, 2, 3])))).toEqual([1, 0, 2, 0, 3]);
    expect(await list(z.at("::-2").set(jnp.array([1, 2, 3])))).toEqual([3, 0, 2, 0, 1]);
    expect(await list(z.at([0, 0, 4]).add(1))).toEqual([2, 0, 0, 0, 1]);
    expect(await list(jnp.ones([3]).at(-1).subtract(3))).toEqual([1, 1, -2]);
    expect(await list(jnp.full([3], 2).at([1, 1]).multiply(3))).toEqual([2, 18, 2]);
    expect(await list(jnp.full([3], 2).at(1).mul(5))).toEqual([2, 10, 2]);
    expect(await list(jnp.full([3], 6).at(":2").divide(4))).toEqual([1.5, 1.5, 6]);
    expect(await list(jnp.arange(5).at("1:").min(2))).toEqual([0, 1, 2, 2, 2]);
    expect(
      await list(
        jnp
          .arange(5)
          .at(jnp.array([0, 4]))
          .max(3),
      ),
    ).toEqual([3, 1, 2, 3, 4]);
    expect(await list(x234.at(1, ":", 0).get())).toEqual([12, 16, 20]);
  });

  it("multi-axis updates, new axes and broadcasting values", async () => {
    const m = jnp.zeros([2, 3], { dtype: "int32" });
    expect(await list(m.at(":", 1).set(jnp.array([5, 6])))).toEqual([
      [0, 5, 0],
      [0, 6, 0],
    ]);
    expect(await list(m.at(0).set(jnp.array([1, 2, 3])))).toEqual([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expect(await list(m.at([0, 1], [2, 0]).add(9))).toEqual([
      [0, 0, 9],
      [9, 0, 0],
    ]);
    expect(await list(m.at(null, "...", -1).set(jnp.array([[4, 5]])))).toEqual([
      [0, 0, 4],
      [0, 0, 5],
    ]);
    expect(() => m.at(0).set(jnp.array([1, 2]))).toThrow(
      /at\(\).set: cannot broadcast values i32\[2\] to the indexed shape \[3\] of i32\[2,3\]/,
    );
  });

  it("updates keep the operand's dtype, as JAX's do", async () => {
    const i = jnp.array([1, 2, 3]);
    const r = i.at(0).set(2.7);
    expect([r.dtype, await list(r)]).toEqual(["int32", [2, 2, 3]]);
    const b = jnp.array([false, false]).at(1).set(true);
    expect([b.dtype, await list(b)]).toEqual(["bool", [false, true]]);
    const d = jnp.array([1, 2]).at(0).divide(2);
    expect([d.dtype, await list(d)]).toEqual(["float32", [0.5, 2]]);
  });

  it("out-of-bounds index arrays are dropped by default, clipped on request", async () => {
    const z = jnp.zeros([3]);
    expect(await list(z.at(jnp.array([1, 3])).set(1))).toEqual([0, 1, 0]);
    expect(await list(z.at(jnp.array([1, 3])).set(1, { mode: "clip" }))).toEqual([0, 1, 1]);
    expect(await list(z.at(jnp.array([-1])).add(5))).toEqual([0, 0, 5]);
  });

  it("updates are differentiable in the operand and the values", async () => {
    const f = (a: JaxArray, v: JaxArray) => jnp.sum(a.at("1:").multiply(v).mul(a));
    const [ga, gv] = gradArgs(f, [0, 1])(
      jnp.array([1, 2, 3], { dtype: "float32" }),
      jnp.array(2, { dtype: "float32" }),
    );
    // f = a0^2 + v (a1^2 + a2^2): d/da = [2 a0, 2 v a1, 2 v a2], d/dv = a1^2 + a2^2.
    expect(await list(ga!)).toEqual([2, 8, 12]);
    expect(await list(gv!)).toBe(13);
    const g = grad((a: JaxArray) => jnp.sum(a.at(jnp.array([0, 0, 2])).set(jnp.zeros([3]))))(jnp.ones([4]));
    expect(await list(g)).toEqual([0, 1, 0, 1]);
  });

  it("updates batch under vmap, with batched indices and values", async () => {
    const x = jnp.zeros([3, 4]);
    const out = vmap((row: JaxArray, i: JaxArray, v: JaxArray) => row.at(i).set(v))(
      x,
      jnp.array([0, 3, -1]),
      jnp.array([1, 2, 3], { dtype: "float32" }),
    );
    expect(await list(out)).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 2],
      [0, 0, 0, 3],
    ]);
  });
});

describe("take and takeAlongAxis", () => {
  const m = jnp
    .array([
      [1, 2, 3],
      [4, 5, 6],
    ])
    .astype("float32");

  it("take flattens without an axis and fills out-of-bounds reads", async () => {
    expect(await list(jnp.take(m, jnp.array([2, 0])))).toEqual([3, 1]);
    expect(await list(jnp.take(m, [2, 0], 1))).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(await list(m.take([-1], { axis: 0 }))).toEqual([[4, 5, 6]]);
    expect(await list(jnp.take(m, [0, 9, -7]))).toEqual([1, NaN, NaN]);
    expect(await list(jnp.take(jnp.array([1, 2, 3]), [5]))).toEqual([-2147483648]);
    expect(await list(jnp.take(m, [0, 9], 1, { mode: "clip" }))).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(await list(jnp.take(jnp.array([1, 2, 3]), [3, -4, 7], { mode: "wrap" }))).toEqual([1, 3, 2]);
    expect(jnp.take(m, [[0, 1]], 0).shape).toEqual([1, 2, 3]);
    expect(jnp.take(m, jnp.array(1), 1).shape).toEqual([2]);
    expect(() => jnp.take(m, jnp.array([0.5]))).toThrow(/take: indices must be integers, got f32\[1\]/);
    expect(() => jnp.take(m, [0], { mode: "raise" as never })).toThrow(/take: invalid mode "raise"/);
  });

  it("takeAlongAxis reads argsort's output back", async () => {
    const a = jnp.array([
      [5, 3, 4],
      [2, 7, 6],
    ]);
    const idx = jnp.argsort(a, 1);
    expect(await list(idx)).toEqual([
      [1, 2, 0],
      [0, 2, 1],
    ]);
    expect(await list(jnp.takeAlongAxis(a, idx, 1))).toEqual([
      [3, 4, 5],
      [2, 6, 7],
    ]);
    expect(await list(jnp.takeAlongAxis(m, jnp.array([[1, 0, 2]]), 0))).toEqual([[4, 2, NaN]]);
    expect(await list(jnp.takeAlongAxis(m, jnp.array([[1], [0]]), 1))).toEqual([[2], [4]]);
    // Index axis of size 1 broadcasts over arr, arr axis of size 1 over the indices.
    expect(await list(jnp.takeAlongAxis(m, jnp.array([[2, 0]]), 1))).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(await list(jnp.takeAlongAxis(jnp.array([[10, 20, 30]]), jnp.array([[0], [2]]), 1))).toEqual([[10], [30]]);
    expect(await list(jnp.takeAlongAxis(m, jnp.array([5, 0]), null))).toEqual([6, 1]);
    expect(() => jnp.takeAlongAxis(m, jnp.array([0]), 1)).toThrow(
      /takeAlongAxis: indices and arr must have the same number of dimensions, got i32\[1\] and f32\[2,3\]/,
    );
  });

  it("take is differentiable: repeated indices accumulate", async () => {
    const g = grad((a: JaxArray) => jnp.sum(jnp.take(a, [0, 0, 2])))(jnp.ones([3]));
    expect(await list(g)).toEqual([2, 0, 1]);
  });
});

describe("nonzero, argwhere, flatnonzero, unravelIndex", () => {
  const a = jnp.array([
    [0, 1, 0],
    [2, 0, 3],
  ]);

  it("nonzero without a size works on concrete arrays", async () => {
    expect(await Promise.all(jnp.nonzero(a).map(list))).toEqual([
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(await Promise.all(a.nonzero().map(list))).toEqual([
      [0, 1, 1],
      [1, 0, 2],
    ]);
    expect(await list(jnp.flatnonzero(a))).toEqual([1, 3, 5]);
    expect(await list(jnp.argwhere(a))).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
    ]);
    expect(await Promise.all(jnp.nonzero(jnp.zeros([3])).map(list))).toEqual([[]]);
  });

  it("a static size pads with fillValue or truncates", async () => {
    expect(await Promise.all(jnp.nonzero(a, { size: 5 }).map(list))).toEqual([
      [0, 1, 1, 0, 0],
      [1, 0, 2, 0, 0],
    ]);
    expect(await Promise.all(jnp.nonzero(a, { size: 4, fillValue: -1 }).map(list))).toEqual([
      [0, 1, 1, -1],
      [1, 0, 2, -1],
    ]);
    expect(await Promise.all(jnp.nonzero(a, { size: 4, fillValue: [7, 8] }).map(list))).toEqual([
      [0, 1, 1, 7],
      [1, 0, 2, 8],
    ]);
    expect(await Promise.all(jnp.nonzero(a, { size: 2 }).map(list))).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(await list(jnp.argwhere(a, { size: 1 }))).toEqual([[0, 1]]);
  });

  it("under jit a size is required", async () => {
    const f = jit((x: JaxArray) => jnp.flatnonzero(x, { size: 3, fillValue: -1 }));
    expect(await list(f(jnp.array([0, 5, 0, 5])))).toEqual([1, 3, -1]);
    const g = jit((x: JaxArray) => jnp.nonzero(x)[0]!);
    expect(() => g(jnp.array([0, 1]))).toThrow(ConcretizationError);
    expect(() => g(jnp.array([0, 1]))).toThrow(
      /nonzero: the number of nonzero elements of a traced array i32\[2\] is unknown while tracing/,
    );
    expect(() => jnp.nonzero(jnp.array(1))).toThrow(/nonzero: calling nonzero on a 0-d array/);
  });

  it("unravelIndex gives coordinates and clips out-of-range indices", async () => {
    expect(await Promise.all(jnp.unravelIndex([5, 0, 11], [3, 4]).map(list))).toEqual([
      [1, 0, 2],
      [1, 0, 3],
    ]);
    expect(await Promise.all(jnp.unravelIndex([-1, 99, -99], [3, 4]).map(list))).toEqual([
      [2, 2, 0],
      [3, 3, 0],
    ]);
  });
});

describe("sorting", () => {
  it("sort along an axis, flattened, descending; NaN last", async () => {
    const m = jnp.array([
      [3, 1, 2],
      [0, 5, -1],
    ]);
    expect(await list(jnp.sort(m))).toEqual([
      [1, 2, 3],
      [-1, 0, 5],
    ]);
    expect(await list(jnp.sort(m, 0))).toEqual([
      [0, 1, -1],
      [3, 5, 2],
    ]);
    expect(await list(jnp.sort(m, null))).toEqual([-1, 0, 1, 2, 3, 5]);
    expect(await list(m.sort({ descending: true }))).toEqual([
      [3, 2, 1],
      [5, 0, -1],
    ]);
    expect(await list(jnp.sort(jnp.array([2, NaN, -1, 0.5])))).toEqual([-1, 0.5, 2, NaN]);
    expect(() => jnp.sort(jnp.array(1))).toThrow(/sort: cannot sort a 0-d array/);
  });

  it("argsort is stable, also when descending", async () => {
    const v = jnp.array([1, 3, 1, 2, 3]);
    expect(await list(jnp.argsort(v))).toEqual([0, 2, 3, 1, 4]);
    expect(await list(jnp.argsort(v, { descending: true }))).toEqual([1, 4, 3, 0, 2]);
    expect(await list(v.argsort(0))).toEqual([0, 2, 3, 1, 4]);
    expect(jnp.argsort(v).dtype).toBe("int32");
  });

  it("searchsorted on both sides, with a sorter", async () => {
    const a = jnp.array([1, 2, 2, 3]);
    const v = jnp.array([
      [2, 0],
      [5, 2.5],
    ]);
    expect(await list(jnp.searchsorted(a, v))).toEqual([
      [1, 0],
      [4, 3],
    ]);
    expect(await list(jnp.searchsorted(a, jnp.array([2, 0, 5]), { side: "right" }))).toEqual([3, 0, 4]);
    expect(await list(jnp.searchsorted(jnp.array([3, 1, 2]), 2, { sorter: [1, 2, 0] }))).toBe(1);
    expect(await list(jnp.searchsorted(jnp.array([1, 2, NaN]), jnp.array([NaN, 3])))).toEqual([2, 2]);
    expect(await list(a.searchsorted(2))).toBe(1);
    expect(() => jnp.searchsorted(jnp.ones([2, 2]), 1)).toThrow(/searchsorted: a must be 1-D, got f32\[2,2\]/);
  });

  it("sort is differentiable: the gradient follows the permutation", async () => {
    const w = jnp.array([1, 10, 100], { dtype: "float32" });
    const g = grad((x: JaxArray) => jnp.sum(jnp.sort(x).mul(w)))(jnp.array([3, 1, 2], { dtype: "float32" }));
    expect(await list(g)).toEqual([100, 1, 10]);
  });
});

describe("indexing under transforms", () => {
  const x = jnp.arange(12, { dtype: "float32" }).reshape(3, 4);

  it("gradients of slices and gathers scatter back to the read positions", async () => {
    const g = grad((y: JaxArray) => jnp.sum(y.slice("::-1", [0, 2, 2])))(x);
    expect(await list(g)).toEqual([
      [1, 0, 2, 0],
      [1, 0, 2, 0],
      [1, 0, 2, 0],
    ]);
    const h = grad((y: JaxArray) => jnp.sum(y.slice(1, "1::2").mul(y.slice(1, "1::2"))))(x);
    expect(await list(h)).toEqual([
      [0, 0, 0, 0],
      [0, 10, 0, 14],
      [0, 0, 0, 0],
    ]);
  });

  it("vmap over the array, the index array, or both", async () => {
    expect(await list(vmap((r: JaxArray) => r.slice([3, 0]))(x))).toEqual([
      [3, 0],
      [7, 4],
      [11, 8],
    ]);
    expect(await list(vmap((i: JaxArray) => x.slice(":", i))(jnp.array([1, -1])))).toEqual([
      [1, 5, 9],
      [3, 7, 11],
    ]);
    expect(
      await list(
        vmap((r: JaxArray, i: JaxArray) => r.slice(i))(
          x,
          jnp.array([
            [0, 1],
            [2, 3],
            [3, 3],
          ]),
        ),
      ),
    ).toEqual([
      [0, 1],
      [6, 7],
      [11, 11],
    ]);
  });

  it("jit gives the eager results", async () => {
    const f = (y: JaxArray) => y.slice("1:", "::-1").at(0, [0, 1]).add(100).slice(null, "...", 1);
    expect(await list(jit(f)(x))).toEqual(await list(f(x)));
  });
});
